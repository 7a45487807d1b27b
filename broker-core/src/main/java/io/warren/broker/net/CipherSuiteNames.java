package io.warren.broker.net;

import io.netty.handler.ssl.CipherSuiteConverter;

import java.util.ArrayList;
import java.util.List;

/**
 * RabbitMQ's {@code ssl_options.ciphers.N} as the JDK names suites. RabbitMQ takes OpenSSL's names for TLS 1.2
 * suites ({@code ECDHE-RSA-AES256-GCM-SHA384} is {@code TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384}) and the IANA
 * names, which the JDK uses too, for TLS 1.3's ({@code TLS_AES_256_GCM_SHA384}).
 */
final class CipherSuiteNames {
    private CipherSuiteNames() {
    }

    /** One JDK name per configured name, in order; a name that maps to nothing is kept as it is. */
    static List<String> toJava(List<String> configured) {
        List<String> out = new ArrayList<>(configured.size());
        for (String c : configured) {
            String name = c.strip();
            String java = name.startsWith("TLS_") || name.startsWith("SSL_") ? name
                    : CipherSuiteConverter.toJava(name, "TLS");
            out.add(java == null ? name : java);
        }
        return out;
    }
}
