#!/usr/bin/env bash
# Builds the solution once (Release), runs every test project, and ends with the line
# "N passed, N failed[, N skipped]". Extra arguments go to `dotnet test` (e.g. --filter X).
# Exit status is non-zero if the build fails, a test fails, a test is skipped, `dotnet test` fails, or no test ran.
# A skipped test is a failure of the run: tests fail, not skip, when something they need is missing. The only
# exception is a manual-only test, marked [Explicit("Manual-only: why")]: not run here and left out of the counts.
# Env: SOLUTION (default Ironic.Actors.sln), TEST_TIMEOUT for `dotnet test` (default 70m).
set -euo pipefail

cd "$(dirname "$0")"
SOLUTION="${SOLUTION:-Ironic.Actors.sln}"
TEST_TIMEOUT="${TEST_TIMEOUT:-70m}"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

LOG_DIR="$(mktemp -d -t ironic-tests.XXXXXX)"
LOG="$LOG_DIR/dotnet-test.log"

# Installs the Debian package that provides a command the tests need, when the command is missing.
# CI machines start with only the .NET SDK, so a missing tool that cannot be installed fails the run
# instead of letting the tests that need it skip. apt-get update runs at most once per test.sh run.
APT_UPDATED=0
require_command() { # command package
  command -v "$1" >/dev/null 2>&1 && return 0
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: '$1' is missing and cannot be installed here (needs root and apt-get): install package $2" >&2
    exit 1
  fi
  echo "== apt-get install $2 (log: $LOG_DIR/apt.log)" >&2
  if [[ $APT_UPDATED == 0 ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$LOG_DIR/apt.log" 2>&1 || true
    APT_UPDATED=1
  fi
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >>"$LOG_DIR/apt.log" 2>&1 \
      || ! command -v "$1" >/dev/null 2>&1; then
    echo "test.sh: could not install $2 (for '$1'); see $LOG_DIR/apt.log" >&2
    tail -n 20 "$LOG_DIR/apt.log" >&2 || true
    exit 1
  fi
}

# Installs the Debian package that provides a Python module the tests import, when Debian's python3 (for which
# Debian packages install modules; the first python3 on PATH may be another one) cannot import it.
require_python_module() { # module package
  local python=/usr/bin/python3
  [[ -x $python ]] || python=python3
  "$python" -c "import $1" >/dev/null 2>&1 && return 0
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: Python module '$1' is missing and cannot be installed here (needs root and apt-get): install package $2" >&2
    exit 1
  fi
  echo "== apt-get install $2 (log: $LOG_DIR/apt.log)" >&2
  if [[ $APT_UPDATED == 0 ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$LOG_DIR/apt.log" 2>&1 || true
    APT_UPDATED=1
  fi
  python=/usr/bin/python3
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >>"$LOG_DIR/apt.log" 2>&1 \
      || ! "$python" -c "import $1" >/dev/null 2>&1; then
    echo "test.sh: could not install $2 (for Python module '$1'); see $LOG_DIR/apt.log" >&2
    tail -n 20 "$LOG_DIR/apt.log" >&2 || true
    exit 1
  fi
}

# Installs and starts what the integration tests need, on loopback only. Must be idempotent; anything
# it starts is stopped in cleanup(). (Each ipmi test fixture starts and stops its own ipmi_sim; the
# client tests start their own servers.)
prepare_services() {
  require_command ipmi_sim openipmi              # BMC simulator for the ipmi driver tests
  require_command ipmitool ipmitool              # what the ipmi driver runs
  require_command baremetal python3-ironicclient # the real client, for tests/Ironic.Actors.Client.Tests
  require_python_module openstack python3-openstacksdk # openstacksdk, for the SDK tests there
  require_command python3 python3                # picks free ports below
  start_postgres
}

# A throw-away PostgreSQL server for the journal tests: Debian's binaries, initdb in the log folder,
# listening on 127.0.0.1 at a free port only; the tests read its connection string from IRONIC_TEST_POSTGRES.
PG_STARTED=0
start_postgres() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [[ -z $bin ]]; then
    require_command psql postgresql
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  fi
  PG_BIN=$bin
  PG_DIR="$LOG_DIR/postgres"
  local port
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$PG_DIR"
  chmod 755 "$LOG_DIR"
  local as_pg=()
  if [[ $(id -u) == 0 ]]; then
    chown postgres "$PG_DIR"
    as_pg=(runuser -u postgres --)   # initdb refuses to run as root
  fi
  echo "== PostgreSQL on 127.0.0.1:$port (log: $PG_DIR/server.log)" >&2
  "${as_pg[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres >"$PG_DIR/initdb.log" 2>&1 \
    || { echo "test.sh: initdb failed; see $PG_DIR/initdb.log" >&2; exit 1; }
  "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -w -l "$PG_DIR/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_DIR -c fsync=off" start >/dev/null \
    || { echo "test.sh: PostgreSQL did not start; see $PG_DIR/server.log" >&2; exit 1; }
  PG_STARTED=1
  "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE DATABASE ironic_tests" >/dev/null
  export IRONIC_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=ironic_tests"
}

# Stops whatever prepare_services started. Runs before the summary line and again (as a
# no-op) from the EXIT trap; it must print nothing to stdout so the summary stays last.
CLEANED_UP=0
cleanup() {
  [[ $CLEANED_UP == 1 ]] && return 0
  CLEANED_UP=1
  if [[ $PG_STARTED == 1 ]]; then
    local as_pg=()
    [[ $(id -u) == 0 ]] && as_pg=(runuser -u postgres --)
    "${as_pg[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >>"$PG_DIR/server.log" 2>&1 || true
  fi
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
  dotnet test "$SOLUTION" -c Release --no-build --logger "console;verbosity=normal" \
  --logger trx --results-directory "$LOG_DIR/trx" "$@" 2>&1 | tee "$LOG"
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

# The tests that did not run, from the trx files (one per test project): "Class.Test<TAB>message" lines. Those
# whose message starts with "Manual-only" are [Explicit] tests that were not selected; they are not counted.
list_not_run() {
  [[ -d $LOG_DIR/trx ]] || return 0
  python3 - "$LOG_DIR"/trx/*.trx <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError):
        continue
    classes = {u.get("id"): (u.find("t:TestMethod", ns).get("className") or "")
               for u in root.iterfind(".//t:UnitTest", ns) if u.find("t:TestMethod", ns) is not None}
    for r in root.iterfind(".//t:UnitTestResult", ns):
        if r.get("outcome") not in ("NotExecuted", "Inconclusive", "Pending", "NotRunnable"):
            continue
        message = " ".join((r.findtext("t:Output/t:ErrorInfo/t:Message", "", ns) or "").split())
        name = r.get("testName") or "?"
        cls = classes.get(r.get("testId"), "")
        print(f"{cls + '.' if cls else ''}{name}\t{message}")
PY
}
not_run=$(list_not_run || true)
manual=$(grep -c $'\tManual-only' <<<"$not_run" || true)
skipped_list=$(grep -v $'\tManual-only' <<<"$not_run" | grep -v '^$' || true)
# The trx files name each test (the console summary counts a fixture whose set-up skipped differently, and
# includes manual-only tests); the larger of the two counts stands, so a lost trx file cannot hide a skip.
console_skipped=$((skipped - manual))
skipped=$(grep -c . <<<"$skipped_list" || true)
[[ $console_skipped -gt $skipped ]] && skipped=$console_skipped

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
if [[ $skipped -gt 0 ]]; then
  echo "test.sh: $skipped test(s) SKIPPED; a skipped test fails the run (tests fail, not skip, when something they need is missing):" >&2
  if [[ -n $skipped_list ]]; then
    sed 's/\t/: /; s/^/  skipped: /' <<<"$skipped_list" >&2
  else
    grep -E '^[[:space:]]+Skipped [^ ]' "$LOG" | sed 's/^[[:space:]]*Skipped /  skipped: /' >&2 || true
  fi
  status=1
fi
[[ $manual -gt 0 ]] && echo "test.sh: $manual manual-only ([Explicit]) test(s) not run and not counted" >&2
if [[ $((passed + failed)) -eq 0 ]]; then
  echo "test.sh: no test ran ($runs test run summaries found)" >&2
  status=1
fi

summary="$passed passed, $failed failed"
[[ $skipped -gt 0 ]] && summary+=", $skipped skipped"
echo "$summary"
exit "$status"
