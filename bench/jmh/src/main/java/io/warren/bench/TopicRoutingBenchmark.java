package io.warren.bench;

import io.warren.exchange.HeaderView;
import io.warren.exchange.TopicRouter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Routing one message through a topic exchange with 200 bindings in the four shapes of compare.sh's topic200
 * scenario ({@code bench.<i>.*}, {@code bench.<i>.#}, {@code *.<i>.x}, {@code #.<i>.x}): a key that matches one
 * binding, and one that matches none (which should allocate nothing: run with {@code -prof gc}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TopicRoutingBenchmark {
    private final TopicRouter<String> router = new TopicRouter<>();
    private final List<String> out = new ArrayList<>();

    @Setup
    public void bind() {
        for (int i = 0; i < 200; i++) {
            String key = switch (i % 4) {
                case 0 -> "bench." + i + ".*";
                case 1 -> "bench." + i + ".#";
                case 2 -> "*." + i + ".x";
                default -> "#." + i + ".x";
            };
            router.bind("q" + i, key, Map.of());
        }
    }

    @Benchmark
    public int matchingKey() {
        out.clear();
        router.route("bench.7.x", HeaderView.EMPTY, out);
        return out.size();
    }

    @Benchmark
    public int unboundKey() {
        out.clear();
        router.route("other.7.y", HeaderView.EMPTY, out);
        return out.size();
    }
}
