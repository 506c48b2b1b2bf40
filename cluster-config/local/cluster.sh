#!/usr/bin/env bash
# A local Ironic.Actors cluster on loopback: a throw-away PostgreSQL, $CONDUCTORS conductor processes and one
# gateway process, each a real `dotnet Ironic.Actors.Server.dll`. Run `cluster.sh help` for the commands.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
SERVER_PROJECT="$REPO_ROOT/src/Ironic.Actors.Server"
SERVER_DLL="$SERVER_PROJECT/bin/Release/net10.0/Ironic.Actors.Server.dll"
CMD_PROJECT="$REPO_ROOT/src/Ironic.Actors.Cmd"
API_VERSION_HEADER='X-OpenStack-Ironic-API-Version: 1.78'
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Tier hot code up to optimized at once (README "Runtime settings for a server"); a caller's own value wins.
export DOTNET_TC_CallCountingDelayMs="${DOTNET_TC_CallCountingDelayMs:-0}"

usage() {
  cat <<EOF
Usage: cluster.sh COMMAND [ARGS]

A local Ironic.Actors cluster on 127.0.0.1: a throw-away PostgreSQL, \$CONDUCTORS conductors
(conductor-1, conductor-2, ...) and one gateway serving the Ironic v1 API on \$GATEWAY_PORT.

Commands:
  start            build the server if needed (Release), start PostgreSQL and every member; returns once the
                   gateway answers and lists every conductor alive (the cluster is Up)
  stop [--clean]   stop every member (SIGTERM, SIGKILL after \$STOP_TIMEOUT s) and PostgreSQL; the files stay
                   in \$CLUSTER_DIR for inspection unless --clean is given
  status           one line per member (pid, alive/dead, ports) and the gateway's /v1/conductors
  kill NAME        SIGKILL one member (a crash), e.g. 'kill conductor-2'
  leave NAME       SIGTERM one member (a graceful leave); returns when the process has exited
  restart NAME     start one member again (leaving it first if it is running); returns once it is back
  cmd ARGS...      run the cluster inspection tool (src/Ironic.Actors.Cmd) against a live member:
                   dotnet run --project src/Ironic.Actors.Cmd -c Release -- --address 127.0.0.1:PORT ARGS
  help             this text

Members: conductor-1 .. conductor-\$CONDUCTORS and gateway. Seeds: conductor-1 and conductor-2.
Per member, \$CLUSTER_DIR/NAME/ holds server.log (all runs), pid and the command line (args).
Settings come from conductor.appsettings.json / gateway.appsettings.json beside this script (passed as
command-line arguments); every Ironic__... environment variable reaches every member and overrides them
(e.g. Ironic__Hardware__FakeDelays__Deploy=5). Roles, ports, seeds, the conductor's host name and the
connection string are set per member by this script.

Environment (defaults):
  CLUSTER_DIR=./.cluster        PostgreSQL data, logs and pid files
  CONDUCTORS=3                  number of conductors
  GATEWAY_PORT=6385             HTTP API of the gateway
  CONDUCTOR_HTTP_PORT=6391      HTTP port of conductor-1 (conductor-N: +N-1); conductors answer nothing useful there
  MANAGEMENT_PORT=6386          management endpoint of the gateway; conductor-N gets +N
  REMOTING_PORT=4051            Akka remoting of conductor-1 (conductor-N: +N-1); the gateway gets +CONDUCTORS
  POSTGRES_PORT=55432           the throw-away PostgreSQL
  START_TIMEOUT=180             seconds 'start' and 'restart' wait for the cluster to be Up
  STOP_TIMEOUT=30               seconds to wait after SIGTERM (stop, leave) before giving up or SIGKILL
Settings used by 'start' are kept in \$CLUSTER_DIR/cluster.env; the other commands read them from there.
EOF
}

die() {
  echo "cluster.sh: $*" >&2
  exit 1
}

log() {
  echo "== $*" >&2
}

# ---------------------------------------------------------------------------------------------------------------
# Settings

