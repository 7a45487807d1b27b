package io.warren.codec.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fails a test class when Netty's leak detector reports a leaked buffer.
 *
 * <p>Registered for every test class through JUnit's extension auto-detection (the parent POM turns it on and
 * this module's test-jar carries the service file). It installs a leak detector factory whose detectors
 * remember every {@code LEAK:} report; after each class it provokes a collection, lets the detector poll its
 * reference queue, and fails if anything was reported. Runs with {@code -Dio.netty.leakDetectionLevel=paranoid}
 * (set by the parent POM), so every buffer is tracked.
 */
public final class LeakCheckExtension implements AfterAllCallback {
    private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        for (int i = 0; i < 3 && LEAKS.isEmpty(); i++) {
            System.gc();
            System.runFinalization();
            // A tracked allocation makes the detector drain its reference queue and report.
            ByteBuf probe = PooledByteBufAllocator.DEFAULT.buffer(1);
            probe.release();
        }
        if (!LEAKS.isEmpty()) {
            String report = String.join("\n\n", LEAKS);
            LEAKS.clear();
            fail("LEAK: Netty reported leaked buffers (seen after " + context.getDisplayName() + "):\n" + report);
        }
    }

    private static final class RecordingFactory extends ResourceLeakDetectorFactory {
        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval,
                                                                   long maxActive) {
            return new RecordingDetector<>(resource, samplingInterval);
        }
    }

    private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
        RecordingDetector(Class<T> resource, int samplingInterval) {
            super(resource, samplingInterval);
        }

        @Override
        protected boolean needReport() {
            return true;
        }

        @Override
        protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add(resourceType + records);
            super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
            LEAKS.add(resourceType + " (untraced)");
            super.reportUntracedLeak(resourceType);
        }
    }
}
