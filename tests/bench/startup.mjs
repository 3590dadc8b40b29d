// Start-up and memory of 客诉台 beside a bare Tauri 2 app (issue 14, item 5).
// Not a test: a benchmark that prints a table (README, "Start-up and memory").
//
//   cargo build --release -p complaintdesk --example bare --features custom-protocol
//   npx tauri build --no-bundle
//   cd tests && xvfb-run -a -s "-screen 0 1280x1024x24" node bench/startup.mjs \
//     --app ../target/release/complaintdesk --bare ../target/release/examples/bare \
//     --db <a 1,000,000-case file from the core's bench> [--runs 5] [--minutes 60]
//     [--skip-startup] (memory only) [--keep] (keep the desk's data folder and log)
//
// Start-up is measured from the app process's own start (its start time in
// /proc, so tauri-driver's and WebKitWebDriver's own start-up are left out)
// to a usable screen: for the bare app its page, for 客诉台 the 跟进表 with
// its rows, less the time spent typing the password (sign-in screen shown,
// then from 登录 to the rows, timed by the page: see signIn). "cold" runs
// drop the OS file cache first (as root), "warm" ones follow a run of the
// same app.
//
// Memory: the app is then used for --minutes like a desk's day (pages of the
// sheet, searches, a case opened, the 工作台, 统计), and the private memory of
// its processes (the app and WebKit's web and network processes) is read
// from /proc: RssAnon, the memory no other process or file holds (what
// Windows calls private bytes). Pages of the database file SQLite reads
// through its memory map are the OS's file cache (RssFile), listed beside.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { start, stop, browser, byTestId, typeInto, click, appProcessIds, waitForText, sel } from '../e2e/harness.mjs';
import { openCaseRow } from '../e2e/desk.mjs';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .join(' ')
    .split(/\s*--/)
    .filter(Boolean)
    .map((a) => {
      const [k, ...v] = a.split(/\s+/);
      return [k, v.join(' ')];
    }),
);
const APP = path.resolve(args.app ?? '../target/release/complaintdesk');
const BARE = path.resolve(args.bare ?? '../target/release/examples/bare');
const DB = args.db && path.resolve(args.db);
const RUNS = Number(args.runs ?? 5);
const MINUTES = Number(args.minutes ?? 60);
const LOGIN = args.login ?? 'bench-admin';
const PASSWORD = args.password ?? 'bench-admin-2026';
if (!DB || !fs.existsSync(DB)) throw new Error('--db: the path of a database built by the core bench (bench-data/bench-1000000.sqlite3)');

const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const BOOTED_AT = Date.now() - os.uptime() * 1000;

/** When process `pid` started, in ms since the epoch (to 1/CLK_TCK s). */
function startedAt(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return BOOTED_AT + (Number(fields[19]) / TICKS) * 1000;
}

/** The app's own process (the binary we launched), among the driver's descendants. */
function appPid(binary) {
  const pid = appProcessIds().find((p) => {
    try {
      return fs.realpathSync(`/proc/${p}/exe`) === fs.realpathSync(binary);
    } catch {
      return false;
    }
  });
  if (!pid) throw new Error(`no process runs ${binary}`);
  return pid;
}

/**
 * MB of RssAnon and RssFile summed over the app's processes, and RssAnon
 * by process name (the app, WebKitWebProcess, WebKitNetworkProcess).
 */
function memory() {
  const sum = { RssAnon: 0, RssFile: 0, byProcess: {} };
  for (const pid of appProcessIds()) {
    let status;
    try {
      status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    } catch {
      continue;
    }
    const kb = (key) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0) / 1024;
    const name = status.match(/^Name:\s+(\S+)/m)?.[1] ?? String(pid);
    sum.RssAnon += kb('RssAnon');
    sum.RssFile += kb('RssFile');
    sum.byProcess[name] = (sum.byProcess[name] ?? 0) + kb('RssAnon');
  }
  return sum;
}

