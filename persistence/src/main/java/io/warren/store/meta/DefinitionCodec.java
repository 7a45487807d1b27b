package io.warren.store.meta;

import io.warren.store.StoreIoException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Binary encoding of the definition records stored in {@code meta.db}. Each value is
 * {@code [u8 formatVersion = 1][u8 kind][fields...]}: strings and maps as in {@link ValueCodec}, booleans as one
 * byte, string lists as a varint count plus strings. Fields, in order:
 * <pre>
 * kind 1 vhost       name, description, tags, defaultQueueType[, limits: varint count, (name, i64 value)...]
 * kind 2 user        name, passwordHash, hashingAlgorithm, tags[, limits as for vhosts]
 * kind 3 permission  user, vhost, configure, write, read
 * kind 4 exchange    vhost, name, type, durable, autoDelete, internal, arguments
 * kind 5 queue       vhost, name, durable, exclusive, autoDelete, arguments, type
 * kind 6 binding     vhost, source, destination, destinationIsQueue, routingKey, arguments
 * kind 7 offset      i64 consumer-group offset
 * kind 8 policy      vhost, name, pattern, applyTo, i32 priority, definition
 * kind 9 operator policy, as kind 8
 * </pre>
 * A reader refuses a version it does not know, so a newer file is never misread; fields in brackets were added
 * later and are absent from older records. Stateless and thread-safe.
 */
final class DefinitionCodec {
    static final int FORMAT_VERSION = 1;
    static final int VHOST = 1;
    static final int USER = 2;
    static final int PERMISSION = 3;
    static final int EXCHANGE = 4;
    static final int QUEUE = 5;
    static final int BINDING = 6;
    static final int OFFSET = 7;
    static final int POLICY = 8;
    static final int OPERATOR_POLICY = 9;

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private DefinitionCodec() {
    }

    static byte[] encode(VhostDef v) {
        return write(VHOST, out -> {
            str(out, v.name());
            str(out, v.description());
            strings(out, v.tags());
            str(out, v.defaultQueueType());
            limits(out, v.limits());
        });
    }

    static VhostDef decodeVhost(byte[] b) {
        return read(b, VHOST, in -> new VhostDef(str(in), str(in), strings(in), str(in)).withLimits(limits(in)));
    }

    /** Limits, appended to a record only when there are some, so older records and readers stay as they were. */
    private static void limits(DataOutputStream out, Map<String, Long> limits) throws IOException {
        if (!limits.isEmpty()) {
            ValueCodec.writeVarint(out, limits.size());
            for (Map.Entry<String, Long> e : limits.entrySet()) {
                str(out, e.getKey());
                out.writeLong(e.getValue());
            }
        }
    }

    private static Map<String, Long> limits(DataInputStream in) throws IOException {
        Map<String, Long> limits = new TreeMap<>();
        if (in.available() == 0) {
            return limits; // written before limits existed, or without any
        }
        int n = ValueCodec.readVarint(in);
        for (int i = 0; i < n; i++) {
            limits.put(str(in), in.readLong());
        }
        return limits;
    }

    static byte[] encode(UserDef u) {
        return write(USER, out -> {
            str(out, u.name());
            str(out, u.passwordHash());
            str(out, u.hashingAlgorithm());
            strings(out, u.tags());
            limits(out, u.limits());
        });
    }

    static UserDef decodeUser(byte[] b) {
        return read(b, USER, in -> new UserDef(str(in), str(in), str(in), strings(in)).withLimits(limits(in)));
    }

    static byte[] encode(PermissionDef p) {
        return write(PERMISSION, out -> {
            str(out, p.user());
            str(out, p.vhost());
            str(out, p.configure());
            str(out, p.write());
            str(out, p.read());
        });
    }

    static PermissionDef decodePermission(byte[] b) {
        return read(b, PERMISSION, in -> new PermissionDef(str(in), str(in), str(in), str(in), str(in)));
    }

    static byte[] encode(ExchangeDef e) {
        return write(EXCHANGE, out -> {
            str(out, e.vhost());
            str(out, e.name());
            str(out, e.type());
            out.writeBoolean(e.durable());
            out.writeBoolean(e.autoDelete());
            out.writeBoolean(e.internal());
            ValueCodec.writeMap(out, e.arguments());
        });
    }

