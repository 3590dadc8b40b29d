// User story (issue 12 item 6): 会计科's ledger, at 1280×800.
//
//   admin 李主任      sets up the people; a PCB maker (销货折让证明单)
//   agent 张敏        registers the complaint and routes it to 业务部
//   head  陈刚        accepts, investigates, proposes ¥8,000.00
//   刘洋 业务部门经理  approves it from 待我审批
//   agent 张敏        issues the 销货折让证明单
//   孙悦 会计科        finds it in 会计台账 under 待入账, marks it 已付 with the
//                     voucher, sees it leave 待入账 and show as 已付, and finds
//                     the mark on the case's timeline
//
// Tests run in order and share one app instance on an empty data dir.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { start, stop, browser, byTestId, sel, click, textOf, typeInto, chooseOption, waitForText, screenshot } from './harness.mjs';
import { waitForExactText, setUpAdmin, createPerson, signInAs, waitForStatus, openCaseFromSheet } from './desk.mjs';

const ADMIN = { name: '李主任', login: 'lizhuren' };
const AGENT = { name: '张敏', login: 'zhangmin', roles: ['客服专员'], department: '客服部' };
const HEAD = { name: '陈刚', login: 'chengang', roles: ['部门处理人', '部门负责人'], department: '业务部' };
const SALES_MANAGER = { name: '刘洋', login: 'liuyang', roles: ['业务部门经理'], department: '业务部' };
const ACCOUNTANT = { name: '孙悦', login: 'sunyue', roles: ['会计科'], department: '会计科' };

const CUSTOMER = '深圳华星电子';
const VOUCHER = '记-0018';

let caseNo = null;
let certificateNo = null;

