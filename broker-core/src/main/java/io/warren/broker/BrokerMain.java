package io.warren.broker;

import io.netty.util.ResourceLeakDetector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/**
 * Command-line entry point: reads the configuration, starts the broker, and stops it cleanly on SIGTERM or
 * Ctrl-C. Exits with status 2 on a bad setting and 1 when the broker cannot start (a port in use, say).
 */
public final class BrokerMain {
    private static final Logger log = LoggerFactory.getLogger(BrokerMain.class);

    private BrokerMain() {
    }

    /**
     * Netty samples one buffer allocation in 128 for leak tracking by default, recording a stack trace each time:
     * 2-3% of the broker's CPU at 10 000 msg/s. The test suites run with paranoid tracking instead, so a running
     * broker leaves it off unless {@code -Dio.netty.leakDetection.level} asks for it (through WARREN_JAVA_OPTS).
     */
    private static void sampleLeaksOnlyWhenAsked() {
        if (System.getProperty("io.netty.leakDetection.level") == null
                && System.getProperty("io.netty.leakDetectionLevel") == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            log.info("\n{}", ConfigLoader.usage()); // on lines of its own, after the log line's prefix
            return;
        }
        BrokerConfig config;
        try {
            config = ConfigLoader.load(args, System.getenv());
        } catch (IllegalArgumentException e) {
            log.error("invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        sampleLeaksOnlyWhenAsked();
        Broker broker = new Broker(config);
        try {
            broker.start();
        } catch (RuntimeException e) {
            log.error("cannot start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("shutting down");
            broker.close();
            stopped.countDown();
        }, "warren-shutdown"));
        stopped.await();
    }
}