    static ExchangeDef decodeExchange(byte[] b) {
        return read(b, EXCHANGE, in -> new ExchangeDef(str(in), str(in), str(in), in.readBoolean(), in.readBoolean(),
                in.readBoolean(), ValueCodec.readMap(in)));
    }

    static byte[] encode(QueueDef q) {
        return write(QUEUE, out -> {
            str(out, q.vhost());
            str(out, q.name());
            out.writeBoolean(q.durable());
            out.writeBoolean(q.exclusive());
            out.writeBoolean(q.autoDelete());
            ValueCodec.writeMap(out, q.arguments());
            str(out, q.type());
        });
    }

    static QueueDef decodeQueue(byte[] b) {
        return read(b, QUEUE, in -> new QueueDef(str(in), str(in), in.readBoolean(), in.readBoolean(),
                in.readBoolean(), ValueCodec.readMap(in), str(in)));
    }

    static byte[] encode(BindingDef d) {
        return write(BINDING, out -> {
            str(out, d.vhost());
            str(out, d.source());
            str(out, d.destination());
            out.writeBoolean(d.destinationIsQueue());
            str(out, d.routingKey());
            ValueCodec.writeMap(out, d.arguments());
        });
    }

    static BindingDef decodeBinding(byte[] b) {
        return read(b, BINDING, in -> new BindingDef(str(in), str(in), str(in), in.readBoolean(), str(in),
                ValueCodec.readMap(in)));
    }

    static byte[] encode(PolicyDef p) {
        return write(p.operator() ? OPERATOR_POLICY : POLICY, out -> {
            str(out, p.vhost());
            str(out, p.name());
            str(out, p.pattern());
            str(out, p.applyTo());
            out.writeInt(p.priority());
            ValueCodec.writeMap(out, p.definition());
        });
    }

    static PolicyDef decodePolicy(byte[] b) {
        return decodePolicy(b, false);
    }

    static PolicyDef decodeOperatorPolicy(byte[] b) {
        return decodePolicy(b, true);
    }

    private static PolicyDef decodePolicy(byte[] b, boolean operator) {
        return read(b, operator ? OPERATOR_POLICY : POLICY, in -> new PolicyDef(str(in), str(in), str(in), str(in),
                in.readInt(), ValueCodec.readMap(in), operator));
    }

    static byte[] encodeOffset(long offset) {
        return write(OFFSET, out -> out.writeLong(offset));
    }

    static long decodeOffset(byte[] b) {
        return read(b, OFFSET, DataInputStream::readLong);
    }

    /** Arguments encoded with keys sorted at every level: equal maps give equal bytes whatever their order. */
    static byte[] canonicalArguments(java.util.Map<String, Object> arguments) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ValueCodec.writeMap(out, ValueCodec.canonical(arguments));
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return bytes.toByteArray();
    }

    private static byte[] write(int kind, Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeByte(kind);
            w.write(out);
        } catch (IOException e) {
            throw new IllegalStateException("in-memory write failed", e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] b, int kind, Reader<T> r) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(b))) {
            int version = in.readUnsignedByte();
            if (version != FORMAT_VERSION) {
                throw new StoreIoException("unsupported definition format version " + version
                        + " (expected: " + FORMAT_VERSION + "); was meta.db written by a newer Warren?");
            }
            int k = in.readUnsignedByte();
            if (k != kind) {
                throw new StoreIoException("definition of kind " + k + " where kind " + kind + " was expected");
            }
            T value = r.read(in);
            if (in.available() != 0) {
                throw new StoreIoException(in.available() + " trailing bytes after a definition of kind " + kind);
            }
            return value;
        } catch (IOException e) {
            throw StoreIoException.wrap("corrupt definition of kind " + kind, e);
        }
    }

    private static void str(DataOutputStream out, String s) throws IOException {
        ValueCodec.writeString(out, s);
    }

    private static String str(DataInputStream in) throws IOException {
        return ValueCodec.readString(in);
    }

    private static void strings(DataOutputStream out, List<String> list) throws IOException {
        ValueCodec.writeVarint(out, list.size());
        for (String s : list) {
            str(out, s);
        }
    }

    private static List<String> strings(DataInputStream in) throws IOException {
        int n = ValueCodec.readVarint(in);
        List<String> out = new ArrayList<>(Math.min(n, 64));
        for (int i = 0; i < n; i++) {
            out.add(str(in));
        }
        return out;
    }
}