load_settings() {
  CLUSTER_DIR=${CLUSTER_DIR:-./.cluster}
  if [[ ${1:-} == from-state ]]; then
    [[ -f $CLUSTER_DIR/cluster.env ]] || die "no cluster in $CLUSTER_DIR (run 'cluster.sh start' first, or set CLUSTER_DIR)"
  else
    mkdir -p "$CLUSTER_DIR" || die "cannot create CLUSTER_DIR $CLUSTER_DIR"
  fi
  CLUSTER_DIR=$(cd "$CLUSTER_DIR" && pwd)
  STATE_FILE="$CLUSTER_DIR/cluster.env"
  PG_DIR="$CLUSTER_DIR/postgres"
  if [[ ${1:-} == from-state ]]; then
    # shellcheck source=/dev/null
    source "$STATE_FILE"
  fi
  CONDUCTORS=${CONDUCTORS:-3}
  GATEWAY_PORT=${GATEWAY_PORT:-6385}
  CONDUCTOR_HTTP_PORT=${CONDUCTOR_HTTP_PORT:-6391}
  MANAGEMENT_PORT=${MANAGEMENT_PORT:-6386}
  REMOTING_PORT=${REMOTING_PORT:-4051}
  POSTGRES_PORT=${POSTGRES_PORT:-55432}
  START_TIMEOUT=${START_TIMEOUT:-180}
  STOP_TIMEOUT=${STOP_TIMEOUT:-30}
  local name
  for name in CONDUCTORS GATEWAY_PORT CONDUCTOR_HTTP_PORT MANAGEMENT_PORT REMOTING_PORT POSTGRES_PORT START_TIMEOUT STOP_TIMEOUT; do
    [[ ${!name} =~ ^[0-9]+$ ]] || die "$name must be a number (is '${!name}')"
  done
  ((CONDUCTORS >= 1)) || die "CONDUCTORS must be at least 1"
  CONNECTION_STRING="Host=127.0.0.1;Port=$POSTGRES_PORT;Username=postgres;Database=ironic"
}

save_settings() {
  cat >"$STATE_FILE" <<EOF
# Written by cluster.sh start; the other commands read the cluster's settings from here.
CONDUCTORS=$CONDUCTORS
GATEWAY_PORT=$GATEWAY_PORT
CONDUCTOR_HTTP_PORT=$CONDUCTOR_HTTP_PORT
MANAGEMENT_PORT=$MANAGEMENT_PORT
REMOTING_PORT=$REMOTING_PORT
POSTGRES_PORT=$POSTGRES_PORT
PG_BIN=$PG_BIN
EOF
}

members() {
  local i
  for ((i = 1; i <= CONDUCTORS; i++)); do
    echo "conductor-$i"
  done
  echo gateway
}

