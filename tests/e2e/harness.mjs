// End-to-end harness: drives the real ComplaintDesk binary through tauri-driver
// (which starts WebKitWebDriver on port 4445, which starts the app).
//
//   import { start, stop, byTestId, typeInto, ... } from './harness.mjs';
//   before(start); after(stop);
//
// Environment:
//   COMPLAINTDESK_APP       absolute path of the app binary (required;
//                           .ci/test.sh sets it to target/debug/complaintdesk)
//   TAURI_DRIVER            path of tauri-driver (default: PATH, then ~/.cargo/bin)
//   COMPLAINTDESK_ARTIFACTS where screenshots and the driver log go
//                           (default: tests/artifacts)
//   E2E_KEEP_DATA=1         keep the temporary data dir after the test (for debugging)
//   WDIO_LOG_LEVEL          WebdriverIO log level (default: error)
//
// Every start() gets a fresh temporary data dir that reaches the app as
// COMPLAINTDESK_DATA_DIR (set in tauri-driver's environment, inherited by
// WebKitWebDriver and then by the app). It holds only database.json choosing
// the local database, unless the test asks for an empty one (start({ database: null })).
//
// Ports 4444 (tauri-driver) and 4445 (WebKitWebDriver) by default: one app at
// a time, which is why the e2e script runs node --test with --test-concurrency=1.
// COMPLAINTDESK_E2E_PORTS=4544,4545 moves them, so a second checkout's suite
// can run beside the first (a developer's while CI's runs).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { remote } from 'webdriverio';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ARTIFACTS = path.resolve(
  process.env.COMPLAINTDESK_ARTIFACTS || path.join(HERE, '..', 'artifacts'),
);
const HOST = '127.0.0.1';
const [DRIVER_PORT, NATIVE_PORT] = (process.env.COMPLAINTDESK_E2E_PORTS || '4444,4445').split(',').map(Number);

let driver = null; // tauri-driver child process
let driverExited = null; // promise resolved with the exit code
let session = null; // WebdriverIO browser
let dataDir = null;
let logFile = null;

/** The current WebdriverIO browser object (after start()). */
export function browser() {
  if (!session) throw new Error('harness: no session; call start() first');
  return session;
}

/** The app's processes now (the app and its WebKit helpers), for the start-up bench's memory figures. */
export function appProcessIds() {
  return driver?.pid ? descendants(driver.pid).filter((p) => !isWebDriver(p)) : [];
}

/** The temporary data dir the current app instance uses. */
export function currentDataDir() {
  return dataDir;
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Resolve with the promise's value, or with 'timeout' after ms (the timer does not outlive the race). */
function within(promise, ms) {
  let timer;
  const t = new Promise((r) => {
    timer = setTimeout(() => r('timeout'), ms);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

function log(line) {
  if (logFile) fs.appendFileSync(logFile, line.endsWith('\n') ? line : line + '\n');
}

/** Pids of all descendants of `pid` (Linux: from /proc; elsewhere: none). */
function descendants(pid) {
  if (process.platform !== 'linux') return [];
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue; // zombies hold nothing
      const ppid = Number(fields[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // the process went away meanwhile
    }
  }
  const out = [];
  const todo = [...(children.get(pid) || [])];
  while (todo.length) {
    const p = todo.shift();
    out.push(p);
    todo.push(...(children.get(p) || []));
  }
  return out;
}

function portAnswers(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: HOST, port });
    const done = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.once('connect', () => done(true));
    sock.once('error', () => done(false));
    sock.setTimeout(1000, () => done(false));
  });
}

