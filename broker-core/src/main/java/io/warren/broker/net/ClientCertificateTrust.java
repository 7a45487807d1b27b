package io.warren.broker.net;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How client certificates are checked ({@code verify_peer}): the JDK's PKIX validation against the CA certificates
 * of {@code ssl_options.cacertfile}, then Erlang's {@code depth}: at most that many non-self-issued intermediate CA
 * certificates between the client's certificate and the trusted CA. Revocation is not checked, as RabbitMQ does not
 * by default.
 */
final class ClientCertificateTrust extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager pkix;
    private final List<X509Certificate> anchors;
    private final int depth;

    private ClientCertificateTrust(X509ExtendedTrustManager pkix, List<X509Certificate> anchors, int depth) {
        this.pkix = pkix;
        this.anchors = anchors;
        this.depth = depth;
    }

    static ClientCertificateTrust load(Path caCertFile, int depth) {
        List<X509Certificate> cas = new ArrayList<>();
        try (InputStream in = Files.newInputStream(caCertFile)) {
            Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            read.forEach(c -> cas.add((X509Certificate) c));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("ssl_options.cacertfile: cannot load " + caCertFile + ": "
                    + e.getMessage() + " (expected: PEM certificates)", e);
        }
        if (cas.isEmpty()) {
            throw new IllegalArgumentException("ssl_options.cacertfile: no certificate in " + caCertFile
                    + " (expected: PEM certificates)");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                store.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
            f.init(store);
            for (var tm : f.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return new ClientCertificateTrust(x, List.copyOf(cas), depth);
                }
            }
            throw new IllegalStateException("the JDK's PKIX trust manager factory made no X.509 trust manager");
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("ssl_options.cacertfile: cannot use " + caCertFile + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix.checkClientTrusted(chain, authType, engine);
        checkDepth(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkClientTrusted(chain, authType, socket);
        checkDepth(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkClientTrusted(chain, authType);
        checkDepth(chain);
    }

    /** Counts the intermediate CAs the client sent up to the first trusted one (PKIX has already checked the path). */
    private void checkDepth(X509Certificate[] chain) throws CertificateException {
        int intermediates = 0;
        for (int i = 1; i < chain.length && !anchors.contains(chain[i]); i++) {
            if (!chain[i].getSubjectX500Principal().equals(chain[i].getIssuerX500Principal())) {
                intermediates++;
            }
        }
        if (intermediates > depth) {
            throw new CertificateException("the client certificate is issued through " + intermediates
                    + " intermediate CA certificate(s), more than ssl_options.depth (" + depth + ")");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a listener's trust manager checks clients only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }
}
