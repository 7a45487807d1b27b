package io.warren.it;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.warren.broker.net.TlsOptions;
import io.warren.it.mgmt.MgmtClient;
import io.warren.mgmt.ManagementServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.warren.it.mgmt.MgmtClient.expect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * AMQPS with RabbitMQ's default {@code ssl_options.verify = verify_none}: clients check the broker's certificate
 * (hostname verification included) and need none of their own; the plain listener keeps working beside it.
 */
class TlsIT {
    @RegisterExtension
    static final BrokerLogWatch logs = new BrokerLogWatch();
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagementPort(0).withTls(
            TestPki.shared().listener(false, false, TlsOptions.DISTINGUISHED_NAME)));

    private static ConnectionFactory tlsFactory(SSLContext ctx) {
        return TestPki.clientFactory(broker.broker().tlsPort(), ctx);
    }

    private static MgmtClient api() {
        return new MgmtClient(broker.broker().extension(ManagementServer.class).port(), "guest", "guest");
    }

    @Test
    void aClientTrustingTheCaPublishesAndConsumesOverTls() throws Exception {
        try (Connection conn = tlsFactory(TestPki.shared().trustingClient()).newConnection()) {
            Channel ch = conn.createChannel();
            String q = ch.queueDeclare().getQueue();
            byte[] body = "over TLS".getBytes(StandardCharsets.UTF_8);
            ch.basicPublish("", q, null, body);
            GetResponse got = ch.basicGet(q, true);
            assertNotNull(got, "the message made the round trip");
            assertArrayEquals(body, got.getBody());
        }
    }

    @Test
    void theManagementApiShowsTheTlsSideOfEachConnection() throws Exception {
        ConnectionFactory plain = new ConnectionFactory();
        plain.setHost("127.0.0.1");
        plain.setPort(broker.port());
        plain.setAutomaticRecoveryEnabled(false);
        try (Connection tls = tlsFactory(TestPki.shared().trustingClient()).newConnection("tls-client");
             Connection clear = plain.newConnection("plain-client")) {
            List<Map<String, Object>> conns = api().getList("/api/connections");
            Map<String, Object> t = byName(conns, "tls-client");
            assertEquals(true, t.get("ssl"));
            assertEquals("tlsv1.3", t.get("ssl_protocol"));
            assertTrue(((String) t.get("ssl_cipher")).startsWith("TLS_"), String.valueOf(t.get("ssl_cipher")));
            assertNull(t.get("peer_cert_subject"), "the client sent no certificate");
            assertEquals(broker.broker().tlsPort(), t.get("port"));
            assertEquals("PLAIN", t.get("auth_mechanism"));
            Map<String, Object> p = byName(conns, "plain-client");
            assertEquals(false, p.get("ssl"));
            assertNull(p.get("ssl_protocol"));
            assertTrue(tls.isOpen() && clear.isOpen());
        }
        List<?> listeners = (List<?>) api().getObject("/api/overview").get("listeners");
        Integer tlsPort = broker.broker().tlsPort();
        assertTrue(listeners.stream().anyMatch(l -> "amqp/ssl".equals(((Map<?, ?>) l).get("protocol"))
                && tlsPort.equals(((Map<?, ?>) l).get("port"))), listeners::toString);
        expect(200, api().get("/api/health/checks/protocol-listener/amqp%2Fssl"));
        expect(200, api().get("/api/health/checks/port-listener/" + broker.broker().tlsPort()));
        Map<String, Object> missing = MgmtClient.object(
                expect(503, api().get("/api/health/checks/protocol-listener/stomp")).body());
        assertEquals("failed", missing.get("status"));
    }

    @Test
    void aClientThatDoesNotTrustTheBrokerIsRefusedAndOthersCarryOn() throws Exception {
        ConnectionFactory untrusting = tlsFactory(SSLContext.getDefault()); // the JDK's CAs, not the test CA
        IOException e = assertThrows(IOException.class, untrusting::newConnection);
        assertTrue(causedBy(e, SSLHandshakeException.class), () -> "expected a handshake failure: " + e);
        aClientTrustingTheCaPublishesAndConsumesOverTls();
    }

    @Test
    void theClientsOrderOfCipherSuitesWinsByDefault() throws Exception {
        // Erlang's honor_cipher_order is false by default (the JDK's server would prefer its own order)
        String[] offered = {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"};
        assertEquals(offered[0], TestPki.shared().negotiatedSuite(broker.broker().tlsPort(), "TLSv1.2", offered));
        String[] reversed = {offered[1], offered[0]};
        assertEquals(reversed[0], TestPki.shared().negotiatedSuite(broker.broker().tlsPort(), "TLSv1.2", reversed));
    }

    @Test
    void aTls12ClientMayRenegotiateByDefault() throws Exception {
        // ssl_options.client_renegotiation is true by default, as in Erlang (BrokerMainIT has it false)
        assertEquals(1, TestPki.shared().firstByteAfterRenegotiating(broker.broker().tlsPort()));
    }

    @Test
    void plainAmqpOnTheTlsPortIsHungUpOn() throws Exception {
        try (Socket s = new Socket("127.0.0.1", broker.broker().tlsPort())) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
            InputStream in = s.getInputStream();
            try {
                while (in.read() >= 0) {
                    // a TLS alert, if any, then end of stream
                }
            } catch (SocketTimeoutException timeout) {
                fail("the broker kept a connection that is not TLS open on its TLS port");
            } catch (IOException reset) {
                // a reset is as good as a close
            }
        }
        logs.awaitLine(Duration.ofSeconds(5), "TLS handshake failed", "not an SSL/TLS record");
        aClientTrustingTheCaPublishesAndConsumesOverTls();
    }

    static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    static Map<String, Object> byName(List<Map<String, Object>> conns, String userProvidedName) {
        return conns.stream().filter(c -> userProvidedName.equals(c.get("user_provided_name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no connection named " + userProvidedName + " in " + conns));
    }
}
