// User story (issue 14 item 2): 备份与恢复 on a single desk.
//
//   admin 李主任  registers a complaint (A), takes 立即备份 in 系统管理,
//                registers another (B), then restores that backup through the
//                UI: the confirmation shows what the backup holds (1 case, A's
//                number), the window starts over at the sign-in screen, and
//                after signing in the sheet holds A and not B; the desk goes
//                on working (a new complaint is registered).
//
// Tests run in order and share one app instance on an empty data dir.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, stop, browser, byTestId, click, textOf, typeInto, waitForText, screenshot, currentDataDir } from './harness.mjs';
import { setUpAdmin, submitSignIn, waitForExactText } from './desk.mjs';

const ADMIN = { name: '李主任', login: 'lizhuren' };

let caseA = null;
let caseB = null;
let backupName = null;

before(async () => {
  await start();
});

after(async () => {
  await stop();
});

let stepNo = 0;
afterEach(async () => {
  stepNo += 1;
  await screenshot(`backup-${stepNo}-end`).catch(() => {});
});

/** Registers a complaint from 登记投诉 and returns its number. */
async function register(customer, phone, content) {
  await click('nav-register');
  await typeInto('field-customerName', customer);
  await typeInto('field-customerPhone', phone);
  await typeInto('field-content', content);
  await typeInto('field-customerRequest', '尽快处理');
  await click('register-submit');
  await browser().waitUntil(
    async () => /^\d{4}-\d{4}$/.test(((await byTestId('detail-case-no').getText().catch(() => '')) || '').trim()),
    { timeout: 15_000, interval: 100, timeoutMsg: 'registering should open the case with its number' },
  );
  return textOf('detail-case-no');
}

/** The innerText of an element (WebDriver's getText leaves el-table cells out). */
async function innerText(testid) {
  return browser().execute((id) => document.querySelector(`[data-testid="${id}"]`)?.innerText ?? '', testid);
}

async function openBackupTab() {
  await click('nav-admin');
  await click('admin-tab-backup');
  await byTestId('backup-now').waitForDisplayed({ timeout: 10_000 });
}

test('a complaint is registered and 立即备份 takes a copy into the backups folder', async () => {
  await setUpAdmin(ADMIN);
  caseA = await register('王秀英', '13812345678', '楼上卫生间漏水，天花板发霉');
  await openBackupTab();
  await click('backup-now');
  await waitForText('.el-message', '已备份：');
  await browser().waitUntil(async () => (await innerText('backup-list')).includes('手动'), {
    timeout: 10_000,
    interval: 150,
    timeoutMsg: 'the manual backup should be listed',
  });
  backupName = await browser().execute(
    () => [...document.querySelectorAll('[data-testid^="backup-restore-complaintdesk-"]')].map((e) => e.dataset.testid.slice('backup-restore-'.length)).find((n) => n.endsWith('-manual.sqlite3')) ?? null,
  );
  assert.match(backupName ?? '', /^complaintdesk-\d{8}-\d{6}-manual\.sqlite3$/);
  assert.ok(fs.existsSync(path.join(currentDataDir(), 'backups', backupName)), 'the file is in the backups folder beside the database');
});

test('a complaint registered after the backup', async () => {
  caseB = await register('刘芳', '13912340000', '空调不制冷，维修两次仍未解决');
  assert.notEqual(caseB, caseA);
});

test('从备份恢复 shows what the backup holds and, confirmed, brings the desk back to it', async () => {
  await openBackupTab();
  await click(`backup-restore-${backupName}`);
  await waitForExactText('backup-confirm-cases', '1', 15_000);
  await waitForExactText('backup-confirm-last', caseA);
  await screenshot('backup-confirm');
  await click('backup-confirm-restore');
  await byTestId('backup-restored').waitForDisplayed({ timeout: 30_000 });
  const aside = await textOf('backup-restored-aside');
  assert.match(aside, /complaintdesk\.before-restore-\d{8}-\d{6}\.sqlite3$/);
  assert.ok(fs.existsSync(aside), 'the replaced database is kept');
  await screenshot('backup-restored');
  await click('backup-sign-in-again');
  // The session ended with the restore: the window starts over at the sign-in screen.
  await byTestId('signin-password').waitForDisplayed({ timeout: 30_000 });
  await submitSignIn(ADMIN);
});

test('the backup’s complaint is there, the later one is not, and the desk still works', async () => {
  await click('nav-sheet');
  await waitForExactText('sheet-total', '1', 15_000);
  const numbers = await browser().execute(() => [...document.querySelectorAll('[data-testid="row-case-no"]')].map((e) => e.textContent.trim()));
  assert.deepEqual(numbers, [caseA]);
  const caseC = await register('赵敏', '13700001111', '电梯经常停运');
  assert.match(caseC, /^\d{4}-\d{4}$/);
  // The later case keeps its number in the set-aside file: numbering goes on after it.
  assert.ok(caseC > caseB, `${caseC} comes after ${caseB}`);
  await click('nav-sheet');
  await waitForExactText('sheet-total', '2', 15_000);
  await screenshot('backup-after-restore');
});
