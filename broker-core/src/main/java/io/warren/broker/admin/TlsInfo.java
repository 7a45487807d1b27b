package io.warren.broker.admin;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.warren.broker.net.ServerTls;

import javax.net.ssl.SSLSession;
import java.security.cert.X509Certificate;
import java.util.Locale;

/**
 * The TLS side of a connection as the management API shows it: protocol in RabbitMQ's spelling
 * ({@code tlsv1.3}), cipher suite, and the client certificate's subject, issuer and validity when one was
 * presented (null otherwise).
 */
public record TlsInfo(String protocol, String cipher, String peerCertSubject, String peerCertIssuer,
                      String peerCertValidity) {

    /** The TLS session of {@code ch} once its handshake is done, or null on a plain connection. */
    static TlsInfo of(Channel ch) {
        SslHandler ssl = ch.pipeline().get(SslHandler.class);
        if (ssl == null || !ssl.handshakeFuture().isSuccess()) {
            return null;
        }
        SSLSession s = ssl.engine().getSession();
        X509Certificate peer = ServerTls.clientCertificate(ch);
        return new TlsInfo(s.getProtocol().toLowerCase(Locale.ROOT), s.getCipherSuite(),
                peer == null ? null : peer.getSubjectX500Principal().getName(),
                peer == null ? null : peer.getIssuerX500Principal().getName(),
                peer == null ? null : peer.getNotBefore().toInstant() + " - " + peer.getNotAfter().toInstant());
    }
}