/** Waits for `id` to be shown, polling every 20 ms; returns when it was seen. */
async function shown(id, timeout = 120_000) {
  await browser().waitUntil(async () => byTestId(id).isDisplayed().catch(() => false), { timeout, interval: 20, timeoutMsg: `${id} not shown` });
  return Date.now();
}

function dropFileCache() {
  try {
    execFileSync('sync');
    fs.writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}

/**
 * One desk's data folder for every run of 客诉台, on the benchmark's
 * database (a link to it: signing in writes audit lines). One folder, as a
 * workstation has: its daily backup (a copy of the whole database, in
 * `backups/` beside it) is taken by the first start of the day only.
 */
const DESK = fs.mkdtempSync(path.join(os.tmpdir(), 'complaintdesk-startup-'));
fs.writeFileSync(path.join(DESK, 'database.json'), '{"mode":"local"}\n');
fs.symlinkSync(DB, path.join(DESK, 'complaintdesk.sqlite3'));

// Backups are named by the day in the organisation's zone (China time for the bench's cases).
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');

/** The first start of the day, not timed: it signs in and waits for the day's backup to be written. */
async function firstStartOfTheDay() {
  await start({ app: APP, reuseDataDir: DESK });
  await shown('signin-login');
  await signIn();
  const backups = path.join(DESK, 'backups');
  await browser().waitUntil(
    async () => fs.existsSync(backups) && fs.readdirSync(backups).some((f) => f.includes(today()) && f.endsWith('.sqlite3')),
    { timeout: 20 * 60_000, interval: 1000, timeoutMsg: "the day's backup was not written" },
  );
  await stop({ keepDataDir: true });
}

/**
 * Signs in; returns the ms from 登录 to the sheet's rows on screen, timed by
 * the page itself: from the click's arrival to the frame after the first
 * row is in the document. (Timed from outside, WebDriver's own delivery of
 * the click and its polling added about 200 ms that nobody at the desk waits.)
 */
async function signIn() {
  await typeInto('signin-login', LOGIN);
  await typeInto('signin-password', PASSWORD);
  await browser().execute(() => {
    const marks = (window.__signInMarks = {});
    document.querySelector('[data-testid="signin-submit"]').addEventListener('click', () => (marks.clicked = performance.now()), { capture: true });
    const seen = new MutationObserver(() => {
      if (document.querySelector('[data-testid="row-case-no"]')) {
        seen.disconnect();
        requestAnimationFrame(() => (marks.drawn = performance.now()));
      }
    });
    seen.observe(document.body, { childList: true, subtree: true });
  });
  await click('signin-submit');
  const marks = await browser().waitUntil(
    async () => {
      const m = await browser().execute(() => window.__signInMarks);
      return m.drawn !== undefined && m;
    },
    { timeout: 120_000, interval: 20, timeoutMsg: 'the sheet shows no rows after signing in' },
  );
  return marks.drawn - marks.clicked;
}

async function timeBare() {
  await start({ app: BARE, database: null });
  const seen = await shown('bare-ready');
  const ms = seen - startedAt(appPid(BARE));
  const mem = memory();
  await stop();
  return { ms, mem };
}

async function timeApp() {
  await start({ app: APP, reuseDataDir: DESK });
  const seen = await shown('signin-login');
  const toSignIn = seen - startedAt(appPid(APP));
  const toRows = await signIn();
  const mem = memory();
  await stop({ keepDataDir: true });
  return { ms: toSignIn + toRows, toSignIn, toRows, mem };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function startUp() {
  const rows = [];
  for (const kind of ['cold', 'warm']) {
    const bare = [];
    const app = [];
    for (let i = 0; i < RUNS; i++) {
      if (kind === 'cold' && !dropFileCache()) return { rows, cold: false };
      bare.push(await timeBare());
      if (kind === 'cold') dropFileCache();
      app.push(await timeApp());
    }
    rows.push({ kind, bare, app });
  }
  return { rows, cold: true };
}

/** A desk's day, one round: what an agent does between two calls. */
async function workRound(i) {
  const terms = ['漏水', '退货', '服务', '质量', '水', '电'];
  const term = terms[i % terms.length];
  await click('nav-sheet');
  await typeInto('sheet-search', term);
  // The search is answered when the rows mark its words and no mask is over them.
  await browser().waitUntil(
    async () =>
      (await byTestId('row-content-hit').getText().catch(() => '')).includes(term) &&
      !(await browser().$('.el-loading-mask').isDisplayed().catch(() => false)),
    { timeout: 60_000, interval: 50, timeoutMsg: `the sheet should answer ${term}` },
  );
  const first = (await byTestId('row-case-no').getText()).trim();
  await openCaseRow(first);
  await click('nav-sheet');
  await typeInto('sheet-search', '');
  await click('nav-dashboard');
  await shown('dash-now', 60_000);
  if (i % 10 === 0) {
    await click('nav-stats');
    await waitForText(sel('stats-figure-closed'), /\d+/, 60_000);
  }
}

async function day() {
  await start({ app: APP, reuseDataDir: DESK });
  await shown('signin-login');
  await signIn();
  const samples = [{ minute: 0, ...memory() }];
  const began = Date.now();
  let rounds = 0;
  while (Date.now() - began < MINUTES * 60_000) {
    await workRound(rounds++);
    const minute = Math.floor((Date.now() - began) / 60_000);
    if (minute > samples[samples.length - 1].minute) samples.push({ minute, ...memory() });
  }
  samples.push({ minute: MINUTES, ...memory() });
  await stop({ keepDataDir: true });
  return { samples, rounds };
}

const mb = (x) => `${x.toFixed(0)} MB`;
const ms = (x) => `${x.toFixed(0)} ms`;

await firstStartOfTheDay();
const { rows, cold } = args['skip-startup'] !== undefined ? { rows: [], cold: true } : await startUp();
console.log(`\nStart-up to a usable screen (${RUNS} runs each; median, slowest)${cold ? '' : ' — cold runs skipped: dropping the file cache needs root'}`);
console.log('| start | bare Tauri 2 app | 客诉台 (sign-in screen + 登录 → 跟进表 rows) | ratio of medians | target |');
console.log('|---|---:|---:|---:|---|');
for (const { kind, bare, app } of rows) {
  const b = bare.map((r) => r.ms);
  const a = app.map((r) => r.ms);
  const parts = `${ms(median(app.map((r) => r.toSignIn)))} + ${ms(median(app.map((r) => r.toRows)))}`;
  console.log(`| ${kind} | ${ms(median(b))}, ${ms(Math.max(...b))} | ${ms(median(a))} (${parts}), ${ms(Math.max(...a))} | ${(median(a) / median(b)).toFixed(2)}× | ≤ 1.5× |`);
}
const bareMem = rows.length ? rows[rows.length - 1].bare.map((r) => r.mem) : [];
if (bareMem.length) console.log(`\nbare app just started: ${mb(median(bareMem.map((m) => m.RssAnon)))} private (RssAnon), ${mb(median(bareMem.map((m) => m.RssFile)))} file pages`);

const { samples, rounds } = await day();
console.log(`\nMemory of 客诉台 over ${MINUTES} minutes of work (${rounds} rounds of search, open a case, 工作台; 统计 every tenth)`);
const names = Object.keys(samples[samples.length - 1].byProcess);
console.log(`| minute | private (RssAnon, all processes) | ${names.join(' | ')} | file pages (RssFile) | target |`);
console.log(`|---:|---:|${names.map(() => '---:|').join('')}---:|---|`);
for (const s of samples.filter((s, i) => i === 0 || s.minute % 10 === 0 || i === samples.length - 1)) {
  const parts = names.map((n) => mb(s.byProcess[n] ?? 0)).join(' | ');
  console.log(`| ${s.minute} | ${mb(s.RssAnon)} | ${parts} | ${mb(s.RssFile)} | ≤ 300 MB private |`);
}
if (args.keep === undefined) fs.rmSync(DESK, { recursive: true, force: true });
else console.log(`kept: ${DESK}`);