function findTauriDriver() {
  if (process.env.TAURI_DRIVER) return process.env.TAURI_DRIVER;
  const exe = process.platform === 'win32' ? 'tauri-driver.exe' : 'tauri-driver';
  for (const dir of (process.env.PATH || '').split(path.delimiter)) {
    if (dir && fs.existsSync(path.join(dir, exe))) return path.join(dir, exe);
  }
  const cargoHome = process.env.CARGO_HOME || path.join(os.homedir(), '.cargo');
  const fallback = path.join(cargoHome, 'bin', exe);
  if (fs.existsSync(fallback)) return fallback;
  throw new Error(
    "harness: tauri-driver not found. Install it with: cargo install tauri-driver --version '^2' --locked",
  );
}

/**
 * Start tauri-driver and open a WebDriver session on the app.
 * Options: { app, args, env, prepare, database } (env is added to the app's
 * environment; prepare(dataDir) runs before the app starts, to put files in
 * its data directory). The data dir gets a database.json choosing the local
 * SQLite database (`database: 'local'`, the default), so the app skips the
 * choose-the-database screen; `database: null` leaves the data dir empty, as
 * on a desk's very first start. `reuseDataDir` starts the app again on the
 * data directory of an earlier start (the same workstation), untouched.
 */
export async function start({
  app = process.env.COMPLAINTDESK_APP,
  args = [],
  env = {},
  prepare,
  database = 'local',
  reuseDataDir = null,
} = {}) {
  if (session || driver) throw new Error('harness: already started; call stop() first');
  if (!app) {
    throw new Error(
      'harness: set COMPLAINTDESK_APP to the absolute path of the app binary ' +
        '(build it with: npx tauri build --debug --no-bundle → target/debug/complaintdesk)',
    );
  }
  app = path.resolve(app);
  if (!fs.existsSync(app)) throw new Error(`harness: app binary not found: ${app}`);
  if (process.platform === 'linux' && !fs.existsSync('/usr/bin/WebKitWebDriver')) {
    throw new Error('harness: /usr/bin/WebKitWebDriver missing: apt-get install -y webkit2gtk-driver');
  }
  for (const port of [DRIVER_PORT, NATIVE_PORT]) {
    if (await portAnswers(port)) {
      throw new Error(
        `harness: port ${port} is already in use (a tauri-driver or WebKitWebDriver left running?)`,
      );
    }
  }

  fs.mkdirSync(ARTIFACTS, { recursive: true });
  if (reuseDataDir) {
    // The same workstation started again: its files stay as the last run left them.
    dataDir = reuseDataDir;
  } else {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaintdesk-e2e-'));
    if (database === 'local') fs.writeFileSync(path.join(dataDir, 'database.json'), '{"mode":"local"}\n');
    else if (database !== null) throw new Error(`harness: database must be 'local' or null, not ${database}`);
    if (prepare) await prepare(dataDir);
  }
  logFile = path.join(ARTIFACTS, 'tauri-driver.log');
  log(`\n=== ${new Date().toISOString()} start ${app} data=${dataDir}`);

  // The driver, WebKitWebDriver and the app write straight into the log file
  // (no pipes: a leftover grandchild holding a pipe would keep this process alive).
  const out = fs.openSync(logFile, 'a');
  const xdg = (name) => {
    const dir = path.join(dataDir, name);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  };
  try {
    driver = spawn(findTauriDriver(), ['--port', String(DRIVER_PORT), '--native-port', String(NATIVE_PORT)], {
      env: {
        ...process.env,
        // XDG dirs too, so the webview's own storage (localStorage, IndexedDB,
        // cookies) and any platform data dir also start empty.
        XDG_DATA_HOME: xdg('xdg-data'),
        XDG_CONFIG_HOME: xdg('xdg-config'),
        XDG_CACHE_HOME: xdg('xdg-cache'),
        ...env,
        COMPLAINTDESK_DATA_DIR: dataDir,
      },
      stdio: ['ignore', out, out],
    });
  } finally {
    fs.closeSync(out);
  }
  driverExited = new Promise((resolve) => {
    driver.once('exit', (code, signal) => resolve(code ?? signal));
    driver.once('error', (err) => {
      log(`spawn error: ${err.message}`);
      resolve(`spawn error: ${err.message}`);
    });
  });

  // Wait until tauri-driver listens on 4444 AND the WebKitWebDriver it spawns
  // listens on 4445: tauri-driver answers at once but refuses the new-session
  // request (connection refused, upstream) while WebKitWebDriver is starting.
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (driver.exitCode !== null || driver.signalCode !== null) {
      const how = await driverExited;
      driver = null;
      throw new Error(`harness: tauri-driver exited early (${how}); see ${ARTIFACTS}/tauri-driver.log`);
    }
    if ((await portAnswers(DRIVER_PORT)) && (await portAnswers(NATIVE_PORT))) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`harness: tauri-driver did not listen on ${HOST}:${DRIVER_PORT} and ${NATIVE_PORT} within 20 s`);
    }
    await sleep(100);
  }

  try {
    session = await remote({
      hostname: HOST,
      port: DRIVER_PORT,
      logLevel: process.env.WDIO_LOG_LEVEL || 'error', // 'warn' shows harmless stale-element retries
      connectionRetryTimeout: 120_000,
      connectionRetryCount: 0,
      waitforTimeout: 10_000,
      capabilities: {
        'tauri:options': { application: app, args },
      },
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return session;
}

/**
 * Delete the session (WebKitWebDriver then closes the app), wait until the app
 * has exited, stop tauri-driver with SIGTERM and wait for it (never SIGKILL).
 * The data directory is removed, unless `keepDataDir` (to start the same
 * workstation again with `reuseDataDir`; the caller removes it).
 */
export async function stop({ keepDataDir = false } = {}) {
  const driverPid = driver?.pid;
  // WebKitWebDriver's own children: the app and its WebKit helper processes.
  const appPids = () => (driverPid ? descendants(driverPid).filter((p) => !isWebDriver(p)) : []);
  if (session) {
    try {
      await session.deleteSession();
    } catch (err) {
      log(`deleteSession failed: ${err.message}`);
    }
    session = null;
  }
  if (driver) {
    // deleteSession closes the app asynchronously, and not at all if it came in
    // while the app was still starting: wait, then SIGTERM whatever is left, so
    // no orphaned app keeps running once tauri-driver is gone.
    const appDeadline = Date.now() + 10_000;
    while (appPids().length && Date.now() < appDeadline) await sleep(100);
    for (const pid of appPids()) {
      log(`app process ${pid} still running 10 s after deleteSession: SIGTERM`);
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    const child = driver;
    driver = null;
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const result = await within(driverExited, 15_000);
    if (result === 'timeout') {
      throw new Error(`harness: tauri-driver (pid ${child.pid}) did not exit within 15 s of SIGTERM`);
    }
    // WebKitWebDriver (the driver's child) must have released its port as well.
    const deadline = Date.now() + 10_000;
    while (await portAnswers(NATIVE_PORT)) {
      if (Date.now() > deadline) throw new Error(`harness: port ${NATIVE_PORT} still busy after stop`);
      await sleep(100);
    }
  }
  logFile = null;
  if (dataDir && !keepDataDir && !process.env.E2E_KEEP_DATA) {
    // The webview may still be flushing its shader cache as it exits; a
    // temporary folder that resists deletion is not a test failure.
    try {
      fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (e) {
      log(`could not remove ${dataDir}: ${e.message}`);
    }
  }
  dataDir = null;
}

function isWebDriver(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'WebKitWebDriver';
  } catch {
    return false;
  }
}

// If the test process dies without after() running, still SIGTERM the driver so
// WebKitWebDriver does not keep port 4445.
process.once('exit', () => {
  if (driver && driver.exitCode === null) driver.kill('SIGTERM');
});

// ---------------------------------------------------------------- helpers

/** `[data-testid="id"]`, optionally followed by a descendant selector. */
export function sel(id, inner = '') {
  return `[data-testid="${id}"]${inner ? ' ' + inner : ''}`;
}

/** The element `[data-testid="id"]` (a chainable WebdriverIO element). */
export function byTestId(id) {
  return browser().$(sel(id));
}

/** All elements `[data-testid="id"]`. */
export function allByTestId(id) {
  return browser().$$(sel(id));
}

/** The visible, trimmed text of `[data-testid="id"]` once it exists. */
export async function textOf(id, timeout = 10_000) {
  const el = byTestId(id);
  await el.waitForExist({ timeout });
  return (await el.getText()).trim();
}

/** Wait until `[data-testid="id"]` is displayed, then click it. */
export async function click(id, timeout = 10_000) {
  await press(byTestId(id), { timeout, what: id });
}

/**
 * Click `el` once it is clickable. A loading mask or a closing dialog may
 * come over it between the check and the click: WebKitWebDriver then
 * refuses the click as intercepted (nothing was clicked), so it waits for
 * the element to be free again and clicks once more. Any other error is
 * the test's to see.
 */
export async function press(el, { timeout = 10_000, what = 'element' } = {}) {
  let last = null;
  await browser().waitUntil(
    async () => {
      try {
        await el.waitForClickable({ timeout: 1_000 });
        // A dialog still zooming in moves what is under the pointer: the
        // click lands beside the element. Wait for Vue's transitions
        // (the *-enter-active / *-leave-active classes) to end first.
        if (await moving()) return false;
        await el.click();
        return true;
      } catch (e) {
        last = e;
        if (/intercepted|not clickable|not interactable|waitForClickable|still not clickable/i.test(String(e?.message ?? e))) return false;
        throw e;
      }
    },
    { timeout, interval: 100, timeoutMsg: `press(${what}): not clickable within ${timeout} ms (${last?.message ?? 'never shown'})` },
  );
}

/** Whether a Vue transition (a dialog opening, a mask fading) is running. */
async function moving() {
  return browser().execute(() => document.querySelector('[class*="-enter-active"], [class*="-leave-active"]') !== null);
}

/**
 * Wait until the element matching the CSS `selector` exists and its text
 * contains `text` (a string) or matches it (a RegExp). Returns the text.
 */
export async function waitForText(selector, text, timeout = 10_000) {
  let last = '';
  await browser().waitUntil(
    async () => {
      const el = await browser().$(selector);
      if (!(await el.isExisting())) return false;
      // innerText, not WebDriver's getText: WebKitWebDriver leaves out the
      // text of el-table cells (clipped with an ellipsis) from getText.
      last = await browser().execute((e) => e.innerText, el);
      return text instanceof RegExp ? text.test(last) : last.includes(text);
    },
    {
      timeout,
      interval: 100,
      timeoutMsg: `waitForText: ${selector} did not show ${text} within ${timeout} ms (last text: ${JSON.stringify(last)})`,
    },
  );
  return last;
}

/**
 * Type `text` into the input or textarea inside `[data-testid=testid]` (an
 * Element Plus el-form-item / el-input wrapper, or the input itself).
 * Clears the field first unless { clear: false }.
 */
export async function typeInto(testid, text, { clear = true, timeout = 10_000 } = {}) {
  const wrapper = byTestId(testid);
  await wrapper.waitForExist({ timeout });
  const tag = (await wrapper.getTagName()).toLowerCase();
  const field = tag === 'input' || tag === 'textarea' ? await wrapper : await wrapper.$('textarea, input:not([type="hidden"])');
  await press(field, { timeout, what: testid });
  if (clear && (await field.getValue())) {
    await field.clearValue();
    // clearValue does not always fire `input`, so make sure Vue sees the empty value.
    if (await field.getValue()) {
      await browser().execute((el) => {
        el.value = '';
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }, field);
    }
  }
  if (text === '') return field; // clearing was all that was asked
  await field.addValue(text);
  const value = await field.getValue();
  if (!value.endsWith(text)) {
    throw new Error(`typeInto(${testid}): field shows ${JSON.stringify(value)}, expected ${JSON.stringify(text)}`);
  }
  return field;
}

/**
 * Choose `optionText` in the Element Plus el-select inside
 * `[data-testid=testid]`: click the select, then click the visible
 * `.el-select-dropdown__item` with exactly that text. For an el-radio-group
 * (no select inside) it clicks the radio / radio-button with that text.
 */
export async function chooseOption(testid, optionText, { timeout = 10_000 } = {}) {
  const b = browser();
  const wrapper = byTestId(testid);
  await wrapper.waitForExist({ timeout });
  // The testid may sit on the el-select itself or on an element around it.
  const own = ` ${(await wrapper.getAttribute('class')) ?? ''} `;
  const select = own.includes(' el-select ') ? wrapper : wrapper.$('.el-select');
  if (!(await select.isExisting())) {
    const radios = await wrapper.$$('.el-radio, .el-radio-button');
    for (const r of radios) {
      if ((await r.getText()).trim() === optionText) {
        await press(r, { timeout, what: `${testid} ${optionText}` });
        return;
      }
    }
    throw new Error(`chooseOption(${testid}): no el-select and no radio labelled ${optionText}`);
  }
  const trigger = (await select.$('.el-select__wrapper').isExisting()) ? select.$('.el-select__wrapper') : select;
  // Open the dropdown: press until the select says it is expanded (a press
  // that landed beside it under load opened nothing; one that did open it
  // is never repeated, since a second press would close it).
  const expanded = async () => (await select.$('[aria-expanded]').getAttribute('aria-expanded')) === 'true';
  await b.waitUntil(
    async () => {
      if (await expanded()) return true;
      await press(trigger, { timeout, what: testid });
      try {
        await b.waitUntil(expanded, { timeout: 2_000, interval: 100 });
        return true;
      } catch {
        return false;
      }
    },
    { timeout, interval: 100, timeoutMsg: `chooseOption(${testid}): the dropdown did not open` },
  );
  let item = null;
  await b.waitUntil(
    async () => {
      for (const it of await b.$$('.el-select-dropdown__item')) {
        if ((await it.isDisplayed()) && (await it.getText()).trim() === optionText) {
          item = it;
          return true;
        }
      }
      return false;
    },
    { timeout, interval: 100, timeoutMsg: `chooseOption(${testid}): no visible option ${optionText}` },
  );
  await press(item, { timeout, what: `${testid} ${optionText}` });
  // Wait for the dropdown to close so it does not cover the next element.
  await b
    .waitUntil(async () => !(await item.isDisplayed()), { timeout: 3_000, interval: 100 })
    .catch(() => {});
}

/** Save a PNG screenshot of the window to tests/artifacts/<name>.png. Returns the path. */
export async function screenshot(name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name.endsWith('.png') ? name : `${name}.png`);
  // Let the webview paint the latest DOM changes first (two animation frames).
  await browser().execute(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))),
  );
  // The app draws its page without GL compositing (src-tauri/src/rendering.rs),
  // and WebKitWebDriver's snapshot then waits for the page's next paint, which
  // an idle page never makes (the window itself is drawn; only the snapshot
  // waits). So a one-pixel, all but transparent dot in the corner changes
  // every 50 ms while the snapshot is taken.
  await browser().execute(() => {
    const dot = document.createElement('div');
    dot.id = 'e2e-repaint';
    dot.style.cssText = 'position:fixed;left:0;top:0;width:1px;height:1px;pointer-events:none;z-index:2147483647';
    document.body.appendChild(dot);
    let n = 0;
    window.__e2eRepaint = setInterval(() => {
      dot.style.background = n++ % 2 ? 'rgba(0,0,0,0.01)' : 'rgba(0,0,0,0.02)';
    }, 50);
  });
  try {
    await browser().saveScreenshot(file);
  } finally {
    await browser().execute(() => {
      clearInterval(window.__e2eRepaint);
      document.getElementById('e2e-repaint')?.remove();
    });
  }
  return file;
}
