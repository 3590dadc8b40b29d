// A throwaway PostgreSQL cluster for end-to-end tests of team mode: initdb in
// a temporary directory, password (scram) authentication on a free local TCP
// port, started and stopped with pg_ctl (as the postgres user when we are
// root: initdb refuses root). Needs the server binaries (Debian package
// postgresql); the service need not run.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The newest installed server's bin directory, or null when there is none. */
export function pgBinDir() {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')));
  versions.sort((a, b) => Number(a) - Number(b));
  return versions.length ? path.join(root, versions.at(-1), 'bin') : null;
}

const AS_ROOT = process.getuid?.() === 0;

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a cluster whose superuser is `user` with `password`, and creates the
 * empty database `dbname`. Returns { port, dbname, user, password, psql(sql),
 * stopServer(), startServer(), remove() }.
 */
export async function startCluster({ user, password, dbname = 'complaintdesk' }) {
  const bin = pgBinDir();
  if (!bin) throw new Error('pg-cluster: no PostgreSQL server binaries (apt-get install -y postgresql)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaintdesk-e2e-pg-'));
  const data = path.join(dir, 'data');
  const run = (name, args, env = {}) => {
    const cmd = path.join(bin, name);
    const [file, argv] = AS_ROOT ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
    return execFileSync(file, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  };
  fs.writeFileSync(path.join(dir, 'pw'), password + '\n');
  if (AS_ROOT) execFileSync('chown', ['-R', 'postgres', dir]);
  run('initdb', ['-D', data, '-E', 'UTF8', '--locale=C.UTF-8', '-A', 'scram-sha-256', `--pwfile=${path.join(dir, 'pw')}`, '-U', user]);
  const port = await freePort();
  const startServer = () =>
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
  const stopServer = () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  startServer();
  const client = ['-h', '127.0.0.1', '-p', String(port), '-U', user];
  run('createdb', [...client, dbname], { PGPASSWORD: password });
  return {
    port,
    dbname,
    user,
    password,
    /** Runs `sql` as one psql session (stops at the first error) and returns its unaligned output. */
    psql: (sql) => run('psql', [...client, '-d', dbname, '-X', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-c', sql], { PGPASSWORD: password }).trim(),
    stopServer,
    startServer,
    remove() {
      try {
        stopServer();
      } catch {
        /* already stopped */
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * A `prepare` for the harness's start(): the desk's data directory names the
 * cluster as its database, with the password in the user-only file (the app
 * is told not to use the system credential store, which Xvfb has none of).
 */
export function serverDesk(cluster) {
  return (dir) => {
    const server = { hosts: ['127.0.0.1'], port: cluster.port, dbname: cluster.dbname, user: cluster.user, tls: 'disable', caCert: null };
    fs.writeFileSync(path.join(dir, 'database.json'), JSON.stringify({ mode: 'server', server }, null, 2) + '\n');
    const account = `${cluster.user}@127.0.0.1:${cluster.port}/${cluster.dbname}`;
    fs.writeFileSync(path.join(dir, 'database-password'), JSON.stringify({ account, password: cluster.password }), { mode: 0o600 });
  };
}

/** The environment a server desk runs with. */
export const SERVER_DESK_ENV = { COMPLAINTDESK_NO_KEYRING: '1' };
