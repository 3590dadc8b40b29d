// User story: the database file is damaged (or from another program). The
// app says so, shows the file's path, and never writes to it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, stop, byTestId, waitForText, screenshot } from './harness.mjs';

const GARBAGE = Buffer.from('这不是数据库。Quarterly notes, saved here by mistake.\n'.repeat(200));
let dbFile;

before(async () => {
  await start({
    prepare: (dir) => {
      dbFile = path.join(dir, 'complaintdesk.sqlite3');
      fs.writeFileSync(dbFile, GARBAGE);
    },
  });
});

after(async () => {
  await stop();
});

test('a file that is not a database is refused with a clear message and left untouched', async () => {
  await waitForText('[data-testid="startup-error"]', '无法打开', 20_000);
  const text = await byTestId('startup-error').getText();
  assert.ok(text.includes(dbFile), `the dialog names the file: ${text}`);
  await screenshot('20-bad-database');
  assert.deepEqual(fs.readFileSync(dbFile), GARBAGE, 'the file is byte-for-byte unchanged');
  assert.ok(!fs.existsSync(`${dbFile}-wal`), 'no WAL file was created beside it');
});
