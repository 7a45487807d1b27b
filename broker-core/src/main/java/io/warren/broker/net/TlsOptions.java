package io.warren.broker.net;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The AMQPS (AMQP over TLS) listener, with RabbitMQ's {@code ssl_options} meanings: a server certificate chain and
 * its private key (PEM: PKCS#8, encrypted with {@code keyPassword} or not, or PKCS#1 RSA), the CA certificates client
 * certificates are checked against, and whether to ask for one ({@code verify_peer}) and refuse a client without
 * one ({@code fail_if_no_peer_cert}). Off when {@code port} is -1, as RabbitMQ has no TLS listener by default.
 *
 * @param port             listener port; 0 = any free port, -1 = no TLS listener
 * @param certFile         server certificate chain, PEM
 * @param keyFile          the certificate's private key, PEM (PKCS#8 or PKCS#1 RSA)
 * @param keyPassword      password of an encrypted key, or null
 * @param caCertFile       trusted CA certificates for client certificates, PEM, or null
 * @param verifyPeer       ask clients for a certificate and check it against {@code caCertFile}
 * @param failIfNoPeerCert with {@code verifyPeer}: refuse a client that sends no certificate
 * @param certLoginFrom    the user name the EXTERNAL mechanism takes from a client certificate:
 *                         {@code distinguished_name} (RabbitMQ's default, RFC 2253: {@code CN=app,O=Acme}) or
 *                         {@code common_name}
 * @param protocols        the TLS versions offered, JDK names ({@code TLSv1.3}, {@code TLSv1.2}); RabbitMQ's
 *                         {@code ssl_options.versions.N} ({@code tlsv1.3}) go through {@link #protocols}
 * @param tuning           cipher suites, their order, the verification depth, renegotiation, handshake timeout
 */
public record TlsOptions(int port, Path certFile, Path keyFile, String keyPassword, Path caCertFile,
                         boolean verifyPeer, boolean failIfNoPeerCert, String certLoginFrom, List<String> protocols,
                         TlsTuning tuning) {

    public static final String DISTINGUISHED_NAME = "distinguished_name";
    public static final String COMMON_NAME = "common_name";
    /** RabbitMQ 3.10's default versions, in its spelling. */
    public static final List<String> RABBITMQ_VERSIONS = List.of("tlsv1.3", "tlsv1.2");
    private static final List<String> SUPPORTED = List.of("TLSv1.3", "TLSv1.2");
    public static final TlsOptions OFF = new TlsOptions(-1, null, null, null, null, false, false,
            DISTINGUISHED_NAME, SUPPORTED, TlsTuning.DEFAULTS);

    /** RabbitMQ's version names ({@code tlsv1.3}, {@code tlsv1.2}) as the JDK's; older versions are refused. */
    public static List<String> protocols(List<String> rabbitMqVersions) {
        List<String> out = new ArrayList<>();
        for (String v : rabbitMqVersions) {
            String jdk = SUPPORTED.stream().filter(s -> s.equalsIgnoreCase(v.strip())).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("ssl_options.versions: '" + v + "' (expected: tlsv1.3 or tlsv1.2; "
                            + "older versions are disabled in the JDK)"));
            out.add(jdk);
        }
        return out;
    }

    public TlsOptions {
        protocols = protocols == null ? List.of() : List.copyOf(protocols);
        tuning = tuning == null ? TlsTuning.DEFAULTS : tuning;
        if (protocols.isEmpty() || !SUPPORTED.containsAll(protocols)) {
            throw new IllegalArgumentException("ssl_options.versions: " + protocols + " (expected: one or both of "
                    + SUPPORTED + ")");
        }
        if (!DISTINGUISHED_NAME.equals(certLoginFrom) && !COMMON_NAME.equals(certLoginFrom)) {
            throw new IllegalArgumentException("ssl_cert_login_from: '" + certLoginFrom + "' (expected: "
                    + DISTINGUISHED_NAME + " or " + COMMON_NAME + ")");
        }
        if (port < -1 || port > 65_535) {
            throw new IllegalArgumentException("ssl-port: " + port + " (expected: -1 (off), 0..65535)");
        }
        if (port >= 0) {
            if (certFile == null) {
                throw new IllegalArgumentException("ssl_options.certfile: missing (a TLS listener needs the server "
                        + "certificate, PEM)");
            }
            if (keyFile == null) {
                throw new IllegalArgumentException("ssl_options.keyfile: missing (a TLS listener needs the "
                        + "certificate's private key, PEM)");
            }
            if (verifyPeer && caCertFile == null) {
                throw new IllegalArgumentException("ssl_options.cacertfile: missing (verify_peer checks client "
                        + "certificates against these CA certificates)");
            }
        }
        if (failIfNoPeerCert && !verifyPeer) {
            throw new IllegalArgumentException("ssl_options.fail_if_no_peer_cert: true needs ssl_options.verify = "
                    + "verify_peer");
        }
    }

    public boolean enabled() {
        return port >= 0;
    }
}
