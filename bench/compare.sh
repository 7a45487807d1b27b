#!/usr/bin/env bash
# bench/compare.sh — Warren vs RabbitMQ, side by side, with RabbitMQ PerfTest 2.22.1.
#
# What it does
#   1. Fetches PerfTest and its dependencies into bench/tools/ (git-ignored) with the stand-alone
#      bench/pom.xml when they are missing (Maven Central only).
#   2. Starts Warren from dist/target/warren.jar on port 5673 with a fresh temp data dir
#      (building the jar first with `mvn -o -B -q package -DskipTests -pl dist -am` if it is absent).
#      One Warren process serves the whole run; if it dies in a scenario it is restarted for the next.
#   3. If a RabbitMQ listens on --rabbit-port (default 5672), runs every scenario on both brokers,
#      INTERLEAVED: scenario 1 on Warren, scenario 1 on RabbitMQ, scenario 2 on Warren, ...
#   4. Prints a table: scenario, broker, publish and consume rate (msg/s, PerfTest's "sending/
#      receiving rate avg"), consumer latency p50/p95/p99 (ms, PerfTest's summary line), broker CPU
#      seconds per 1M delivered messages (utime+stime of the broker process from /proc/<pid>/stat
#      before and after the run; for RabbitMQ that is beam.smp), broker RSS at the end of the run,
#      and a Warren/RabbitMQ ratio row per scenario.
#      Raw PerfTest output, the Warren log and results.tsv go to bench/results/<timestamp>/.
#
# Usage
#   bench/compare.sh [--duration S] [--warmup S] [--repeat N] [--only SCENARIO[,SCENARIO...]] [--warren-only]
#                    [--rabbit-port PORT] [--warren-port PORT] [--warren-jar PATH]
#                    [--warren-heap SIZE] [--scenario 'NAME|PERFTEST FLAGS']... [--list]
#
#   --duration S     seconds per PerfTest run (default 20)
#   --warmup S       seconds of an unmeasured run of the same scenario on the same broker just before each
#                    measured one, so that Warren's JIT has compiled the paths it exercises (RabbitMQ gets the
#                    same; default 5, 0 = none). Setup and teardown hooks run around each run.
#   --repeat N       rounds (default 1): each round runs every scenario on both brokers, interleaved as above;
#                    the table shows the median of the N runs per cell and the range of the CPU ratio
#                    (fixed-rate CPU per message varies by +-15% between runs on a 2-core VM)
#   --only LIST      comma-separated scenario names (default: all, see --list)
#   --warren-only    do not look for RabbitMQ
#   --rabbit-port    RabbitMQ's AMQP port (default 5672); the broker is found by the listening pid
#   --warren-port    port for the Warren started here (default 5673)
#   --warren-jar     Warren jar to run (default dist/target/warren.jar of this work tree)
#   --warren-heap    -Xmx for Warren (default: none, as dist/warren; Warren gets the JVM options of
#                    dist/jvm.options, as dist/warren gives it)
#   --scenario S     add an ad-hoc scenario 'NAME|PERFTEST FLAGS' (repeatable); when given, only
#                    the ad-hoc scenarios run unless --only names built-in ones too, e.g.
#                    --scenario '1p1c-r30k|-x 1 -y 1 -s 16 -r 30000'
#   --list           print the scenarios and their PerfTest flags, then exit
#   --table DIR      print the table of an earlier run from DIR/results.tsv, then exit
#
# PerfTest defaults used everywhere (the same for both brokers): manual acks, one basic.ack per
# message (no multi-ack), unlimited prefetch (qos 0), no publisher confirms unless stated,
# transient messages unless stated, one connection+channel per producer and per consumer,
# unlimited publish rate unless stated. PerfTest runs on the same 2-core machine as the broker,
# so it competes with the broker for CPU; both brokers get the same treatment.
#
# Requirements: bash, java 17, mvn (first run only), ss (iproute2) to find broker pids, /proc.
# Reading RabbitMQ's /proc/<pid>/stat needs the same user or root; without it CPU shows "n/a".

set -euo pipefail

ARGS=("$@")
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
TOOLS="$HERE/tools"

DURATION=20
WARMUP=5
REPEAT=1
ONLY=""
WARREN_ONLY=0
RABBIT_PORT=5672
WARREN_PORT=5673
WARREN_JAR="$ROOT/dist/target/warren.jar"
WARREN_HEAP=""
LIST=0
TABLE_DIR=""
EXTRA=()

