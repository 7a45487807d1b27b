package io.warren.it;

import com.rabbitmq.client.ConnectionFactory;
import io.warren.broker.net.TlsOptions;
import io.warren.broker.net.TlsTuning;

import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PKI for the TLS tests, made with the JDK's own {@code keytool} (no openssl, no extra library): a CA,
 * a server certificate for localhost/127.0.0.1 signed by it, a client certificate signed by it, a client
 * certificate ({@code "deep"}) signed by an intermediate CA the CA signed, and a self-signed client certificate no
 * CA vouches for. The broker gets PEM files, as RabbitMQ's {@code ssl_options} take them;
 * clients get {@link SSLContext}s. Made once per JVM, in a temporary directory.
 */
public final class TestPki {
    private static final char[] PASS = "changeit".toCharArray();
    private static TestPki shared;

    private final Path dir;
    private final Path caPem;
    private final Path serverChainPem;
    private final Path serverKeyPem;

    private TestPki(Path dir) throws IOException, GeneralSecurityException {
        this.dir = dir;
        keyPair("ca", "CN=Warren Test CA", "-ext", "bc:c");
        keytool("-exportcert", "-alias", "ca", "-keystore", store("ca"), "-rfc", "-file", file("ca.pem"));
        caPem = dir.resolve("ca.pem");
        signedBy("ca", "server", "CN=localhost", "san=dns:localhost,ip:127.0.0.1", "eku=serverAuth");
        signedBy("ca", "client", "CN=warren-test-client,O=Warren Tests", "eku=clientAuth");
        signedBy("ca", "intermediate", "CN=Warren Test Intermediate CA", "bc:c", "ku=keyCertSign,cRLSign");
        signedBy("intermediate", "deep", "CN=warren-deep-client", "eku=clientAuth");
        keyPair("stranger", "CN=warren-stranger");
        serverChainPem = dir.resolve("server_chain.pem");
        Files.writeString(serverChainPem, Files.readString(dir.resolve("server.pem")) + Files.readString(caPem));
        serverKeyPem = dir.resolve("server_key.pem");
        Files.writeString(serverKeyPem, pem("PRIVATE KEY", privateKey("server").getEncoded()));
    }

    /** The PKI of this test run, made on first use. */
    public static synchronized TestPki shared() {
        if (shared == null) {
            try {
                Path dir = Files.createTempDirectory("warren-pki-");
                dir.toFile().deleteOnExit();
                shared = new TestPki(dir);
                try (var files = Files.list(dir)) {
                    files.forEach(f -> f.toFile().deleteOnExit());
                }
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot make the test PKI: " + e.getMessage(), e);
            }
        }
        return shared;
    }

    public Path caPem() {
        return caPem;
    }

    /** The server certificate followed by the CA's, PEM. */
    public Path serverChainPem() {
        return serverChainPem;
    }

    /** The server's private key, PKCS#8 PEM. */
    public Path serverKeyPem() {
        return serverKeyPem;
    }

    /**
     * A TLS listener on any free port with this PKI's server certificate; with {@code verifyPeer}, client
     * certificates are checked against the test CA.
     */
    public TlsOptions listener(boolean verifyPeer, boolean failIfNoPeerCert, String certLoginFrom) {
        return listener(verifyPeer, failIfNoPeerCert, certLoginFrom, List.of("TLSv1.3", "TLSv1.2"));
    }

    /** As above, offering only {@code protocols}. */
    public TlsOptions listener(boolean verifyPeer, boolean failIfNoPeerCert, String certLoginFrom,
                               List<String> protocols) {
        return listener(verifyPeer, failIfNoPeerCert, certLoginFrom, protocols, TlsTuning.DEFAULTS);
    }

    /** As above, with {@code tuning}'s cipher suites, depth, renegotiation and handshake timeout. */
    public TlsOptions listener(boolean verifyPeer, boolean failIfNoPeerCert, String certLoginFrom,
                               List<String> protocols, TlsTuning tuning) {
        return new TlsOptions(0, serverChainPem, serverKeyPem, null, verifyPeer ? caPem : null, verifyPeer,
                failIfNoPeerCert, certLoginFrom, protocols, tuning);
    }

    /** A Java client factory for {@code port} over TLS with {@code ctx}, checking the broker's host name. */
    public static ConnectionFactory clientFactory(int port, SSLContext ctx) {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(port);
        f.setAutomaticRecoveryEnabled(false);
        f.useSslProtocol(ctx);
        f.enableHostnameVerification();
        return f;
    }

