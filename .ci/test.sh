#!/usr/bin/env bash
# `npm test`: the one command that runs every test of ComplaintDesk.
#
#   1. system packages (Debian/Ubuntu): installed when run as root, otherwise
#      the exact apt-get line is printed and the script stops
#   2. npm ci
#   3. tauri-driver 2.x (cargo install, once)
#   4. Rust core tests        cargo test -p complaintdesk-core
#   5. contract tests on PostgreSQL
#                             COMPLAINTDESK_TEST_BACKEND=postgres
#                             cargo test -p complaintdesk-core --test '*'
#   6. PostgreSQL store tests cargo test -p complaintdesk-postgres
#   7. UI type check + tests  vue-tsc, vitest
#   8. app binary for E2E     npx tauri build --debug --bundles deb (the binary and its .deb),
#                             then the shell's tests: cargo test -p complaintdesk
#   9. end to end             xvfb-run … npm run e2e -w tests
#  10. the .deb               dpkg -i, the installed app to its first screen, dpkg -r
#
# Test steps keep going after a failure so one run shows every failure; the
# last line is "N passed, N failed" and the exit status is non-zero if
# anything failed. Logs: target/ci-logs/. Screenshots: tests/artifacts/.
# End-to-end tests need Linux (tauri-driver has no macOS support); elsewhere
# steps 1, 3, 8, 9 and 10 are skipped. Steps 5 and 6 start their own throwaway
# PostgreSQL server (the postgresql package's binaries; no service needed).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export FORCE_COLOR=0 NO_COLOR=1 CARGO_TERM_COLOR=never

SYSTEM_PACKAGES=(libwebkit2gtk-4.1-dev build-essential pkg-config libssl-dev xvfb xauth webkit2gtk-driver poppler-utils unzip postgresql)
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
APP_BIN="$TARGET_DIR/debug/complaintdesk"
LOG_DIR="$TARGET_DIR/ci-logs"
mkdir -p "$LOG_DIR"

IS_LINUX=0
[ "$(uname -s)" = Linux ] && IS_LINUX=1

PASSED=0
FAILED=0
FAILED_STEPS=()
STEP_NO=0
T0=$SECONDS

heading() {
  STEP_NO=$((STEP_NO + 1))
  printf '\n==================================================================\n'
  printf '== %d. %s\n' "$STEP_NO" "$1"
  printf '==================================================================\n'
}

elapsed() { printf '   (%ds)\n' "$((SECONDS - $1))"; }

strip_ansi() { sed -E 's/\x1b\[[0-9;?]*[A-Za-z]//g' "$1"; }

# run LOG CMD...: run a command with its output shown and kept in LOG; returns its status.
run() {
  local log="$1"
  shift
  set +e
  "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]}
  set -e
  return "$rc"
}

# count NAME RC PASSED FAILED: add a runner's counts; a failed runner with no
# parsed failure (compile error, crash) still counts as one failure.
count() {
  local name="$1" rc="$2" p="${3:-0}" f="${4:-0}"
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  PASSED=$((PASSED + p))
  FAILED=$((FAILED + f))
  if [ "$rc" -ne 0 ]; then FAILED_STEPS+=("$name"); fi
  printf '   %s: %d passed, %d failed (exit %d)\n' "$name" "$p" "$f" "$rc"
}

# Sum "N passed; M failed" over every "test result:" line of cargo test.
cargo_counts() {
  strip_ansi "$1" | awk '/^test result:/ {
      for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i }
    } END { printf "%d %d\n", p, f }'
}

# vitest: " Tests  1 failed | 11 passed (12)".
vitest_counts() {
  local line
  line="$(strip_ansi "$1" | grep -E '^[[:space:]]*Tests[[:space:]]' | tail -n1 || true)"
  local p f
  p="$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+' || true)"
  f="$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+' || true)"
  echo "${p:-0} ${f:-0}"
}

