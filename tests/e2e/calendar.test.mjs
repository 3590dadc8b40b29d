// User story (issue 12): when the State Council publishes next year's
// holidays, the administrator pastes the notice as published into 工作日历 →
// 导入新年度, and checks and adjusts the year on its month grid; working-day
// deadlines then count with it.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { start, stop, browser, byTestId, sel, click, typeInto, waitForText, screenshot } from './harness.mjs';
import { setUpAdmin } from './desk.mjs';

const ADMIN = { name: '李主任', login: 'lizhuren' };

// As published (the 2027 dates are this test's own: a Saturday make-up day),
// run into one line as a copy from a web page often is; WebDriver's typing
// drops line breaks anyway.
const NOTICE = [
  '国务院办公厅关于2027年部分节假日安排的通知',
  '一、元旦：1月1日（周五）至3日（周日）放假，共3天。',
  '二、春节：2月6日（农历除夕、周六）至12日（周五）放假调休，共7天。2月20日（周六）上班。',
].join('');

before(async () => {
  await start();
});

after(async () => {
  await stop();
});

let stepNo = 0;
afterEach(async () => {
  stepNo += 1;
  await screenshot(`calendar-${stepNo}-end`).catch(() => {});
});

/** The class list of a day on the month grid. */
async function cellClasses(date) {
  return (await byTestId(`admin-calendar-cell-${date}`).getAttribute('class')) ?? '';
}

test('the administrator pastes the 2027 notice as published and the year is kept with its days', async () => {
  await setUpAdmin(ADMIN);
  await click('nav-admin');
  await click('admin-tab-calendar');
  await click('admin-calendar-import');
  await typeInto('admin-calendar-notice', NOTICE);
  await click('admin-calendar-submit');

  await waitForText(sel('admin-calendar-title'), '2027');
  const text = await waitForText(sel('admin-calendar-days'), '2027-02-20');
  for (const s of ['2027-01-01', '元旦', '2027-02-12', '春节', '班']) assert.ok(text.includes(s), `${s} in ${text}`);
  await waitForText(sel('admin-calendar-year-2027'), '国务院办公厅关于2027年部分节假日安排的通知');
  await screenshot('50-calendar-notice-imported');
});

test('修改 shows the year on month grids; a click adds a day to 春节, saved with the year', async () => {
  await click('admin-calendar-edit');
  await byTestId('admin-calendar-grid').waitForDisplayed({ timeout: 10_000 });
  assert.match(await cellClasses('2027-02-20'), /\bwork\b/);
  assert.match(await cellClasses('2027-02-08'), /\boff\b/);
  await screenshot('51-calendar-month-grid');

  // Monday 15 February: one more day off, named after the 春节 days beside it.
  await click('admin-calendar-cell-2027-02-15');
  await browser().waitUntil(async () => /\boff\b/.test(await cellClasses('2027-02-15')), {
    timeout: 10_000,
    timeoutMsg: '2027-02-15 should be marked 休',
  });
  await click('admin-calendar-save');
  await byTestId('admin-calendar-dialog').waitForExist({ reverse: true, timeout: 10_000 });
  // The row of that day: from its date up to the next row's date.
  const text = await waitForText(sel('admin-calendar-days'), '2027-02-15');
  const added = text.slice(text.indexOf('2027-02-15')).split(/\s(?=\d{4}-\d\d-\d\d)/)[0];
  assert.ok(added && added.includes('春节') && added.includes('休'), `the added day: ${added}`);
});