before(async () => {
  await start();
  // The smallest screen the desk is used on.
  await browser().setWindowSize(1280, 800);
  await browser().waitUntil(async () => (await browser().execute(() => [window.innerWidth, window.innerHeight].join('×'))) === '1280×800', {
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
  await screenshot(`ledger-${stepNo}-end`).catch(() => {});
});

async function openCase() {
  await openCaseFromSheet(caseNo);
}

/** The innerText of the ledger's table (WebDriver's getText leaves el-table cells out). */
async function ledgerText() {
  return browser().execute(() => document.querySelector('[data-testid="ledger-table"]')?.innerText ?? '');
}

test('the people are set up and a complaint reaches an approved ¥8,000.00 allowance', async () => {
  await setUpAdmin(ADMIN);
  await click('nav-admin');
  for (const p of [AGENT, HEAD, SALES_MANAGER, ACCOUNTANT]) await createPerson(p);
  await click('admin-tab-deadlines');
  await chooseOption('admin-org-type', '制造业');
  await click('admin-org-save');
  await waitForText('.el-message', '机构类型已设为 制造业');

  await signInAs(AGENT);
  await click('nav-register');
  await typeInto('field-customerName', CUSTOMER);
  await typeInto('field-customerPhone', '0755-88886666');
  await typeInto('field-content', '四层板阻焊脱落，部分批次无法贴片');
  await typeInto('field-customerRequest', '给予折让');
  await click('register-submit');
  await browser().waitUntil(
    async () => /^\d{4}-\d{4}$/.test(((await byTestId('detail-case-no').getText().catch(() => '')) || '').trim()),
    { timeout: 15_000, interval: 100, timeoutMsg: 'registering should open the case with its number' },
  );
  caseNo = await textOf('detail-case-no');
  await click('action-assess');
  await chooseOption('assess-nature', '品质异常');
  await chooseOption('assess-cause', '出品质量');
  await chooseOption('assess-severity', '一般');
  await click('assess-submit');
  await waitForStatus('已评估');
  if (!(await byTestId('route-submit').isDisplayed().catch(() => false))) await click('action-route');
  await chooseOption('route-department', '业务部');
  await click('route-submit');
  await waitForStatus('已分派');

  await signInAs(HEAD);
  await openCase();
  await click('action-accept_routing');
  await click('accept-submit');
  await waitForStatus('调查中');
  await click('action-investigate');
  await typeInto('inv-cause', '阻焊前处理微蚀不足');
  await typeInto('inv-measures', '给予客户折让，整改微蚀线');
  await click('inv-submit');
  await byTestId('action-propose').waitForClickable({ timeout: 15_000 });
  await click('action-propose');
  await chooseOption('prop-kind-0', '折让');
  await typeInto('prop-amount-0', '8000');
  await typeInto('prop-opinion', '同意按不良批次给予折让');
  await click('prop-submit');
  await waitForStatus('方案待审批');

  await signInAs(SALES_MANAGER);
  await click('nav-approvals');
  await waitForExactText('queue-case-no', caseNo, 15_000);
  await typeInto('queue-comment', '同意折让');
  await click('queue-approve');
  await byTestId('queue-empty').waitForDisplayed({ timeout: 15_000 });
});

test('the agent issues the 销货折让证明单', async () => {
  await signInAs(AGENT);
  await openCase();
  await waitForStatus('已审批');
  await click('issue-doc-allowance_certificate');
  await byTestId('doc-print-dialog').waitForDisplayed({ timeout: 15_000 });
  const title = await waitForText('.el-dialog__title', /销货折让证明单 ZR-\d{4}-\d{4}/, 15_000);
  certificateNo = title.match(/ZR-\d{4}-\d{4}/)[0];
  await browser().keys('Escape');
  await byTestId('doc-print-dialog').waitForDisplayed({ reverse: true, timeout: 10_000 });
});

test('会计科 finds it in 会计台账 under 待入账, marks it 已付 with the voucher, and it shows as paid', async () => {
  await signInAs(ACCOUNTANT);
  await click('nav-ledger');
  const pending = await waitForText(sel('ledger-table'), certificateNo, 15_000);
  for (const expected of [caseNo, CUSTOMER, '¥8,000.00', '捌仟元整', AGENT.name, '待入账']) {
    assert.ok(pending.includes(expected), `the 待入账 row should show ${expected}:\n${pending}`);
  }
  await waitForText(sel('ledger-state-pending'), '待入账 1');
  await waitForText(sel('ledger-totals'), '¥8,000.00');
  await screenshot('50-ledger-pending');

  await click('ledger-mark-paid');
  await waitForText('.el-dialog__title', `登记已付：${certificateNo}`, 10_000);
  await typeInto('ledger-voucher-no', VOUCHER);
  await click('ledger-mark-submit');
  await waitForText('.el-message', `${certificateNo} 已登记为已付`, 15_000);

  // It left 待入账 …
  await waitForText(sel('ledger-state-pending'), '待入账 0', 15_000);
  await browser().waitUntil(async () => !(await ledgerText()).includes(certificateNo), {
    timeout: 15_000,
    interval: 150,
    timeoutMsg: 'the paid certificate should leave 待入账',
  });
  // … and shows as 已付, with its voucher.
  await waitForText(sel('ledger-state-paid'), '已付 1');
  await click('ledger-state-paid');
  const paid = await waitForText(sel('ledger-table'), certificateNo, 15_000);
  assert.ok(paid.includes('已付') && paid.includes(VOUCHER), `the row should show 已付 and ${VOUCHER}:\n${paid}`);
  assert.equal(await byTestId('ledger-mark-paid').isExisting(), false, 'paid once only');
  assert.equal(await byTestId('ledger-mark-written_off').isExisting(), true, 'still to be written off');
  // The chosen tab has finished its colour change (Element Plus fades it in).
  await browser().waitUntil(
    async () =>
      browser().execute(() => {
        const inner = document.querySelector('[data-testid="ledger-state-paid"].is-active .el-radio-button__inner');
        return inner !== null && getComputedStyle(inner).backgroundColor === 'rgb(64, 158, 255)';
      }),
    { timeout: 10_000, interval: 100, timeoutMsg: 'the 已付 tab should show as chosen' },
  );
  await screenshot('51-ledger-paid-1280x800');
});

test('the mark is on the case timeline, with who made it', async () => {
  await click('ledger-case');
  await waitForExactText('detail-case-no', caseNo, 15_000);
  const timeline = await waitForText(sel('detail-timeline'), '登记入账', 15_000);
  for (const expected of [ACCOUNTANT.name, '入账状态', '待入账 → 已付', VOUCHER, certificateNo]) {
    assert.ok(timeline.includes(expected), `the timeline should show ${expected}:\n${timeline}`);
  }
  await browser().execute(() => [...document.querySelectorAll('[data-testid="timeline-entry"]')].at(-1)?.scrollIntoView());
  await screenshot('52-ledger-timeline');
});
