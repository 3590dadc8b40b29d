// User story (issue 10): a department started on one desk with its own
// database and now moves up to a server. The administrator opens 设置 →
// 迁移到服务器, names the department's empty server database, and sees every
// table copied and checked; started again, the desk works on the server with
// every case, and the same administrator signs in there. The SQLite file is
// left as it was.
//
// Needs the PostgreSQL server binaries (Debian package postgresql); without
// them the test is skipped.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { start, stop, browser, byTestId, click, typeInto, chooseOption, waitForText, sel, screenshot, currentDataDir } from './harness.mjs';
import { waitForExactText, loadDemoData } from './desk.mjs';
import { pgBinDir, startCluster, SERVER_DESK_ENV } from './pg-cluster.mjs';

const SKIP = !pgBinDir() && 'no PostgreSQL server binaries';
const ADMIN = { name: '李晓燕', login: 'lixiaoyan', password: 'demo-pass-2026' };

let cluster = null;
let desk = null; // the data directory, kept for the start on the server
let cases = 0;
let fileHash = null;

before(async () => {
  if (SKIP) return;
  cluster = await startCluster({ user: 'kesu', password: 'pg-move-2026' });
});

after(async () => {
  await stop();
  cluster?.remove();
  if (desk) fs.rmSync(desk, { recursive: true, force: true });
});

const sha256 = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

test('迁移到服务器 copies the whole desk into the empty server database, table by table', { skip: SKIP }, async () => {
  await start({ env: SERVER_DESK_ENV });
  desk = currentDataDir();
  await byTestId('setup-admin-name').waitForDisplayed({ timeout: 30_000 });
  await typeInto('setup-admin-name', ADMIN.name);
  await typeInto('setup-admin-login', ADMIN.login);
  await typeInto('setup-admin-password', ADMIN.password);
  await typeInto('setup-admin-password2', ADMIN.password);
  await loadDemoData();

  await click('nav-settings');
  await browser().waitUntil(async () => Number(await byTestId('settings-case-count').getText().catch(() => '0')) >= 300, {
    timeout: 15_000,
    timeoutMsg: '设置 should count the demo cases',
  });
  cases = Number(await byTestId('settings-case-count').getText());
  await click('settings-move-up');
  await byTestId('move-up').waitForDisplayed({ timeout: 10_000 });
  await typeInto('db-hosts', '127.0.0.1');
  await typeInto('db-port', String(cluster.port));
  await typeInto('db-user', cluster.user);
  await typeInto('db-password', cluster.password);
  await chooseOption('db-tls', '不加密');
  await click('db-connect');
  const done = await waitForText(sel('move-up-done'), '迁移完成', 60_000);
  assert.ok(done.includes(`${cases} 件案件已复制到 127.0.0.1:${cluster.port}/complaintdesk`), done);
  await byTestId('move-up-restart').waitForDisplayed({ timeout: 10_000 });
  const rows = await browser().execute(() =>
    [...document.querySelectorAll('[data-testid="move-up-tables"] .el-table__body tr')].map((tr) =>
      [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
    ),
  );
  const counted = Object.fromEntries(rows.map(([name, n]) => [name, Number(n)]));
  assert.equal(counted.cases, cases, `the report should count every case: ${JSON.stringify(rows)}`);
  for (const t of ['customers', 'users', 'audit_log', 'calendar_years', 'deadline_policies', 'settings']) assert.ok(counted[t] > 0, `the report should list ${t}: ${JSON.stringify(rows)}`);
  for (const [, , checksum] of rows) assert.match(checksum, /^[0-9a-f]{16}…$/);
  await screenshot('45-move-up-report');

  assert.equal(cluster.psql('SELECT count(*) FROM cases'), String(cases), 'every case is on the server');
  const choice = JSON.parse(fs.readFileSync(path.join(desk, 'database.json'), 'utf8'));
  assert.equal(choice.mode, 'server', 'the desk uses the server from its next start');
  await stop({ keepDataDir: true });
  fileHash = sha256(path.join(desk, 'complaintdesk.sqlite3'));
});

test('started again, the desk works on the server with every case; the SQLite file is untouched', { skip: SKIP }, async () => {
  assert.ok(fileHash, 'needs the move of the previous test');
  await start({ reuseDataDir: desk, env: SERVER_DESK_ENV });
  await byTestId('signin-login').waitForDisplayed({ timeout: 30_000 });
  await typeInto('signin-login', ADMIN.login);
  await typeInto('signin-password', ADMIN.password);
  await click('signin-submit');
  await click('nav-settings', 30_000);
  await waitForText(sel('settings-database'), `服务器 127.0.0.1:${cluster.port}/complaintdesk`);
  await waitForExactText('settings-case-count', String(cases), 15_000);
  assert.equal(await byTestId('settings-move-up').isExisting(), false, 'a desk on the server has nothing to move');

  // The search index came along: two characters of a demo complaint find cases on the server too.
  await click('nav-sheet');
  await typeInto('sheet-search', '漏水');
  await browser().waitUntil(
    async () => {
      const n = Number((await byTestId('sheet-total').getText().catch(() => '0')).replace('+', ''));
      return n > 0 && n < cases;
    },
    { timeout: 15_000, timeoutMsg: '漏水 should find some of the moved cases' },
  );
  await screenshot('46-moved-desk-on-server');
  await stop({ keepDataDir: true });
  assert.equal(sha256(path.join(desk, 'complaintdesk.sqlite3')), fileHash, 'the SQLite file is left as it was');
});
