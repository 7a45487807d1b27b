package io.warren.broker.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads a private-key PEM for the TLS context. PKCS#8 ({@code BEGIN PRIVATE KEY}, {@code BEGIN ENCRYPTED PRIVATE
 * KEY}) passes through; an unencrypted PKCS#1 RSA key ({@code BEGIN RSA PRIVATE KEY}, what OpenSSL 1.x and older
 * tls-gen runs wrote and many RabbitMQ configs still point at) is rewrapped as PKCS#8, which is all the JDK
 * reads. Anything else is returned unchanged, for the TLS layer to refuse with its reason.
 */
final class PemPrivateKey {
    private static final String PKCS1_BEGIN = "-----BEGIN RSA PRIVATE KEY-----";
    private static final String PKCS1_END = "-----END RSA PRIVATE KEY-----";
    /** AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
            (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private PemPrivateKey() {
    }

    /** {@code pem} as a PEM the JDK can read: PKCS#1 RSA keys rewrapped, everything else as given. */
    static String asPkcs8(String pem) {
        int begin = pem.indexOf(PKCS1_BEGIN);
        int end = pem.indexOf(PKCS1_END);
        if (begin < 0 || end < begin) {
            return pem;
        }
        String body = pem.substring(begin + PKCS1_BEGIN.length(), end);
        if (body.contains("ENCRYPTED")) {
            return pem; // OpenSSL's legacy encryption (Proc-Type/DEK-Info headers): refused with the JDK's reason
        }
        byte[] pkcs1 = Base64.getMimeDecoder().decode(body.strip());
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        info.writeBytes(VERSION_0);
        info.writeBytes(RSA_ALGORITHM);
        info.write(0x04);
        writeLength(info, pkcs1.length);
        info.writeBytes(pkcs1);
        ByteArrayOutputStream der = new ByteArrayOutputStream();
        der.write(0x30);
        writeLength(der, info.size());
        der.writeBytes(info.toByteArray());
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der.toByteArray())
                + "\n-----END PRIVATE KEY-----\n";
    }

    /** A DER length: short form below 128, else 0x80 | the count of big-endian length bytes that follow. */
    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
        out.write(0x80 | bytes);
        for (int i = bytes - 1; i >= 0; i--) {
            out.write(length >>> (8 * i));
        }
    }
}
