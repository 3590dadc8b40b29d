// Steps several end-to-end stories share: setting up the administrator,
// creating people in 系统管理, signing in as someone, waiting for a text.

import assert from 'node:assert/strict';
import { browser, byTestId, allByTestId, sel, click, press, typeInto, chooseOption, waitForText } from './harness.mjs';

export const PASSWORD = 'kefu-2026!';
/** What each person chooses at his first sign-in (the admin's password is a temporary one). */
export const OWN_PASSWORD = 'kefu-2026-own!';

/** Each login's password now: the admin's temporary one until its owner chose his own. */
const passwords = new Map();
const passwordOf = (login) => passwords.get(login) ?? PASSWORD;

/**
 * Types `who`'s login and password into the sign-in screen and submits; at
 * a first sign-in (temporary password) chooses his own password on the
 * screen that asks for it. Ends when the app shows him signed in.
 */
export async function submitSignIn(who) {
  await typeInto('signin-login', who.login);
  await typeInto('signin-password', passwordOf(who.login));
  await click('signin-submit');
  let forced = false;
  await browser().waitUntil(
    async () => {
      if (await byTestId('password-forced').isDisplayed().catch(() => false)) {
        forced = true;
        return true;
      }
      return ((await byTestId('nav-user').getText().catch(() => '')) || '').trim() === who.name;
    },
    { timeout: 30_000, interval: 150, timeoutMsg: `${who.login} should be signed in` },
  );
  if (!forced) return;
  await typeInto('password-old', passwordOf(who.login));
  await typeInto('password-new', OWN_PASSWORD);
  await typeInto('password-new2', OWN_PASSWORD);
  await click('password-save');
  await waitForExactText('nav-user', who.name, 30_000);
  passwords.set(who.login, OWN_PASSWORD);
}

/** Wait until `[data-testid=id]` shows exactly `expected` (trimmed). */
export async function waitForExactText(id, expected, timeout = 10_000) {
  let last = '';
  await browser().waitUntil(
    async () => {
      const el = byTestId(id);
      if (!(await el.isExisting())) return false;
      last = (await el.getText()).trim();
      return last === expected;
    },
    { timeout, interval: 100, timeoutMsg: `${id} should show ${JSON.stringify(expected)}, shows ${JSON.stringify(last)}` },
  );
}

/** Tick the el-checkbox labelled `label` inside `[data-testid=testid]`. */
export async function tick(testid, label) {
  const boxes = await byTestId(testid).$$('.el-checkbox');
  for (const box of boxes) {
    if ((await box.getText()).trim() === label) {
      await press(box, { what: label });
      return;
    }
  }
  throw new Error(`tick(${testid}): no checkbox labelled ${label}`);
}

/**
 * 审批通过 above the admin's amount (¥10,000 unless set) asks once more:
 * waits for that confirmation, checks it names `amount`, and confirms.
 */
export async function confirmApproval(amount) {
  const text = await waitForText('.approve-confirm', amount, 15_000);
  if (!text.includes('确定审批通过')) throw new Error(`confirmApproval: unexpected text ${text}`);
  await press(await browser().$('.approve-confirm .el-message-box__btns .el-button--primary'), { what: '确认审批通过' });
}

/** First start: set up the administrator `who` and start with an empty database. */
export async function setUpAdmin(who) {
  await byTestId('setup-admin-name').waitForDisplayed({ timeout: 30_000 });
  await typeInto('setup-admin-name', who.name);
  await typeInto('setup-admin-login', who.login);
  await typeInto('setup-admin-password', PASSWORD);
  await typeInto('setup-admin-password2', PASSWORD);
  await click('setup-start-empty');
  await waitForExactText('nav-user', who.name, 15_000);
}

