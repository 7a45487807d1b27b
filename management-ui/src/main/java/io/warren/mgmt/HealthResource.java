package io.warren.mgmt;

import io.warren.broker.admin.BrokerAdmin;
import io.warren.broker.net.TlsOptions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.warren.mgmt.Routes.Access.MANAGEMENT;

/**
 * Health checks as RabbitMQ's: 200 {@code {"status":"ok"}} or 503 {@code {"status":"failed","reason":...}}.
 * {@code alarms} and {@code local-alarms} fail while a resource alarm is in effect; {@code virtual-hosts}
 * succeeds when every vhost is running (always, in a single-node Warren); {@code certificate-expiration} fails
 * when a TLS listener's certificates expire within the given period ({@link CertificateExpiry}).
 */
final class HealthResource {
    private static final int HEALTH_CHECK_FAILURE_STATUS = 503;

    private final BrokerAdmin admin;
    private final Listeners listeners;

    HealthResource(BrokerAdmin admin, Listeners listeners) {
        this.admin = admin;
        this.listeners = listeners;
    }

    void register(Routes r) {
        r.get("/api/health/checks/alarms", MANAGEMENT, c -> alarms());
        r.get("/api/health/checks/local-alarms", MANAGEMENT, c -> alarms());
        r.get("/api/health/checks/virtual-hosts", MANAGEMENT, c -> Response.json(Map.of("status", "ok")));
        r.get("/api/health/checks/port-listener/{port}", MANAGEMENT, c -> {
            int port = Json.integer(Map.of("port", c.param("port")), "port", -1);
            boolean ok = listeners.all().stream().anyMatch(l -> Integer.valueOf(port).equals(l.get("port")));
            return ok ? Response.json(Map.of("status", "ok", "port", port))
                    : Response.json(HEALTH_CHECK_FAILURE_STATUS, Map.of("status", "failed", "reason",
                    "No active listener", "port", port));
        });
        r.get("/api/health/checks/protocol-listener/{protocol}", MANAGEMENT, c -> {
            String protocol = c.param("protocol");
            List<Object> active = listeners.all().stream().map(l -> l.get("protocol")).toList();
            return active.contains(protocol) ? Response.json(Map.of("status", "ok", "protocol", protocol))
                    : Response.json(HEALTH_CHECK_FAILURE_STATUS, Map.of("status", "failed", "reason",
                    "No active listener", "missing", protocol, "protocols", active));
        });
        r.get("/api/health/checks/certificate-expiration/{within}/{unit}", MANAGEMENT, c -> {
            Instant now = Instant.now();
            Instant deadline = now.plusSeconds(CertificateExpiry.seconds(c.param("within"), c.param("unit")));
            List<Map<String, Object>> expiring = new ArrayList<>();
            for (Map<String, Object> l : listeners.all()) {
                TlsOptions tls = switch ((String) l.get("protocol")) {
                    case "amqp/ssl" -> admin.config().tls();
                    case "https" -> admin.config().managementTls();
                    default -> null;
                };
                Map<String, Object> e = tls == null ? null : CertificateExpiry.expiring(l, tls, now, deadline);
                if (e != null) {
                    expiring.add(e);
                }
            }
            return expiring.isEmpty() ? Response.json(Map.of("status", "ok"))
                    : Response.json(HEALTH_CHECK_FAILURE_STATUS, Map.of("status", "failed", "reason",
                    "Certificates expiring", "expired", expiring));
        });
    }

    private Response alarms() {
        List<String> alarms = admin.alarms();
        if (alarms.isEmpty()) {
            return Response.json(Map.of("status", "ok"));
        }
        List<Map<String, Object>> formatted = new ArrayList<>();
        for (String a : alarms) {
            formatted.add(Map.of("resource", a, "node", admin.nodeName()));
        }
        return Response.json(HEALTH_CHECK_FAILURE_STATUS, Map.of("status", "failed", "reason",
                "There are alarms in effect in the cluster", "alarms", formatted));
    }
}
