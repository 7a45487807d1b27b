package io.warren.broker.net;

import io.netty.channel.Channel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;

/**
 * Builds the server-side TLS context from {@link TlsOptions} with the JDK's TLS implementation: the configured
 * versions, TLS 1.3 and 1.2 by default as RabbitMQ 3.10 offers. A file that is missing or that does not parse
 * fails the start with the setting's name, the path and the reason.
 */
public final class ServerTls {
    private ServerTls() {
    }

    /** As {@link #context(TlsOptions)}, for a listener whose settings start with {@code keyPrefix}. */
    public static SslContext context(TlsOptions o, String keyPrefix) {
        try {
            return context(o);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("ssl_options.", keyPrefix), e);
        }
    }

    public static SslContext context(TlsOptions o) {
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
            try {
                b.trustManager(o.caCertFile().toFile());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ssl_options.cacertfile: cannot load " + o.caCertFile() + ": "
                        + reason(e) + " (expected: PEM certificates)", e);
            }
        }
        try {
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("ssl_options: cannot set up TLS with " + o.certFile() + ", "
                    + o.keyFile() + (o.caCertFile() == null ? "" : ", " + o.caCertFile()) + ": " + reason(e), e);
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
