import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A minimal AMQP 0-9-1 client over a plain socket for the stream benchmark, so that the measured rates are the
 * broker's and not a client library's (the RabbitMQ Java client tops out near one core on this machine). It
 * speaks just enough of the protocol: user guest, vhost "/", no heartbeats.
 *
 * <pre>
 *   java bench/src/RawStreamClient.java publish HOST PORT STREAM COUNT SIZE
 *   java bench/src/RawStreamClient.java replay  HOST PORT STREAM COUNT CONSUMERS [WARMUP]
 * </pre>
 *
 * {@code publish} (re)declares the stream and publishes COUNT messages of SIZE bytes with publisher confirms, at
 * most 1000 unconfirmed (as StreamBench), writing frames through a 64 KiB buffer flushed whenever the window is
 * full; a reader thread takes the confirms. {@code replay} starts CONSUMERS consumers, each with its own
 * connection and thread, from {@code x-stream-offset=first} with prefetch 1000 and one multiple basic.ack per 100
 * messages; it reads frames into a 256 KiB buffer, counts basic.deliver methods and skips content frames without
 * decoding them. With WARMUP, the consumers first read that many messages each, untimed, on connections of their
 * own (so this JVM's JIT has compiled its read loop before the timed replay), then print "warmed up". Both
 * print their rates.
 */
public final class RawStreamClient {
    private static final int FRAME_METHOD = 1;
    private static final int FRAME_HEADER = 2;
    private static final int FRAME_BODY = 3;
    private static final int FRAME_END = 0xCE;
    private static final int WINDOW = 1000;

    public static void main(String[] args) throws Exception {
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        String stream = args[3];
        long count = Long.parseLong(args[4]);
        int n = Integer.parseInt(args[5]);
        if (args[0].equals("publish")) {
            publish(host, port, stream, count, n);
        } else {
            if (args.length > 6) {
                replay(host, port, stream, Long.parseLong(args[6]), n);
                System.out.println("warmed up");
            }
            double secs = replay(host, port, stream, count, n);
            System.out.printf("raw replay x%d: %d messages each in %.1f s: %.0f msg/s in total, %.0f msg/s per "
                    + "consumer%n", n, count, secs, n * count / secs, count / secs);
        }
    }

    /** Replays {@code count} messages with each of {@code consumers} consumers; returns the seconds it took. */
    private static double replay(String host, int port, String stream, long count, int consumers) throws Exception {
        CountDownLatch done = new CountDownLatch(consumers);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long start = System.nanoTime();
        for (int i = 0; i < consumers; i++) {
            Thread t = new Thread(() -> {
                try {
                    consume(host, port, stream, count);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }, "consumer-" + i);
            t.start();
        }
        done.await();
        if (failure.get() != null) {
            throw new IllegalStateException("a consumer failed", failure.get());
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void publish(String host, int port, String stream, long count, int size) throws Exception {
        try (Socket s = new Socket(host, port)) {
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 64 * 1024));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 64 * 1024));
            open(in, out);
            send(out, 1, 50, 40, args -> {                     // queue.delete
                args.writeShort(0);
                shortString(args, stream);
                args.writeByte(0);
            });
            expect(in, 50, 41);
            send(out, 1, 50, 10, args -> {                     // queue.declare, durable, x-queue-type=stream
                args.writeShort(0);
                shortString(args, stream);
                args.writeByte(2);
                table(args, "x-queue-type", "stream");
            });
            expect(in, 50, 11);
            send(out, 1, 85, 10, args -> args.writeByte(0));  // confirm.select
            expect(in, 85, 11);
            byte[] message = publishFrames(stream, size);
            Semaphore window = new Semaphore(WINDOW);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread confirms = new Thread(() -> takeConfirms(in, window, count, failure), "confirms");
            confirms.start();
            long start = System.nanoTime();
            for (long i = 0; i < count; i++) {
                if (!window.tryAcquire()) {
                    out.flush();
                    window.acquire();
                }
                out.write(message);
            }
            out.flush();
            confirms.join();
            if (failure.get() != null) {
                throw new IllegalStateException("confirms failed", failure.get());
            }
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf("raw publish: %d messages of %d bytes in %.1f s: %.0f msg/s%n", count, size, secs,
                    count / secs);
            close(out);
        }
    }

    /** basic.publish to the default exchange, routing key {@code queue}, no properties, then the body. */
    private static byte[] publishFrames(String queue, int size) throws IOException {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        DataOutputStream f = new DataOutputStream(frames);
        ByteArrayOutputStream method = new ByteArrayOutputStream();
        DataOutputStream m = new DataOutputStream(method);
        m.writeShort(60);
        m.writeShort(40);
        m.writeShort(0);
        shortString(m, "");
        shortString(m, queue);
        m.writeByte(0);
        frame(f, FRAME_METHOD, method.toByteArray());
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream h = new DataOutputStream(header);
        h.writeShort(60);
        h.writeShort(0);
        h.writeLong(size);
        h.writeShort(0);                                        // no properties
        frame(f, FRAME_HEADER, header.toByteArray());
        frame(f, FRAME_BODY, new byte[size]);
        return frames.toByteArray();
    }

    private static void frame(DataOutputStream out, int type, byte[] payload) throws IOException {
        out.writeByte(type);
        out.writeShort(1);
        out.writeInt(payload.length);
        out.write(payload);
        out.writeByte(FRAME_END);
    }

    /** Reads basic.ack frames until {@code count} publishes are confirmed, releasing the window. */
    private static void takeConfirms(DataInputStream in, Semaphore window, long count,
                                     AtomicReference<Throwable> failure) {
        try {
            byte[] payload = new byte[131072];
            long confirmed = 0;
            while (confirmed < count) {
                int type = in.readUnsignedByte();
                in.readUnsignedShort();
                int size = in.readInt();
                in.readFully(payload, 0, size);
                if (in.readUnsignedByte() != FRAME_END) {
                    throw new IOException("bad frame end");
                }
                int key = type == FRAME_METHOD ? intAt(payload, 0) : 0;
                if (key == (60 << 16 | 80)) {
                    long tag = (long) intAt(payload, 4) << 32 | intAt(payload, 8) & 0xFFFFFFFFL;
                    boolean multiple = (payload[12] & 1) != 0;
                    long n = multiple ? tag - confirmed : 1;
                    confirmed = multiple ? tag : confirmed + 1;
                    window.release((int) n);
                } else if (key == (60 << 16 | 120) || key == (20 << 16 | 40) || key == (10 << 16 | 50)) {
                    throw new IOException("nacked or closed by the broker");
                }
            }
        } catch (Throwable e) {
            failure.compareAndSet(null, e);
            window.release(WINDOW);
        }
    }

    /** Protocol header, start-ok (PLAIN guest/guest), tune-ok, open, channel 1 open. */
    private static void open(DataInputStream in, DataOutputStream out) throws IOException {
        out.write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
        out.flush();
        expect(in, 10, 10);
        send(out, 0, 10, 11, args -> {
            args.writeInt(0);                                  // client-properties: empty table
            shortString(args, "PLAIN");
            byte[] response = "\0guest\0guest".getBytes(StandardCharsets.UTF_8);
            args.writeInt(response.length);
            args.write(response);
            shortString(args, "en_US");
        });
        DataInputStream tune = expect(in, 10, 30);
        int channelMax = tune.readUnsignedShort();
        send(out, 0, 10, 31, args -> {
            args.writeShort(channelMax == 0 ? 2047 : Math.min(channelMax, 2047));
            args.writeInt(131072);
            args.writeShort(0);                                // no heartbeats
        });
        send(out, 0, 10, 40, args -> {
            shortString(args, "/");
            shortString(args, "");
            args.writeByte(0);
        });
        expect(in, 10, 41);
        send(out, 1, 20, 10, args -> shortString(args, ""));
        expect(in, 20, 11);
    }

    /** connection.close; the socket closes right after (the broker's close-ok is not awaited). */
    private static void close(DataOutputStream out) throws IOException {
        send(out, 0, 10, 50, args -> {
            args.writeShort(200);
            shortString(args, "bye");
            args.writeShort(0);
            args.writeShort(0);
        });
    }

    /** A table with one long-string entry. */
    private static void table(DataOutputStream out, String key, String value) throws IOException {
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        DataOutputStream t = new DataOutputStream(table);
        shortString(t, key);
        t.writeByte('S');
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        t.writeInt(v.length);
        t.write(v);
        out.writeInt(table.size());
        table.writeTo(out);
    }

    private static void consume(String host, int port, String stream, long count) throws IOException {
        try (Socket s = new Socket(host, port)) {
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 256 * 1024));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
            open(in, out);
            send(out, 1, 60, 10, args -> {
                args.writeInt(0);
                args.writeShort(1000);
                args.writeByte(0);
            });
            expect(in, 60, 11);
            send(out, 1, 60, 20, args -> {
                args.writeShort(0);
                shortString(args, stream);
                shortString(args, "");
                args.writeByte(0);                             // no-local, no-ack, exclusive, no-wait: all off
                table(args, "x-stream-offset", "first");
            });
            expect(in, 60, 21);
            long received = 0;
            byte[] payload = new byte[131072];
            while (received < count) {
                int type = in.readUnsignedByte();
                in.readUnsignedShort();
                int size = in.readInt();
                in.readFully(payload, 0, size);
                if (in.readUnsignedByte() != FRAME_END) {
                    throw new IOException("bad frame end");
                }
                if (type == FRAME_METHOD && intAt(payload, 0) == (60 << 16 | 60)) {
                    int tagLength = payload[4] & 0xFF;             // consumer tag, then the delivery tag
                    long tag = (long) intAt(payload, 5 + tagLength) << 32
                            | intAt(payload, 9 + tagLength) & 0xFFFFFFFFL;
                    received++;
                    if (received % 100 == 0 || received == count) {
                        send(out, 1, 60, 80, args -> {
                            args.writeLong(tag);
                            args.writeByte(1);                     // multiple
                        });
                    }
                } else if (type == FRAME_METHOD && intAt(payload, 0) == (20 << 16 | 40)) {
                    throw new IOException("channel closed by the broker");
                }
            }
            close(out);
        }
    }

    private static int intAt(byte[] b, int i) {
        return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | b[i + 3] & 0xFF;
    }

    private interface Arguments {
        void write(DataOutputStream args) throws IOException;
    }

    /** Writes one method frame and flushes. */
    private static void send(DataOutputStream out, int channel, int classId, int methodId, Arguments arguments)
            throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        DataOutputStream args = new DataOutputStream(buf);
        args.writeShort(classId);
        args.writeShort(methodId);
        arguments.write(args);
        out.writeByte(FRAME_METHOD);
        out.writeShort(channel);
        out.writeInt(buf.size());
        buf.writeTo(out);
        out.writeByte(FRAME_END);
        out.flush();
    }

    /** Reads frames until the method {@code classId.methodId}; returns its arguments. */
    private static DataInputStream expect(DataInputStream in, int classId, int methodId) throws IOException {
        while (true) {
            int type = in.readUnsignedByte();
            in.readUnsignedShort();
            byte[] payload = new byte[in.readInt()];
            in.readFully(payload);
            if (in.readUnsignedByte() != FRAME_END) {
                throw new IOException("bad frame end");
            }
            if (type != FRAME_METHOD) {
                continue;
            }
            int key = intAt(payload, 0);
            if (key == (classId << 16 | methodId)) {
                return new DataInputStream(new java.io.ByteArrayInputStream(payload, 4, payload.length - 4));
            }
            if (key == (10 << 16 | 50) || key == (20 << 16 | 40)) {
                throw new IOException("closed by the broker: " + new String(payload, 7, payload[6] & 0xFF,
                        StandardCharsets.UTF_8));
            }
        }
    }

    private static void shortString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeByte(b.length);
        out.write(b);
    }
}
