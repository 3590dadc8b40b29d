// User story: a new user registers the first complaint and finds it again by
// typing two characters; a complaint without a phone number is refused.
//
// Runs against the real app binary (COMPLAINTDESK_APP) on an empty data dir.
// Tests run in order and share one app instance.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  start,
  stop,
  browser,
  byTestId,
  allByTestId,
  sel,
  click,
  press,
  textOf,
  typeInto,
  chooseOption,
  waitForText,
  screenshot,
} from './harness.mjs';
import { openCaseRow, waitForExactText } from './desk.mjs';

const CASE = {
  customerName: '王秀英',
  customerPhone: '13812345678',
  customerAddress: '3栋2单元501',
  content: '楼上卫生间漏水，天花板发霉，已反映三次无人处理',
  customerRequest: '尽快维修并赔偿损失',
};

let caseNo = null;

before(async () => {
  await start();
});

after(async () => {
  await stop();
});

/** Go to the tracking sheet: [data-testid=nav-sheet] or the menu item 跟进表. */
async function goToSheet() {
  const b = browser();
  const nav = byTestId('nav-sheet');
  if (await nav.isExisting()) {
    await press(nav, { what: 'nav-sheet' });
  } else {
    const item = b.$('//*[contains(concat(" ", normalize-space(@class), " "), " el-menu-item ")][normalize-space()="跟进表"]');
    await press(item, { what: '跟进表' });
  }
  // Leaving a half-filled form may ask for confirmation (el-message-box): confirm it.
  await b.waitUntil(
    async () => {
      if (await byTestId('sheet-total').isDisplayed()) return true;
      const confirm = b.$('.el-message-box .el-button--primary');
      if ((await confirm.isExisting()) && (await confirm.isDisplayed())) await confirm.click();
      return false;
    },
    { timeout: 10_000, interval: 150, timeoutMsg: 'the tracking sheet (sheet-total) did not appear' },
  );
}

/** Fill the registration form; `skip` lists fields to leave empty. */
const ADMIN = { name: '李主任', login: 'lizhuren', password: 'kefu-2026!' };

async function setUpAdmin() {
  await typeInto('setup-admin-name', ADMIN.name);
  await typeInto('setup-admin-login', ADMIN.login);
  await typeInto('setup-admin-password', ADMIN.password);
  await typeInto('setup-admin-password2', ADMIN.password);
}

async function fillForm(skip = []) {
  await byTestId('field-customerName').waitForDisplayed();
  for (const [field, value] of Object.entries(CASE)) {
    if (!skip.includes(field)) await typeInto(`field-${field}`, value);
  }
  if (await byTestId('field-channel').isExisting()) await chooseOption('field-channel', '电话');
}

test('first start asks for the administrator account', async () => {
  // The first window can take a while on a cold CI machine.
  await byTestId('setup-admin-name').waitForDisplayed({ timeout: 30_000 });
  await screenshot('01-welcome');
});

test('setting up the administrator and starting empty leads to an empty tracking sheet', async () => {
  await setUpAdmin();
  await click('setup-start-empty');
  await waitForExactText('sheet-total', '0', 15_000);
});

test('registering a complaint opens its detail with a case number', async () => {
  await click('sheet-register');
  await fillForm();
  await click('register-submit');
  await browser().waitUntil(
    async () => {
      const el = byTestId('detail-case-no');
      return (await el.isExisting()) && /^\d{4}-\d{4}$/.test((await el.getText()).trim());
    },
    { timeout: 15_000, interval: 100, timeoutMsg: 'detail-case-no did not show a number like 2025-0001' },
  );
  caseNo = await textOf('detail-case-no');
  assert.match(caseNo, /^\d{4}-\d{4}$/);
  await screenshot('02-detail-after-register');
});

test('typing two characters in the sheet search finds the complaint', async () => {
  assert.ok(caseNo, 'needs the case registered by the previous test');
  await goToSheet();
  await waitForExactText('sheet-total', '1');
  const search = browser().$(sel('sheet-search', 'input'));
  await press(search, { what: 'sheet-search' });
  await search.addValue('漏水');
  // The search may be debounced: wait until the rows settle on exactly one.
  let rows = [];
  await browser().waitUntil(
    async () => {
      rows = await allByTestId('row-case-no');
      return rows.length === 1;
    },
    { timeout: 10_000, interval: 150, timeoutMsg: 'search 漏水 should leave exactly one row' },
  );
  assert.equal((await rows[0].getText()).trim(), caseNo);
  await screenshot('03-sheet-search');

  await openCaseRow(caseNo);
  await waitForText('body', CASE.content);
  await waitForText(sel('detail-timeline'), '登记');
  assert.equal(await textOf('detail-case-no'), caseNo);
  await screenshot('04-detail-from-search');
});

test('a complaint without a phone number is refused in Chinese', async () => {
  await goToSheet();
  await click('sheet-register');
  await fillForm(['customerPhone']);
  await click('register-submit');
  await waitForText(sel('field-customerPhone'), '请填写联系电话');
  await screenshot('05-missing-phone');

  await goToSheet();
  await waitForExactText('sheet-total', '1');
});

test('signing out locks the desk; a wrong password is refused, the right one opens the sheet again', async () => {
  await goToSheet();
  await click('nav-sign-out');
  await byTestId('signin-password').waitForDisplayed({ timeout: 10_000 });
  await typeInto('signin-login', ADMIN.login);
  await typeInto('signin-password', 'wrong-password');
  await click('signin-submit');
  await waitForText(sel('signin-error'), '用户名或密码错误');
  await screenshot('06-sign-in-refused');
  await typeInto('signin-password', ADMIN.password);
  await click('signin-submit');
  await waitForExactText('sheet-total', '1', 15_000);
});
