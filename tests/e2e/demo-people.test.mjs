// User story (issue 12, items 4 and 7), at 1280×800: the administrator loads
// the demo; its people are named on the sign-in screen with their password.
// An agent finds overdue cases on his 工作台; the 副总经理 finds proposals in
// 待我审批, each with the customer's history, and approving one above
// ¥10,000 asks him to confirm it a second time.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, stop, browser, byTestId, sel, click, press, typeInto, waitForText, screenshot } from './harness.mjs';
import { waitForExactText, signInAsDemoPerson, loadDemoData } from './desk.mjs';

before(async () => {
  await start();
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

test('the demo department: an agent\'s overdue work, and the 副总经理 approving with a second confirmation', async () => {
  await byTestId('setup-admin-name').waitForDisplayed({ timeout: 30_000 });
  // The first start names the demo people and their password before anything is loaded.
  const offered = await waitForText(sel('demo-accounts'), '郑国平');
  assert.match(offered, /demo2026/);
  await typeInto('setup-admin-name', '系统管理员');
  await typeInto('setup-admin-login', 'admin');
  await typeInto('setup-admin-password', 'admin-pass-2026');
  await typeInto('setup-admin-password2', 'admin-pass-2026');
  await loadDemoData();
  await screenshot('60-demo-sheet-1280x800');

  // The demo's agents: one of them (which one depends on the day the demo
  // was generated) finds overdue cases of his own on his 工作台.
  let overdue = 0;
  for (const agent of ['陈思远', '王婷婷', '张志强', '刘佳怡', '黄俊杰', '周雪梅', '吴昊']) {
    await signInAsDemoPerson(agent);
    await click('nav-dashboard');
    await waitForText(sel('dash-now'), '数据时间', 15_000);
    overdue = Number((await waitForText(sel('dash-my-overdue-count'), /\d+/)).trim());
    if (overdue > 0) break;
  }
  assert.ok(overdue > 0, 'some demo agent has overdue cases on his 工作台');
  await waitForText(sel('dash-my-overdue'), /\d{4}-\d{4}/);
  await screenshot('61-demo-dashboard-agent-1280x800');

  // The 副总经理 finds proposals waiting for him.
  await signInAsDemoPerson('郑国平');
  await click('nav-approvals');
  const position = await waitForText(sel('queue-position'), /第 1 \/ \d+ 件/, 15_000);
  assert.ok(Number(position.match(/\/ (\d+)/)[1]) >= 1);
  // Each proposal shows the customer's history beside the investigation.
  await waitForText(sel('queue-history-title'), '客户');
  await screenshot('62-demo-approval-queue-1280x800');

  // Find a proposal above ¥10,000 (the demo has one for the 副总经理's own level).
  const offeredFen = async () => Number((await byTestId('queue-offered').getText()).replace(/[¥,]/g, '')) * 100;
  const total = Number(position.match(/\/ (\d+)/)[1]);
  for (let i = 1; i < total && (await offeredFen()) <= 1_000_000; i++) {
    const before = (await byTestId('queue-case-no').getText()).trim();
    await click('queue-next');
    await browser().waitUntil(async () => (await byTestId('queue-case-no').getText()).trim() !== before, {
      timeout: 10_000,
      interval: 100,
      timeoutMsg: 'the next case should be shown',
    });
  }
  const amount = await byTestId('queue-offered').getText();
  assert.ok((await offeredFen()) > 1_000_000, `a proposal above ¥10,000 is in the queue (last seen ${amount})`);
  const caseNo = (await byTestId('queue-case-no').getText()).trim();
  await typeInto('queue-comment', '同意，请尽快答复客户');

  // 审批通过 asks once more, naming the amount and the case.
  await click('queue-approve');
  const confirm = await waitForText('.approve-confirm', `确定审批通过案件 ${caseNo} 吗`);
  assert.ok(confirm.includes(amount), `the confirmation names ${amount}: ${confirm}`);
  await screenshot('63-demo-approval-confirm-1280x800');
  await press(await browser().$('.approve-confirm .el-message-box__btns .el-button--primary'), { what: '确认审批通过' });
  // Approved: the case has left the queue.
  await browser().waitUntil(
    async () => {
      const shown = await byTestId('queue-case-no').getText().catch(() => '');
      return shown.trim() !== caseNo && !(await browser().$('.approve-confirm').isDisplayed().catch(() => false));
    },
    { timeout: 15_000, interval: 150, timeoutMsg: `${caseNo} should leave the queue once approved` },
  );
  // One fewer proposal waits for him (the confirmation went to Rust, which approved).
  if (total > 1) await waitForText(sel('queue-position'), `/ ${total - 1} 件`);
  else await byTestId('queue-empty').waitForDisplayed({ timeout: 10_000 });
});
