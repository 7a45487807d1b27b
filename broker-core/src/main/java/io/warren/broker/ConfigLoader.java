package io.warren.broker;

import io.warren.broker.net.TlsOptions;
import io.warren.broker.net.TlsTuning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds a {@link BrokerConfig} from, in increasing precedence: defaults, a config file ({@code warren.conf},
 * rabbitmq.conf's {@code key = value} syntax and its key names where the concept exists), environment variables
 * ({@code WARREN_*}) and command-line flags ({@code --port 5673} or {@code --port=5673}). Every value is
 * checked; a bad one is an {@link IllegalArgumentException} naming the setting, the value and what was expected.
 */
public final class ConfigLoader {
    /** One setting: its flag, environment variable and config-file key. */
    private record Setting(String flag, String env, String fileKey) {
    }

    private static final List<Setting> BASE_SETTINGS = List.of(
            new Setting("port", "WARREN_PORT", "listeners.tcp.default"),
            new Setting("management-port", "WARREN_MANAGEMENT_PORT", "management.tcp.port"),
            new Setting("prometheus-port", "WARREN_PROMETHEUS_PORT", "prometheus.tcp.port"),
            new Setting("bind-address", "WARREN_BIND_ADDRESS", "listeners.tcp.address"),
            new Setting("data-dir", "WARREN_DATA_DIR", "data_dir"),
            new Setting("default-user", "WARREN_DEFAULT_USER", "default_user"),
            new Setting("default-pass", "WARREN_DEFAULT_PASS", "default_pass"),
            new Setting("heartbeat", "WARREN_HEARTBEAT", "heartbeat"),
            new Setting("frame-max", "WARREN_FRAME_MAX", "frame_max"),
            new Setting("channel-max", "WARREN_CHANNEL_MAX", "channel_max"),
            new Setting("max-message-size", "WARREN_MAX_MESSAGE_SIZE", "max_message_size"),
            new Setting("handshake-timeout", "WARREN_HANDSHAKE_TIMEOUT", "handshake_timeout"),
            new Setting("queue-threads", "WARREN_QUEUE_THREADS", "queue_threads"),
            new Setting("io-threads", "WARREN_IO_THREADS", "io_threads"),
            new Setting("memory-high-watermark", "WARREN_MEMORY_HIGH_WATERMARK", "vm_memory_high_watermark.relative"),
            new Setting("consumer-timeout", "WARREN_CONSUMER_TIMEOUT", "consumer_timeout"),
            new Setting("load-definitions", "WARREN_LOAD_DEFINITIONS", "load_definitions"),
            new Setting("auth-mechanisms", "WARREN_AUTH_MECHANISMS", "auth_mechanisms.N"),
            new Setting("ssl-cert-login-from", "WARREN_SSL_CERT_LOGIN_FROM", "ssl_cert_login_from"),
            new Setting("ssl-handshake-timeout", "WARREN_SSL_HANDSHAKE_TIMEOUT", "ssl_handshake_timeout"),
            new Setting("ssl-port", "WARREN_SSL_PORT", "listeners.ssl.default"),
            new Setting("management-ssl-port", "WARREN_MANAGEMENT_SSL_PORT", "management.ssl.port"));

    /** The {@code ssl_options} of a TLS listener: flag suffix and config-file key suffix. */
    private static final List<List<String>> TLS_SETTINGS = List.of(
            List.of("versions", "versions.N"), List.of("certfile", "certfile"), List.of("keyfile", "keyfile"),
            List.of("password", "password"), List.of("cacertfile", "cacertfile"), List.of("verify", "verify"),
            List.of("fail-if-no-peer-cert", "fail_if_no_peer_cert"), List.of("depth", "depth"),
            List.of("ciphers", "ciphers.N"), List.of("honor-cipher-order", "honor_cipher_order"),
            List.of("honor-ecc-order", "honor_ecc_order"), List.of("client-renegotiation", "client_renegotiation"),
            List.of("secure-renegotiate", "secure_renegotiate"));

    private static final List<Setting> SETTINGS = Stream.of(BASE_SETTINGS.stream(),
            tlsSettings("ssl-", "ssl_options."), tlsSettings("management-ssl-", "management.ssl.")).flatMap(s -> s)
            .toList();

    private static final String NO_TCP_LISTENER_KEY = "listeners.tcp";
    private static final String OLD_LOAD_DEFINITIONS_KEY = "management.load_definitions";

    private ConfigLoader() {
    }

    private static Stream<Setting> tlsSettings(String flagPrefix, String keyPrefix) {
        return TLS_SETTINGS.stream().map(t -> new Setting(flagPrefix + t.get(0),
                "WARREN_" + (flagPrefix + t.get(0)).toUpperCase(Locale.ROOT).replace('-', '_'), keyPrefix + t.get(1)));
    }

    /** Usage text for {@code --help}. */
    public static String usage() {
        StringBuilder sb = new StringBuilder("usage: warren [--config FILE] [--<setting> VALUE]...\n\nsettings "
                + "(flag / environment variable / config-file key):\n");
        for (Setting s : SETTINGS) {
            sb.append(String.format("  --%-37s %-43s %s%n", s.flag, s.env, s.fileKey));
        }
        sb.append("  --config FILE              WARREN_CONFIG_FILE\n");
        return sb.toString();
    }

    public static BrokerConfig load(String[] args, Map<String, String> env) {
        Map<String, String> flags = parseFlags(args);
        Map<String, String> values = new LinkedHashMap<>();
        String file = flags.getOrDefault("config", env.get("WARREN_CONFIG_FILE"));
        if (file != null) {
            values.putAll(readFile(Path.of(file)));
        }
        for (Setting s : SETTINGS) {
            if (env.containsKey(s.env)) {
                values.put(s.flag, env.get(s.env));
            }
            if (flags.containsKey(s.flag)) {
                values.put(s.flag, flags.get(s.flag));
            }
        }
        BrokerConfig d = BrokerConfig.defaults();
        return new BrokerConfig(
                intValue(values, "port", d.port()),
                intValue(values, "management-port", d.managementPort()),
                intValue(values, "prometheus-port", d.prometheusPort()),
                values.getOrDefault("bind-address", d.bindAddress()),
                Path.of(values.getOrDefault("data-dir", d.dataDir().toString())),
                values.getOrDefault("default-user", d.defaultUser()),
                values.getOrDefault("default-pass", d.defaultPass()),
                intValue(values, "heartbeat", d.heartbeatSeconds()),
                intValue(values, "frame-max", d.frameMax()),
                intValue(values, "channel-max", d.channelMax()),
                longValue(values, "max-message-size", d.maxMessageSize()),
                longValue(values, "handshake-timeout", d.handshakeTimeoutMillis()),
                intValue(values, "queue-threads", d.queueThreads()),
                intValue(values, "io-threads", d.ioThreads()),
                doubleValue(values, "memory-high-watermark", d.memoryHighWatermark()),
                longValue(values, "consumer-timeout", d.consumerTimeoutMillis()),
                path(values, "load-definitions"),
                list(values, "auth-mechanisms", d.authMechanisms()),
                tls(values, "ssl-", "ssl_options."),
                tls(values, "management-ssl-", "management.ssl."));
    }

    /** A TLS listener from the settings starting with {@code flag} (file keys starting with {@code key}). */
    private static TlsOptions tls(Map<String, String> values, String flag, String key) {
        String verify = values.getOrDefault(flag + "verify", "verify_none").strip();
        if (!verify.equals("verify_none") && !verify.equals("verify_peer")) {
            throw new IllegalArgumentException(key + "verify: '" + verify + "' (expected: verify_none or "
                    + "verify_peer)");
        }
        boolean failIfNone = bool(values, flag, key, "fail_if_no_peer_cert", false);
        // Erlang's secure_renegotiate = false allows renegotiation without RFC 5746; the JDK never does.
        if (!bool(values, flag, key, "secure_renegotiate", true)) {
            throw new IllegalArgumentException(key + "secure_renegotiate: false (not supported: the JDK always "
                    + "requires secure renegotiation)");
        }
        bool(values, flag, key, "honor_ecc_order", false); // accepted; the JDK picks the curve (see README)
        try {
            TlsTuning tuning = new TlsTuning(list(values, flag + "ciphers", List.of()),
                    bool(values, flag, key, "honor_cipher_order", false),
                    intValue(values, flag + "depth", TlsTuning.DEFAULTS.depth()),
                    bool(values, flag, key, "client_renegotiation", true),
                    longValue(values, "ssl-handshake-timeout", TlsTuning.DEFAULTS.handshakeTimeoutMillis()));
            return new TlsOptions(intValue(values, flag + "port", -1), path(values, flag + "certfile"),
                    path(values, flag + "keyfile"), values.get(flag + "password"), path(values, flag + "cacertfile"),
                    verify.equals("verify_peer"), failIfNone,
                    values.getOrDefault("ssl-cert-login-from", TlsOptions.DISTINGUISHED_NAME).strip(),
                    TlsOptions.protocols(list(values, flag + "versions", TlsOptions.RABBITMQ_VERSIONS)), tuning);
        } catch (IllegalArgumentException e) { // TlsOptions names the AMQPS settings
            throw key.equals("ssl_options.") ? e : new IllegalArgumentException(e.getMessage()
                    .replace("ssl_options.", key).replace("ssl-port", key + "port"), e);
        }
    }

    /** A true/false TLS setting, named in errors by its config-file key. */
    private static boolean bool(Map<String, String> values, String flag, String key, String name, boolean fallback) {
        String s = values.get(flag + name.replace('_', '-'));
        if (s == null) {
            return fallback;
        }
        return switch (s.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + name + ": '" + s + "' (expected: true or false)");
        };
    }

    /** A comma-separated setting ({@code PLAIN,EXTERNAL}). */
    private static List<String> list(Map<String, String> values, String name, List<String> fallback) {
        String s = values.get(name);
        return s == null ? fallback : List.of(s.strip().split("\\s*,\\s*"));
    }

    private static Path path(Map<String, String> values, String name) {
        String s = values.get(name);
        return s == null || s.isBlank() ? null : Path.of(s.strip());
    }

    private static Map<String, String> parseFlags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "' (expected: --<setting> VALUE)");
            }
            String spec = a.substring(2);
            String value;
            int eq = spec.indexOf('=');
            String name = eq >= 0 ? spec.substring(0, eq) : spec;
            if (eq >= 0) {
                value = spec.substring(eq + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("--" + name + ": missing value");
            }
            if (!"config".equals(name) && SETTINGS.stream().noneMatch(s -> s.flag.equals(name))) {
                throw new IllegalArgumentException("unknown option --" + name + " (see --help)");
            }
            flags.put(name, value);
        }
        return flags;
    }

    private static Map<String, String> readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("config: cannot read " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Map<Integer, String>> lists = new TreeMap<>(); // numbered keys: flag -> number -> value
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(file + ":" + (n + 1) + ": '" + line + "' (expected: key = value)");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            int dot = key.lastIndexOf('.');
            Setting listed = dot < 0 || !key.substring(dot + 1).matches("\\d{1,4}") ? null : SETTINGS.stream()
                    .filter(x -> x.fileKey.equals(key.substring(0, dot) + ".N")).findFirst().orElse(null);
            if (listed != null) { // auth_mechanisms.1 = PLAIN, .2 = ...: a list, in the order of the numbers
                lists.computeIfAbsent(listed.flag, f -> new TreeMap<>())
                        .put(Integer.parseInt(key.substring(dot + 1)), value);
                continue;
            }
            if (key.equals(OLD_LOAD_DEFINITIONS_KEY)) {
                out.put("load-definitions", value); // the management plugin's key before RabbitMQ 3.8.2
                continue;
            }
            if (key.equals(NO_TCP_LISTENER_KEY) && value.equals("none")) {
                out.put("port", "-1"); // RabbitMQ's way of listening on TLS only
                continue;
            }
            Setting s = SETTINGS.stream().filter(x -> x.fileKey.equals(key)).findFirst().orElseThrow(() ->
                    new IllegalArgumentException(file + ": unknown key '" + key + "'"));
            out.put(s.flag, value);
        }
        lists.forEach((flag, items) -> out.put(flag, String.join(",", items.values())));
        return out;
    }

    private static int intValue(Map<String, String> values, String name, int fallback) {
        long v = longValue(values, name, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": " + v + " (expected: an integer)");
        }
        return (int) v;
    }

    private static long longValue(Map<String, String> values, String name, long fallback) {
        String s = values.get(name);
        if (s == null) {
            return fallback;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + s + "' (expected: an integer)");
        }
    }

    private static double doubleValue(Map<String, String> values, String name, double fallback) {
        String s = values.get(name);
        if (s == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + s + "' (expected: a number)");
        }
    }
}
