import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/**
 * Declares and removes the topology that PerfTest cannot build by itself, for bench/compare.sh.
 * Run as a single-file source program with the AMQP client from bench/tools on the class path:
 *
 * <pre>
 *   java -cp 'bench/tools/*' bench/src/TopicSetup.java setup    amqp://guest:guest@localhost:5673 [bindings]
 *   java -cp 'bench/tools/*' bench/src/TopicSetup.java teardown amqp://guest:guest@localhost:5673
 *   java -cp 'bench/tools/*' bench/src/TopicSetup.java delete-queues URI QUEUE...
 * </pre>
 *
 * <p>{@code setup} (re)creates the durable topic exchange {@code bench.topic200} (durable because
 * PerfTest declares its exchanges durable and re-declares this one) and the non-durable,
 * non-auto-delete queue {@code bench.topic200}, and binds that one queue with {@code bindings}
 * (default 200) distinct patterns, in four shapes so that a trie has to explore its
 * {@code *} and {@code #} branches as well as literal ones:
 *
 * <pre>
 *   i % 4 == 0:  bench.&lt;i&gt;.*
 *   i % 4 == 1:  bench.&lt;i&gt;.#
 *   i % 4 == 2:  *.&lt;i&gt;.x
 *   i % 4 == 3:  #.&lt;i&gt;.x
 * </pre>
 *
 * PerfTest then publishes every message with routing key {@link #ROUTING_KEY} ({@code bench.7.x}),
 * which matches exactly one of the 200 patterns ({@code #.7.x}), and consumes from the queue with
 * {@code --predeclared --skip-binding-queues} so that it adds no binding of its own.
 *
 * <p>{@code teardown} deletes the queue and the exchange; {@code delete-queues} deletes the named
 * queues (used for the durable queues of the persistent scenarios). Missing objects are not an
 * error.
 */
public final class TopicSetup {
    static final String EXCHANGE = "bench.topic200";
    static final String QUEUE = "bench.topic200";
    static final String ROUTING_KEY = "bench.7.x";

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: TopicSetup setup|teardown|delete-queues URI [bindings|QUEUE...]");
            System.exit(2);
        }
        String mode = args[0];
        ConnectionFactory cf = new ConnectionFactory();
        cf.setUri(args[1]);
        cf.setConnectionTimeout(10_000);
        cf.setAutomaticRecoveryEnabled(false);
        try (Connection c = cf.newConnection("bench-topic-setup")) {
            switch (mode) {
                case "setup" -> setup(c, args.length > 2 ? Integer.parseInt(args[2]) : 200);
                case "teardown" -> {
                    deleteQueue(c, QUEUE);
                    deleteExchange(c, EXCHANGE);
                }
                case "delete-queues" -> {
                    for (int i = 2; i < args.length; i++) {
                        deleteQueue(c, args[i]);
                    }
                }
                default -> {
                    System.err.println("unknown mode " + mode);
                    System.exit(2);
                }
            }
        }
    }

    static String pattern(int i) {
        return switch (i % 4) {
            case 0 -> "bench." + i + ".*";
            case 1 -> "bench." + i + ".#";
            case 2 -> "*." + i + ".x";
            default -> "#." + i + ".x";
        };
    }

    static void setup(Connection c, int bindings) throws Exception {
        deleteQueue(c, QUEUE);
        deleteExchange(c, EXCHANGE);
        try (Channel ch = c.createChannel()) {
            ch.exchangeDeclare(EXCHANGE, "topic", true, false, null);
            ch.queueDeclare(QUEUE, false, false, false, null);
            int matching = 0;
            for (int i = 0; i < bindings; i++) {
                ch.queueBind(QUEUE, EXCHANGE, pattern(i));
                if (matches(pattern(i), ROUTING_KEY)) {
                    matching++;
                }
            }
            System.out.printf("bound %d patterns of exchange %s to queue %s; %d of them match routing key %s%n",
                    bindings, EXCHANGE, QUEUE, matching, ROUTING_KEY);
        }
    }

    /** A tiny reference matcher, only to print how many patterns the bench routing key matches. */
    static boolean matches(String pattern, String key) {
        return match(pattern.split("\\."), 0, key.split("\\."), 0);
    }

    private static boolean match(String[] p, int pi, String[] k, int ki) {
        if (pi == p.length) {
            return ki == k.length;
        }
        if (p[pi].equals("#")) {
            for (int skip = ki; skip <= k.length; skip++) {
                if (match(p, pi + 1, k, skip)) {
                    return true;
                }
            }
            return false;
        }
        if (ki == k.length) {
            return false;
        }
        return (p[pi].equals("*") || p[pi].equals(k[ki])) && match(p, pi + 1, k, ki + 1);
    }

    private static void deleteQueue(Connection c, String q) throws Exception {
        // a failed delete closes the channel, so every delete gets its own one
        try (Channel ch = c.createChannel()) {
            ch.queueDelete(q);
        } catch (Exception e) {
            // absent: fine
        }
    }

    private static void deleteExchange(Connection c, String x) throws Exception {
        try (Channel ch = c.createChannel()) {
            ch.exchangeDelete(x);
        } catch (Exception e) {
            // absent: fine
        }
    }
}
