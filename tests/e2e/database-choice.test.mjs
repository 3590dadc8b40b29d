// User story: on a new desk's very first start (an empty data directory) the
// app first asks which database to use. Choosing 本机数据库 creates the SQLite
// file, remembers the choice in database.json and leads to the first-admin
// set-up; the server form is there too, and 测试连接 answers with the exact
// reason a server cannot be reached.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, stop, byTestId, click, typeInto, waitForText, screenshot, currentDataDir } from './harness.mjs';

before(async () => {
  // An empty data dir: no database.json, no SQLite file.
  await start({ database: null });
});

after(async () => {
  await stop();
});

test('an empty data dir shows the choice of database first, creating nothing', async () => {
  // The first window can take a while on a cold CI machine.
  await byTestId('choose-database').waitForDisplayed({ timeout: 30_000 });
  await waitForText('[data-testid="choose-database"]', '本机数据库（只在这台电脑上使用）');
  await waitForText('[data-testid="choose-database"]', '连接服务器（部门共用）');
  assert.equal(await byTestId('setup-admin-name').isExisting(), false, 'no first-admin set-up yet');
  const dir = currentDataDir();
  assert.ok(!fs.existsSync(path.join(dir, 'complaintdesk.sqlite3')), 'no database file before the choice');
  assert.ok(!fs.existsSync(path.join(dir, 'database.json')), 'no choice saved before the choice');
  await screenshot('00-choose-database');
});

test('连接服务器 shows the form; 测试连接 to a port where nothing listens says the server refused', async () => {
  await click('db-choose-server');
  await byTestId('db-hosts').waitForDisplayed();
  await typeInto('db-hosts', '127.0.0.1');
  // Port 9: nothing listens there on a test machine.
  await typeInto('db-port', '9');
  await typeInto('db-user', 'kesu');
  await click('db-test');
  const text = await waitForText('[data-testid="db-test-result"]', '127.0.0.1:9/complaintdesk', 20_000);
  assert.match(text, /拒绝连接|无法连接/, `the failure is named: ${text}`);
  await screenshot('00-choose-database-server-test');
  assert.ok(!fs.existsSync(path.join(currentDataDir(), 'database.json')), 'a test saves nothing');
});

test('本机数据库 creates the local database and leads to the first-admin set-up', async () => {
  await click('db-choose-local');
  await byTestId('setup-admin-name').waitForDisplayed({ timeout: 20_000 });
  assert.equal(await byTestId('choose-database').isExisting(), false);
  const dir = currentDataDir();
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'database.json'), 'utf8')), { mode: 'local' });
  assert.ok(fs.existsSync(path.join(dir, 'complaintdesk.sqlite3')), 'the SQLite file exists now');
  assert.ok(!fs.existsSync(path.join(dir, 'database-password')), 'no password file for a local database');
});
