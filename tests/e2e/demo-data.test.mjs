// User story: a newcomer starts the app, loads the demo data and sees a
// living tracking sheet, narrows it with the search box and a filter.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, stop, browser, byTestId, allByTestId, click, typeInto, screenshot } from './harness.mjs';
import { loadDemoData } from './desk.mjs';

before(async () => {
  await start();
});

after(async () => {
  await stop();
});

async function total() {
  return Number((await byTestId('sheet-total').getText()).replace('+', '').trim());
}

/** Wait until the sheet's total satisfies `ok`, and return it. */
async function waitForTotal(ok, what) {
  let last = NaN;
  await browser().waitUntil(
    async () => {
      if (!(await byTestId('sheet-total').isExisting())) return false;
      last = await total();
      return ok(last);
    },
    { timeout: 30_000, interval: 200, timeoutMsg: `sheet total should be ${what}, is ${last}` },
  );
  return last;
}

test('载入演示数据 fills the sheet with hundreds of realistic cases', async () => {
  await byTestId('setup-admin-name').waitForDisplayed({ timeout: 30_000 });
  await typeInto('setup-admin-name', '李晓燕');
  await typeInto('setup-admin-login', 'lixiaoyan');
  await typeInto('setup-admin-password', 'demo-pass-2026');
  await typeInto('setup-admin-password2', 'demo-pass-2026');
  await loadDemoData();
  const loaded = await total();
  const cells = await allByTestId('row-case-no');
  const numbers = [];
  for (let i = 0; i < cells.length; i++) numbers.push((await cells[i].getText()).trim());
  assert.ok(numbers.length >= 20, `a full first page, got ${numbers.length}`);
  for (const no of numbers) assert.match(no, /^\d{4}-\d{4}$/);
  await screenshot('10-demo-sheet');

  // Two characters of a common complaint narrow the sheet without emptying it.
  await typeInto('sheet-search', '漏水');
  const found = await waitForTotal((n) => n > 0 && n < loaded, `between 1 and ${loaded - 1} for 漏水`);
  assert.ok(found < loaded);
  await screenshot('11-demo-search');
});
