package io.warren.it.raw;

import io.warren.codec.AmqpConstants;
import io.warren.it.raw.FuzzTraffic.Frame;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Damage done to well-formed traffic for {@link WireFuzzIT}: bytes of a frame's payload changed, a payload cut
 * short or lengthened, a frame's type, channel or end octet changed, frames dropped, repeated or swapped, and a
 * frame size that overstates its payload. Each keeps the framing intact (the broker gets whole frames) except the
 * last, after which the broker may rightly wait for bytes that never come ({@link #framingBroken}).
 */
final class FrameMutation {
    private static final int[] FRAME_TYPES = {AmqpConstants.FRAME_METHOD, AmqpConstants.FRAME_HEADER,
            AmqpConstants.FRAME_BODY, AmqpConstants.FRAME_HEARTBEAT, 0, 2, 9, 255};

    private final List<Frame> frames;
    private final List<String> done = new ArrayList<>();
    private Frame oversized;
    private int oversizedBy;

    private FrameMutation(List<Frame> frames) {
        this.frames = new ArrayList<>(frames);
    }

    /** {@code count} random mutations of {@code frames} (which are not changed). */
    static FrameMutation apply(List<Frame> frames, Random random, int count) {
        FrameMutation m = new FrameMutation(frames);
        for (int i = 0; i < count && !m.frames.isEmpty(); i++) {
            m.mutateOnce(random);
        }
        return m;
    }

    /** True when a frame's size field promises more bytes than it has. */
    boolean framingBroken() {
        return frames.stream().anyMatch(f -> f == oversized);
    }

    String describe() {
        return done.isEmpty() ? "none" : String.join("; ", done);
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean overstated = false;
        for (Frame f : frames) {
            byte[] b = f.bytes();
            if (f == oversized && !overstated) {
                ByteBuffer.wrap(b).putInt(3, f.payload().length + oversizedBy);
                overstated = true;
            }
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }

    private void mutateOnce(Random random) {
        int i = random.nextInt(frames.size());
        Frame f = frames.get(i);
        byte[] p = f.payload();
        switch (random.nextInt(10)) {
            case 0, 1, 2 -> {
                if (p.length == 0) {
                    return;
                }
                byte[] q = p.clone();
                // Half of the changes land in the first bytes: class and method ids, flags and the first fields.
                int at = random.nextBoolean() ? random.nextInt(Math.min(q.length, 12)) : random.nextInt(q.length);
                q[at] = (byte) random.nextInt();
                frames.set(i, new Frame(f.type(), f.channel(), q, f.end()));
                done.add("byte " + at + " of frame " + i + " set to " + (q[at] & 0xff));
            }
            case 3 -> {
                int len = p.length == 0 ? 0 : random.nextInt(p.length);
                frames.set(i, new Frame(f.type(), f.channel(), Arrays.copyOf(p, len), f.end()));
                done.add("frame " + i + " cut to " + len + " bytes");
            }
            case 4 -> {
                byte[] extra = new byte[1 + random.nextInt(20)];
                random.nextBytes(extra);
                byte[] q = Arrays.copyOf(p, p.length + extra.length);
                System.arraycopy(extra, 0, q, p.length, extra.length);
                frames.set(i, new Frame(f.type(), f.channel(), q, f.end()));
                done.add("frame " + i + " lengthened by " + extra.length + " bytes");
            }
            case 5 -> {
                int type = FRAME_TYPES[random.nextInt(FRAME_TYPES.length)];
                frames.set(i, new Frame(type, f.channel(), p, f.end()));
                done.add("frame " + i + " type set to " + type);
            }
            case 6 -> {
                int ch = switch (random.nextInt(3)) {
                    case 0 -> 0;
                    case 1 -> 1 + random.nextInt(4);
                    default -> random.nextInt(65536);
                };
                frames.set(i, new Frame(f.type(), ch, p, f.end()));
                done.add("frame " + i + " channel set to " + ch);
            }
            case 7 -> {
                int end = (AmqpConstants.FRAME_END + 1 + random.nextInt(255)) & 0xff;
                frames.set(i, new Frame(f.type(), f.channel(), p, end));
                done.add("frame " + i + " end octet set to " + end);
            }
            case 8 -> {
                switch (random.nextInt(3)) {
                    case 0 -> frames.remove(i);
                    case 1 -> frames.add(i, f);
                    default -> {
                        if (i + 1 < frames.size()) {
                            frames.set(i, frames.get(i + 1));
                            frames.set(i + 1, f);
                        }
                    }
                }
                done.add("frame " + i + " dropped, repeated or swapped with the next");
            }
            default -> {
                if (oversized == null) {
                    oversized = f;
                    oversizedBy = 1 + random.nextInt(64);
                    done.add("size of frame " + i + " overstated by " + oversizedBy);
                }
            }
        }
    }
}
