package io.warren.broker.net;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class PemPrivateKeyTest {
    /** PKCS#8 of an RSA key: SEQUENCE header (4), version (3), algorithm (15), OCTET STRING header (4), PKCS#1. */
    private static final int PKCS1_OFFSET = 26;

    @Test
    void aPkcs1RsaKeyIsRewrappedAsThePkcs8KeyItCameFrom() throws Exception {
        for (int bits : new int[] {1024, 2048, 4096}) {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(bits);
            PrivateKey key = g.generateKeyPair().getPrivate();
            byte[] pkcs8 = key.getEncoded();
            assertEquals(0x04, pkcs8[PKCS1_OFFSET - 4], "the JDK's own PKCS#8 layout");
            byte[] pkcs1 = Arrays.copyOfRange(pkcs8, PKCS1_OFFSET, pkcs8.length);
            String pem = "-----BEGIN RSA PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs1)
                    + "\n-----END RSA PRIVATE KEY-----\n";

            byte[] converted = der(PemPrivateKey.asPkcs8(pem), "PRIVATE KEY");

            assertArrayEquals(pkcs8, converted, bits + "-bit key");
            assertEquals(key, KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(converted)));
        }
    }

    @Test
    void pkcs8AndEncryptedKeysPassThrough() {
        String pkcs8 = "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n";
        assertSame(pkcs8, PemPrivateKey.asPkcs8(pkcs8));
        String legacyEncrypted = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                + "DEK-Info: AES-128-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";
        assertSame(legacyEncrypted, PemPrivateKey.asPkcs8(legacyEncrypted));
    }

    private static byte[] der(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String body = pem.substring(pem.indexOf(begin) + begin.length(), pem.indexOf("-----END " + type + "-----"));
        return Base64.getMimeDecoder().decode(body.strip());
    }
}
