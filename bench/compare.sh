#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Poplar and Dovecot side by side, on this machine, on one data set (issue 6). See bench/README.md.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench="$root/bench"
command_line=$(printf '%q ' "bench/compare.sh" "$@")
command_line=${command_line% }

usage() {
  cat <<'EOF'
Usage: bench/compare.sh [options]

Runs every load scenario of 'poplar bench' against Poplar and against a private Dovecot (POP3),
alternately (Poplar, Dovecot, Poplar, Dovecot...), on the same Maildirs and users file, and writes
bench/RESULTS.md: the machine, the versions, this command and a table of poplar, dovecot and
poplar/dovecot for every metric. Needs root for the Dovecot part as Debian runs it (its processes
drop to the users dovecot and dovenull; the Maildirs are chowned to dovecot).

What it does: finds a JDK 21+ (bin/java-env.sh), builds the CLI if sources changed, installs
dovecot-pop3d with apt-get if absent (no system service is started), generates the data set once
(reused while its manifest matches), starts both servers on free ports of 127.0.0.1 (recording how
long each takes to greet: "ready"), runs the scenarios, and stops both servers on exit. The data set
stays for the next run.

Options:
  --work DIR            working directory: data, logs, Dovecot's config and indexes, raw results
                        (default bench/work)
  --data DIR            the data set (default WORK/data, or WORK/data-quick with --quick)
  --regenerate          make the data set again even if its manifest matches
  --rounds R            repeat the whole matrix R times (default 1); the table shows medians
  --duration S          seconds per sessions and download run (default 10)
  --runs N              warm runs of bigbox and bigmessage (default 3)
  --idle N              connections of Poplar's idle scenario (default 10000)
  --dovecot-idle N      connections of Dovecot's idle scenario (default 1000): Dovecot runs one
                        process per session, and what is compared is memory per connection
  --probes N            probe sessions during the idle scenario (default 20)
  --only LIST           only these scenarios, comma-separated: sessions,download,bigbox,bigmessage,idle
  --quick               a small data set (bench/work/data-quick), 2 s runs, 1 warm run, 500/200 idle
  --servers-only        start both servers, print their ports and PIDs, wait for Enter (or --wait
                        seconds when stdin is not a terminal), stop them; runs no scenario
  --wait S              for --servers-only (default 600)
  --results FILE        the report (default bench/RESULTS.md)
  Data set (passed to 'poplar bench generate'): --users N (200), --messages M (20), --seed S (1),
  --bigbox-messages K (100000), --big-message-mb MB (200), --idle-users I (the larger of 10000 and --idle)
  -h, --help            this text

Matrix: sessions with 16 and 128 clients; download with 1 and 8 clients; bigbox (server restarted
first, then --runs N+1: the first run is cold, N warm); bigmessage (--runs); idle (server restarted
first, so memory grown by earlier scenarios is not counted).
Both servers run during the whole comparison, each idle while the other is measured.

Environment: POPLAR_JAVA_OPTS (JVM options of the Poplar server), BENCH_JAVA_OPTS (of the load
generator). Exit status: 0 done, 1 a step failed (the message says which).
EOF
}

die() {
  echo "compare: $*" >&2
  exit 1
}

is_count() { [[ $1 =~ ^[0-9]+$ ]]; }

# --- Options -------------------------------------------------------------------------------------
work="$bench/work"
data=""
regenerate=""
rounds=1 duration=10 runs=3 idle=10000 dovecot_idle=1000 probes=20 min_idle_users=10000
only="" servers_only="" wait_s=600 results="$bench/RESULTS.md"
gen_users=200 gen_messages=20 gen_seed=1 gen_bigbox=100000 gen_bigmb=200 gen_idle_users=""
for a in "$@"; do
  if [ "$a" = --quick ]; then
    # Defaults of a quick run; options given explicitly still win, whatever their order.
    duration=2 runs=1 idle=500 dovecot_idle=200 probes=5 min_idle_users=500
    gen_users=128 gen_messages=5 gen_bigbox=2000 gen_bigmb=10
  fi
