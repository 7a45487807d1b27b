package io.warren.broker.connection;

import io.warren.broker.net.TlsOptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SaslMechanismsTest {
    /** Self-signed, subject C=GB, O=Acme, OU=Ops, CN=app-one (openssl req -x509 ... -days 36500). */
    private static final String CERT = """
            -----BEGIN CERTIFICATE-----
            MIIBzzCCAXWgAwIBAgIUQfV9wCyzgA8LdRT/6UTBGJ9Pcm4wCgYIKoZIzj0EAwIw
            PDELMAkGA1UEBhMCR0IxDTALBgNVBAoMBEFjbWUxDDAKBgNVBAsMA09wczEQMA4G
            A1UEAwwHYXBwLW9uZTAgFw0yNjEyMDMxODA3MzNaGA8yMTI2MTEwOTE4MDczM1ow
            PDELMAkGA1UEBhMCR0IxDTALBgNVBAoMBEFjbWUxDDAKBgNVBAsMA09wczEQMA4G
            A1UEAwwHYXBwLW9uZTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABMim9vFOuYNU
            QRK4AUplG8U4uuCu4D82wffRvdSmq7ybOPOPcFbaAE4bIQDJN2QZLJxNspe7foIM
            Ggcsc6rOi2mjUzBRMB0GA1UdDgQWBBRdrZOjIuqnlLkstz/Mhter11WkozAfBgNV
            HSMEGDAWgBRdrZOjIuqnlLkstz/Mhter11WkozAPBgNVHRMBAf8EBTADAQH/MAoG
            CCqGSM49BAMCA0gAMEUCIQDu0Ny/FY8FODm3s73EB+aUtkn3UtHX/Yl2mWJvfYkJ
            EAIgFt1GUUYXxSmcf45+UqtEjR47lFX6vRrizWiKzNEtPl4=
            -----END CERTIFICATE-----
            """;

    @Test
    void externalTakesTheWholeSubjectOrItsCommonName() throws Exception {
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(CERT.getBytes(StandardCharsets.US_ASCII)));
        assertEquals("CN=app-one,OU=Ops,O=Acme,C=GB",
                SaslMechanisms.certificateUser(cert, TlsOptions.DISTINGUISHED_NAME));
        assertEquals("app-one", SaslMechanisms.certificateUser(cert, TlsOptions.COMMON_NAME));
    }

    @Test
    void externalIsOfferedOnlyToClientsWithACertificateInTheConfiguredOrder() {
        List<String> configured = List.of("EXTERNAL", "PLAIN", "AMQPLAIN");
        assertEquals(configured, SaslMechanisms.offered(configured, true));
        assertEquals(List.of("PLAIN", "AMQPLAIN"), SaslMechanisms.offered(configured, false));
    }
}
