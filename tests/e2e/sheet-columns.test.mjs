// The tracking sheet at 1280×800 (issue 12, item 1): beside the menu it shows
// every default column with nothing that matters cut (measured in the DOM:
// no cell's content wider than its cell, no header on two lines), in 简体中文
// and 繁體中文, and in English with every header whole on one line;
// 投诉内容概要 takes the rest of the row and a search marks the matched words
// in it; a dragged column width is kept, and 恢复默认 brings it back.
//
// The data: the demo cases, plus two of the agent's own: one assessed under a
// 48-hour policy and then overdue by days (the widest 时效 text), one from
// the same customer (二次投诉, the widest case number cell), both with a
// landline and extension in full (the widest phone) and a summary whose
// matched words lie beyond its start.

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, stop, browser, byTestId, allByTestId, sel, click, textOf, typeInto, chooseOption, waitForText, screenshot } from './harness.mjs';
import { waitForExactText, createPerson, signInAs, PASSWORD, loadDemoData } from './desk.mjs';

const ADMIN = { name: '李晓燕', login: 'lixiaoyan' };
const AGENT = { name: '欧阳思远', login: 'ouyang', roles: ['客服专员'], department: '客服部' };
const CUSTOMER = { name: '欧阳娜娜', phone: '0755-21234567-8998' };
const FIRST =
  '客户于十一月二十日晚在三楼餐厅用餐，点了招牌红烧肉和清蒸鲈鱼，上菜后发现鲈鱼中有一根头发，服务员处理态度冷淡，客户要求退还全部餐费并书面道歉。';
const SECOND = '客户再次来电：上次反映的清蒸鲈鱼里有头发一事至今无人回复，情绪激动，要求主管出面处理。';
// Columns shown by default (sheetColumns.ts); 投诉内容概要 may end in "…".
const DEFAULT_COLUMNS = ['caseNo', 'receivedAt', 'due', 'customerName', 'customerPhone', 'causeType', 'severity', 'department', 'status', 'handler', 'content'];
const UNCUT = DEFAULT_COLUMNS.filter((k) => k !== 'content');
const CLOCK_FILE = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'complaintdesk-clock-')), 'offset');

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
  await screenshot(`sheet-columns-${stepNo}-end`).catch(() => {});
});

/**
 * The sheet as the DOM lays it out: each visible column's key, header text and
 * width, and every cell (header or body) of the given columns whose content
 * is wider than the cell, or a header taller than one line.
 */
async function layout(uncut) {
  return browser().execute((keys) => {
    const table = document.querySelector('.sheet');
    const box = table.getBoundingClientRect();
    const wrap = table.querySelector('.el-table__body-wrapper .el-scrollbar__wrap');
    const columns = [...table.querySelectorAll('.el-table__header th')].map((th) => {
      const key = [...th.classList].find((c) => c.startsWith('col-'))?.slice(4) ?? '';
      return { key, header: th.innerText.trim(), width: Math.round(th.getBoundingClientRect().width) };
    });
    // The widest content of each column (the cell's padding included), to
    // say how much room each one has to spare.
    const needs = {};
    for (const { key } of columns) {
      for (const cell of table.querySelectorAll(`.col-${key} > .cell`)) {
        const range = document.createRange();
        range.selectNodeContents(cell);
        const style = getComputedStyle(cell);
        const need = Math.ceil(range.getBoundingClientRect().width + parseFloat(style.paddingLeft) + parseFloat(style.paddingRight));
        needs[key] = Math.max(needs[key] ?? 0, need);
      }
    }
    const cut = [];
    for (const key of keys) {
      for (const cell of table.querySelectorAll(`.col-${key} > .cell`)) {
        const header = cell.parentElement.tagName === 'TH';
        const lineHeight = parseFloat(getComputedStyle(cell).lineHeight) || 23;
        if (cell.scrollWidth > cell.clientWidth || (header && cell.getBoundingClientRect().height > lineHeight * 1.5)) {
          cut.push({ key, header, text: cell.innerText.trim(), need: cell.scrollWidth, has: cell.clientWidth });
        }
      }
    }
    return {
      windowWidth: window.innerWidth,
      tableRight: Math.round(box.right),
      scrollsSideways: wrap ? wrap.scrollWidth > wrap.clientWidth + 1 : null,
      columns,
      needs,
      cut,
      rows: table.querySelectorAll('.el-table__body tr.el-table__row').length,
    };
  }, uncut);
}