done
quick=""
while [ $# -gt 0 ]; do
  opt=$1
  case $opt in
    -h|--help) usage; exit 0 ;;
    --quick) quick=yes; shift; continue ;;
    --regenerate) regenerate=yes; shift; continue ;;
    --servers-only) servers_only=yes; shift; continue ;;
    --work|--data|--only|--results|--rounds|--duration|--runs|--idle|--dovecot-idle|--probes|--wait|--users) ;;
    --messages|--seed|--bigbox-messages|--big-message-mb|--idle-users) ;;
    *) die "unknown option $opt (see --help)" ;;
  esac
  [ $# -ge 2 ] || die "$opt needs a value (see --help)"
  value=$2
  shift 2
  case $opt in
    --work) work=$value ;;
    --data) data=$value ;;
    --only) only=$value ;;
    --results) results=$value ;;
    --rounds|--duration|--runs|--idle|--dovecot-idle|--probes|--wait|--users|--messages|--seed|--bigbox-messages|--big-message-mb|--idle-users)
      is_count "$value" || die "$opt wants a whole number, not '$value'"
      case $opt in
        --rounds) rounds=$value ;;
        --duration) duration=$value ;;
        --runs) runs=$value ;;
        --idle) idle=$value ;;
        --dovecot-idle) dovecot_idle=$value ;;
        --probes) probes=$value ;;
        --wait) wait_s=$value ;;
        --users) gen_users=$value ;;
        --messages) gen_messages=$value ;;
        --seed) gen_seed=$value ;;
        --bigbox-messages) gen_bigbox=$value ;;
        --big-message-mb) gen_bigmb=$value ;;
        --idle-users) gen_idle_users=$value ;;
      esac ;;
  esac
done
if [ -z "$gen_idle_users" ]; then
  gen_idle_users=$min_idle_users
  [ "$idle" -gt "$gen_idle_users" ] && gen_idle_users=$idle
fi
[ "$idle" -le "$gen_idle_users" ] || echo "compare: note: --idle $idle is more than the data set's $gen_idle_users idle users" >&2
all_scenarios=(sessions download bigbox bigmessage idle)
selected=("${all_scenarios[@]}")
if [ -n "$only" ]; then
  IFS=, read -r -a selected <<<"$only"
  for s in "${selected[@]}"; do
    [[ " ${all_scenarios[*]} " == *" $s "* ]] || die "--only: unknown scenario '$s' (${all_scenarios[*]})"
  done
fi
mkdir -p "$work"
work=$(cd "$work" && pwd)
[ -n "$data" ] || data="$work/data${quick:+-quick}"
mkdir -p "$data"
data=$(cd "$data" && pwd)
run="$work/dovecot"        # Dovecot's base_dir, state_dir, config and log
jsonl="$work/results/compare-$(date +%Y%m%d-%H%M%S).jsonl"
mkdir -p "$work/results"

# --- Tools ---------------------------------------------------------------------------------------
. "$root/bin/java-env.sh"
command -v python3 >/dev/null || die "python3 is needed (results table, readiness probe)"
jar="$root/poplar-cli/target/poplar-cli.jar"
"$root/poplar" --version >/dev/null || die "could not build the poplar CLI (see poplar-cli/target/build.log)"
poplar_cli() { "$JAVA_HOME/bin/java" ${BENCH_JAVA_OPTS:-} -jar "$jar" "$@"; }

policy_made=""
dovecot_present() {
  command -v dovecot >/dev/null 2>&1 || [ -x /usr/sbin/dovecot ] || return 1
  local d
  for d in /usr/lib/dovecot /usr/libexec/dovecot /usr/local/libexec/dovecot; do
    [ -x "$d/pop3" ] && [ -x "$d/pop3-login" ] && return 0
  done
  return 1
}
ensure_dovecot() {
  dovecot_present && return 0
  [ "$(id -u)" = 0 ] || die "Dovecot's POP3 server is not installed; as root: apt-get install dovecot-pop3d"
  command -v apt-get >/dev/null || die "Dovecot is not installed and there is no apt-get; install Dovecot's POP3 server"
  echo "compare: installing dovecot-pop3d (without starting the system service)"
  export DEBIAN_FRONTEND=noninteractive
  # As .ci/run: policy-rc.d exit 101 tells invoke-rc.d "do not start"; we run a private instance.
  local policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod +x "$policy"
    policy_made=$policy
  fi
  apt-get update -qq && apt-get install -y -qq --no-install-recommends dovecot-pop3d >/dev/null \
    || die "apt-get install dovecot-pop3d failed"
  if [ -n "$policy_made" ]; then rm -f "$policy_made"; policy_made=""; fi
  dovecot_present || die "dovecot-pop3d installed, but dovecot or its pop3 binaries are still missing"
}
# Until the full cleanup is set below: never leave the policy file behind.
trap '[ -z "$policy_made" ] || rm -f "$policy_made"' EXIT
ensure_dovecot
PATH="$PATH:/usr/sbin:/sbin"

