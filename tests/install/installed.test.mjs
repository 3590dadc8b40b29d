// The Linux package as staff get it (issue 14, item 1): `.ci/test.sh` builds
// the .deb, installs it with dpkg -i and runs this file against the
// installed binary (COMPLAINTDESK_APP=/usr/bin/complaintdesk), then removes
// the package. The installed app must start to its first-start screen.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { execFileSync } from 'node:child_process';
import { start, stop, byTestId, click, waitForText, screenshot, browser } from '../e2e/harness.mjs';

const INSTALLED = '/usr/bin/complaintdesk';

before(async () => {
  assert.equal(process.env.COMPLAINTDESK_APP, INSTALLED, 'this test drives the installed binary');
  // An empty data dir, as on a desk where 客诉台 was just installed.
  await start({ database: null });
});

after(async () => {
  await stop();
});

test('the package installed the app where the menu finds it', () => {
  const owner = execFileSync('dpkg', ['-S', INSTALLED], { encoding: 'utf8' });
  assert.match(owner, /^complaintdesk: /, `dpkg knows the binary as the package's: ${owner}`);
  const entry = fs.readFileSync('/usr/share/applications/complaintdesk.desktop', 'utf8');
  assert.match(entry, /^Name=客诉台$/m);
  assert.match(entry, /^Exec=complaintdesk$/m);
  assert.ok(fs.existsSync('/usr/share/icons/hicolor/128x128/apps/complaintdesk.png'), 'the icon is installed');
});

test('the installed app starts to the choice of database, and 本机数据库 leads to the first-admin set-up', async () => {
  await byTestId('choose-database').waitForDisplayed({ timeout: 60_000 });
  await waitForText('[data-testid="choose-database"]', '本机数据库');
  assert.equal(await browser().getTitle(), '客诉台 ComplaintDesk');
  await screenshot('90-installed-first-start');
  await click('db-choose-local');
  await byTestId('setup-admin-name').waitForDisplayed({ timeout: 30_000 });
});