usage() { sed -n '2,/^$/p' "$0" | sed 's/^# \{0,1\}//'; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --repeat) REPEAT="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    --warren-only) WARREN_ONLY=1; shift ;;
    --rabbit-port) RABBIT_PORT="$2"; shift 2 ;;
    --warren-port) WARREN_PORT="$2"; shift 2 ;;
    --warren-jar) WARREN_JAR="$2"; shift 2 ;;
    --warren-heap) WARREN_HEAP="$2"; shift 2 ;;
    --scenario) EXTRA+=("$2|-|-"); shift 2 ;;
    --list) LIST=1; shift ;;
    --table) TABLE_DIR="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

# ---------------------------------------------------------------------------------------------
# Scenarios: name | PerfTest flags | setup hook | teardown hook
# Hooks: "topic" = TopicSetup setup/teardown, "delq:Q1,Q2" = delete these (durable) queues before
# and after, "-" = nothing. PerfTest's own -z, -h, -mf flags are added by run_one.
# ---------------------------------------------------------------------------------------------
SCENARIOS=(
  "1p1c-16B|-x 1 -y 1 -s 16|-|-"
  "fanout4|-x 1 -y 4 -s 16 -t fanout -e bench.fanout4 -qp bench.fanout4.%d -qpf 1 -qpt 4|-|-"
  "topic200|-x 1 -y 1 -s 16 -t topic -e bench.topic200 -u bench.topic200 -p -sb -k bench.7.x|topic|topic"
  "50p50c-fixed|-x 50 -y 50 -s 16 -r 200 -qp bench.50p50c.%d -qpf 1 -qpt 50|-|-"
  "latency-10k|-x 1 -y 1 -s 16 -r 10000|-|-"
  "persistent-confirm|-x 1 -y 1 -s 1024 -f persistent -c 1000 -u bench.persistent -ad false|delq:bench.persistent|delq:bench.persistent"
  "fanout4-persistent|-x 1 -y 4 -s 1024 -f persistent -c 1000 -t fanout -e bench.fanout4p -qp bench.fanout4p.%d -qpf 1 -qpt 4 -ad false|delq:bench.fanout4p.1,bench.fanout4p.2,bench.fanout4p.3,bench.fanout4p.4|delq:bench.fanout4p.1,bench.fanout4p.2,bench.fanout4p.3,bench.fanout4p.4"
)