# --- Processes we start, and stopping them -------------------------------------------------------
poplar_pid="" poplar_port="" dovecot_pid="" dovecot_port=""
running() { # a child that has exited stays a zombie until waited for: that is not running
  local state
  state=$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}
stop_pid() { # PID: SIGTERM, up to 15 s, then SIGKILL
  local pid=$1 i
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 150; i++)); do
    running "$pid" || break
    sleep 0.1
  done
  running "$pid" && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}
stop_poplar() {
  [ -n "$poplar_pid" ] || return 0
  stop_pid "$poplar_pid"
  poplar_pid=""
}
stop_dovecot() {
  [ -n "$dovecot_pid" ] || return 0
  # The master stops its children on SIGTERM; any that linger are killed by their PID.
  local children
  children=$(pgrep -P "$dovecot_pid" || true)
  stop_pid "$dovecot_pid"
  for c in $children; do running "$c" && kill -KILL "$c" 2>/dev/null; done
  # Not our children, so not waited for: give them a moment to go, so a restart finds the port free.
  local i
  for ((i = 0; i < 50; i++)); do
    local alive=""
    for c in $children; do running "$c" && alive=yes; done
    [ -z "$alive" ] && break
    sleep 0.1
  done
  dovecot_pid=""
}
cleanup() {
  stop_poplar
  stop_dovecot
  if [ -n "$policy_made" ]; then rm -f "$policy_made"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Each server gets as many descriptors as the system allows: 10,000 idle connections need them.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# --- Data set ------------------------------------------------------------------------------------
gen_params=(--users "$gen_users" --messages "$gen_messages" --seed "$gen_seed" --bigbox-messages "$gen_bigbox"
  --big-message-mb "$gen_bigmb" --idle-users "$gen_idle_users" --scheme PLAIN)
if [ -z "$regenerate" ] && python3 "$bench/helpers.py" manifest-matches "$data/manifest.json" users="$gen_users" \
    messages="$gen_messages" seed="$gen_seed" bigbox-messages="$gen_bigbox" big-message-mb="$gen_bigmb" \
    idle-users="$gen_idle_users" scheme=PLAIN; then
  echo "compare: reusing the data set in $data"
else
  echo "compare: generating the data set in $data"
  force=()
  if [ -n "$(ls -A "$data")" ]; then
    # Replace only an earlier data set (complete, or interrupted before its manifest), never a
    # directory that merely happens to be there.
    for entry in "$data"/* "$data"/.[!.]*; do
      [ -e "$entry" ] || continue
      case ${entry##*/} in
        maildirs|users|passwords|manifest.json) ;;
        *) die "$data holds ${entry##*/}, so it is not a bench data set; choose another --data" ;;
      esac
    done
    force=(--force)
  fi
  poplar_cli bench generate --out "$data" "${gen_params[@]}" "${force[@]}" || die "poplar bench generate failed"
  # Dovecot's indexes describe the old Maildirs.
  rm -rf "$work/dovecot-index" "$work/dovecot-control"
fi