/** Wait until the sheet is drawn for good: no loading mask, no tag still zooming in. */
async function settled() {
  await browser().waitUntil(
    async () =>
      browser().execute(() => !document.querySelector('.sheet .el-loading-mask, .sheet [class*="-enter-"], .sheet [class*="-leave-"]')),
    { timeout: 10_000, timeoutMsg: 'the sheet should settle' },
  );
}

async function assertUncut(what, t, keys = UNCUT) {
  await settled();
  const l = await layout(keys);
  t?.diagnostic(`${what}: ${l.columns.map((c) => `${c.key} ${l.needs[c.key]}/${c.width}`).join(', ')}`);
  assert.equal(l.windowWidth, 1280, 'the window should be 1280 pixels wide');
  assert.ok(l.rows > 0, `${what}: the sheet should show rows`);
  assert.deepEqual(
    l.columns.map((c) => c.key),
    DEFAULT_COLUMNS,
    `${what}: every default column should be shown, in order (${JSON.stringify(l.columns)})`,
  );
  assert.deepEqual(l.cut, [], `${what}: no header or value should be cut or wrapped`);
  assert.equal(l.scrollsSideways, false, `${what}: the sheet should not scroll sideways`);
  assert.ok(l.tableRight <= l.windowWidth, `${what}: the sheet should end inside the window (right edge ${l.tableRight})`);
  const summary = l.columns.find((c) => c.key === 'content');
  assert.ok(summary.width >= 120, `${what}: 投诉内容概要 should keep room to read, is ${summary.width} px`);
  return l;
}

async function total() {
  return Number((await byTestId('sheet-total').getText()).replace('+', '').trim());
}

async function goToSheet() {
  await click('nav-sheet');
  await byTestId('sheet-total').waitForDisplayed({ timeout: 10_000 });
}

/** Search the sheet and wait until it shows exactly `n` rows. */
async function searchFor(text, n) {
  await typeInto('sheet-search', text);
  await browser().waitUntil(async () => (await allByTestId('row-case-no')).length === n, {
    timeout: 15_000,
    interval: 150,
    timeoutMsg: `searching ${text} should leave ${n} rows`,
  });
}

async function register(content) {
  await click('nav-register');
  // The name before the phone: a known phone fills an empty name in (a
  // second time, were it typed meanwhile).
  await typeInto('field-customerName', CUSTOMER.name);
  await typeInto('field-customerPhone', CUSTOMER.phone);
  await typeInto('field-content', content);
  await typeInto('field-customerRequest', '退还餐费并书面道歉');
  await click('register-submit');
  await browser().waitUntil(async () => /^\d{4}-\d{4}$/.test(((await byTestId('detail-case-no').getText().catch(() => '')) || '').trim()), {
    timeout: 15_000,
    timeoutMsg: 'registering should open the case',
  });
  return textOf('detail-case-no');
}

async function chooseLocale(name) {
  await click('nav-settings');
  await chooseOption('settings-locale', name);
}

test('the demo data, an agent and a 48-hour reply policy', async () => {
  await byTestId('setup-admin-name').waitForDisplayed({ timeout: 30_000 });
  await typeInto('setup-admin-name', ADMIN.name);
  await typeInto('setup-admin-login', ADMIN.login);
  await typeInto('setup-admin-password', PASSWORD);
  await typeInto('setup-admin-password2', PASSWORD);
  await loadDemoData();
  await click('nav-admin');
  await createPerson(AGENT);
  await click('admin-tab-deadlines');
  await chooseOption('admin-org-type', '商场');
  await click('admin-org-save');
  await waitForText(sel('admin-policies-table'), '48小时内答复');
});