/** 系统管理 → 人员 → 新建人员 {name, login, roles: [labels], department: label | null}. */
export async function createPerson(p) {
  await click('admin-user-new');
  await typeInto('admin-user-name', p.name);
  await typeInto('admin-user-login', p.login);
  await typeInto('admin-user-password', PASSWORD);
  for (const role of p.roles) await tick('admin-user-roles', role);
  if (p.department) await chooseOption('admin-user-department', p.department);
  await click('admin-user-submit');
  await byTestId('admin-user-submit').waitForDisplayed({ reverse: true, timeout: 10_000 });
  await waitForText(sel('admin-users-table'), p.login);
}

/** Sign out whoever is signed in, and sign `who` in through the sign-in screen. */
export async function signInAs(who) {
  await click('nav-sign-out');
  await byTestId('signin-password').waitForDisplayed({ timeout: 10_000 });
  await submitSignIn(who);
}

/**
 * Opens case `caseNo` by clicking its number among `[data-testid=rowId]`
 * (the sheet's `row-case-no` by default; inside `[data-testid=within]` when
 * given) until 案件详情 shows it. A click
 * may be swallowed by a loading mask drawn over the row, or refused as
 * intercepted; either way the row is clicked again, until the detail is up.
 */
export async function openCaseRow(caseNo, { within = null, rowId = 'row-case-no', timeout = 30_000 } = {}) {
  await browser().waitUntil(
    async () => {
      const shown = await byTestId('detail-case-no').getText().catch(() => '');
      if (shown.trim() === caseNo) return true;
      try {
        const rows = within ? await byTestId(within).$$(sel(rowId)) : await browser().$$(sel(rowId));
        for (const row of rows) {
          if ((await row.getText()).trim() === caseNo) {
            await row.click();
            break;
          }
        }
      } catch {
        /* intercepted, or the row went as the page changed: look again */
      }
      return false;
    },
    { timeout, interval: 400, timeoutMsg: `the case ${caseNo} should open from its row` },
  );
}

/** Wait until 案件详情 shows the case at status `label`. */
export async function waitForStatus(label) {
  await waitForExactText('detail-status', label, 15_000);
}

/** Open case `caseNo` from the tracking sheet, by typing its number into the search box. */
export async function openCaseFromSheet(caseNo) {
  await click('nav-sheet');
  await typeInto('sheet-search', caseNo);
  await browser().waitUntil(
    async () => {
      const rows = await allByTestId('row-case-no');
      return rows.length === 1 && (await rows[0].getText()).trim() === caseNo;
    },
    { timeout: 10_000, interval: 150, timeoutMsg: `the sheet should show only ${caseNo}` },
  );
  await openCaseRow(caseNo);
}

/** Sign out, and sign in as the demo person `name` by clicking his row in the demo list. */
export async function signInAsDemoPerson(name) {
  await click('nav-sign-out');
  await waitForText(sel('demo-accounts'), name, 15_000);
  const rows = await browser().$$(`${sel('demo-accounts-table')} .el-table__body tr`);
  let row = null;
  for (const r of rows) {
    if ((await browser().execute((e) => e.innerText, r)).includes(name)) row = r;
  }
  assert.ok(row, `${name} is in the demo list`);
  // A table row is not clickable as such in WebKit: click the login in it.
  const login = await row.$('[data-testid="demo-login"]');
  await login.scrollIntoView({ block: 'center' });
  await press(login, { what: name });
  await click('signin-submit');
  await waitForExactText('nav-user', name, 30_000);
}

/** How long 载入演示数据 may take: it walks 360 cases through their steps,
 * which on a machine whose cores are busy with other work takes minutes.
 * The wait ends as soon as the sheet shows the cases. */
export const DEMO_LOAD_TIMEOUT = 240_000;

/** Clicks 载入演示数据 on the first-start screen and waits until the sheet counts the demo's cases. */
export async function loadDemoData() {
  await click('setup-load-demo');
  let shown = '';
  await browser().waitUntil(
    async () => {
      shown = await byTestId('sheet-total').getText().catch(() => '');
      return Number(shown.replace('+', '').trim()) >= 300;
    },
    { timeout: DEMO_LOAD_TIMEOUT, interval: 250, timeoutMsg: `the demo cases should fill the sheet (its total shows "${shown}")` },
  );
}