print_table() { # print_table DIR
{
  echo
  [[ -f "$1/command.txt" ]] && echo "Command: $(cat "$1/command.txt")"
  echo "Results in $1 (rates msg/s; latency = PerfTest consumer latency, ms; CPU = broker utime+stime s per 1M delivered; RSS MiB at end of run)"
  echo "With --repeat N every cell is the median of the N runs and the ratio row divides the medians."
  echo
  awk -F'\t' '
    function ratio(a, b) { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b + 0 > 0) return sprintf("%.2fx", a / b); return "-" }
    function median(k, j,    n, i, a, t, m, x, dec) {
      n = split(vals[k, j], a, " "); m = 0; dec = 0
      for (i = 1; i <= n; i++) if (a[i] ~ /^[0-9.]+$/) { x[++m] = a[i] + 0; if (a[i] ~ /\./) dec = 1 }
      if (m == 0) return (n > 0 ? a[1] : "-")
      for (i = 2; i <= m; i++) { t = x[i]; for (j2 = i - 1; j2 >= 1 && x[j2] > t; j2--) x[j2 + 1] = x[j2]; x[j2 + 1] = t }
      if (m % 2) return x[(m + 1) / 2]
      return sprintf(dec ? "%.2f" : "%.0f", (x[m / 2] + x[m / 2 + 1]) / 2)
    }
    NR == 1 { next }
    {
      k = $1 "|" $2; runs[k]++; round = ($12 == "" ? 1 : $12)
      for (j = 3; j <= 10; j++) vals[k, j] = vals[k, j] (vals[k, j] == "" ? "" : " ") $j
      if ($11 != "") notes[k] = notes[k] (notes[k] == "" ? "" : "; ") $11
      cpu[k, round] = $9; if (round > rounds) rounds = round
      if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 }
    }
    END {
      printf "| %-18s | %-8s | %4s | %9s | %9s | %8s | %8s | %8s | %8s | %9s | %7s | %s |\n", "scenario", "broker", "runs", "publish", "consume", "p50 ms", "p95 ms", "p99 ms", "p99 2nd", "CPU s/1M", "RSS MiB", "notes"
      printf "|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s|---|\n", "--------------------", "----------", "-----:", "----------:", "----------:", "---------:", "---------:", "---------:", "---------:", "----------:", "--------:"
      for (i = 1; i <= n; i++) {
        s = order[i]
        for (b = 1; b <= 2; b++) {
          br = (b == 1) ? "warren" : "rabbitmq"; k = s "|" br
          if (!(k in runs)) continue
          for (j = 3; j <= 10; j++) f[j] = median(k, j)
          if (b == 1) for (j = 3; j <= 10; j++) w[j] = f[j]; else for (j = 3; j <= 10; j++) r[j] = f[j]
          printf "| %-18s | %-8s | %4s | %9s | %9s | %8s | %8s | %8s | %8s | %9s | %7s | %s |\n", s, br, runs[k], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], notes[k]
        }
        if (((s "|warren") in runs) && ((s "|rabbitmq") in runs)) {
          printf "| %-18s | %-8s | %4s | %9s | %9s | %8s | %8s | %8s | %8s | %9s | %7s | |\n", s, "W/R", "", ratio(w[3], r[3]), ratio(w[4], r[4]), ratio(w[5], r[5]), ratio(w[6], r[6]), ratio(w[7], r[7]), ratio(w[8], r[8]), ratio(w[9], r[9]), ratio(w[10], r[10])
          if (rounds > 1) {
            lo = ""; hi = ""
            for (q = 1; q <= rounds; q++) {
              x = ratio(cpu[s "|warren", q], cpu[s "|rabbitmq", q]); if (x == "-") continue; x += 0
              if (lo == "" || x < lo) lo = x; if (hi == "" || x > hi) hi = x
            }
            if (lo != "") cpur[s] = sprintf("%.2fx-%.2fx", lo, hi)
          }
        }
      }
      if (rounds > 1) {
        print ""
        for (i = 1; i <= n; i++) if (order[i] in cpur) printf "CPU ratio range over the %d rounds, %s: %s\n", rounds, order[i], cpur[order[i]]
      }
    }' "$1/results.tsv"
}
}

if [[ -n "$TABLE_DIR" ]]; then print_table "$TABLE_DIR"; exit 0; fi

if [[ $LIST -eq 1 ]]; then
  for s in "${SCENARIOS[@]}"; do IFS='|' read -r n f _ _ <<<"$s"; printf '%-20s %s\n' "$n" "$f"; done
  exit 0
fi