test('the agent registers a complaint, assesses it, and the customer calls again (二次投诉)', async () => {
  await signInAs(AGENT);
  const first = await register(FIRST);
  await click('action-assess');
  await chooseOption('assess-nature', '品质异常');
  await chooseOption('assess-cause', '出品质量');
  await click('assess-submit');
  await waitForExactText('detail-status', '已评估', 15_000);
  await waitForText(sel('detail-deadlines'), '答复客户');

  const second = await register(SECOND);
  assert.notEqual(second, first);
  // Days later the first case is well overdue: 时效 says "超时 10天12小时", as wide as it gets.
  fs.writeFileSync(CLOCK_FILE, '+300h');
  await goToSheet();
  await searchFor(CUSTOMER.name, 2);
  await browser().waitUntil(async () => (await allByTestId('row-repeat')).length === 1, {
    timeout: 10_000,
    timeoutMsg: 'the second case should be marked 二次投诉',
  });
  let dues = [];
  await browser().waitUntil(
    async () => {
      dues = [];
      for (const cell of await allByTestId('row-due')) dues.push(await browser().execute((e) => e.innerText.trim(), cell));
      return dues.some((d) => /超时 \d+天\d+小时/.test(d));
    },
    { timeout: 10_000, timeoutMsg: `the first case should be overdue by days (时效: ${JSON.stringify(dues)})` },
  );
});

test('at 1280×800 every default column is shown and no value or header is cut', async (t) => {
  await browser().setWindowSize(1280, 800);
  await browser().waitUntil(async () => (await browser().execute(() => window.innerWidth)) === 1280, {
    timeout: 10_000,
    timeoutMsg: 'the window should become 1280 pixels wide',
  });
  // The agent's two cases: 二次 tag, overdue 时效, a landline with its extension in full.
  await assertUncut('the agent’s cases', t);
  assert.equal(await textOf('row-phone'), CUSTOMER.phone);

  // A page of demo cases: every category, department, status and severity tag.
  await typeInto('sheet-search', '');
  await browser().waitUntil(async () => (await allByTestId('row-case-no')).length >= 20, {
    timeout: 15_000,
    timeoutMsg: 'a full page of cases',
  });
  await browser().waitUntil(async () => (await layout([])).rows >= 20, { timeout: 10_000 });
  await assertUncut('a page of demo cases', t);
  await screenshot('60-sheet-1280');
});

test('a search marks the matched words in 投诉内容概要, from just before the first one', async (t) => {
  // The customer's name too: demo cases may speak of 鲈鱼 and 头发 as well.
  await typeInto('sheet-search', `${CUSTOMER.name} 鲈鱼 头发`);
  // The marks come with the answer to this search (Rust's terms), not the last one.
  await browser().waitUntil(async () => (await allByTestId('row-content-hit')).length === 5, {
    timeout: 15_000,
    timeoutMsg: 'searching 鲈鱼 头发 should mark five words in the two summaries',
  });
  const cells = await allByTestId('row-content');
  const shown = [];
  for (const cell of cells) shown.push(await browser().execute((e) => e.innerText, cell));
  // Both summaries, shown from a little before their first 鲈鱼.
  for (const text of shown) assert.match(text, /^….{1,4}鲈鱼/, `the summary should start near the match: ${text}`);
  const marked = [];
  for (const m of await allByTestId('row-content-hit')) marked.push(await browser().execute((e) => e.innerText, m));
  // FIRST has 鲈鱼 twice and 头发 once, SECOND each once (newest first: SECOND's).
  assert.deepEqual(marked, ['鲈鱼', '头发', '鲈鱼', '鲈鱼', '头发']);
  const bg = await browser().execute((e) => getComputedStyle(e).backgroundColor, await byTestId('row-content-hit'));
  assert.notEqual(bg, 'rgba(0, 0, 0, 0)', 'a marked word should stand out');
  await assertUncut('the search result', t);
  await screenshot('61-sheet-search-marked');

  // The summary's whole text in its tooltip, not the snippet.
  await cells[0].moveTo();
  let tip = '';
  await browser().waitUntil(
    async () => {
      tip = await browser().execute(() => {
        const el = [...document.querySelectorAll('.sheet-summary-tip')].find((e) => e.getClientRects().length > 0);
        return el ? el.innerText.trim() : '';
      });
      return tip === SECOND;
    },
    { timeout: 10_000, timeoutMsg: `hovering the summary should show it whole (tooltip: ${JSON.stringify(tip)})` },
  );
  await screenshot('61a-sheet-summary-tooltip');
});

