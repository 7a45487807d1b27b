package io.warren.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.warren.codec.method.BasicMethod;
import io.warren.codec.method.MethodCodec;
import io.warren.codec.types.BasicProperties;
import io.warren.codec.types.BasicPropertiesCodec;
import io.warren.codec.types.FieldTable;
import io.warren.codec.wire.DeliveryFrames;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The per-message codec work of a delivery and a publish, on a 100-byte message with a content type and one
 * header: writing a whole basic.deliver (method, header and body frames) from wire-form parts as a stream does
 * ({@link DeliveryFrames}), encoding a basic.deliver method object as a classic queue's delivery does
 * ({@link MethodCodec#encode}), decoding a basic.publish method as every publish does, and the property peeks a
 * publish makes (delivery mode, priority) without decoding the properties.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DeliveryEncodingBenchmark {
    private static final byte[] TAG = "amq.ctag-0123456789abcdefghijkl".getBytes(StandardCharsets.US_ASCII);
    private ByteBuf out;
    private ByteBuf rawProperties;
    private ByteBuffer exchange;
    private ByteBuffer routingKey;
    private ByteBuffer body;
    private ByteBuf publishArguments;
    private BasicMethod.Deliver deliver;
    private long tag;

    @Setup
    public void setUp() {
        out = PooledByteBufAllocator.DEFAULT.directBuffer(1024);
        rawProperties = Unpooled.directBuffer();
        BasicPropertiesCodec.encode(BasicProperties.builder().contentType("application/json").deliveryMode(2)
                .headers(FieldTable.of(Map.of("trace", "abc"))).build(), rawProperties);
        exchange = shortString("amq.direct");
        routingKey = shortString("orders.created");
        body = ByteBuffer.allocateDirect(100);
        publishArguments = Unpooled.directBuffer();
        MethodCodec.encode(new BasicMethod.Publish(0, "amq.direct", "orders.created", false, false),
                publishArguments);
        deliver = new BasicMethod.Deliver(new String(TAG, StandardCharsets.US_ASCII), 1, false, "amq.direct",
                "orders.created");
    }

    @TearDown
    public void tearDown() {
        out.release();
        rawProperties.release();
        publishArguments.release();
    }

    private static ByteBuffer shortString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocateDirect(1 + b.length).put((byte) b.length).put(b).flip();
    }

    @Benchmark
    public int streamDeliveryFrames() {
        out.clear();
        int tagIndex = DeliveryFrames.writeMethodFrame(out, 1, TAG, false, exchange.duplicate(),
                routingKey.duplicate());
        int header = DeliveryFrames.beginHeaderFrame(out, 1, body.remaining());
        out.writeBytes(rawProperties, rawProperties.readerIndex(), rawProperties.readableBytes());
        DeliveryFrames.endFrame(out, header);
        DeliveryFrames.writeBodyFrame(out, 1, body.duplicate());
        out.setLong(tagIndex, ++tag);
        return out.writerIndex();
    }

    @Benchmark
    public int deliverMethodObject() {
        out.clear();
        MethodCodec.encode(deliver, out);
        return out.writerIndex();
    }

    @Benchmark
    public Object publishMethodDecode() {
        return MethodCodec.decode(publishArguments.duplicate(), publishArguments.readableBytes());
    }

    @Benchmark
    public int propertyPeeks() {
        return BasicPropertiesCodec.peekDeliveryMode(rawProperties) + BasicPropertiesCodec.peekPriority(rawProperties);
    }
}
