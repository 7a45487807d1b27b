package io.warren.broker;

/**
 * The node's name and the cluster name RabbitMQ clients and tools see (connection.start's {@code cluster_name},
 * {@code /api/overview}, Prometheus' {@code rabbitmq_cluster} label). The cluster name is the node's name until
 * set; it is kept as RabbitMQ keeps it, the global runtime parameter {@code cluster_name}, whose value is JSON text
 * (a JSON string), so this class reads and writes that one form.
 */
public final class ClusterName {
    /** The global runtime parameter that holds it. */
    public static final String PARAMETER = "cluster_name";

    private ClusterName() {
    }

    /** {@code warren@<host>}, as RabbitMQ's {@code rabbit@<host>}. */
    public static String nodeName() {
        String h = System.getenv("HOSTNAME");
        return "warren@" + (h == null || h.isBlank() ? "localhost" : h);
    }

    /** A name as a JSON string. */
    public static String toJson(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 2).append('"');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    /** The name a JSON string holds, or null when {@code json} is not one JSON string. */
    public static String fromJson(String json) {
        String s = json == null ? "" : json.strip();
        if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') {
            return null;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '"') {
                return null; // a quote that ends the string early
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= s.length() - 1) {
                return null;
            }
            char e = s.charAt(i);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (i + 4 > s.length() - 2) {
                        return null;
                    }
                    try {
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException bad) {
                        return null;
                    }
                    i += 4;
                }
                default -> {
                    return null;
                }
            }
        }
        return out.toString();
    }
}
