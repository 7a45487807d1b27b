import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Replays a stream with a minimal AMQP 0-9-1 consumer over a plain socket, so that the measured rate is the
 * broker's and not a client library's: it reads frames into a 256 KiB buffer, counts basic.deliver methods and
 * skips content frames without decoding them; otherwise it behaves as StreamBench's replay (user guest, vhost
 * "/", prefetch 1000, {@code x-stream-offset=first}, one multiple basic.ack per 100 messages).
 *
 * <pre>
 *   java bench/src/RawReplay.java HOST PORT STREAM COUNT CONSUMERS
 * </pre>
 *
 * Each consumer has its own connection and thread; prints the aggregate and per-consumer rates.
 */
public final class RawReplay {
    private static final int FRAME_METHOD = 1;
    private static final int FRAME_END = 0xCE;

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String stream = args[2];
        long count = Long.parseLong(args[3]);
        int consumers = Integer.parseInt(args[4]);
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
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf("raw replay x%d: %d messages each in %.1f s: %.0f msg/s in total, %.0f msg/s per "
                + "consumer%n", consumers, count, secs, consumers * count / secs, count / secs);
    }

    private static void consume(String host, int port, String stream, long count) throws IOException {
        try (Socket s = new Socket(host, port)) {
            s.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 256 * 1024));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
            out.write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
            out.flush();
            expect(in, 10, 10);
            send(out, 0, 10, 11, args -> {
                args.writeInt(0);                              // client-properties: empty table
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
                args.writeShort(0);                            // no heartbeats
            });
            send(out, 0, 10, 40, args -> {
                shortString(args, "/");
                shortString(args, "");
                args.writeByte(0);
            });
            expect(in, 10, 41);
            send(out, 1, 20, 10, args -> shortString(args, ""));
            expect(in, 20, 11);
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
                ByteArrayOutputStream table = new ByteArrayOutputStream();
                DataOutputStream t = new DataOutputStream(table);
                shortString(t, "x-stream-offset");
                t.writeByte('S');
                t.writeInt(5);
                t.write("first".getBytes(StandardCharsets.US_ASCII));
                args.writeInt(table.size());
                table.writeTo(args);
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
                    long tag = (long) intAt(payload, 5 + tagLength) << 32 | intAt(payload, 9 + tagLength) & 0xFFFFFFFFL;
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
            send(out, 0, 10, 50, args -> {
                args.writeShort(200);
                shortString(args, "bye");
                args.writeShort(0);
                args.writeShort(0);
            });
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
