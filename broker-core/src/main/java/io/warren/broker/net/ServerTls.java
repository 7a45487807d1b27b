package io.warren.broker.net;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A TLS listener's server side, built from {@link TlsOptions} with the JDK's TLS implementation: the configured
 * versions (TLS 1.3 and 1.2 by default, as RabbitMQ 3.10 offers), cipher suites and their order, client
 * certificate checks ({@link ClientCertificateTrust}) and the handshake timeout. A file that is missing or that does
 * not parse, or a cipher list the JDK supports none of, fails the start with the setting's name and the reason.
 */
public final class ServerTls {
    private static final Logger log = LoggerFactory.getLogger(ServerTls.class);
    /** Read by the JDK once, when its first server handshake starts; a broker is one per JVM. */
    private static final String REJECT_CLIENT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    private final SslContext context;
    private final TlsTuning tuning;

    private ServerTls(SslContext context, TlsTuning tuning) {
        this.context = context;
        this.tuning = tuning;
    }

    /** As {@link #start(TlsOptions)}, for a listener whose settings start with {@code keyPrefix}. */
    public static ServerTls start(TlsOptions o, String keyPrefix) {
        try {
            return start(o);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("ssl_options.", keyPrefix), e);
        }
    }

    public static ServerTls start(TlsOptions o) {
        if (!o.tuning().clientRenegotiation()) {
            System.setProperty(REJECT_CLIENT_RENEGOTIATION, "true");
        }
        return new ServerTls(context(o), o.tuning());
    }

    /** The handler that goes next to the socket of an accepted connection. */
    public SslHandler newHandler(ByteBufAllocator alloc) {
        SslHandler h = context.newHandler(alloc);
        // the JDK's server prefers its own order unless told otherwise; Erlang's honor_cipher_order is off by default
        SSLParameters p = h.engine().getSSLParameters();
        p.setUseCipherSuitesOrder(tuning.honorCipherOrder());
        h.engine().setSSLParameters(p);
        h.setHandshakeTimeoutMillis(tuning.handshakeTimeoutMillis());
        return h;
    }

    private static SslContext context(TlsOptions o) {
        checkReadable("ssl_options.certfile", o.certFile());
        checkReadable("ssl_options.keyfile", o.keyFile());
        if (o.caCertFile() != null) {
            checkReadable("ssl_options.cacertfile", o.caCertFile());
        }
        SslContextBuilder b;
        try (InputStream chain = Files.newInputStream(o.certFile());
             InputStream key = new ByteArrayInputStream(PemPrivateKey.asPkcs8(Files.readString(o.keyFile(),
                     StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII))) {
            b = SslContextBuilder.forServer(chain, key, o.keyPassword());
        } catch (IOException e) {
            throw new IllegalArgumentException("ssl_options.certfile/keyfile: cannot read " + o.certFile() + " or "
                    + o.keyFile() + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("ssl_options.certfile/keyfile: cannot load " + o.certFile() + " and "
                    + o.keyFile() + ": " + reason(e) + " (expected: PEM certificates and a PEM key, PKCS#8 or "
                    + "PKCS#1 RSA; convert others with 'openssl pkcs8 -topk8')", e);
        }
        b.sslProvider(SslProvider.JDK).protocols(o.protocols())
                .clientAuth(!o.verifyPeer() ? ClientAuth.NONE
                        : o.failIfNoPeerCert() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
        if (o.caCertFile() != null) {
            b.trustManager(ClientCertificateTrust.load(o.caCertFile(), o.tuning().depth()));
        }
        List<String> ciphers = CipherSuiteNames.toJava(o.tuning().ciphers());
        if (!ciphers.isEmpty()) {
            b.ciphers(ciphers, SupportedCipherSuiteFilter.INSTANCE);
        }
        SslContext built;
        try {
            built = b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("ssl_options: cannot set up TLS with " + o.certFile() + ", "
                    + o.keyFile() + (o.caCertFile() == null ? "" : ", " + o.caCertFile()) + ": " + reason(e), e);
        }
        if (!ciphers.isEmpty()) {
            checkCiphers(o.tuning().ciphers(), ciphers, built.cipherSuites());
        }
        return built;
    }

    /** Logs the configured suites the JDK lacks; fails when it has none of them. */
    private static void checkCiphers(List<String> configured, List<String> asJava, List<String> enabled) {
        List<String> missing = configured.stream()
                .filter(c -> !enabled.contains(asJava.get(configured.indexOf(c)))).toList();
        if (enabled.isEmpty()) {
            throw new IllegalArgumentException("ssl_options.ciphers: the JDK supports none of " + configured);
        }
        if (!missing.isEmpty()) {
            log.warn("ssl_options.ciphers: not supported by the JDK, left out: {}", missing);
        }
    }

    /** The certificate the TLS client on {@code ch} presented, or null (plain connection, or none presented). */
    public static X509Certificate clientCertificate(Channel ch) {
        SslHandler ssl = ch.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x ? x : null;
        } catch (SSLPeerUnverifiedException e) {
            return null; // no certificate, or the handshake is not done
        }
    }

    private static void checkReadable(String setting, Path file) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(setting + ": " + file + " (expected: a readable PEM file)");
        }
    }

    private static String reason(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
