package io.warren.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.warren.broker.net.TlsOptions;
import io.warren.it.mgmt.MgmtClient;
import io.warren.mgmt.ManagementServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A TLS-only broker ({@code listeners.tcp = none}) with {@code ssl_options.verify = verify_peer},
 * {@code fail_if_no_peer_cert = true} and TLS 1.2 only: only clients presenting a certificate from the configured
 * CA get in.
 */
class TlsClientCertificateIT {
    @RegisterExtension
    static final BrokerLogWatch logs = new BrokerLogWatch();
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagementPort(0).withTls(
            TestPki.shared().listener(true, true, TlsOptions.DISTINGUISHED_NAME, List.of("TLSv1.2"))).withPort(-1));

    private static Connection connect(SSLContext ctx, String name) throws Exception {
        Connection c = TestPki.clientFactory(broker.broker().tlsPort(), ctx).newConnection(name);
        c.createChannel().close(); // a round trip after the handshake: TLS 1.3 reports a refused certificate late
        return c;
    }

    @Test
    void aClientWithACertificateFromTheCaGetsInAndIsShownWithIt() throws Exception {
        try (Connection c = connect(TestPki.shared().clientWithCertificate("client"), "with-cert")) {
            Channel ch = c.createChannel();
            assertTrue(ch.queueDeclare().getQueue().startsWith("amq.gen-"));
            MgmtClient api = new MgmtClient(broker.broker().extension(ManagementServer.class).port(), "guest",
                    "guest");
            Map<String, Object> info = TlsIT.byName(api.getList("/api/connections"), "with-cert");
            assertEquals(true, info.get("ssl"));
            assertEquals("tlsv1.2", info.get("ssl_protocol"), "ssl_options.versions.1 = tlsv1.2 only");
            assertEquals("CN=warren-test-client,O=Warren Tests", info.get("peer_cert_subject"));
            assertEquals("CN=Warren Test CA", info.get("peer_cert_issuer"));
            assertTrue(String.valueOf(info.get("peer_cert_validity")).contains(" - "), info::toString);
            List<?> listeners = (List<?>) api.getObject("/api/overview").get("listeners");
            assertTrue(listeners.stream().noneMatch(l -> "amqp".equals(((Map<?, ?>) l).get("protocol"))),
                    () -> "listeners.tcp = none, yet: " + listeners);
        }
    }

    @Test
    void aClientWithoutACertificateIsRefused() throws Exception {
        // the client sees the alert or, when the broker hangs up first, a broken pipe: either way it is out
        assertThrows(IOException.class, () -> connect(TestPki.shared().trustingClient(), "no-cert").close());
        awaitLogLine("TLS handshake failed", "Empty client certificate chain");
        aClientWithACertificateFromTheCaGetsInAndIsShownWithIt();
    }

    @Test
    void aSelfSignedClientCertificateIsRefused() throws Exception {
        assertThrows(IOException.class,
                () -> connect(TestPki.shared().clientWithCertificate("stranger"), "stranger").close());
        awaitLogLine("TLS handshake failed", "unable to find valid certification path");
        aClientWithACertificateFromTheCaGetsInAndIsShownWithIt();
    }

    @Test
    void aCertificateFromAnIntermediateCaGetsInWithinTheDefaultDepth() throws Exception {
        // Erlang's default ssl_options.depth is 10: one intermediate CA between the client and the CA is fine
        try (Connection c = connect(TestPki.shared().clientWithCertificate("deep"), "deep")) {
            assertTrue(c.createChannel().queueDeclare().getQueue().startsWith("amq.gen-"));
        }
    }

    /** The broker logs why it refused a handshake (on its event loop, possibly after the client gave up). */
    private static void awaitLogLine(String start, String reason) throws InterruptedException {
        logs.awaitLine(Duration.ofSeconds(5), start, reason);
    }

    @Test
    void thereIsNoPlainListener() {
        assertEquals(-1, broker.port());
    }
}
