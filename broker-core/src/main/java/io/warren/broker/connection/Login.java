package io.warren.broker.connection;

import io.netty.channel.Channel;
import io.warren.broker.BrokerConfig;
import io.warren.broker.net.ServerTls;
import io.warren.broker.security.Users;
import io.warren.codec.AmqpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A connection's login: the SASL mechanisms its connection.start offers (EXTERNAL only with a client certificate)
 * and the user its start-ok authenticates as, with RabbitMQ's replies: 503 for a mechanism that was not offered,
 * 403 ACCESS_REFUSED for a refused login. Event loop only.
 */
final class Login {
    private static final Logger log = LoggerFactory.getLogger(Login.class);

    private final BrokerConfig config;
    private final Users users;
    private final Channel channel;
    private List<String> offered = List.of();

    Login(BrokerConfig config, Users users, Channel channel) {
        this.config = config;
        this.users = users;
        this.channel = channel;
    }

    /** The mechanisms for connection.start, space-separated, in the configured order. */
    String offer() {
        offered = SaslMechanisms.offered(config.authMechanisms(), ServerTls.clientCertificate(channel) != null);
        return String.join(" ", offered);
    }

    /** The user {@code response} logs in as with {@code mechanism}; throws the refusal otherwise. */
    Users.User authenticate(String mechanism, String response, String connectionName) {
        if (!offered.contains(mechanism)) {
            throw AmqpException.commandInvalid("unknown authentication mechanism '%s'", mechanism);
        }
        String name;
        Users.User u;
        if (mechanism.equals(SaslMechanisms.EXTERNAL)) {
            X509Certificate cert = ServerTls.clientCertificate(channel);
            name = cert == null ? null : SaslMechanisms.certificateUser(cert, config.tls().certLoginFrom());
            u = name == null ? null : users.authenticateByCertificate(name, channel.remoteAddress());
        } else {
            SaslMechanisms.Credentials c = SaslMechanisms.parse(mechanism, response);
            name = c.user();
            u = name == null ? null : users.authenticate(name, c.password(), channel.remoteAddress());
        }
        if (u == null) {
            log.warn("login refused conn={} user='{}' mechanism={}", connectionName, name, mechanism);
            throw AmqpException.accessRefused("Login was refused using authentication mechanism %s. For details "
                    + "see the broker logfile.", mechanism);
        }
        return u;
    }
}
