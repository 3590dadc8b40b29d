#!/usr/bin/env node
// `npm run app`: install what the app needs and start it (`tauri dev`, the
// embedded SQLite database in the default data directory).
//
// Plain Node, no npm dependencies, so it runs before `npm ci`.
//
// Prerequisites per platform:
//   Linux (Debian/Ubuntu): Rust (rustup), Node 20+, and the packages
//     libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev.
//     This script installs the packages itself when run as root and prints the
//     exact `sudo apt-get install -y …` line otherwise.
//     Other distributions: see https://v2.tauri.app/start/prerequisites/
//   Windows: Rust (rustup, MSVC toolchain with the "Desktop development with
//     C++" Build Tools), Node 20+, and the WebView2 runtime (preinstalled on
//     Windows 10 21H2+/11; otherwise https://developer.microsoft.com/microsoft-edge/webview2/).
//   macOS: Rust (rustup), Node 20+, and the Xcode Command Line Tools
//     (`xcode-select --install`).
//
// Extra arguments are passed to `tauri dev`, e.g. `npm run app -- --release`.

import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const IS_WIN = process.platform === 'win32';
const LINUX_PACKAGES = ['libwebkit2gtk-4.1-dev', 'build-essential', 'pkg-config', 'libssl-dev'];

function say(msg) {
  console.log(`[app] ${msg}`);
}

function fail(msg) {
  console.error(`\n[app] ${msg}\n`);
  process.exit(1);
}

/** Run a command synchronously; `shell` on Windows so npm.cmd / npx.cmd resolve. */
function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { cwd: ROOT, shell: IS_WIN, ...opts });
}

function works(cmd, args = ['--version']) {
  const r = run(cmd, args, { stdio: 'ignore' });
  return !r.error && r.status === 0;
}

// ---------------------------------------------------------------- Node
const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 20) {
  fail(`Node ${process.versions.node} is too old: install Node 20 or newer (https://nodejs.org, or nvm: \`nvm install 20\`).`);
}

// ---------------------------------------------------------------- Linux packages
if (process.platform === 'linux') {
  if (works('dpkg-query', ['--version'])) {
    const missing = LINUX_PACKAGES.filter((pkg) => {
      const r = run('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
      return r.status !== 0 || !String(r.stdout).includes('install ok installed');
    });
    if (missing.length > 0) {
      const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
      if (isRoot) {
        say(`installing system packages: ${missing.join(' ')}`);
        const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
        const lock = ['-o', 'DPkg::Lock::Timeout=600'];
        for (const args of [[...lock, 'update'], [...lock, 'install', '-y', ...missing]]) {
          const r = run('apt-get', args, { stdio: 'inherit', env });
          if (r.status !== 0) fail(`apt-get ${args.join(' ')} failed.`);
        }
      } else {
        fail(
          'Missing system packages. Install them with:\n\n' +
            `    sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}\n\n` +
            'then run `npm run app` again.',
        );
      }
    } else {
      say('system packages: ok');
    }
  } else {
    say(
      'not a Debian/Ubuntu system: make sure WebKitGTK 4.1 (dev), a C toolchain, pkg-config and OpenSSL (dev) ' +
        'are installed, see https://v2.tauri.app/start/prerequisites/',
    );
  }
}

// ---------------------------------------------------------------- Rust
if (!works('cargo')) {
  fail(
    'Rust (cargo) was not found. Install it with rustup:\n\n' +
      (IS_WIN
        ? '    winget install Rustlang.Rustup   (or https://rustup.rs)\n'
        : "    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh\n") +
      '\nthen open a new terminal (or `source ~/.cargo/env`) and run `npm run app` again.',
  );
}
say('cargo: ok');

// ---------------------------------------------------------------- npm dependencies
const lock = path.join(ROOT, 'package-lock.json');
const marker = path.join(ROOT, 'node_modules', '.package-lock.json'); // written by every npm install
function mtime(p) {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return null;
  }
}
const hasLock = mtime(lock) !== null;
const installed = mtime(marker) ?? mtime(path.join(ROOT, 'node_modules'));
if (installed === null || (hasLock && mtime(lock) > installed)) {
  const args = hasLock ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  say(`npm ${args[0]} …`);
  const r = run('npm', args, { stdio: 'inherit' });
  if (r.status !== 0) fail(`npm ${args[0]} failed.`);
} else {
  say('node_modules: up to date');
}

// ---------------------------------------------------------------- tauri dev
say('starting: npx tauri dev (the first build compiles the Rust app and takes a few minutes)');
const child = spawn('npx', ['tauri', 'dev', ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  shell: IS_WIN,
});
// Ctrl-C reaches the whole process group: just wait for tauri to finish.
// A SIGTERM sent to this script alone is passed on.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('error', (err) => fail(`could not start npx tauri dev: ${err.message}`));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
