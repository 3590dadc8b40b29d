// User story (issue 4): a mall's service desk answers complaints within 48
// hours. A case assessed under that policy becomes overdue when the clock
// passes its due time, and the desk cannot miss it: red in the tracking
// sheet, found by the 已超时 filter, and on the agent's 工作台.
//
// The app's clock is moved through COMPLAINTDESK_CLOCK_FILE (an offset the
// core reads at every call), so the test never waits two days.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, stop, browser, byTestId, allByTestId, sel, click, textOf, typeInto, chooseOption, waitForText, screenshot } from './harness.mjs';
import { waitForExactText, setUpAdmin, createPerson, signInAs } from './desk.mjs';

const ADMIN = { name: '李主任', login: 'lizhuren' };
const AGENT = { name: '张敏', login: 'zhangmin', roles: ['客服专员'], department: '客服部' };
const CLOCK_FILE = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'complaintdesk-clock-')), 'offset');

let caseNo = null;

before(async () => {
  fs.writeFileSync(CLOCK_FILE, '+0h');
  await start({ env: { COMPLAINTDESK_CLOCK_FILE: CLOCK_FILE } });
});

after(async () => {
  await stop();
});

let stepNo = 0;
afterEach(async () => {
  stepNo += 1;
  await screenshot(`deadlines-${stepNo}-end`).catch(() => {});
});

/** The 时效 cell of the story's case in the tracking sheet. */
async function dueCellOnSheet() {
  await click('nav-register');
  await click('nav-sheet');
  await typeInto('sheet-search', caseNo);
  await browser().waitUntil(async () => (await allByTestId('row-case-no')).length === 1, {
    timeout: 10_000,
    timeoutMsg: `the sheet should show only ${caseNo}`,
  });
  return byTestId('row-due');
}

test('the administrator sets the desk up as a mall service desk (48-hour reply)', async () => {
  await setUpAdmin(ADMIN);
  await click('nav-admin');
  await createPerson(AGENT);
  await click('admin-tab-deadlines');
  await chooseOption('admin-org-type', '商场');
  await click('admin-org-save');
  await waitForText(sel('admin-policies-table'), '48小时内答复');
});

test('an assessed case is due 48 hours after it was received', async () => {
  await signInAs(AGENT);
  await click('nav-register');
  await typeInto('field-customerName', '刘女士');
  await typeInto('field-customerPhone', '13911112222');
  await typeInto('field-content', '在三楼专柜买的羽绒服跑绒，要求退货');
  await typeInto('field-customerRequest', '退货退款');
  await click('register-submit');
  await browser().waitUntil(async () => /^\d{4}-\d{4}$/.test(((await byTestId('detail-case-no').getText().catch(() => '')) || '').trim()), {
    timeout: 15_000,
    timeoutMsg: 'registering should open the case',
  });
  caseNo = await textOf('detail-case-no');
  await click('action-assess');
  await chooseOption('assess-nature', '品质异常');
  await chooseOption('assess-cause', '出品质量');
  await click('assess-submit');
  await waitForExactText('detail-status', '已评估', 15_000);
  const deadlines = await waitForText(sel('detail-deadlines'), '答复客户');
  assert.match(deadlines, /48\s*小时/);

  const cell = await dueCellOnSheet();
  assert.equal(await cell.getAttribute('data-overdue'), 'false');
  assert.match(await browser().execute((e) => e.innerText, cell), /剩/);
});

test('past its due time the case is red in the sheet and found by 已超时', async () => {
  fs.writeFileSync(CLOCK_FILE, '+49h');
  const cell = await dueCellOnSheet();
  await browser().waitUntil(async () => (await cell.getAttribute('data-overdue')) === 'true', {
    timeout: 10_000,
    timeoutMsg: 'the 时效 cell should say overdue once the clock passed the due time',
  });
  assert.match(await browser().execute((e) => e.innerText, cell), /超时/);
  // Red as the eye sees it: the cell's text colour is dominated by red.
  const [r, g, b] = (await browser().execute((e) => getComputedStyle(e.querySelector('*') ?? e).color, cell)).match(/\d+/g).map(Number);
  assert.ok(r > 150 && g < 120 && b < 120, `the overdue cell should be red, is rgb(${r}, ${g}, ${b})`);
  await screenshot('40-overdue-sheet');

  await typeInto('sheet-search', '');
  await chooseOption('filter-due', '已超时');
  await waitForExactText('sheet-total', '1');
});

test('the 工作台 lists it among my overdue cases', async () => {
  await click('nav-dashboard');
  await waitForText(sel('dash-my-overdue'), caseNo, 15_000);
  await waitForExactText('dash-my-overdue-count', '1');
  await screenshot('41-overdue-dashboard');
});
