package io.warren.broker.net;

import java.util.List;

/**
 * The finer {@code ssl_options} of a TLS listener, with RabbitMQ's (Erlang/OTP's) defaults.
 *
 * @param ciphers                the cipher suites to enable, in order, as RabbitMQ's {@code ssl_options.ciphers.N}
 *                               take them: OpenSSL names ({@code ECDHE-RSA-AES256-GCM-SHA384}) or IANA names
 *                               ({@code TLS_AES_256_GCM_SHA384}); empty = the JDK's defaults
 * @param honorCipherOrder       pick the first of the server's suites the client offers, not the client's favourite
 * @param depth                  the most intermediate CA certificates a client certificate may be issued through
 *                               ({@code 0}: signed by a trusted CA directly); Erlang/OTP's default is 10
 * @param clientRenegotiation    allow a TLS 1.2 client to start a renegotiation (TLS 1.3 has none)
 * @param handshakeTimeoutMillis a client that has not completed the TLS handshake by then is disconnected
 *                               (RabbitMQ's {@code ssl_handshake_timeout}, 5 s)
 */
public record TlsTuning(List<String> ciphers, boolean honorCipherOrder, int depth, boolean clientRenegotiation,
                        long handshakeTimeoutMillis) {

    public static final TlsTuning DEFAULTS = new TlsTuning(List.of(), false, 10, true, 5_000);

    public TlsTuning {
        ciphers = ciphers == null ? List.of() : List.copyOf(ciphers);
        if (depth < 0) {
            throw new IllegalArgumentException("ssl_options.depth: " + depth + " (expected: 0 or more)");
        }
        if (handshakeTimeoutMillis <= 0) {
            throw new IllegalArgumentException("ssl_handshake_timeout: " + handshakeTimeoutMillis
                    + " (expected: milliseconds, more than 0)");
        }
    }
}