    /**
     * A bare TLS handshake with a broker on {@code port}, trusting the test CA, offering only {@code protocol} and
     * (when given) {@code suites} in that order: the suite agreed on.
     */
    public String negotiatedSuite(int port, String protocol, String... suites) throws Exception {
        try (SSLSocket s = (SSLSocket) trustingClient().getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setEnabledProtocols(new String[] {protocol});
            if (suites.length > 0) {
                s.setEnabledCipherSuites(suites);
            }
            s.startHandshake();
            return s.getSession().getCipherSuite();
        }
    }

    /**
     * Over TLS 1.2 to a broker on {@code port}: a handshake, a renegotiation the client starts, then the AMQP
     * protocol header; the first byte the broker answers with (1, connection.start's frame type), or -1 at the end
     * of the stream. Throws when the broker refuses the renegotiation with an alert.
     */
    public int firstByteAfterRenegotiating(int port) throws Exception {
        try (SSLSocket s = (SSLSocket) trustingClient().getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.setEnabledProtocols(new String[] {"TLSv1.2"});
            s.startHandshake();
            s.startHandshake(); // on an established TLS 1.2 session: sends a new ClientHello
            s.getOutputStream().write(new byte[] {'A', 'M', 'Q', 'P', 0, 0, 9, 1});
            s.getOutputStream().flush();
            return s.getInputStream().read();
        }
    }

    /** A client context that trusts the test CA and presents no certificate. */
    public SSLContext trustingClient() throws GeneralSecurityException, IOException {
        return context(null);
    }

    /**
     * A client context that trusts the test CA and presents {@code "client"} (CA-signed), {@code "deep"} (with the
     * intermediate CA's certificate) or {@code "stranger"}.
     */
    public SSLContext clientWithCertificate(String who) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        List<Certificate> chain = new ArrayList<>();
        chain.add(certificate(dir.resolve(who + ".pem")));
        if (who.equals("deep")) {
            chain.add(certificate(dir.resolve("intermediate.pem")));
        } else if (!who.equals("stranger")) {
            chain.add(certificate(caPem));
        }
        ks.setKeyEntry(who, privateKey(who), PASS, chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS);
        return context(new AlwaysPresent((X509KeyManager) kmf.getKeyManagers()[0], who));
    }

    /**
     * Presents its one certificate whatever CAs the server asks for: the JDK's key manager would otherwise send
     * nothing rather than a certificate from another issuer, and the test wants the broker to see and refuse it.
     */
    private static final class AlwaysPresent extends X509ExtendedKeyManager {
        private final X509KeyManager keys;
        private final String alias;

        AlwaysPresent(X509KeyManager keys, String alias) {
            this.keys = keys;
            this.alias = alias;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return alias;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return alias;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {alias};
        }

        @Override
        public X509Certificate[] getCertificateChain(String a) {
            return keys.getCertificateChain(a);
        }

        @Override
        public PrivateKey getPrivateKey(String a) {
            return keys.getPrivateKey(a);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    private SSLContext context(KeyManager keys) throws GeneralSecurityException, IOException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", certificate(caPem));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(keys == null ? null : new KeyManager[] {keys}, tmf.getTrustManagers(), null);
        return ctx;
    }

    private void keyPair(String alias, String dname, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of("-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname",
                "secp256r1", "-dname", dname, "-validity", "2", "-keystore", store(alias), "-storetype", "PKCS12"));
        args.addAll(List.of(extra));
        keytool(args.toArray(new String[0]));
        keytool("-exportcert", "-alias", alias, "-keystore", store(alias), "-rfc", "-file", file(alias + ".pem"));
    }

    /** A key pair whose certificate {@code issuer}'s key signs, with the given {@code -ext} extensions. */
    private void signedBy(String issuer, String alias, String dname, String... extensions) throws IOException {
        keyPair(alias, dname);
        keytool("-certreq", "-alias", alias, "-keystore", store(alias), "-file", file(alias + ".csr"));
        List<String> args = new ArrayList<>(List.of("-gencert", "-alias", issuer, "-keystore", store(issuer),
                "-infile", file(alias + ".csr"), "-outfile", file(alias + ".pem"), "-rfc", "-validity", "2"));
        for (String ext : extensions) {
            args.addAll(List.of("-ext", ext));
        }
        keytool(args.toArray(new String[0]));
    }

    private PrivateKey privateKey(String alias) throws GeneralSecurityException, IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(alias + ".p12"))) {
            ks.load(in, PASS);
        }
        return (PrivateKey) ks.getKey(alias, PASS);
    }

    private static Certificate certificate(Path pem) throws GeneralSecurityException, IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private String store(String alias) {
        return file(alias + ".p12");
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private void keytool(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storepass", new String(PASS), "-noprompt", "-J-XX:TieredStopAtLevel=1"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("keytool " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