if [[ ${#EXTRA[@]} -gt 0 && -z "$ONLY" ]]; then ONLY="-"; fi
selected=()
for s in "${SCENARIOS[@]}"; do
  IFS='|' read -r n _ _ _ <<<"$s"
  if [[ -z "$ONLY" || ",$ONLY," == *",$n,"* ]]; then selected+=("$s"); fi
done
selected+=("${EXTRA[@]}")
if [[ ${#selected[@]} -eq 0 ]]; then echo "no scenario matches --only $ONLY (see --list)" >&2; exit 2; fi

log() { printf '[compare %(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_port PORT TIMEOUT_S [PID]: 0 once the port accepts, 1 on timeout or when PID dies
wait_port() {
  local port=$1 timeout=$2 pid=${3:-} deadline=$((SECONDS + $2))
  while (( SECONDS < deadline )); do
    if port_open "$port"; then return 0; fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.2
  done
  return 1
}

listening_pid() { ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true; }

CLK_TCK=$(getconf CLK_TCK)
# cpu_ticks PID: utime+stime in clock ticks (fields 14, 15; parsed after the ")" of comm)
cpu_ticks() {
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo ""; return; }
  s=${s##*) }
  awk '{print $12 + $13}' <<<"$s"
}
rss_mib() { awk '/^VmRSS:/ {printf "%.0f", $2/1024}' "/proc/$1/status" 2>/dev/null || true; }

# ---------------------------------------------------------------------------------------------
# Tools, jar, output dir
# ---------------------------------------------------------------------------------------------
if ! compgen -G "$TOOLS/perf-test-2.22.1.jar" >/dev/null || ! compgen -G "$TOOLS/amqp-client-*.jar" >/dev/null; then
  log "fetching PerfTest 2.22.1 and its dependencies into bench/tools"
  mvn -B -q -f "$HERE/pom.xml" dependency:copy-dependencies
fi
CP="$TOOLS/*"

if [[ ! -f "$WARREN_JAR" ]]; then
  if [[ "$WARREN_JAR" == "$ROOT/dist/target/warren.jar" ]]; then
    log "building $WARREN_JAR"
    (cd "$ROOT" && mvn -o -B -q package -DskipTests -pl dist -am)
  else
    echo "Warren jar not found: $WARREN_JAR" >&2; exit 2
  fi
fi

STAMP=$(date +%Y%m%d-%H%M%S)
OUT="$HERE/results/$STAMP"
mkdir -p "$OUT"
echo "bench/compare.sh ${ARGS[*]}  (duration ${DURATION}s per run, warm-up ${WARMUP}s; $(date -Is); $(nproc) cores)" >"$OUT/command.txt"
TSV="$OUT/results.tsv"
printf 'scenario\tbroker\tpublish\tconsume\tp50_ms\tp95_ms\tp99_ms\tp99_2nd_half_ms\tcpu_s_per_1M\trss_mib\tnotes\tround\n' >"$TSV"

# ---------------------------------------------------------------------------------------------
# Warren lifecycle
# ---------------------------------------------------------------------------------------------
WARREN_PID=""
WARREN_DATA=""
WARREN_LOG="$OUT/warren.log"
WARREN_STARTS=0

stop_warren() {
  if [[ -n "$WARREN_PID" ]] && kill -0 "$WARREN_PID" 2>/dev/null; then
    kill "$WARREN_PID" 2>/dev/null || true
    local deadline=$((SECONDS + 15))
    while kill -0 "$WARREN_PID" 2>/dev/null && (( SECONDS < deadline )); do sleep 0.2; done
    if kill -0 "$WARREN_PID" 2>/dev/null; then
      log "Warren (pid $WARREN_PID) did not stop in 15 s: kill -9"
      kill -9 "$WARREN_PID" 2>/dev/null || true
    fi
    wait "$WARREN_PID" 2>/dev/null || true
  fi
  WARREN_PID=""
  if [[ -n "$WARREN_DATA" ]]; then rm -rf "$WARREN_DATA"; WARREN_DATA=""; fi
}

start_warren() {
  if port_open "$WARREN_PORT"; then
    echo "port $WARREN_PORT is already in use (pid $(listening_pid "$WARREN_PORT")): stop it or pass --warren-port" >&2
    exit 1
  fi
  WARREN_DATA=$(mktemp -d /tmp/warren-bench-data.XXXXXX)
  WARREN_STARTS=$((WARREN_STARTS + 1))
  echo "=== start #$WARREN_STARTS $(date -Is) ===" >>"$WARREN_LOG"
  local opts
  mapfile -t opts < <(grep -v '^[[:space:]]*\(#\|$\)' "$ROOT/dist/jvm.options")
  if [[ -n "$WARREN_HEAP" ]]; then opts+=("-Xmx$WARREN_HEAP"); fi
  java "${opts[@]}" -Xlog:gc:file="$OUT/warren-gc-$WARREN_STARTS.log":uptime -jar "$WARREN_JAR" --port "$WARREN_PORT" --management-port -1 \
       --prometheus-port -1 --data-dir "$WARREN_DATA" >>"$WARREN_LOG" 2>&1 &
  WARREN_PID=$!
  if ! wait_port "$WARREN_PORT" 60 "$WARREN_PID"; then
    echo "Warren did not open port $WARREN_PORT within 60 s; log:" >&2
    tail -30 "$WARREN_LOG" >&2
    exit 1
  fi
  log "Warren pid $WARREN_PID on port $WARREN_PORT (data dir $WARREN_DATA)"
}

cleanup() {
  local rc=$?
  stop_warren
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------------
# RabbitMQ discovery
# ---------------------------------------------------------------------------------------------
RABBIT_PID=""
if [[ $WARREN_ONLY -eq 0 ]]; then
  if port_open "$RABBIT_PORT"; then
    RABBIT_PID=$(listening_pid "$RABBIT_PORT")
    if [[ -z "$RABBIT_PID" ]]; then
      log "RabbitMQ on port $RABBIT_PORT: pid not visible to ss (not root?): CPU and RSS will show n/a"
      RABBIT_PID="?"
    else
      log "RabbitMQ on port $RABBIT_PORT: pid $RABBIT_PID ($(cat /proc/"$RABBIT_PID"/comm 2>/dev/null))"
    fi
  else
    log "no broker listens on port $RABBIT_PORT: Warren only"
    WARREN_ONLY=1
  fi
fi

start_warren

# ---------------------------------------------------------------------------------------------
# One PerfTest run
# ---------------------------------------------------------------------------------------------
admin() { # admin PORT ARGS...  (TopicSetup.java as a single-file source program)
  local port=$1; shift
  local mode=$1; shift
  java -Dlogback.configurationFile="$HERE/src/logback-quiet.xml" -cp "$CP" "$HERE/src/TopicSetup.java" \
       "$mode" "amqp://guest:guest@127.0.0.1:$port" "$@"
}

hook() { # hook SPEC PORT PHASE
  local spec=$1 port=$2 phase=$3
  case "$spec" in
    -) ;;
    topic) if [[ $phase == pre ]]; then admin "$port" setup 200; else admin "$port" teardown; fi ;;
    delq:*) local qs=${spec#delq:}; admin "$port" delete-queues ${qs//,/ } ;;
    *) echo "bad hook $spec" >&2; return 1 ;;
  esac
}

us_to_ms() { awk -v v="$1" 'BEGIN { if (v == "") print "-"; else printf "%.2f", v / 1000 }'; }

run_one() { # run_one NAME FLAGS PRE POST BROKER PORT PID
  local name=$1 flags=$2 pre=$3 post=$4 broker=$5 port=$6 pid=$7
  local run="$name-$broker"
  (( REPEAT > 1 )) && run+="-r$ROUND"
  local logf="$OUT/$run.log" notes=""
  log "$name on $broker (port $port) for ${DURATION}s: perf-test $flags"
  if (( WARMUP > 0 )); then
    hook "$pre" "$port" pre >>"$OUT/$run.warmup.log" 2>&1 || true
    # shellcheck disable=SC2086
    timeout --kill-after=10 $((WARMUP + 60)) \
      java -Xmx1g -cp "$CP" com.rabbitmq.perf.PerfTest -h "amqp://guest:guest@127.0.0.1:$port" \
        -z "$WARMUP" -mf compact -id "$name-$broker-warmup" $flags >>"$OUT/$run.warmup.log" 2>&1 || true
    hook "$post" "$port" post >>"$OUT/$run.warmup.log" 2>&1 || true
  fi
  if ! hook "$pre" "$port" pre >>"$logf" 2>&1; then notes+="setup failed; "; fi

  local wlog_lines=0
  [[ $broker == warren ]] && wlog_lines=$(wc -l <"$WARREN_LOG")
  local cpu0="" cpu1=""
  [[ "$pid" =~ ^[0-9]+$ ]] && cpu0=$(cpu_ticks "$pid")

  # mid-run snapshot of the broker's busiest threads (evidence for where the CPU goes)
  local snap_pid=""
  if [[ "$pid" =~ ^[0-9]+$ ]] && command -v top >/dev/null; then
    ( sleep $((DURATION / 2 + 1)); top -H -b -d 2 -n 2 -w 200 -p "$pid" 2>/dev/null | awk '/^top - /{n++} n==2' | head -22 >"$OUT/$run.threads.txt" || true ) &
    snap_pid=$!
  fi

  local rc=0
  # shellcheck disable=SC2086
  timeout --kill-after=10 $((DURATION + 90)) \
    java -Xmx1g -cp "$CP" com.rabbitmq.perf.PerfTest -h "amqp://guest:guest@127.0.0.1:$port" \
      -z "$DURATION" -mf compact -id "$name-$broker" $flags >>"$logf" 2>&1 || rc=$?

  [[ "$pid" =~ ^[0-9]+$ ]] && cpu1=$(cpu_ticks "$pid")
  [[ -n "$snap_pid" ]] && wait "$snap_pid" 2>/dev/null || true
  local rss=""
  [[ "$pid" =~ ^[0-9]+$ ]] && rss=$(rss_mib "$pid")

  (( rc != 0 )) && notes+="perf-test exit $rc; "
  local errs
  errs=$(grep -ciE 'exception|error|blocked' "$logf" || true)
  (( errs > 0 )) && notes+="$errs error lines in perf-test log; "

  if [[ $broker == warren ]]; then
    local newwarn
    newwarn=$(tail -n +"$((wlog_lines + 1))" "$WARREN_LOG" | grep -cE 'WARN|ERROR|Exception' || true)
    (( newwarn > 0 )) && notes+="$newwarn WARN/ERROR lines in warren.log; "
    if [[ "$flags" == *persistent* && -n "$WARREN_DATA" ]]; then
      notes+="warren data dir $(du -sk "$WARREN_DATA" | cut -f1) KiB after run; "
    fi
    if ! kill -0 "$WARREN_PID" 2>/dev/null; then
      notes+="WARREN DIED; "
      log "Warren died during $name; see $WARREN_LOG; restarting"
      wait "$WARREN_PID" 2>/dev/null || true
      WARREN_PID=""
      stop_warren
      start_warren
    fi
  fi

  if ! hook "$post" "$port" post >>"$logf" 2>&1; then notes+="teardown failed; "; fi

  local pub rec lat p50 p95 p99
  pub=$(awk '/^sending rate avg:/ {print $4}' "$logf" | tail -1)
  rec=$(awk '/^receiving rate avg:/ {print $4}' "$logf" | tail -1)
  # "consumer latency min/median/75th/95th/99th a/b/c/d/e µs"
  lat=$(awk '/^consumer latency min\/median/ {print $4, $5}' "$logf" | tail -1)
  p50=""; p95=""; p99=""
  if [[ -n "$lat" ]]; then
    local vals unit
    vals=${lat% *}; unit=${lat#* }
    IFS=/ read -r _ p50 _ p95 p99 <<<"$vals"
    if [[ $unit == ms ]]; then p50=$((p50 * 1000)); p95=$((p95 * 1000)); p99=$((p99 * 1000)); fi
  fi
  # worst per-second p99 over the second half of the run: the latency once both JVMs are warm
  # (the whole-run p99 above includes PerfTest's and Warren's JIT warm-up, often ~1 s)
  local p99ss
  p99ss=$(awk -v d="$DURATION" '
    # compact rows: "T s  N msg/s ... N msg/s  a/b/c/d/e unit [confirm latency a/b/c/d/e unit]";
    # the consumer latency is the first field with four slashes
    /^[0-9.]+s +[0-9]+ msg\/s / {
      t = $1; sub(/s$/, "", t); v = ""
      for (i = 2; i < NF; i++) if (split($i, q, "/") == 5) { v = q[5] + 0; if ($(i + 1) == "ms") v *= 1000; break }
      if (v == "") next
      if (t + 0 > d / 2 && v > m) m = v; seen = 1
    }
    END { if (seen) print m + 0 }' "$logf")
  local cpu_per_1m="n/a"
  if [[ -n "$cpu0" && -n "$cpu1" && -n "$rec" && "$rec" -gt 0 ]]; then
    cpu_per_1m=$(awk -v c0="$cpu0" -v c1="$cpu1" -v hz="$CLK_TCK" -v r="$rec" -v d="$DURATION" \
      'BEGIN { printf "%.2f", ((c1 - c0) / hz) / (r * d / 1e6) }')
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$broker" "${pub:--}" "${rec:--}" \
    "$(us_to_ms "$p50")" "$(us_to_ms "$p95")" "$(us_to_ms "$p99")" "$(us_to_ms "$p99ss")" "$cpu_per_1m" "${rss:-n/a}" \
    "${notes%; }" "$ROUND" >>"$TSV"
  log "  -> publish ${pub:--} msg/s, consume ${rec:--} msg/s, p50/p99 $(us_to_ms "$p50")/$(us_to_ms "$p99") ms (2nd half p99 $(us_to_ms "$p99ss")), cpu/1M ${cpu_per_1m}s, rss ${rss:-n/a} MiB ${notes:+($notes)}"
  sleep 2 # let the broker finish deleting auto-delete queues before the next run
}

for ((ROUND = 1; ROUND <= REPEAT; ROUND++)); do
  (( REPEAT > 1 )) && log "round $ROUND of $REPEAT"
  for s in "${selected[@]}"; do
    IFS='|' read -r name flags pre post <<<"$s"
    run_one "$name" "$flags" "$pre" "$post" warren "$WARREN_PORT" "$WARREN_PID"
    if [[ $WARREN_ONLY -eq 0 ]]; then
      run_one "$name" "$flags" "$pre" "$post" rabbitmq "$RABBIT_PORT" "$RABBIT_PID"
    fi
  done
done

# ---------------------------------------------------------------------------------------------
# Table
# ---------------------------------------------------------------------------------------------
print_table "$OUT" | tee "$OUT/table.md"
