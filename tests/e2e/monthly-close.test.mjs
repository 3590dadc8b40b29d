// User story (issue 13): the monthly close on the demo department, at 1280×800.
//
//   总经理 王建华   opens 统计 for last month (its default), clicks the top bar
//                  of 各部门损失分摊 and lands in the tracking sheet filtered to
//                  exactly the cases the table beside it counts for that department
//   总经理室 宋洁   finds last month's 统计表 due on her 工作台, opens it, issues
//                  it and exports its PDF (read back with pdftotext) and Excel
//                  (its package read back with unzip)
//
// Tests run in order and share one app instance on an empty data dir.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { start, stop, browser, byTestId, sel, click, press, typeInto, waitForText, screenshot } from './harness.mjs';
import { signInAsDemoPerson, loadDemoData } from './desk.mjs';

const EXPORT_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'complaintdesk-export-'));

before(async () => {
  await start({ env: { COMPLAINTDESK_EXPORT_DIR: EXPORT_DIR } });
  await browser().setWindowSize(1280, 800);
  await browser().waitUntil(async () => (await browser().execute(() => `${window.innerWidth}×${window.innerHeight}`)) === '1280×800', {
    timeout: 10_000,
    interval: 100,
    timeoutMsg: 'the window should be 1280×800',
  });
});

after(async () => {
  await stop();
});

let stepNo = 0;
afterEach(async () => {
  stepNo += 1;
  await screenshot(`monthly-close-${stepNo}-end`).catch(() => {});
});

/** The innerText of the element with this test id. */
async function innerText(id) {
  return browser().execute((s) => document.querySelector(s)?.innerText ?? '', sel(id));
}

test('the administrator loads the demo department', async () => {
  await byTestId('setup-admin-name').waitForDisplayed({ timeout: 30_000 });
  await typeInto('setup-admin-name', '系统管理员');
  await typeInto('setup-admin-login', 'admin');
  await typeInto('setup-admin-password', 'admin-pass-2026');
  await typeInto('setup-admin-password2', 'admin-pass-2026');
  await loadDemoData();
});

test('the 总经理 opens last month\'s 统计 and a department\'s bar opens the sheet on its cases', async () => {
  await signInAsDemoPerson('王建华');
  await click('nav-stats');
  // The figures of last month, by closing date.
  await waitForText(sel('stats-figure-closed'), /\d+/, 30_000);
  const shares = await waitForText(sel('stats-loss-shares'), /¥/, 15_000);
  await screenshot('70-stats-last-month-1280x800');

  // The table beside the chart: the top department and its number of cases.
  const firstRow = await browser().execute(
    (s) => [...document.querySelectorAll(`${s} .el-table__body tr`)][0]?.innerText ?? '',
    sel('stats-loss-shares'),
  );
  const [department, count] = firstRow.split(/\t|\n/).map((c) => c.trim()).filter(Boolean);
  assert.ok(department && /^\d+$/.test(count), `the first loss share row reads department and count: ${JSON.stringify(firstRow)} in ${shares}`);

  // The chart's bars are SVG paths filled with the bar colour; the first one drawn is the top department.
  const bar = await browser().waitUntil(
    async () => {
      const bars = await browser().$$(`${sel('stats-chart-loss')} path[fill="#e6a23c"]`);
      return bars.length > 0 ? bars[0] : false;
    },
    { timeout: 15_000, interval: 150, timeoutMsg: 'the loss chart should draw its bars' },
  );
  await bar.scrollIntoView({ block: 'center' });
  await press(bar, { what: `${department}'s bar` });

  // The sheet, filtered by the figure's slice, says so and counts exactly those cases.
  await waitForText(sel('sheet-drill'), department, 15_000);
  await browser().waitUntil(async () => (await innerText('sheet-total')).replace('+', '').trim() === count, {
    timeout: 15_000,
    interval: 150,
    timeoutMsg: `the drilled sheet should count ${count} cases of ${department}`,
  });
  await screenshot('71-stats-drill-sheet-1280x800');
});

test('the 总经理室 is reminded of last month\'s 统计表, issues it and exports its PDF', async () => {
  await signInAsDemoPerson('宋洁');
  await click('nav-dashboard');
  const due = await waitForText(sel('dash-statement-due'), /\d{4}-\d{2} 的客户投诉案件统计表/, 30_000);
  const month = due.match(/(\d{4}-\d{2}) 的客户投诉案件统计表/)[1];
  await click('dash-statement-open');

  await waitForText(sel('statement-draft'), /尚未开具：开具时将列入以下 \d+ 件结案案件/, 30_000);
  const lines = Number((await innerText('statement-draft')).match(/(\d+) 件/)[1]);
  assert.ok(lines > 0, 'last month has closed cases to table');
  await screenshot('72-statement-draft-1280x800');

  await click('statement-issue');
  await byTestId('doc-print-dialog').waitForDisplayed({ timeout: 30_000 });
  await browser().waitUntil(async () => (await browser().$$('[data-testid="doc-preview"] .doc-page')).length > 0, {
    timeout: 30_000,
    timeoutMsg: 'the print preview should show the pages',
  });
  await click('doc-export');
  const result = await waitForText(sel('doc-output-result'), '已导出到', 30_000);
  const file = result.slice(result.indexOf(EXPORT_DIR)).trim();
  assert.equal(fs.readFileSync(file).subarray(0, 5).toString(), '%PDF-');
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  const [y, m] = month.split('-');
  for (const expected of ['客户投诉案件统计表', `${y}年${m}月`, '各部门损失分摊', '总经理核准', `结案件数`]) {
    assert.ok(text.includes(expected), `the exported table should print ${expected}`);
  }
  assert.match(text, /TJ-\d{4}-\d{4}/);
  await browser().keys('Escape');

  // Issued: the screen says by whom.
  await waitForText(sel('statement-issued'), /已开具 TJ-\d{4}-\d{4}（宋洁/, 15_000);
  await screenshot('73-statement-issued-1280x800');

  // 导出 Excel: every line of the table, with its Chinese headers.
  await click('export-xlsx');
  const done = await waitForText('.el-message--success', /已导出 \d+ 行：.*\.xlsx/, 30_000);
  const [, rows, xlsx] = done.match(/已导出 (\d+) 行：(.*\.xlsx)/);
  assert.equal(Number(rows), lines, 'one row per line of the table');
  assert.ok(xlsx.startsWith(EXPORT_DIR), xlsx);
  assert.equal(fs.readFileSync(xlsx).subarray(0, 2).toString(), 'PK', 'an .xlsx is a zip package');
  // Written in constant memory, its texts are inline in the sheet (no shared strings).
  const sheet = execFileSync('unzip', ['-p', xlsx, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  for (const header of ['案件编号', '责任部门及比例', '损失金额', '结案日期']) {
    assert.ok(sheet.includes(`>${header}<`), `the Excel file has the header ${header}`);
  }
  assert.match(sheet, /<pane [^>]*ySplit="1"/, 'the header row is frozen');
  assert.match(sheet, /<autoFilter ref="A1:L\d+"/, 'with a filter on every column');

  // The 工作台 no longer reminds her.

  await click('nav-dashboard');
  await waitForText(sel('dash-now'), '数据时间', 15_000);
  assert.equal(await byTestId('dash-statement-due').isExisting(), false, 'no reminder once issued');
});
