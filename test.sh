#!/usr/bin/env bash
# Builds the solution once (Release), runs every test project, and ends with the line
# "N passed, N failed[, N skipped]". Extra arguments go to `dotnet test` (e.g. --filter X).
# Exit status is non-zero if the build fails, a test fails, `dotnet test` fails, or no test ran.
# Env: SOLUTION (default Ironic.Actors.sln), TEST_TIMEOUT for `dotnet test` (default 70m).
set -euo pipefail

cd "$(dirname "$0")"
SOLUTION="${SOLUTION:-Ironic.Actors.sln}"
TEST_TIMEOUT="${TEST_TIMEOUT:-70m}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

LOG_DIR="$(mktemp -d -t ironic-tests.XXXXXX)"
LOG="$LOG_DIR/dotnet-test.log"

# Hook for later steps: install and start what integration tests need (PostgreSQL,
# ipmi_sim, ...). Must be idempotent; anything it starts is stopped in cleanup().
# Installs Debian packages when we are root and apt-get exists (apt-get update runs once per test.sh
# run, shared by every caller). Never fails the run: tests that need a missing tool skip themselves.
APT_UPDATED=0
apt_install() {
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: cannot install $* (not root or no apt-get); tests needing them will be skipped" >&2
    return 0
  fi
  echo "== apt-get install $* (log: $LOG_DIR/apt.log)" >&2
  if [[ $APT_UPDATED == 0 ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$LOG_DIR/apt.log" 2>&1 || true
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >>"$LOG_DIR/apt.log" 2>&1 \
    || echo "test.sh: apt-get install $* failed (see $LOG_DIR/apt.log); tests needing them will be skipped" >&2
}

prepare_services() {
  # ipmi driver tests run ipmitool against OpenIPMI's ipmi_sim BMC simulator (each test fixture
  # starts and stops its own ipmi_sim, so there is nothing to stop in cleanup).
  local ipmi_packages=()
  command -v ipmi_sim >/dev/null 2>&1 || ipmi_packages+=(openipmi)
  command -v ipmitool >/dev/null 2>&1 || ipmi_packages+=(ipmitool)
  if [[ ${#ipmi_packages[@]} -gt 0 ]]; then
    apt_install "${ipmi_packages[@]}"
  fi

  # tests/Ironic.Actors.Client.Tests drive the real `baremetal` CLI (python-ironicclient). Without it they
  # would only be skipped, so a failed install fails the run.
  if ! command -v baremetal >/dev/null 2>&1 && [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "== apt-get install python3-ironicclient (log: $LOG_DIR/apt.log)" >&2
    if [[ $APT_UPDATED == 0 ]]; then
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$LOG_DIR/apt.log" 2>&1 || true
      APT_UPDATED=1
    fi
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-ironicclient >>"$LOG_DIR/apt.log" 2>&1 \
        || ! command -v baremetal >/dev/null 2>&1; then
      echo "test.sh: could not install python3-ironicclient (the baremetal CLI the client tests need); see $LOG_DIR/apt.log" >&2
      tail -n 20 "$LOG_DIR/apt.log" >&2 || true
      exit 1
    fi
  fi
}

# Stops whatever prepare_services started. Runs before the summary line and again (as a
# no-op) from the EXIT trap; it must print nothing to stdout so the summary stays last.
CLEANED_UP=0
cleanup() {
  [[ $CLEANED_UP == 1 ]] && return 0
  CLEANED_UP=1
  : # e.g. stop services started above, logging to "$LOG_DIR"
}
trap cleanup EXIT

prepare_services

echo "== dotnet build $SOLUTION -c Release"
if ! dotnet build "$SOLUTION" -c Release; then
  echo "test.sh: BUILD FAILED (see errors above); no tests were run." >&2
  exit 1
fi

echo "== dotnet test $SOLUTION -c Release --no-build $*"
set +e
timeout --kill-after=60s "$TEST_TIMEOUT" \
  dotnet test "$SOLUTION" -c Release --no-build --logger "console;verbosity=normal" "$@" 2>&1 | tee "$LOG"
test_rc=${PIPESTATUS[0]}
set -e

# With the console logger at normal verbosity, VSTest ends each assembly's run with a block:
#   Total tests: 14
#        Passed: 12
#        Failed: 1      (line absent when 0)
#       Skipped: 1      (line absent when 0)
#    Total time: 1.9 Seconds
# At minimal verbosity it prints one line instead:
#   Failed!  - Failed:     1, Passed:    12, Skipped:     1, Total:    14, Duration: 1 s - X.dll (net10.0)
# Both are summed; only lines inside a block (or the one-line form) are read.
read -r passed failed skipped runs < <(awk '
  /^Total tests: [0-9]+[[:space:]]*$/ { inblock = 1; runs++; next }
  inblock && /^[[:space:]]+Passed: [0-9]+[[:space:]]*$/  { p += $2; next }
  inblock && /^[[:space:]]+Failed: [0-9]+[[:space:]]*$/  { f += $2; next }
  inblock && /^[[:space:]]+Skipped: [0-9]+[[:space:]]*$/ { s += $2; next }
  inblock && /^[[:space:]]*Total time:/ { inblock = 0; next }
  /^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+, Total: +[0-9]+/ {
    gsub(/,/, ""); f += $4; p += $6; s += $8; runs++
  }
  END { printf "%d %d %d %d\n", p, f, s, runs }
' "$LOG")

cleanup
echo "test.sh: full log at $LOG"

status=0
if [[ $test_rc -eq 124 || $test_rc -eq 137 ]]; then
  echo "test.sh: dotnet test timed out after $TEST_TIMEOUT" >&2
  status=1
elif [[ $test_rc -ne 0 ]]; then
  echo "test.sh: dotnet test exited with code $test_rc" >&2
  status=1
fi
if [[ $failed -gt 0 ]]; then
  status=1
fi
if [[ $((passed + failed)) -eq 0 ]]; then
  echo "test.sh: no test ran ($runs test run summaries found)" >&2
  status=1
fi

summary="$passed passed, $failed failed"
[[ $skipped -gt 0 ]] && summary+=", $skipped skipped"
echo "$summary"
exit "$status"