# Sets ROLE, HTTP_PORT, MEMBER_REMOTING_PORT and MEMBER_MANAGEMENT_PORT for member $1.
member_ports() {
  local name=$1 index
  if [[ $name == gateway ]]; then
    ROLE=gateway
    HTTP_PORT=$GATEWAY_PORT
    MEMBER_REMOTING_PORT=$((REMOTING_PORT + CONDUCTORS))
    MEMBER_MANAGEMENT_PORT=$MANAGEMENT_PORT
  elif [[ $name =~ ^conductor-([0-9]+)$ ]] && ((BASH_REMATCH[1] >= 1 && BASH_REMATCH[1] <= CONDUCTORS)); then
    index=${BASH_REMATCH[1]}
    ROLE=conductor
    HTTP_PORT=$((CONDUCTOR_HTTP_PORT + index - 1))
    MEMBER_REMOTING_PORT=$((REMOTING_PORT + index - 1))
    MEMBER_MANAGEMENT_PORT=$((MANAGEMENT_PORT + index))
  else
    die "unknown member '$name' (members: $(members | tr '\n' ' '))"
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# Tools

APT_UPDATED=0
# Installs the Debian package that provides a missing command (needs root and apt-get), else fails clearly.
require_command() { # command package
  command -v "$1" >/dev/null 2>&1 && return 0
  apt_install "$2" "'$1'"
  command -v "$1" >/dev/null 2>&1 || die "installing $2 did not provide '$1'"
}

apt_install() { # package what-for
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
    die "$2 is missing and cannot be installed here (needs root and apt-get): install the Debian package $1"
  fi
  log "apt-get install $1 (log: $CLUSTER_DIR/apt.log)"
  if [[ $APT_UPDATED == 0 ]]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >>"$CLUSTER_DIR/apt.log" 2>&1 || true
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >>"$CLUSTER_DIR/apt.log" 2>&1 \
    || die "could not install $1; see $CLUSTER_DIR/apt.log"
}

find_pg_bin() {
  local bin
  bin=$(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin -type d 2>/dev/null | sort -V | tail -n 1)
  echo "$bin"
}

require_tools() {
  require_command curl curl
  require_command python3 python3
  require_command setsid util-linux
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK ('dotnet') is not on PATH"
  PG_BIN=$(find_pg_bin)
  if [[ -z $PG_BIN ]]; then
    apt_install postgresql "PostgreSQL"
    PG_BIN=$(find_pg_bin)
    [[ -n $PG_BIN ]] || die "installing postgresql did not provide /usr/lib/postgresql/*/bin"
  fi
}

# True when nothing listens on (and nothing holds) 127.0.0.1:$1. SO_REUSEADDR as servers set it, so that a
# connection of a stopped process still in TIME_WAIT does not count as taken.
port_free() {
  python3 - "$1" <<'EOF'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
EOF
}

# Fails unless every port of the given members (and PostgreSQL's, with 'postgres') is distinct and free.
check_ports() {
  local -A owner=()
  local name port what
  local -a wanted=()
  for name in "$@"; do
    if [[ $name == postgres ]]; then
      wanted+=("$POSTGRES_PORT:postgres (POSTGRES_PORT)")
      continue
    fi
    member_ports "$name"
    wanted+=("$HTTP_PORT:$name HTTP" "$MEMBER_REMOTING_PORT:$name remoting" "$MEMBER_MANAGEMENT_PORT:$name management")
  done
  for what in "${wanted[@]}"; do
    port=${what%%:*}
    ((port >= 1 && port <= 65535)) || die "port $port (${what#*:}) is out of range"
    [[ -z ${owner[$port]:-} ]] \
      || die "port $port would serve both ${owner[$port]} and ${what#*:}; choose other GATEWAY_PORT / CONDUCTOR_HTTP_PORT / MANAGEMENT_PORT / REMOTING_PORT"
    owner[$port]=${what#*:}
    port_free "$port" || die "port $port (${what#*:}) is in use on 127.0.0.1; stop what holds it or choose another port (see 'cluster.sh help')"
  done
}

# ---------------------------------------------------------------------------------------------------------------
# Processes

pid_of() { # name -> the pid in its pid file, or nothing
  local file="$CLUSTER_DIR/$1/pid"
  [[ -f $file ]] && cat "$file"
  return 0
}

# True when $1 is a running Ironic.Actors.Server process (not a recycled pid).
server_alive() {
  local pid=$1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'Ironic.Actors.Server.dll'
}

member_alive() {
  server_alive "$(pid_of "$1")"
}

# Waits until process $1 is gone, at most $2 seconds.
wait_gone() {
  local pid=$1 deadline=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

# Writes the settings file's values as command-line arguments (--Section:Key=value, lists by index), NUL-separated.
settings_arguments() { # file
  python3 - "$1" <<'EOF'
import json, sys

def walk(prefix, value):
    if isinstance(value, dict):
        for key, child in value.items():
            yield from walk(f"{prefix}:{key}" if prefix else key, child)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from walk(f"{prefix}:{index}", child)
    elif value is None:
        yield f"--{prefix}="
    elif isinstance(value, bool):
        yield f"--{prefix}={'true' if value else 'false'}"
    else:
        yield f"--{prefix}={value}"

with open(sys.argv[1], encoding="utf-8") as f:
    for argument in walk("", json.load(f)):
        sys.stdout.write(argument + "\0")
EOF
}

# The whole command line of member $1 into the array MEMBER_ARGS.
member_arguments() {
  local name=$1 file variable
  member_ports "$name"
  file="$SCRIPT_DIR/$ROLE.appsettings.json"
  python3 -m json.tool "$file" >/dev/null || die "$file is not valid JSON"
  MEMBER_ARGS=()
  mapfile -d '' -t MEMBER_ARGS < <(settings_arguments "$file")
  # Ironic__A__B=value from the environment: after the file's values, so that they win over them (on the command
  # line the last value of a key counts; the environment alone would lose to the command line).
  while IFS= read -r variable; do
    MEMBER_ARGS+=("--${variable//__/:}=${!variable}")
  done < <(compgen -e | grep '^Ironic__' || true)
  MEMBER_ARGS+=(
    --urls "http://127.0.0.1:$HTTP_PORT"
    "--Ironic:Roles:0=$ROLE"
    # The server's own appsettings.json lists two roles, and configuration merges lists index by index:
    # without an empty second entry a gateway would also be a conductor.
    "--Ironic:Roles:1="
    "--Ironic:Cluster:Hostname=127.0.0.1"
    "--Ironic:Cluster:Port=$MEMBER_REMOTING_PORT"
    "--Ironic:Cluster:SeedNodes:0=akka.tcp://ironic@127.0.0.1:$REMOTING_PORT"
  )
  if ((CONDUCTORS >= 2)); then
    MEMBER_ARGS+=("--Ironic:Cluster:SeedNodes:1=akka.tcp://ironic@127.0.0.1:$((REMOTING_PORT + 1))")
  fi
  MEMBER_ARGS+=(
    "--Ironic:Persistence:ConnectionString=$CONNECTION_STRING"
    "--Ironic:Management:Urls=http://127.0.0.1:$MEMBER_MANAGEMENT_PORT"
  )
  [[ $ROLE == conductor ]] && MEMBER_ARGS+=("--Ironic:Conductor:Host=$name")
  return 0
}

# Starts member $1 in a session of its own (Ctrl-C in this terminal does not reach it), output appended to its log.
launch_member() {
  local name=$1 dir="$CLUSTER_DIR/$1" pid
  mkdir -p "$dir"
  if [[ ${2:-} == same-arguments && -f $dir/args ]]; then
    MEMBER_ARGS=()
    mapfile -d '' -t MEMBER_ARGS <"$dir/args"
  else
    member_arguments "$name"
    printf '%s\0' "${MEMBER_ARGS[@]}" >"$dir/args"
  fi
  rm -f "$dir/pid"
  echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) cluster.sh: dotnet $SERVER_DLL ${MEMBER_ARGS[*]}" >>"$dir/server.log"
  # shellcheck disable=SC2016  # $$ and $@ belong to the inner bash: it writes its pid, then becomes the server
  (cd "$dir" && exec setsid bash -c 'echo $$ >"$0"; exec "$@"' "$dir/pid" dotnet "$SERVER_DLL" "${MEMBER_ARGS[@]}" \
    >>"$dir/server.log" 2>&1 </dev/null &)
  local deadline=$((SECONDS + 10))
  until [[ -s $dir/pid ]]; do
    ((SECONDS < deadline)) || die "$name did not start (no pid file); see $dir/server.log"
    sleep 0.1
  done
  pid=$(cat "$dir/pid")
  log "$name started (pid $pid, log $dir/server.log)"
}

signal_member() { # name signal
  local pid
  pid=$(pid_of "$1")
  server_alive "$pid" || return 1
  kill "-$2" "$pid" 2>/dev/null || true
  echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) cluster.sh: sent SIG$2 to $pid" >>"$CLUSTER_DIR/$1/server.log"
  echo "$pid"
}

show_log_tail() { # name
  echo "--- last lines of $CLUSTER_DIR/$1/server.log:" >&2
  tail -n 40 "$CLUSTER_DIR/$1/server.log" >&2 || true
  echo "---" >&2
}

# ---------------------------------------------------------------------------------------------------------------
# The gateway's view

gateway_conductors() {
  curl -sS --max-time 5 -H "$API_VERSION_HEADER" "http://127.0.0.1:$GATEWAY_PORT/v1/conductors" 2>/dev/null
}

# True when the gateway lists every conductor named in $@ with alive: true.
conductors_alive() {
  local body
  body=$(gateway_conductors) || return 1
  python3 -c '
import json, sys
try:
    listed = json.loads(sys.stdin.read()).get("conductors", [])
except ValueError:
    sys.exit(1)
alive = {c.get("hostname") for c in listed if c.get("alive") is True}
sys.exit(0 if set(sys.argv[1:]) <= alive else 1)' "$@" <<<"$body"
}

# Waits until the gateway answers and lists every conductor among the members in $@ alive, while each of them runs;
# fails with the log of a member that exited, or after START_TIMEOUT.
wait_until_up() {
  local deadline=$((SECONDS + START_TIMEOUT)) name
  local -a conductors=()
  for name in "$@"; do
    [[ $name == conductor-* ]] && conductors+=("$name")
  done
  while true; do
    for name in "$@"; do
      if ! member_alive "$name"; then
        show_log_tail "$name"
        die "$name exited while the cluster was starting"
      fi
    done
    conductors_alive "${conductors[@]}" && return 0
    if ((SECONDS >= deadline)); then
      echo "gateway's /v1/conductors: $(gateway_conductors || echo '(no answer)')" >&2
      die "the cluster was not Up within ${START_TIMEOUT} s (START_TIMEOUT); logs in $CLUSTER_DIR/*/server.log"
    fi
    sleep 0.5
  done
}

# ---------------------------------------------------------------------------------------------------------------
# PostgreSQL

as_postgres() {
  if [[ $(id -u) == 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

postgres_running() {
  [[ -f $PG_DIR/data/postmaster.pid ]] && kill -0 "$(head -n 1 "$PG_DIR/data/postmaster.pid")" 2>/dev/null
}

start_postgres() {
  mkdir -p "$PG_DIR"
  if [[ $(id -u) == 0 ]]; then
    # initdb refuses to run as root: the server runs as the postgres user, who must own (and reach) its folder.
    id postgres >/dev/null 2>&1 || die "user 'postgres' does not exist (it comes with the Debian package postgresql)"
    chown postgres "$PG_DIR"
    runuser -u postgres -- test -w "$PG_DIR" \
      || die "user postgres cannot write $PG_DIR (a parent folder is not searchable by others); set CLUSTER_DIR to a folder under /tmp, e.g. CLUSTER_DIR=/tmp/ironic-cluster"
  fi
  if [[ ! -f $PG_DIR/data/PG_VERSION ]]; then
    log "initdb $PG_DIR/data"
    as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres >"$PG_DIR/initdb.log" 2>&1 \
      || die "initdb failed; see $PG_DIR/initdb.log"
  fi
  log "PostgreSQL on 127.0.0.1:$POSTGRES_PORT (log $PG_DIR/server.log)"
  # Loopback TCP only (no Unix socket); fsync off: this is a throw-away database.
  as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -w -t 60 -l "$PG_DIR/server.log" \
    -o "-c listen_addresses=127.0.0.1 -p $POSTGRES_PORT -c unix_socket_directories='' -c fsync=off" start >/dev/null \
    || { tail -n 20 "$PG_DIR/server.log" >&2; die "PostgreSQL did not start; see $PG_DIR/server.log"; }
  local exists
  exists=$("$PG_BIN/psql" -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -d postgres -tAq \
    -c "SELECT 1 FROM pg_database WHERE datname = 'ironic'")
  if [[ $exists != 1 ]]; then
    "$PG_BIN/psql" -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -d postgres -q -c "CREATE DATABASE ironic" >/dev/null
  fi
}

stop_postgres() {
  postgres_running || return 0
  log "stopping PostgreSQL"
  if ! as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t "$STOP_TIMEOUT" stop >>"$PG_DIR/server.log" 2>&1; then
    local pid
    pid=$(head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || true)
    if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null; then
      log "PostgreSQL did not stop within ${STOP_TIMEOUT} s; SIGKILL $pid"
      kill -KILL "$pid" 2>/dev/null || true
      wait_gone "$pid" 10 || die "PostgreSQL (pid $pid) did not exit"
    fi
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# Build

# True when the server dll is missing or older than a source it is built from (the tools it does not use excluded).
server_outdated() {
  [[ -f $SERVER_DLL ]] || return 0
  local newer
  newer=$(find "$REPO_ROOT/src" \
    \( -name bin -o -name obj -o -name Ironic.Actors.Bench -o -name Ironic.Actors.Cmd \) -prune -o \
    -type f \( -name '*.cs' -o -name '*.csproj' -o -name '*.json' \) -newer "$SERVER_DLL" -print -quit)
  [[ -n $newer ]] && return 0
  newer=$(find "$REPO_ROOT" -maxdepth 1 -type f \( -name 'Directory.*.props' -o -name global.json \) -newer "$SERVER_DLL" -print -quit)
  [[ -n $newer ]]
}

build_server() {
  server_outdated || return 0
  log "dotnet build src/Ironic.Actors.Server -c Release (log $CLUSTER_DIR/build.log)"
  if ! dotnet build "$SERVER_PROJECT" -c Release >"$CLUSTER_DIR/build.log" 2>&1; then
    grep -E 'error|Error' "$CLUSTER_DIR/build.log" | tail -n 20 >&2 || true
    die "the build failed; see $CLUSTER_DIR/build.log"
  fi
  # An up-to-date project may keep its old dll; mark it as built from the sources as they are now.
  touch "$SERVER_DLL"
}

# ---------------------------------------------------------------------------------------------------------------
# Commands

cmd_start() {
  local name
  for name in $(members); do
    member_alive "$name" && die "$name is already running (pid $(pid_of "$name")); 'cluster.sh stop' first"
  done
  if postgres_running; then
    die "PostgreSQL of $CLUSTER_DIR is already running; 'cluster.sh stop' first"
  fi
  require_tools
  # shellcheck disable=SC2046  # one argument per member name
  check_ports postgres $(members)
  build_server
  save_settings
  STARTED=0
  trap 'start_failed' EXIT
  start_postgres
  for name in $(members); do
    launch_member "$name"
  done
  log "waiting until the gateway answers and lists conductor-1..$CONDUCTORS alive (at most ${START_TIMEOUT} s)"
  # shellcheck disable=SC2046
  wait_until_up $(members)
  STARTED=1
  trap - EXIT
  log "cluster is Up"
  cmd_status
  cat <<EOF

API:  http://127.0.0.1:$GATEWAY_PORT   (curl -H '$API_VERSION_HEADER' http://127.0.0.1:$GATEWAY_PORT/v1/conductors)
Stop: $0 stop        (files stay in $CLUSTER_DIR; 'stop --clean' removes them)
EOF
}

# On a failed start, stop what was started (the logs stay in CLUSTER_DIR).
start_failed() {
  [[ ${STARTED:-1} == 1 ]] && return 0
  echo "cluster.sh: start failed; stopping what was started (logs stay in $CLUSTER_DIR)" >&2
  stop_members
  stop_postgres || true
}

stop_members() {
  local name pid
  local -a pids=()
  for name in $(members); do
    if pid=$(signal_member "$name" TERM); then
      pids+=("$name:$pid")
    fi
  done
  local entry
  for entry in "${pids[@]}"; do
    name=${entry%%:*}
    pid=${entry#*:}
    if ! wait_gone "$pid" "$STOP_TIMEOUT"; then
      log "$name (pid $pid) did not exit within ${STOP_TIMEOUT} s of SIGTERM; SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      wait_gone "$pid" 10 || log "$name (pid $pid) did not exit after SIGKILL"
    fi
    echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) cluster.sh: stopped" >>"$CLUSTER_DIR/$name/server.log"
    log "$name stopped"
  done
}

cmd_stop() {
  local clean=0
  case ${1:-} in
    --clean) clean=1 ;;
    "") ;;
    *) die "stop takes only --clean" ;;
  esac
  stop_members
  stop_postgres
  if ((clean)); then
    # Only a folder this script made (it has cluster.env) is removed.
    [[ -f $STATE_FILE && $CLUSTER_DIR != / ]] || die "refusing to remove $CLUSTER_DIR"
    rm -rf "$CLUSTER_DIR"
    log "removed $CLUSTER_DIR"
  else
    log "stopped; logs and data stay in $CLUSTER_DIR ('cluster.sh stop --clean' removes them)"
  fi
}

cmd_status() {
  local name pid state
  for name in $(members); do
    member_ports "$name"
    pid=$(pid_of "$name")
    if server_alive "$pid"; then state=alive; else state=dead; fi
    printf '%-13s %-9s pid %-8s %-5s http %-5s remoting %-5s management %-5s\n' \
      "$name" "$ROLE" "${pid:--}" "$state" "$HTTP_PORT" "$MEMBER_REMOTING_PORT" "$MEMBER_MANAGEMENT_PORT"
  done
  if postgres_running; then state=alive; else state=dead; fi
  printf '%-13s %-9s pid %-8s %-5s port %s\n' postgres database \
    "$(head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null || echo -)" "$state" "$POSTGRES_PORT"
  local body
  if body=$(gateway_conductors) && [[ -n $body ]]; then
    echo "gateway /v1/conductors:"
    python3 -c '
import json, sys
try:
    listed = json.loads(sys.stdin.read()).get("conductors", [])
except ValueError:
    print("  (not JSON)"); sys.exit(0)
for c in listed:
    print("  %-12s alive=%-5s group=%r" % (c.get("hostname"), str(c.get("alive")).lower(), c.get("conductor_group")))' <<<"$body"
  else
    echo "gateway /v1/conductors: no answer on 127.0.0.1:$GATEWAY_PORT"
  fi
}

cmd_kill() {
  [[ $# == 1 ]] || die "usage: cluster.sh kill NAME"
  member_ports "$1"
  local pid
  pid=$(signal_member "$1" KILL) || die "$1 is not running"
  wait_gone "$pid" 10 || die "$1 (pid $pid) is still there 10 s after SIGKILL"
  log "$1 killed (pid $pid)"
}

cmd_leave() {
  [[ $# == 1 ]] || die "usage: cluster.sh leave NAME"
  member_ports "$1"
  local pid
  pid=$(signal_member "$1" TERM) || die "$1 is not running"
  log "$1 (pid $pid) leaving; waiting for it to exit (at most ${STOP_TIMEOUT} s)"
  wait_gone "$pid" "$STOP_TIMEOUT" || die "$1 (pid $pid) did not exit within ${STOP_TIMEOUT} s of SIGTERM; 'cluster.sh kill $1' ends it"
  echo "=== $(date -u +%Y-%m-%dT%H:%M:%SZ) cluster.sh: left" >>"$CLUSTER_DIR/$1/server.log"
  log "$1 left"
}

cmd_restart() {
  [[ $# == 1 ]] || die "usage: cluster.sh restart NAME"
  member_ports "$1"
  if member_alive "$1"; then
    cmd_leave "$1"
  fi
  postgres_running || die "PostgreSQL of $CLUSTER_DIR is not running ('cluster.sh start' starts everything)"
  require_tools
  check_ports "$1"
  launch_member "$1" same-arguments
  log "waiting until $1 is back (at most ${START_TIMEOUT} s)"
  local name
  local -a running=()
  for name in $(members); do
    member_alive "$name" && running+=("$name")
  done
  member_alive "$1" || { show_log_tail "$1"; die "$1 exited at once"; }
  if member_alive gateway; then
    wait_until_up "${running[@]}"
  else
    die "the gateway is not running, so whether $1 rejoined cannot be seen; 'cluster.sh restart gateway'"
  fi
  log "$1 is back"
}

cmd_cmd() {
  [[ -d $CMD_PROJECT ]] || die "the inspection tool is not in this checkout yet ($CMD_PROJECT)"
  local name
  for name in $(members); do
    if member_alive "$name"; then
      member_ports "$name"
      cd "$REPO_ROOT"
      exec dotnet run --project src/Ironic.Actors.Cmd -c Release -- --address "127.0.0.1:$MEMBER_MANAGEMENT_PORT" "$@"
    fi
  done
  die "no member of the cluster in $CLUSTER_DIR is running"
}

main() {
  local command=${1:-help}
  [[ $# -gt 0 ]] && shift
  case $command in
    start)
      [[ $# == 0 ]] || die "start takes no arguments (settings come from the environment; see 'cluster.sh help')"
      load_settings
      cmd_start
      ;;
    stop) load_settings from-state && cmd_stop "$@" ;;
    status) load_settings from-state && cmd_status ;;
    kill) load_settings from-state && cmd_kill "$@" ;;
    leave) load_settings from-state && cmd_leave "$@" ;;
    restart) load_settings from-state && cmd_restart "$@" ;;
    cmd) load_settings from-state && cmd_cmd "$@" ;;
    help | -h | --help) usage ;;
    *)
      usage >&2
      exit 2
      ;;
  esac
}

main "$@"
