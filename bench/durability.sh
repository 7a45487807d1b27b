#!/usr/bin/env bash
# bench/durability.sh — Warren's persistence under load: group commit and a backlog far larger than the heap.
#
#   bench/durability.sh confirm [SECONDS]     1 producer / 1 consumer, 1 KiB persistent messages, durable queue,
#                                             publisher confirms with 1000 in flight, manual acks. Prints the
#                                             rates, fsyncs per second and messages per fsync (group commit),
#                                             read from Warren's Prometheus counters before and after.
#   bench/durability.sh backlog [COUNT]       publishes COUNT (default 10 000 000) 1 KiB persistent messages
#                                             into one durable queue with confirms and no consumer, then consumes
#                                             them all, with the broker at -Xmx256m; samples heap (from the
#                                             Prometheus endpoint) and RSS every 5 s and prints the maxima.
#
# Warren runs from dist/target/warren.jar on port 5673 (management off, Prometheus on 15693) with a fresh data
# directory under /tmp. PerfTest comes from bench/tools (see compare.sh, which fetches it).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
MODE="${1:-confirm}"
PORT=5673
PROM=15693
DATA="$(mktemp -d /tmp/warren-durability.XXXXXX)"
HEAP=1g
[ "$MODE" = backlog ] && HEAP=256m

[ -f "$HERE/tools/perf-test-2.22.1.jar" ] || (cd "$HERE" && mvn -q -B dependency:copy-dependencies -DoutputDirectory=tools)
[ -f "$ROOT/dist/target/warren.jar" ] || (cd "$ROOT" && mvn -q -B -DskipTests package -pl dist -am)

java -Xmx$HEAP -jar "$ROOT/dist/target/warren.jar" --port $PORT --management-port -1 --prometheus-port $PROM \
  --data-dir "$DATA" ${WARREN_ARGS:-} > "$DATA.log" 2>&1 &
WARREN=$!
trap 'kill $WARREN 2>/dev/null || true; wait $WARREN 2>/dev/null || true; rm -rf "$DATA" "$DATA.log" "$DATA.samples"' EXIT
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done

perftest() { java -cp "$HERE/tools/*" com.rabbitmq.perf.PerfTest -h "amqp://guest:guest@127.0.0.1:$PORT" "$@" 2>&1; }
metric() { curl -s "http://127.0.0.1:$PROM/metrics" | awk -v m="$1" '$1 ~ "^"m"({|$)" {s+=$2} END {printf "%.0f", s}'; }
cpu() { awk '{print $14+$15}' /proc/$WARREN/stat; }
rss() { awk '/VmRSS/ {print int($2/1024)}' /proc/$WARREN/status; }

case "$MODE" in
confirm)
  SECS="${2:-20}"
  f0=$(metric warren_store_fsyncs_total); c0=$(cpu)
  out=$(perftest -z "$SECS" -x 1 -y 1 -s 1024 -f persistent -c 1000 -u bench.durable -ad false)
  f1=$(metric warren_store_fsyncs_total); c1=$(cpu)
  pub=$(echo "$out" | awk '/sending rate avg/ {print $(NF-1)}')
  con=$(echo "$out" | awk '/receiving rate avg/ {print $(NF-1)}')
  lat=$(echo "$out" | awk -F'[ /]+' '/consumer latency min/ {print $(NF-4)/1000 " / " $(NF-1)/1000 " ms"}')
  fsyncs=$((f1 - f0))
  echo "persistent-confirm ${SECS}s: publish $pub msg/s, consume $con msg/s, latency p50/p99 $lat"
  awk -v f="$fsyncs" -v s="$SECS" -v p="$pub" -v c0="$c0" -v c1="$c1" 'BEGIN {
    printf "fsyncs: %d (%.0f/s), mean messages per fsync: %.1f, broker CPU: %.1f s per 1M messages\n",
      f, f / s, (p * s) / (f > 0 ? f : 1), (c1 - c0) / 100 / (p * s / 1e6) }'
  ;;
backlog)
  COUNT="${2:-10000000}"
  maxheap=0; maxrss=0
  sample() { while kill -0 $WARREN 2>/dev/null; do
      h=$(metric 'warren_jvm_heap_bytes{area="used"}' 2>/dev/null || echo 0); r=$(rss)
      echo "$(date +%T) heap_used_mb=$((h / 1048576)) rss_mb=$r" >> "$DATA.samples"; sleep 5; done; }
  sample & SAMPLER=$!
  start=$(date +%s)
  perftest -x 1 -y 0 -C "$COUNT" -s 1024 -f persistent -c 1000 -u bench.backlog -ad false | grep -E "sending rate avg" || true
  mid=$(date +%s)
  perftest -x 0 -y 1 -D "$COUNT" -q 1000 -u bench.backlog -ad false -f persistent | grep -E "receiving rate avg|Exception|ERROR" || true
  end=$(date +%s)
  kill $SAMPLER 2>/dev/null || true
  echo "published $COUNT in $((mid - start)) s, consumed in $((end - mid)) s"
  awk '{split($2,h,"="); split($3,r,"="); if (h[2]>mh) mh=h[2]; if (r[2]>mr) mr=r[2]} END {
    print "max heap used " mh " MiB, max RSS " mr " MiB (broker at -Xmx256m)"}' "$DATA.samples"
  du -sh "$DATA" | awk '{print "data dir at the end: " $1}'
  ;;
*) echo "usage: $0 confirm [SECONDS] | backlog [COUNT]" >&2; exit 2 ;;
esac
