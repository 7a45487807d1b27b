import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The stream scenario of bench/stream.sh, with the RabbitMQ Java client (works against Warren and RabbitMQ):
 *
 * <pre>
 *   java -cp 'bench/tools/*' bench/src/StreamBench.java publish URI STREAM COUNT SIZE
 *   java -cp 'bench/tools/*' bench/src/StreamBench.java replay  URI STREAM COUNT CONSUMERS [WARMUP]
 * </pre>
 *
 * {@code publish} (re)declares the stream and publishes COUNT messages of SIZE bytes from one channel with
 * publisher confirms (at most 1000 unconfirmed), then prints the publish rate. {@code replay} starts CONSUMERS
 * consumers, each on its own connection, reading the stream from {@code x-stream-offset=first} with prefetch
 * 1000 and an ack (multiple) every 100 messages, waits until each has read COUNT messages and prints the
 * aggregate and per-consumer rates. With WARMUP, the consumers first read that many messages each, untimed, on
 * connections of their own, so the client library is compiled by the JIT before the timed replay (a fresh JVM
 * otherwise spends the first seconds interpreting it, which weighs most on the shortest runs), then print
 * "warmed up".
 */
public final class StreamBench {
    public static void main(String[] args) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(args[1]);
        f.setAutomaticRecoveryEnabled(false);
        String stream = args[2];
        long count = Long.parseLong(args[3]);
        if (args[0].equals("publish")) {
            publish(f, stream, count, Integer.parseInt(args[4]));
        } else {
            int consumers = Integer.parseInt(args[4]);
            if (args.length > 5) {
                replay(f, stream, Long.parseLong(args[5]), consumers);
                System.out.println("warmed up");
            }
            double secs = replay(f, stream, count, consumers);
            System.out.printf("replay x%d: %d messages each in %.1f s: %.0f msg/s in total, %.0f msg/s per "
                    + "consumer%n", consumers, count, secs, consumers * count / secs, count / secs);
        }
    }

    private static void publish(ConnectionFactory f, String stream, long count, int size) throws Exception {
        try (Connection c = f.newConnection()) {
            Channel ch = c.createChannel();
            ch.queueDelete(stream);
            ch.queueDeclare(stream, true, false, false, Map.of("x-queue-type", "stream"));
            ch.confirmSelect();
            Semaphore window = new Semaphore(1000);
            ch.addConfirmListener((tag, multiple) -> release(ch, window, tag, multiple),
                    (tag, multiple) -> { throw new IllegalStateException("nacked " + tag); });
            byte[] body = new byte[size];
            long start = System.nanoTime();
            for (long i = 0; i < count; i++) {
                window.acquire();
                ch.basicPublish("", stream, null, body);
            }
            window.acquire(1000);
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("publish: %d messages of %d bytes in %.1f s: %.0f msg/s%n", count, size, secs,
                    count / secs);
        }
    }

    private static long confirmed;

    private static synchronized void release(Channel ch, Semaphore window, long tag, boolean multiple) {
        long n = multiple ? tag - confirmed : 1;
        confirmed = multiple ? tag : confirmed + 1;
        window.release((int) n);
    }

    /** Replays {@code count} messages with each of {@code consumers} consumers; returns the seconds it took. */
    private static double replay(ConnectionFactory f, String stream, long count, int consumers) throws Exception {
        CountDownLatch done = new CountDownLatch(consumers);
        List<Connection> conns = new ArrayList<>();
        long[] finished = new long[consumers];
        long start = System.nanoTime();
        for (int i = 0; i < consumers; i++) {
            int idx = i;
            Connection c = f.newConnection();
            conns.add(c);
            Channel ch = c.createChannel();
            ch.basicQos(1000);
            ch.basicConsume(stream, false, Map.of("x-stream-offset", "first"), new DefaultConsumer(ch) {
                long received;

                @Override
                public void handleDelivery(String tag, Envelope env, AMQP.BasicProperties p, byte[] body)
                        throws IOException {
                    received++;
                    if (received > count) {
                        return;                                 // the connection is closing
                    }
                    if (received % 100 == 0 || received == count) {
                        ch.basicAck(env.getDeliveryTag(), true);
                    }
                    if (received == count) {
                        finished[idx] = System.nanoTime();
                        done.countDown();
                    }
                }
            });
        }
        if (!done.await(30, TimeUnit.MINUTES)) {
            throw new IllegalStateException("replay did not finish");
        }
        double secs = (System.nanoTime() - start) / 1e9;
        for (Connection c : conns) {
            c.close();
        }
        return secs;
    }
}
