package io.warren.broker;

import io.warren.broker.net.TlsOptions;
import io.warren.broker.net.TlsTuning;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {
    @Test
    void defaultsAreRabbitMqs() {
        BrokerConfig c = ConfigLoader.load(new String[0], Map.of());
        assertEquals(5672, c.port());
        assertEquals(15672, c.managementPort());
        assertEquals(131_072, c.frameMax());
        assertEquals(2047, c.channelMax());
        assertEquals(60, c.heartbeatSeconds());
        assertEquals(16L * 1024 * 1024, c.maxMessageSize());
        assertEquals(Path.of("data"), c.dataDir());
        assertEquals(1_800_000, c.consumerTimeoutMillis());
    }

    @Test
    void flagsBeatEnvironmentWhichBeatsTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("warren.conf");
        Files.writeString(file, "# comment\nlisteners.tcp.default = 1111\nmanagement.tcp.port = 2222\n"
                + "heartbeat = 30\nconsumer_timeout = 900000\n");
        BrokerConfig c = ConfigLoader.load(new String[] {"--config", file.toString(), "--port=3333"},
                Map.of("WARREN_PORT", "4444", "WARREN_MANAGEMENT_PORT", "5555"));
        assertEquals(3333, c.port());
        assertEquals(5555, c.managementPort());
        assertEquals(30, c.heartbeatSeconds());
        assertEquals(900_000, c.consumerTimeoutMillis());
    }

    @Test
    void badValuesNameTheSettingAndWhatWasExpected() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(new String[] {"--port", "http"}, Map.of()));
        assertEquals("port: 'http' (expected: an integer)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(new String[] {"--port", "70000"}, Map.of()));
        assertTrue(e.getMessage().startsWith("port: 70000 (expected:"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(new String[] {"--frame-max", "100"}, Map.of()));
        assertTrue(e.getMessage().startsWith("frame_max: 100"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(new String[] {"--nope", "1"}, Map.of()));
        assertTrue(e.getMessage().contains("unknown option --nope"), e.getMessage());
    }

    @Test
    void unknownFileKeysAreRejected(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("warren.conf");
        Files.writeString(file, "listeners.tcp.nonsense = 1\n");
        var e = assertThrows(IllegalArgumentException.class,
                () -> ConfigLoader.load(new String[] {"--config", file.toString()}, Map.of()));
        assertTrue(e.getMessage().contains("unknown key 'listeners.tcp.nonsense'"), e.getMessage());
    }

    @Test
    void tlsListenerTakesRabbitMqsSslOptions(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("warren.conf");
        Files.writeString(file, "listeners.tcp = none\nlisteners.ssl.default = 5671\n"
                + "ssl_options.cacertfile = /etc/warren/ca.pem\nssl_options.certfile = /etc/warren/server.pem\n"
                + "ssl_options.keyfile = /etc/warren/server_key.pem\nssl_options.verify = verify_peer\n"
                + "ssl_options.fail_if_no_peer_cert = true\nauth_mechanisms.2 = PLAIN\nauth_mechanisms.1 = EXTERNAL\n"
                + "ssl_cert_login_from = common_name\nssl_options.versions.1 = tlsv1.2\n");
        BrokerConfig c = ConfigLoader.load(new String[] {"--config", file.toString()}, Map.of());
        assertEquals(-1, c.port());
        TlsOptions tls = c.tls();
        assertEquals(5671, tls.port());
        assertEquals(Path.of("/etc/warren/ca.pem"), tls.caCertFile());
        assertEquals(Path.of("/etc/warren/server.pem"), tls.certFile());
        assertEquals(Path.of("/etc/warren/server_key.pem"), tls.keyFile());
        assertTrue(tls.verifyPeer());
        assertTrue(tls.failIfNoPeerCert());
        assertEquals(TlsOptions.COMMON_NAME, tls.certLoginFrom());
        assertEquals(List.of("TLSv1.2"), tls.protocols());
        assertEquals(List.of("EXTERNAL", "PLAIN"), c.authMechanisms(), "in the order of their numbers");
        assertEquals(List.of("PLAIN", "AMQPLAIN"), ConfigLoader.load(new String[0], Map.of()).authMechanisms());
        assertFalse(ConfigLoader.load(new String[0], Map.of()).tls().enabled(), "no TLS listener by default");
    }

    @Test
    void definitionsAtBootTakeTheCurrentKeyAndTheManagementPluginsOldOne(@TempDir Path dir) throws IOException {
        Path current = Files.writeString(dir.resolve("a.conf"), "load_definitions = /etc/warren/defs.json\n");
        Path old = Files.writeString(dir.resolve("b.conf"), "management.load_definitions = /etc/warren/old.json\n");
        assertEquals(Path.of("/etc/warren/defs.json"),
                ConfigLoader.load(new String[] {"--config", current.toString()}, Map.of()).loadDefinitions());
        assertEquals(Path.of("/etc/warren/old.json"),
                ConfigLoader.load(new String[] {"--config", old.toString()}, Map.of()).loadDefinitions());
        assertEquals(null, ConfigLoader.load(new String[0], Map.of()).loadDefinitions());
    }

    @Test
    void theManagementHttpsListenerTakesRabbitMqsManagementSslKeys(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("warren.conf"), "management.ssl.port = 15671\n"
                + "management.ssl.certfile = /etc/warren/server.pem\nmanagement.ssl.keyfile = /etc/warren/key.pem\n");
        BrokerConfig c = ConfigLoader.load(new String[] {"--config", file.toString()}, Map.of());
        assertEquals(15671, c.managementTls().port());
        assertEquals(Path.of("/etc/warren/key.pem"), c.managementTls().keyFile());
        assertFalse(c.tls().enabled(), "the AMQPS listener is separate");
        assertRefused("management.ssl.certfile: missing", "--management-ssl-port", "15671");
    }

    @Test
    void cipherSuitesTheirOrderDepthRenegotiationAndHandshakeTimeoutAreRead(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("warren.conf"), "ssl_options.ciphers.2 = TLS_AES_128_GCM_SHA256\n"
                + "ssl_options.ciphers.1 = ECDHE-ECDSA-AES256-GCM-SHA384\nssl_options.honor_cipher_order = true\n"
                + "ssl_options.honor_ecc_order = true\nssl_options.depth = 2\nssl_options.client_renegotiation = false\n"
                + "ssl_options.secure_renegotiate = true\nssl_handshake_timeout = 7000\n"
                + "management.ssl.ciphers.1 = TLS_AES_256_GCM_SHA384\nmanagement.ssl.depth = 0\n");
        BrokerConfig c = ConfigLoader.load(new String[] {"--config", file.toString()}, Map.of());
        TlsTuning t = c.tls().tuning();
        assertEquals(List.of("ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_AES_128_GCM_SHA256"), t.ciphers());
        assertTrue(t.honorCipherOrder());
        assertEquals(2, t.depth());
        assertFalse(t.clientRenegotiation());
        assertEquals(7000, t.handshakeTimeoutMillis());
        TlsTuning m = c.managementTls().tuning();
        assertEquals(List.of("TLS_AES_256_GCM_SHA384"), m.ciphers());
        assertEquals(0, m.depth());
        assertFalse(m.honorCipherOrder());
        assertEquals(TlsTuning.DEFAULTS, ConfigLoader.load(new String[0], Map.of()).tls().tuning(),
                "Erlang's defaults: JDK suites, client order, depth 10, renegotiation allowed, 5 s handshake");
        assertEquals(List.of(), TlsTuning.DEFAULTS.ciphers());
        assertEquals(10, TlsTuning.DEFAULTS.depth());
        assertTrue(TlsTuning.DEFAULTS.clientRenegotiation());
        assertEquals(5000, TlsTuning.DEFAULTS.handshakeTimeoutMillis());
    }

    @Test
    void tlsTuningValuesOutOfRangeAreRefused() {
        assertRefused("ssl_options.secure_renegotiate: false (not supported", "--ssl-secure-renegotiate", "false");
        assertRefused("ssl_options.honor_cipher_order: 'yes' (expected: true or false)",
                "--ssl-honor-cipher-order", "yes");
        assertRefused("management.ssl.client_renegotiation: 'no'", "--management-ssl-client-renegotiation", "no");
        assertRefused("ssl_options.depth: -1 (expected: 0 or more)", "--ssl-depth", "-1");
        assertRefused("management.ssl.depth: -2", "--management-ssl-depth", "-2");
        assertRefused("ssl_handshake_timeout: 0", "--ssl-handshake-timeout", "0");
    }

    @Test
    void incompleteOrContradictoryTlsSettingsAreRefused() {
        assertRefused("ssl_options.certfile: missing", "--ssl-port", "5671");
        assertRefused("ssl_options.keyfile: missing", "--ssl-port", "5671", "--ssl-certfile", "c.pem");
        assertRefused("ssl_options.cacertfile: missing", "--ssl-port", "5671", "--ssl-certfile", "c.pem",
                "--ssl-keyfile", "k.pem", "--ssl-verify", "verify_peer");
        assertRefused("ssl_options.verify: 'verify_all' (expected: verify_none or verify_peer)",
                "--ssl-verify", "verify_all");
        assertRefused("ssl_options.fail_if_no_peer_cert: true needs ssl_options.verify = verify_peer",
                "--ssl-fail-if-no-peer-cert", "true");
        assertRefused("listeners.tcp: none, and no listeners.ssl", "--port", "-1");
        assertRefused("auth_mechanisms: [PLAIN, CRAM-MD5]", "--auth-mechanisms", "PLAIN,CRAM-MD5");
        assertRefused("ssl_cert_login_from: 'subject'", "--ssl-cert-login-from", "subject");
        assertRefused("ssl_options.versions: 'tlsv1.1' (expected: tlsv1.3 or tlsv1.2", "--ssl-versions", "tlsv1.1");
        assertRefused("management.ssl.versions: 'sslv3'", "--management-ssl-versions", "sslv3");
    }

    private static void assertRefused(String messageStart, String... args) {
        var e = assertThrows(IllegalArgumentException.class, () -> ConfigLoader.load(args, Map.of()));
        assertTrue(e.getMessage().startsWith(messageStart), e.getMessage());
    }
}
