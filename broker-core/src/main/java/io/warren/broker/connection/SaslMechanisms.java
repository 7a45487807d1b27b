package io.warren.broker.connection;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.warren.broker.net.TlsOptions;
import io.warren.codec.AmqpException;
import io.warren.codec.types.FieldTable;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The SASL mechanisms offered in connection.start: PLAIN ({@code \0user\0password}, RFC 4616), RabbitMQ's
 * AMQPLAIN (a field table without its length prefix holding LOGIN and PASSWORD) and EXTERNAL (the user named by
 * the TLS client certificate, as RabbitMQ's {@code rabbitmq_auth_mechanism_ssl}). Stateless.
 */
final class SaslMechanisms {
    static final String EXTERNAL = "EXTERNAL";

    /** Username and password from a start-ok response. */
    record Credentials(String user, String password) {
    }

    private SaslMechanisms() {
    }

    /**
     * The mechanisms to offer, in the configured order; EXTERNAL only to a client that presented a certificate,
     * as RabbitMQ offers it.
     */
    static List<String> offered(List<String> configured, boolean hasClientCertificate) {
        return configured.stream().filter(m -> hasClientCertificate || !m.equals(EXTERNAL)).toList();
    }

    /** The user name EXTERNAL takes from {@code cert}: its whole subject (RFC 2253) or its first common name. */
    static String certificateUser(X509Certificate cert, String loginFrom) {
        String dn = cert.getSubjectX500Principal().getName();
        if (!TlsOptions.COMMON_NAME.equals(loginFrom)) {
            return dn;
        }
        try {
            for (Rdn rdn : new LdapName(dn).getRdns()) { // most specific last
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }

    static Credentials parse(String mechanism, String response) {
        return switch (mechanism) {
            case "PLAIN" -> plain(response);
            case "AMQPLAIN" -> amqplain(response);
            default -> throw AmqpException.commandInvalid("unknown authentication mechanism '%s'", mechanism);
        };
    }

    private static Credentials plain(String response) {
        // authzid \0 authcid \0 password; the authorization identity is ignored, as RabbitMQ does.
        int first = response.indexOf('\0');
        int second = first < 0 ? -1 : response.indexOf('\0', first + 1);
        if (second < 0) {
            return new Credentials(null, null);
        }
        return new Credentials(response.substring(first + 1, second), response.substring(second + 1));
    }

    private static Credentials amqplain(String response) {
        byte[] table = response.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = Unpooled.buffer(table.length + 4);
        buf.writeInt(table.length).writeBytes(table);
        try {
            FieldTable t = FieldTable.read(buf);
            Object login = t.get("LOGIN");
            Object password = t.get("PASSWORD");
            return new Credentials(login == null ? null : login.toString(),
                    password == null ? null : password.toString());
        } catch (AmqpException e) {
            return new Credentials(null, null);
        } finally {
            buf.release();
        }
    }
}
