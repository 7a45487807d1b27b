package io.warren.it;

import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.admin.PermissionInfo;
import io.warren.broker.net.TlsOptions;
import io.warren.it.mgmt.MgmtClient;
import io.warren.mgmt.ManagementServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The EXTERNAL mechanism (RabbitMQ's {@code rabbitmq_auth_mechanism_ssl}) with {@code auth_mechanisms} PLAIN,
 * AMQPLAIN, EXTERNAL and {@code ssl_cert_login_from = common_name}: a client certificate from the CA logs in as the
 * user its CN names, without a password; EXTERNAL is offered only to clients that presented a certificate.
 */
class ExternalAuthIT {
    private static final String CERT_USER = "warren-test-client";

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagementPort(0)
            .withAuthMechanisms(List.of("PLAIN", "AMQPLAIN", "EXTERNAL"))
            .withTls(TestPki.shared().listener(true, false, TlsOptions.COMMON_NAME)));

    private static ConnectionFactory external(SSLContext ctx) {
        ConnectionFactory f = TestPki.clientFactory(broker.broker().tlsPort(), ctx);
        f.setSaslConfig(DefaultSaslConfig.EXTERNAL);
        return f;
    }

    private static void certificateUserExists(boolean exists) {
        try (BrokerAdmin admin = new BrokerAdmin(broker.broker())) {
            if (exists) {
                admin.putUser(CERT_USER, null, "", List.of()); // no password: it can only log in by certificate
                admin.setPermission(new PermissionInfo(CERT_USER, "/", ".*", ".*", ".*"));
            } else {
                admin.deleteUser(CERT_USER);
            }
        }
    }

    @Test
    void aCertificateLogsInAsTheUserItsCommonNameNames() throws Exception {
        certificateUserExists(true);
        try (Connection c = external(TestPki.shared().clientWithCertificate("client")).newConnection("by-cert")) {
            assertTrue(c.createChannel().queueDeclare().getQueue().startsWith("amq.gen-"));
            MgmtClient api = new MgmtClient(broker.broker().extension(ManagementServer.class).port(), "guest",
                    "guest");
            Map<String, Object> info = TlsIT.byName(api.getList("/api/connections"), "by-cert");
            assertEquals(CERT_USER, info.get("user"));
            assertEquals("EXTERNAL", info.get("auth_mechanism"));
        }
    }

    @Test
    void aCertificateNamingNoUserIsRefusedWithRabbitMqsReply() throws Exception {
        certificateUserExists(false);
        ConnectionFactory f = external(TestPki.shared().clientWithCertificate("client"));
        AuthenticationFailureException e = assertThrows(AuthenticationFailureException.class, f::newConnection);
        assertEquals("ACCESS_REFUSED - Login was refused using authentication mechanism EXTERNAL. For details see "
                + "the broker logfile.", e.getMessage());
    }

    @Test
    void externalIsNotOfferedWithoutACertificate() throws Exception {
        IOException overTls = assertThrows(IOException.class,
                () -> external(TestPki.shared().trustingClient()).newConnection());
        assertTrue(overTls.getMessage().contains("server offered [PLAIN AMQPLAIN]"), overTls.getMessage());
        ConnectionFactory plain = new ConnectionFactory();
        plain.setHost("127.0.0.1");
        plain.setPort(broker.port());
        plain.setSaslConfig(DefaultSaslConfig.EXTERNAL);
        IOException overTcp = assertThrows(IOException.class, plain::newConnection);
        assertTrue(overTcp.getMessage().contains("server offered [PLAIN AMQPLAIN]"), overTcp.getMessage());
        plain.setSaslConfig(DefaultSaslConfig.PLAIN);
        plain.newConnection().close(); // passwords still work
    }
}
