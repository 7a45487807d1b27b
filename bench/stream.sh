#!/usr/bin/env bash
# bench/stream.sh — stream queues: publish COUNT 100-byte messages into a stream, then replay it from
# x-stream-offset=first with 1 and with 4 concurrent consumers, on Warren and (when one listens on 5672) RabbitMQ.
#
#   bench/stream.sh [COUNT]        (default 1 000 000)
#
# Prints, per broker: the publish rate (one producer, confirms with 1000 in flight), the replay rates (aggregate
# and per consumer; prefetch 1000, one multiple ack per 100 messages; each timed replay follows an untimed one of
# COUNT/5 messages per consumer in the same client JVM, so the client is JIT-compiled before it is measured), each
# once with the RabbitMQ Java client (StreamBench.java) and once with a minimal raw-socket client
# (RawStreamClient.java) that measures the broker rather than the client library, the broker's CPU time per
# message of each phase, and the broker's memory while replaying: Warren's JVM heap used (max of 1 s samples from
# its Prometheus endpoint) and the broker process's RSS (max of the same samples, from /proc; for RabbitMQ the
# beam.smp found by its listening port).
# Warren runs from dist/target/warren.jar on port 5673 at -Xmx1g with a fresh data directory under /tmp; the
# client is bench/src/StreamBench.java with the AMQP client from bench/tools (fetched as compare.sh does).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
COUNT="${1:-1000000}"
PORT=5673
PROM=15693
RABBIT_PORT=5672
DATA="$(mktemp -d /tmp/warren-stream.XXXXXX)"

[ -f "$HERE/tools/perf-test-2.22.1.jar" ] || (cd "$HERE" && mvn -q -B dependency:copy-dependencies -DoutputDirectory=tools)
[ -f "$ROOT/dist/target/warren.jar" ] || (cd "$ROOT" && mvn -q -B -DskipTests package -pl dist -am)

java -Xmx1g -jar "$ROOT/dist/target/warren.jar" --port $PORT --management-port -1 --prometheus-port $PROM \
  --data-dir "$DATA" > "$DATA.log" 2>&1 &
WARREN=$!
trap 'kill $WARREN 2>/dev/null || true; wait $WARREN 2>/dev/null || true; rm -rf "$DATA" "$DATA.log" "$DATA.samples"' EXIT
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done

bench() { java -Dlogback.configurationFile="$HERE/src/logback-quiet.xml" -cp "$HERE/tools/*" "$HERE/src/StreamBench.java" "$@" 2>&1; }
raw() { java "$HERE/src/RawStreamClient.java" "$@" 2>&1; }
metric() { curl -s "http://127.0.0.1:$PROM/metrics" | awk -v m="$1" '$1 ~ "^"m"({|$)" {s+=$2} END {printf "%.0f", s}'; }
rss() { awk '/VmRSS/ {print int($2/1024)}' /proc/$1/status 2>/dev/null || echo 0; }
ticks() { awk '{print $14 + $15}' /proc/$1/stat 2>/dev/null || echo 0; }
# cpu PID TICKS_BEFORE MESSAGES: the broker CPU time per message since TICKS_BEFORE (clock ticks of 10 ms).
cpu() { awk -v t=$(( $(ticks $1) - $2 )) -v n=$3 'BEGIN { printf "  broker CPU: %.2f s, %.2f us per message\n", t / 100, t * 10000 / n }'; }

# replay PORT PID CONSUMERS CLIENT: runs the replay while sampling memory every second; CLIENT is java or raw.
replay() {
  local port=$1 pid=$2 n=$3 client=$4 before
  : > "$DATA.samples"
  ( while true; do
      h=0; [ "$port" = $PORT ] && h=$(metric 'warren_jvm_heap_bytes{area="used"}' 2>/dev/null || echo 0)
      echo "$((h / 1048576)) $(rss "$pid")" >> "$DATA.samples"; sleep 1; done ) & local sampler=$!
  # Each client JVM first replays a fifth of the messages per consumer, untimed ("warmed up" marks the end), so
  # that neither the client's JIT warm-up nor its CPU is in the measured replay.
  local warm=$(( COUNT / 5 )) line
  before=$(ticks "$pid")
  while IFS= read -r line; do
    if [ "$line" = "warmed up" ]; then before=$(ticks "$pid"); else echo "$line"; fi
  done < <(if [ "$client" = raw ]; then raw replay 127.0.0.1 "$port" bench.stream "$COUNT" "$n" "$warm"
           else bench replay "amqp://guest:guest@127.0.0.1:$port" bench.stream "$COUNT" "$n" "$warm"; fi)
  cpu "$pid" "$before" $(( COUNT * n ))
  kill $sampler 2>/dev/null || true; wait $sampler 2>/dev/null || true
  awk -v p="$port" -v W=$PORT '{ if ($1>h) h=$1; if ($2>r) r=$2 } END {
    printf "  memory while replaying: %s, RSS max %d MiB\n", (p == W ? "heap used max " h " MiB" : "heap n/a"), r }' \
    "$DATA.samples"
}

run() {
  local name=$1 port=$2 pid=$3
  echo "== $name"
  # Warm-up, not reported (Warren's JIT compiles its hot paths; both brokers get the same): a tenth of the
  # messages published and replayed once by each client. Each publish deletes and redeclares the stream.
  bench publish "amqp://guest:guest@127.0.0.1:$port" bench.stream $(( COUNT / 10 )) 100 > /dev/null
  bench replay "amqp://guest:guest@127.0.0.1:$port" bench.stream $(( COUNT / 10 )) 1 > /dev/null
  raw publish 127.0.0.1 "$port" bench.stream $(( COUNT / 10 )) 100 > /dev/null
  raw replay 127.0.0.1 "$port" bench.stream $(( COUNT / 10 )) 1 > /dev/null
  local before client
  for client in java raw; do
    before=$(ticks "$pid")
    if [ $client = raw ]; then
      raw publish 127.0.0.1 "$port" bench.stream "$COUNT" 100
    else
      bench publish "amqp://guest:guest@127.0.0.1:$port" bench.stream "$COUNT" 100
    fi
    cpu "$pid" "$before" "$COUNT"
    replay "$port" "$pid" 1 $client
    replay "$port" "$pid" 4 $client
  done
  java -cp "$HERE/tools/*" "$HERE/src/TopicSetup.java" delete-queues "amqp://guest:guest@127.0.0.1:$port" \
    bench.stream > /dev/null 2>&1 || true
}

run "Warren (-Xmx1g)" $PORT $WARREN
if (exec 3<>/dev/tcp/127.0.0.1/$RABBIT_PORT) 2>/dev/null; then
  RPID=$(ss -ltnpH "sport = :$RABBIT_PORT" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true)
  run "RabbitMQ on $RABBIT_PORT" $RABBIT_PORT "${RPID:-0}"
fi