# node --test: "# pass N" / "# fail N" (TAP) or "ℹ pass N" / "ℹ fail N" (spec); cancelled counts as failed.
node_counts() {
  strip_ansi "$1" | awk '
    /^(# |ℹ )pass [0-9]+$/      { p += $NF }
    /^(# |ℹ )fail [0-9]+$/      { f += $NF }
    /^(# |ℹ )cancelled [0-9]+$/ { f += $NF }
    END { printf "%d %d\n", p, f }'
}

# ------------------------------------------------------------------ 1. system packages
if [ "$IS_LINUX" = 1 ]; then
  heading "System packages (${SYSTEM_PACKAGES[*]})"
  t=$SECONDS
  if command -v dpkg-query >/dev/null 2>&1; then
    missing=()
    for pkg in "${SYSTEM_PACKAGES[@]}"; do
      if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
        missing+=("$pkg")
      fi
    done
    if [ "${#missing[@]}" -eq 0 ]; then
      echo "   all installed"
    elif [ "$(id -u)" -eq 0 ]; then
      echo "   installing: ${missing[*]}"
      export DEBIAN_FRONTEND=noninteractive
      apt-get -o DPkg::Lock::Timeout=600 update
      apt-get -o DPkg::Lock::Timeout=600 install -y "${missing[@]}"
    else
      echo "Missing system packages. Install them with:" >&2
      echo "" >&2
      echo "    sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
      echo "" >&2
      exit 1
    fi
  else
    echo "   not a Debian/Ubuntu system: make sure the equivalents of these are installed:"
    echo "   ${SYSTEM_PACKAGES[*]}"
  fi
  elapsed "$t"
fi

for tool in cargo node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "error: $tool not found. Rust: https://rustup.rs  Node 20: https://nodejs.org" >&2
    exit 1
  fi
done

# ------------------------------------------------------------------ 2. npm ci
heading "npm ci"
t=$SECONDS
npm ci --no-audit --no-fund
elapsed "$t"

# ------------------------------------------------------------------ 3. tauri-driver
if [ "$IS_LINUX" = 1 ]; then
  heading "tauri-driver 2.x"
  t=$SECONDS
  # tauri-driver 2.1 has no --version flag: ask cargo what it installed.
  if command -v tauri-driver >/dev/null 2>&1 && cargo install --list 2>/dev/null | grep -qE '^tauri-driver v2\.'; then
    echo "   $(cargo install --list | grep -E '^tauri-driver v2\.' | tr -d ':')"
  else
    cargo install tauri-driver --version '^2' --locked
  fi
  elapsed "$t"
fi

# ------------------------------------------------------------------ 4. Rust core tests
heading "Rust core tests: cargo test -p complaintdesk-core"
t=$SECONDS
log="$LOG_DIR/cargo-test.log"
rc=0
run "$log" cargo test -p complaintdesk-core || rc=$?
read -r p f < <(cargo_counts "$log")
count "cargo test" "$rc" "$p" "$f"
elapsed "$t"

# ------------------------------------------------------------------ 5. contract tests on PostgreSQL
# The core's integration tests (the repository contract) again, on the
# PostgreSQL store; --test '*' leaves out the unit tests step 4 ran.
heading "Rust contract tests on PostgreSQL: COMPLAINTDESK_TEST_BACKEND=postgres cargo test -p complaintdesk-core --test '*'"
t=$SECONDS
log="$LOG_DIR/cargo-test-postgres-contract.log"
rc=0
run "$log" env COMPLAINTDESK_TEST_BACKEND=postgres cargo test -p complaintdesk-core --test '*' || rc=$?
read -r p f < <(cargo_counts "$log")
count "contract tests (postgres)" "$rc" "$p" "$f"
elapsed "$t"

# ------------------------------------------------------------------ 6. PostgreSQL store tests
heading "PostgreSQL store tests: cargo test -p complaintdesk-postgres"
t=$SECONDS
log="$LOG_DIR/cargo-test-postgres.log"
rc=0
run "$log" cargo test -p complaintdesk-postgres || rc=$?
read -r p f < <(cargo_counts "$log")
count "cargo test postgres" "$rc" "$p" "$f"
elapsed "$t"

# ------------------------------------------------------------------ 7. UI
heading "UI: type check (vue-tsc) and unit tests (vitest)"
t=$SECONDS
if [ -f ui/tsconfig.json ]; then
  rc=0
  run "$LOG_DIR/vue-tsc.log" npx vue-tsc --noEmit -p ui || rc=$?
  count "vue-tsc" "$rc" 0 0
fi
log="$LOG_DIR/vitest.log"
rc=0
run "$log" npm test -w ui || rc=$?
read -r p f < <(vitest_counts "$log")
count "vitest" "$rc" "$p" "$f"
elapsed "$t"

if [ "$IS_LINUX" = 1 ]; then
  # ---------------------------------------------------------------- 8. app binary
  heading "App binary and .deb: npx tauri build --debug --bundles deb; the shell's tests"
  t=$SECONDS
  rc=0
  run "$LOG_DIR/tauri-build.log" npx tauri build --debug --bundles deb || rc=$?
  if [ "$rc" -eq 0 ] && [ ! -x "$APP_BIN" ]; then
    echo "error: the build succeeded but $APP_BIN does not exist" >&2
    rc=1
  fi
  BUILD_OK=0
  if [ "$rc" -eq 0 ]; then BUILD_OK=1; else count "tauri build" "$rc" 0 1; fi
  # The shell's own unit tests (data folder, credentials, log, single
  # instance) need the built ui/dist its context embeds, so they come here.
  if [ "$BUILD_OK" = 1 ]; then
    log="$LOG_DIR/cargo-test-shell.log"
    rc=0
    run "$log" cargo test -p complaintdesk || rc=$?
    read -r p f < <(cargo_counts "$log")
    count "cargo test shell" "$rc" "$p" "$f"
  fi
  elapsed "$t"

  # ---------------------------------------------------------------- 9. end to end
  heading "End to end: xvfb-run npm run e2e -w tests"
  t=$SECONDS
  if [ "$BUILD_OK" = 1 ]; then
    log="$LOG_DIR/e2e.log"
    rc=0
    export COMPLAINTDESK_APP="$APP_BIN"
    run "$log" xvfb-run -a -s "-screen 0 1280x1024x24" npm run e2e -w tests || rc=$?
    read -r p f < <(node_counts "$log")
    count "e2e" "$rc" "$p" "$f"
    echo "   screenshots: $ROOT/tests/artifacts/"
    if [ "$rc" -ne 0 ]; then
      # What the driver, WebKit and the app said when a window was lost:
      # the log file stays in the clone, but CI's output is what is kept.
      echo "   tauri-driver.log, its last errors:"
      grep -a -i -E "crash|panic|terminat|signal|abort|error|=== " "$ROOT/tests/artifacts/tauri-driver.log" | tail -n 80 | sed 's/^/     /' || true
    fi
  else
    echo "   skipped: the app binary did not build"
  fi
  elapsed "$t"

  # ---------------------------------------------------------------- 10. the .deb installed
  heading "The .deb as staff get it: dpkg -i, start the installed app, dpkg -r"
  t=$SECONDS
  DEB="$(ls "$TARGET_DIR"/debug/bundle/deb/complaintdesk_*_amd64.deb 2>/dev/null | head -n 1 || true)"
  if [ "$BUILD_OK" != 1 ] || [ -z "$DEB" ]; then
    echo "   skipped: the .deb did not build"
    [ "$BUILD_OK" = 1 ] && count "deb" 1 0 1
  elif [ "$(id -u)" != 0 ]; then
    echo "   skipped: dpkg -i needs root (run: sudo dpkg -i $DEB)"
  else
    log="$LOG_DIR/deb.log"
    rc=0
    # The package is removed again whatever the test says. The machine has
    # one /usr/bin/complaintdesk: two runs at once take turns (flock).
    run "$log" flock /tmp/complaintdesk-deb.lock bash -c 'dpkg -i "$1" && COMPLAINTDESK_APP=/usr/bin/complaintdesk xvfb-run -a -s "-screen 0 1280x1024x24" npm run installed -w tests; r=$?; dpkg -r complaintdesk; exit $r' _ "$DEB" || rc=$?
    read -r p f < <(node_counts "$log")
    count "deb" "$rc" "$p" "$f"
  fi
  elapsed "$t"
else
  heading "End to end"
  echo "   skipped: tauri-driver end-to-end tests run on Linux only"
fi

# ------------------------------------------------------------------ summary
printf '\n==================================================================\n'
printf '== Summary (%d min %d s)\n' "$(((SECONDS - T0) / 60))" "$(((SECONDS - T0) % 60))"
if [ "${#FAILED_STEPS[@]}" -gt 0 ]; then
  echo "   failed: ${FAILED_STEPS[*]}   (logs in $LOG_DIR)"
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ] && [ "${#FAILED_STEPS[@]}" -eq 0 ]
