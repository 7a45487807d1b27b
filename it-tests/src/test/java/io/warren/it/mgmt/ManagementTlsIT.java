package io.warren.it.mgmt;

import io.warren.broker.net.TlsOptions;
import io.warren.it.EmbeddedBroker;
import io.warren.it.TestPki;
import io.warren.mgmt.ManagementServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The management API over HTTPS only ({@code management.ssl.*}, no {@code management.tcp.port}): served with the
 * configured certificate, listed as RabbitMQ lists it ({@code https}), and plain HTTP on that port gets nowhere.
 */
class ManagementTlsIT {
    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagementPort(-1).withManagementTls(
            TestPki.shared().listener(false, false, TlsOptions.DISTINGUISHED_NAME)));

    private static int httpsPort() {
        return broker.broker().extension(ManagementServer.class).tlsPort();
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("guest:guest".getBytes(StandardCharsets.UTF_8)))
                .build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient httpsClient() throws Exception {
        return HttpClient.newBuilder().sslContext(TestPki.shared().trustingClient())
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void theApiAnswersOverHttpsWithTheConfiguredCertificate() throws Exception {
        HttpClient https = httpsClient();
        HttpResponse<String> r = get(https, "https://127.0.0.1:" + httpsPort() + "/api/overview");
        assertEquals(200, r.statusCode(), r.body());
        List<?> listeners = (List<?>) MgmtClient.object(r.body()).get("listeners");
        assertTrue(listeners.stream().anyMatch(l -> "https".equals(((Map<?, ?>) l).get("protocol"))
                && Integer.valueOf(httpsPort()).equals(((Map<?, ?>) l).get("port"))), listeners::toString);
        assertTrue(listeners.stream().noneMatch(l -> "http".equals(((Map<?, ?>) l).get("protocol"))),
                () -> "no plain HTTP listener was configured: " + listeners);
        assertEquals(-1, broker.broker().extension(ManagementServer.class).port());
        String base = "https://127.0.0.1:" + httpsPort() + "/api/health/checks/";
        assertEquals(200, get(https, base + "protocol-listener/https").statusCode());
        assertEquals(503, get(https, base + "protocol-listener/http").statusCode(), "no plain HTTP listener");
        assertEquals(200, get(https, base + "port-listener/" + httpsPort()).statusCode());
    }

    @Test
    void theCertificateExpirationCheckListsTheCertificatesExpiringWithinThePeriod() throws Exception {
        // the test PKI's certificates (server, then CA, in the certfile) are valid for 2 days from their making
        HttpClient https = httpsClient();
        String check = "https://127.0.0.1:" + httpsPort() + "/api/health/checks/certificate-expiration/";
        HttpResponse<String> fine = get(https, check + "1/days");
        assertEquals(200, fine.statusCode(), fine.body());
        assertEquals(Map.of("status", "ok"), MgmtClient.object(fine.body()));

        HttpResponse<String> soon = get(https, check + "1/WEEKS");
        assertEquals(503, soon.statusCode(), soon.body());
        Map<String, Object> failed = MgmtClient.object(soon.body());
        assertEquals("failed", failed.get("status"));
        assertEquals("Certificates expiring", failed.get("reason"));
        List<?> expired = (List<?>) failed.get("expired");
        assertEquals(1, expired.size(), expired::toString);
        Map<?, ?> https443 = (Map<?, ?>) expired.get(0);
        assertEquals("https", https443.get("protocol"));
        assertEquals(httpsPort(), https443.get("port"));
        assertEquals(TestPki.shared().serverChainPem().toString(), https443.get("certfile"));
        assertEquals(null, https443.get("cacertfile"), "verify_none: no CA file configured");
        assertEquals(List.of(), https443.get("cacertfile_expires_on"));
        DateTimeFormatter rabbit = DateTimeFormatter.ofPattern("yyyy-MM-dd H:mm:ss").withZone(ZoneOffset.UTC);
        List<String> notAfter = new ArrayList<>();
        try (InputStream in = Files.newInputStream(TestPki.shared().serverChainPem())) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                notAfter.add(rabbit.format(((X509Certificate) c).getNotAfter().toInstant()));
            }
        }
        assertEquals(notAfter, https443.get("certfile_expires_on"));
        assertEquals(503, get(https, check + "1/years").statusCode());
    }

    @Test
    void theCertificateExpirationCheckRefusesABadPeriodWithRabbitMqsReasons() throws Exception {
        HttpClient https = httpsClient();
        String check = "https://127.0.0.1:" + httpsPort() + "/api/health/checks/certificate-expiration/";
        HttpResponse<String> notANumber = get(https, check + "soon/days");
        assertEquals(400, notANumber.statusCode());
        assertEquals("Invalid expiration value.", MgmtClient.object(notANumber.body()).get("reason"));
        HttpResponse<String> badUnit = get(https, check + "2/fortnights");
        assertEquals(400, badUnit.statusCode());
        assertEquals("Time unit not recognised. Supported units: days, weeks, months, years.",
                MgmtClient.object(badUnit.body()).get("reason"));
    }

    @Test
    void plainHttpOnTheHttpsPortGetsNoAnswer() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThrows(IOException.class, () -> get(plain, "http://127.0.0.1:" + httpsPort() + "/api/overview"));
    }
}
