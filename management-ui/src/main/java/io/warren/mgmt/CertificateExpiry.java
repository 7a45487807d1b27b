package io.warren.mgmt;

import io.warren.broker.net.TlsOptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * RabbitMQ's {@code certificate-expiration} health check: the certificates in a TLS listener's {@code certfile}
 * and {@code cacertfile} that expire within a period (days, weeks, months of 365/12 days, years of 365 days),
 * read from the files at the time of the check, as RabbitMQ does.
 */
final class CertificateExpiry {
    private static final long DAY_SECONDS = 86_400;

    private CertificateExpiry() {
    }

    /** The period in seconds; {@link ApiError#badRequest} with RabbitMQ's reasons when it is not one. */
    static long seconds(String within, String unit) {
        long n;
        try {
            n = Long.parseLong(within);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("Invalid expiration value.");
        }
        double unitSeconds = switch (unit.toLowerCase(Locale.ROOT)) {
            case "days" -> DAY_SECONDS;
            case "weeks" -> DAY_SECONDS * 7;
            case "months" -> DAY_SECONDS * 365 / 12.0;
            case "years" -> DAY_SECONDS * 365;
            default -> throw ApiError.badRequest("Time unit not recognised. Supported units: days, weeks, "
                    + "months, years.");
        };
        return (long) (n * unitSeconds);
    }

    /**
     * The entry for one listener when its certificates expire before {@code deadline} (or are not valid yet),
     * else null.
     */
    static Map<String, Object> expiring(Map<String, Object> listener, TlsOptions tls, Instant now, Instant deadline) {
        List<String> cert = expiring(tls.certFile(), now, deadline);
        List<String> ca = expiring(tls.caCertFile(), now, deadline);
        if (cert.isEmpty() && ca.isEmpty()) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", listener.get("node"));
        m.put("protocol", listener.get("protocol"));
        m.put("interface", listener.get("ip_address"));
        m.put("port", listener.get("port"));
        m.put("certfile", tls.certFile() == null ? null : tls.certFile().toString());
        m.put("cacertfile", tls.caCertFile() == null ? null : tls.caCertFile().toString());
        m.put("certfile_expires_on", cert);
        m.put("cacertfile_expires_on", ca);
        return m;
    }

    private static List<String> expiring(Path file, Instant now, Instant deadline) {
        List<String> out = new ArrayList<>();
        if (file == null) {
            return out;
        }
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                X509Certificate x = (X509Certificate) c;
                if (x.getNotBefore().toInstant().isAfter(now)) {
                    out.add("Certificate is not yet valid");
                } else if (x.getNotAfter().toInstant().isBefore(deadline)) {
                    out.add(format(x.getNotAfter().toInstant()));
                }
            }
        } catch (IOException | GeneralSecurityException e) {
            out.add("cannot read " + file + ": " + e.getMessage());
        }
        return out;
    }

    /** RabbitMQ's form: {@code 2026-12-05 9:03:07} (UTC, the hour not padded). */
    private static String format(Instant t) {
        LocalDateTime d = LocalDateTime.ofInstant(t, ZoneOffset.UTC);
        return String.format(Locale.ROOT, "%d-%02d-%02d %d:%02d:%02d", d.getYear(), d.getMonthValue(),
                d.getDayOfMonth(), d.getHour(), d.getMinute(), d.getSecond());
    }
}