# Who Dovecot reads the mail as. As root: 'dovecot' (it refuses uid 0 for mail), logins as
# 'dovenull' (as DovecotInstance in the interop tests); otherwise everything as the caller.
if [ "$(id -u)" = 0 ]; then
  mail_user=dovecot mail_group=dovecot internal_user=dovecot login_user=dovenull login_extra=""
  # Only what is not yet the mail user's (new data, files Poplar wrote) is changed.
  find "$data/maildirs" ! -user "$mail_user" -exec chown "$mail_user:$mail_group" {} +
  # Dovecot's auth process reads the users file as the internal user; it stays mode 0600 (Poplar,
  # as root, reads it anyway).
  chown "$mail_user:$mail_group" "$data/users"
  mkdir -p "$work/dovecot-index" "$work/dovecot-control"
  chown "$mail_user:$mail_group" "$work/dovecot-index" "$work/dovecot-control"
  runuser -u "$mail_user" -- test -r "$data/users" -a -x "$data/maildirs" -a -w "$work/dovecot-index" \
    || die "user $mail_user cannot reach $data or $work: give the directories above them o+x"
else
  me=$(id -un)
  mail_user=$me mail_group=$(id -gn) internal_user=$me login_user=$me login_extra="  chroot ="
  mkdir -p "$work/dovecot-index" "$work/dovecot-control"
fi

# --- Servers -------------------------------------------------------------------------------------
cores=$(nproc)
biggest=$((dovecot_idle > 128 ? dovecot_idle : 128))
process_limit=$((biggest + 256))
client_limit=$((2 * process_limit))

record_ready() { # LABEL MILLISECONDS
  printf '{"scenario":"ready","label":"%s","params":{},"metrics":{"ready_ms":%s}}\n' "$1" "$2" >>"$jsonl"
  echo "compare: $1 ready in $2 ms (port $3, pid $4)"
}

start_poplar() {
  poplar_port=$(python3 "$bench/helpers.py" free-port)
  local t0 ms
  t0=$(date +%s%N)
  "$JAVA_HOME/bin/java" ${POPLAR_JAVA_OPTS:-} -jar "$jar" serve --listen "127.0.0.1:$poplar_port" \
    --maildir-root "$data/maildirs" --users "$data/users" --max-connections 20000 \
    --max-connections-per-ip 20000 --max-connections-per-user 20000 --shutdown-grace 2 \
    </dev/null >>"$work/poplar.log" 2>&1 &
  poplar_pid=$!
  ms=$(python3 "$bench/helpers.py" ready --port "$poplar_port" --start-ns "$t0" --pid "$poplar_pid" --timeout 60) \
    || { tail -n 20 "$work/poplar.log" >&2; die "Poplar did not start (log: $work/poplar.log)"; }
  record_ready poplar "$ms" "$poplar_port" "$poplar_pid"
}

start_dovecot() {
  dovecot_port=$(python3 "$bench/helpers.py" free-port)
  mkdir -p "$run/base" "$run/state"
  local conf="$run/dovecot.conf" t0 ms
  sed -e "s|@RUN@|$run|g" -e "s|@WORK@|$work|g" -e "s|@DATA@|$data|g" -e "s|@PORT@|$dovecot_port|g" \
    -e "s|@CORES@|$cores|g" -e "s|@PROCESS_LIMIT@|$process_limit|g" -e "s|@CLIENT_LIMIT@|$client_limit|g" \
    -e "s|@LOGIN_CLIENT_LIMIT@|$process_limit|g" -e "s|@INTERNAL_USER@|$internal_user|g" \
    -e "s|@LOGIN_USER@|$login_user|g" -e "s|@MAIL_USER@|$mail_user|g" -e "s|@MAIL_GROUP@|$mail_group|g" \
    -e "s|@LOGIN_EXTRA@|$login_extra|g" "$bench/dovecot.conf.template" >"$conf"
  # Configuration mistakes are reported here, before anything is timed.
  doveconf -c "$conf" -n >/dev/null 2>"$run/doveconf.err" || { cat "$run/doveconf.err" >&2; die "Dovecot refused $conf"; }
  t0=$(date +%s%N)
  dovecot -F -c "$conf" </dev/null >>"$run/stdout.txt" 2>&1 &
  dovecot_pid=$!
  ms=$(python3 "$bench/helpers.py" ready --port "$dovecot_port" --start-ns "$t0" --pid "$dovecot_pid" --timeout 60) \
    || { tail -n 20 "$run/dovecot.log" "$run/stdout.txt" >&2 || true; die "Dovecot did not start (log: $run/dovecot.log)"; }
  record_ready dovecot "$ms" "$dovecot_port" "$dovecot_pid"
}