test('繁體中文 fits the same way; in English the headers stay whole on one line', async (t) => {
  await chooseLocale('繁體中文');
  await goToSheet();
  await waitForText('.sheet .el-table__header', '受理時間');
  await browser().waitUntil(async () => (await layout([])).rows >= 20, { timeout: 10_000 });
  await assertUncut('繁體中文', t);
  await screenshot('62-sheet-zh-TW');

  // English words are longer than the columns made for Chinese values (a
  // value may end in "…"), but no header is cut or wraps.
  await chooseLocale('English');
  await goToSheet();
  await waitForText('.sheet .el-table__header', 'Received');
  await settled();
  const l = await layout(UNCUT);
  assert.deepEqual(l.cut.filter((c) => c.header), [], 'English: no header should be cut or wrapped');
  assert.equal(l.columns.length, DEFAULT_COLUMNS.length);
  await screenshot('62-sheet-en');

  await chooseLocale('简体中文');
  await goToSheet();
  await waitForText('.sheet .el-table__header', '受理时间');
});

test('a column dragged wider keeps its width when the sheet is opened again', async () => {
  await searchFor(CUSTOMER.name, 2);
  const widthOf = (key) => browser().execute((k) => Math.round(document.querySelector(`.sheet th.col-${k}`).getBoundingClientRect().width), key);
  // No loading mask over the header to take the pointer.
  await settled();
  const before = await widthOf('customerName');
  // Drag the right border of 客户 40 pixels to the right.
  const edge = await browser().execute(() => {
    const r = document.querySelector('.sheet th.col-customerName').getBoundingClientRect();
    return { x: Math.round(r.right - 2), y: Math.round(r.top + r.height / 2) };
  });
  await browser()
    .action('pointer', { parameters: { pointerType: 'mouse' } })
    // Over the header first, then onto its border: Element Plus arms the drag on a move there.
    .move({ x: edge.x - 10, y: edge.y })
    .move({ x: edge.x, y: edge.y, duration: 50 })
    .down()
    .move({ x: edge.x + 20, y: edge.y, duration: 100 })
    .move({ x: edge.x + 40, y: edge.y, duration: 100 })
    .up()
    .perform();
  await browser().waitUntil(async () => (await widthOf('customerName')) >= before + 30, {
    timeout: 10_000,
    timeoutMsg: `客户 should be about 40 pixels wider than ${before}`,
  });
  const dragged = await widthOf('customerName');

  await click('nav-settings');
  await goToSheet();
  await browser().waitUntil(async () => (await widthOf('customerName')) === dragged, {
    timeout: 10_000,
    timeoutMsg: `客户 should open again at the dragged ${dragged} pixels`,
  });

  // 恢复默认 in the column chooser brings the default width back.
  await click('sheet-columns');
  await click('columns-reset');
  await browser().waitUntil(async () => (await widthOf('customerName')) === before, {
    timeout: 10_000,
    timeoutMsg: `客户 should be back at ${before} pixels after 恢复默认`,
  });
});
