// User story: a department shares one server database. On a new desk the
// user chooses 连接服务器, 测试连接 names a wrong password exactly, 连接 sets
// up the empty server database and leads to the first-admin set-up there;
// 设置 shows the server. The desk remembers the server in database.json (the
// password in the system credential store, or — as under Xvfb, with no
// Secret Service — in a user-only file, with a warning), so a desk that
// starts with that database.json opens the server and asks to sign in.
//
// Needs the PostgreSQL server binaries (Debian package postgresql; the
// service need not run): a throwaway cluster with password authentication
// is started on a free local TCP port. Without them the test is skipped.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, stop, byTestId, click, typeInto, chooseOption, waitForText, screenshot, currentDataDir } from './harness.mjs';
import { pgBinDir, startCluster } from './pg-cluster.mjs';

const PG_USER = 'kesu';
const PG_PASSWORD = 'pg-secret-2026';
const ADMIN = { name: '李主任', login: 'lizhuren', password: 'kefu-2026!' };

const BIN = pgBinDir();
let cluster = null;
let port = 0;
let saved = null; // database.json and the password file of the first desk

before(async () => {
  if (!BIN) return;
  cluster = await startCluster({ user: PG_USER, password: PG_PASSWORD });
  port = cluster.port;
});

after(async () => {
  await stop();
  cluster?.remove();
});

test('连接服务器: a wrong password is named, 连接 sets up the server database and the first admin', { skip: !BIN && 'no PostgreSQL server binaries' }, async () => {
  await start({ database: null });
  await byTestId('choose-database').waitForDisplayed({ timeout: 30_000 });
  await click('db-choose-server');
  await typeInto('db-hosts', '127.0.0.1');
  await typeInto('db-port', String(port));
  await typeInto('db-user', PG_USER);
  await typeInto('db-password', 'not-the-password');
  await chooseOption('db-tls', '不加密');
  await click('db-test');
  await waitForText('[data-testid="db-test-result"]', '用户名或密码错误', 20_000);

  await typeInto('db-password', PG_PASSWORD);
  await click('db-test');
  await waitForText('[data-testid="db-test-result"]', '连接成功', 20_000);
  await click('db-connect');
  await byTestId('setup-admin-name').waitForDisplayed({ timeout: 20_000 });
  await typeInto('setup-admin-name', ADMIN.name);
  await typeInto('setup-admin-login', ADMIN.login);
  await typeInto('setup-admin-password', ADMIN.password);
  await typeInto('setup-admin-password2', ADMIN.password);
  await click('setup-start-empty');
  await byTestId('sheet-total').waitForDisplayed({ timeout: 20_000 });

  const dir = currentDataDir();
  assert.ok(!fs.existsSync(path.join(dir, 'complaintdesk.sqlite3')), 'no local database file');
  const json = fs.readFileSync(path.join(dir, 'database.json'), 'utf8');
  assert.deepEqual(JSON.parse(json), {
    mode: 'server',
    server: { hosts: ['127.0.0.1'], port, dbname: 'complaintdesk', user: PG_USER, tls: 'disable', caCert: null },
  });
  assert.ok(!json.includes(PG_PASSWORD), 'database.json never holds the password');
  const pwFile = path.join(dir, 'database-password');
  saved = { json, pw: fs.existsSync(pwFile) ? fs.readFileSync(pwFile, 'utf8') : null };

  await click('nav-settings');
  await waitForText('[data-testid="settings-database"]', `服务器 127.0.0.1:${port}/complaintdesk`);
  if (saved.pw !== null) {
    assert.equal(fs.statSync(pwFile).mode & 0o777, 0o600, 'the password file is readable only by the user');
    await waitForText('[data-testid="settings-password-warning"]', '数据库密码保存在本机文件中（系统凭据存储不可用）');
  }
  assert.ok(await byTestId('settings-database-change').isDisplayed(), 'the admin may change the database');
  await byTestId('settings-database-card').scrollIntoView();
  await screenshot('05-settings-server-database');
  await stop();
});

test('a desk whose database.json names the server opens it and asks to sign in', { skip: !BIN && 'no PostgreSQL server binaries' }, async () => {
  assert.ok(saved, 'needs the desk set up by the previous test');
  await start({
    database: null,
    prepare: (dir) => {
      fs.writeFileSync(path.join(dir, 'database.json'), saved.json);
      // Without a password file the password is in the system credential store, for this user.
      if (saved.pw !== null) fs.writeFileSync(path.join(dir, 'database-password'), saved.pw, { mode: 0o600 });
    },
  });
  await byTestId('signin-login').waitForDisplayed({ timeout: 30_000 });
  await typeInto('signin-login', ADMIN.login);
  await typeInto('signin-password', ADMIN.password);
  await click('signin-submit');
  // Signing in checks the argon2 hash: slow in a debug build on a busy machine.
  await click('nav-settings', 30_000);
  await waitForText('[data-testid="settings-database"]', `服务器 127.0.0.1:${port}/complaintdesk`);
});
