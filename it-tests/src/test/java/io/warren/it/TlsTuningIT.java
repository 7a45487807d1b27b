package io.warren.it;

import com.rabbitmq.client.Connection;
import io.warren.broker.Broker;
import io.warren.broker.BrokerConfig;
import io.warren.broker.net.TlsOptions;
import io.warren.broker.net.TlsTuning;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The finer {@code ssl_options}: {@code ciphers.N} (OpenSSL and IANA names, one the JDK lacks),
 * {@code honor_cipher_order = true}, {@code depth = 0} with {@code verify = verify_peer}, and
 * {@code ssl_handshake_timeout}.
 */
class TlsTuningIT {
    private static final List<String> CIPHERS = List.of("ECDHE-ECDSA-AES128-GCM-SHA256",
            "ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_AES_256_GCM_SHA384", "TLS_AES_128_CCM_SHA256");
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 500;

    @Order(1) // capturing before the broker starts: the start logs the left-out suite
    @RegisterExtension
    static final BrokerLogWatch logs = new BrokerLogWatch();
    @Order(2)
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withTls(TestPki.shared().listener(true, false,
            TlsOptions.DISTINGUISHED_NAME, List.of("TLSv1.3", "TLSv1.2"),
            new TlsTuning(CIPHERS, true, 0, true, HANDSHAKE_TIMEOUT_MILLIS))));

    private static String handshake(String protocol, String... suites) throws Exception {
        return TestPki.shared().negotiatedSuite(broker.broker().tlsPort(), protocol, suites);
    }

    @Test
    void tls13OffersOnlyTheTls13SuiteConfigured() throws Exception {
        assertThrows(IOException.class, () -> handshake("TLSv1.3", "TLS_AES_128_GCM_SHA256"));
        assertEquals("TLS_AES_256_GCM_SHA384", handshake("TLSv1.3", "TLS_AES_128_GCM_SHA256",
                "TLS_AES_256_GCM_SHA384"));
    }

    @Test
    void theBrokersOrderWinsOverTheClientsWithHonorCipherOrder() throws Exception {
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", handshake("TLSv1.2",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"));
    }

    @Test
    void aClientOfferingOnlySuitesOutsideTheListIsRefused() throws Exception {
        assertThrows(IOException.class,
                () -> handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"));
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"));
    }

    private static String startLog;

    @BeforeAll
    static void keepTheStartLog() {
        startLog = logs.text(); // the watch forgets what it captured after each test
    }

    @Test
    void aConfiguredSuiteTheJdkLacksIsLeftOutWithAWarning() {
        assertTrue(startLog.lines().anyMatch(l -> l.contains("WARN") && l.contains("ssl_options.ciphers: not "
                + "supported by the JDK, left out: [TLS_AES_128_CCM_SHA256]")), startLog);
    }

    @Test
    void depthZeroRefusesACertificateFromAnIntermediateCaAndAdmitsOneFromTheCa() throws Exception {
        assertThrows(IOException.class, () -> connect(TestPki.shared().clientWithCertificate("deep")).close());
        logs.awaitLine(Duration.ofSeconds(5), "TLS handshake failed", "1 intermediate CA certificate(s), more than "
                + "ssl_options.depth (0)");
        try (Connection c = connect(TestPki.shared().clientWithCertificate("client"))) {
            assertTrue(c.createChannel().queueDeclare().getQueue().startsWith("amq.gen-"));
        }
    }

    @Test
    void aCipherListTheJdkHasNoneOfStopsTheStart(@TempDir Path dataDir) {
        TlsOptions ccmOnly = TestPki.shared().listener(false, false, TlsOptions.DISTINGUISHED_NAME,
                List.of("TLSv1.3"), new TlsTuning(List.of("TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256"),
                        false, 10, true, 5_000));
        Broker b = new Broker(BrokerConfig.forTests(dataDir).withTls(ccmOnly));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::start);
        assertTrue(e.getMessage().contains("ssl_options.ciphers")
                && e.getMessage().contains("TLS_AES_128_CCM_SHA256"), e.getMessage());
    }

    private static Connection connect(SSLContext ctx) throws Exception {
        Connection c = TestPki.clientFactory(broker.broker().tlsPort(), ctx).newConnection();
        c.createChannel().close(); // a round trip: TLS 1.3 reports a refused certificate after the handshake
        return c;
    }

    @Test
    void aClientThatNeverStartsTheHandshakeIsDisconnectedAfterTheTimeout() throws Exception {
        try (Socket s = new Socket("127.0.0.1", broker.broker().tlsPort())) {
            s.setSoTimeout((int) (TlsTuning.DEFAULTS.handshakeTimeoutMillis() - 1_000)); // well before 5 s
            InputStream in = s.getInputStream();
            try {
                while (in.read() >= 0) {
                    // nothing comes but the end of the stream
                }
            } catch (SocketTimeoutException timeout) {
                fail("still connected after " + s.getSoTimeout() + " ms; ssl_handshake_timeout is "
                        + HANDSHAKE_TIMEOUT_MILLIS + " ms");
            } catch (IOException reset) {
                // a reset is as good as a close
            }
        }
        logs.awaitLine(Duration.ofSeconds(5), "TLS handshake failed", "handshake timed out");
    }
}