restart() { # LABEL: a fresh process, so that the next run is cold
  if [ "$1" = poplar ]; then stop_poplar; start_poplar; else stop_dovecot; start_dovecot; fi
}

echo "compare: raw results go to $jsonl"
start_poplar
start_dovecot

if [ -n "$servers_only" ]; then
  password=$(awk -F'\t' '$1 == "user0001" { print $2 }' "$data/passwords")
  cat <<EOF

Poplar:  127.0.0.1:$poplar_port  pid $poplar_pid   log $work/poplar.log
Dovecot: 127.0.0.1:$dovecot_port  pid $dovecot_pid   log $run/dovecot.log  config $run/dovecot.conf
Data:    $data  (passwords: $data/passwords)
Try:     curl -s --user user0001:$password pop3://127.0.0.1:$poplar_port/
         curl -s --user user0001:$password pop3://127.0.0.1:$dovecot_port/
EOF
  if [ -t 0 ]; then
    echo "Press Enter to stop both (or wait $wait_s s)."
    read -r -t "$wait_s" _ || true
  else
    echo "Stopping both in $wait_s s (or on SIGTERM/SIGINT)."
    sleep "$wait_s" &
    wait $! || true
  fi
  exit 0
fi

# --- Scenarios -----------------------------------------------------------------------------------
failures=()
scenario() { # LABEL NAME ARGS...: one run of one scenario against one server
  local label=$1 name=$2 port pid
  shift 2
  if [ "$label" = poplar ]; then port=$poplar_port pid=$poplar_pid; else port=$dovecot_port pid=$dovecot_pid; fi
  echo "compare: $name $* against $label"
  poplar_cli bench "$name" --host 127.0.0.1 --port "$port" --data "$data" --server-pid "$pid" --label "$label" \
    --json "$jsonl" "$@" || failures+=("$label: $name $*")
}
both() { # NAME ARGS...: Poplar, then Dovecot
  local label
  for label in poplar dovecot; do scenario "$label" "$@"; done
}
round() {
  local s label c
  for s in "${selected[@]}"; do
    case $s in
      sessions) for c in 16 128; do both sessions --clients "$c" --duration "$duration"; done ;;
      download) for c in 1 8; do both download --clients "$c" --duration "$duration"; done ;;
      bigbox)
        for label in poplar dovecot; do
          # A fresh server: the scenario's first run is the cold one (the first listing since the
          # server started; the page cache stays warm), the --runs after it are warm.
          restart "$label"
          scenario "$label" bigbox --runs "$((runs + 1))"
        done ;;
      bigmessage) both bigmessage --runs "$runs" ;;
      idle)
        # A fresh process, so that memory grown by earlier scenarios is not counted (nor reused).
        for label in poplar dovecot; do
          restart "$label"
          scenario "$label" idle --connections "$([ "$label" = poplar ] && echo "$idle" || echo "$dovecot_idle")" \
            --probes "$probes"
        done ;;
    esac
  done
}
for ((r = 1; r <= rounds; r++)); do
  echo "compare: round $r of $rounds"
  round
done
stop_poplar
stop_dovecot

poplar_version="$(git -C "$root" describe --always --dirty --tags 2>/dev/null || echo unknown) ($(git -C "$root" rev-parse HEAD 2>/dev/null || echo 'no git'))"
python3 "$bench/results.py" --jsonl "$jsonl" --out "$results" --command "$command_line" \
  --poplar-version "$poplar_version" --dovecot-version "$(dovecot --version)" \
  --java-version "$("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1) ($JAVA_HOME)" \
  --data "$data" --note "Poplar's idle scenario: $idle connections; Dovecot's: $dovecot_idle (one process per session)." \
  --note "bigbox: each server was restarted just before it, so the first of its runs is cold (the page cache is not dropped)."
if [ ${#failures[@]} -gt 0 ]; then
  printf 'compare: failed: %s\n' "${failures[@]}" >&2
  exit 1
fi
