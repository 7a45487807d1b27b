package io.warren.codec.types;

/**
 * The 14 properties of class {@code basic} in spec order (0-9-1 §1.8, "basic" properties); {@code null} means
 * absent (its flag bit is clear on the wire).
 *
 * <p>Octet properties ({@code deliveryMode}, {@code priority}) must be in 0..255; shortstr properties must be at
 * most 255 bytes of UTF-8, which {@link BasicPropertiesCodec#encode} checks. {@code timestamp} is in seconds
 * since the epoch, as on the wire. Immutable.
 */
public record BasicProperties(String contentType, String contentEncoding, FieldTable headers, Integer deliveryMode,
                              Integer priority, String correlationId, String replyTo, String expiration,
                              String messageId, Long timestamp, String type, String userId, String appId,
                              String clusterId) {

    /** No property set. */
    public static final BasicProperties EMPTY = new Builder().build();

    /** {@code delivery-mode} value of a transient message. */
    public static final int NON_PERSISTENT = 1;
    /** {@code delivery-mode} value of a persistent message. */
    public static final int PERSISTENT = 2;

    public BasicProperties {
        checkOctet("deliveryMode", deliveryMode);
        checkOctet("priority", priority);
    }

    private static void checkOctet(String name, Integer value) {
        if (value != null && (value < 0 || value > 255)) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: 0..255)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder initialised with these properties. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** True when {@code delivery-mode} is 2. */
    public boolean isPersistent() {
        return deliveryMode != null && deliveryMode == PERSISTENT;
    }

    public BasicProperties withHeaders(FieldTable headers) {
        return toBuilder().headers(headers).build();
    }

    public BasicProperties withReplyTo(String replyTo) {
        return toBuilder().replyTo(replyTo).build();
    }

    public BasicProperties withDeliveryMode(Integer deliveryMode) {
        return toBuilder().deliveryMode(deliveryMode).build();
    }

    public BasicProperties withExpiration(String expiration) {
        return toBuilder().expiration(expiration).build();
    }

    public BasicProperties withPriority(Integer priority) {
        return toBuilder().priority(priority).build();
    }

    public BasicProperties withTimestamp(Long timestamp) {
        return toBuilder().timestamp(timestamp).build();
    }

    /** Mutable builder; not thread-safe. Every setter accepts {@code null} for "absent". */
    public static final class Builder {
        private String contentType;
        private String contentEncoding;
        private FieldTable headers;
        private Integer deliveryMode;
        private Integer priority;
        private String correlationId;
        private String replyTo;
        private String expiration;
        private String messageId;
        private Long timestamp;
        private String type;
        private String userId;
        private String appId;
        private String clusterId;

        public Builder() {
        }

        Builder(BasicProperties p) {
            contentType = p.contentType;
            contentEncoding = p.contentEncoding;
            headers = p.headers;
            deliveryMode = p.deliveryMode;
            priority = p.priority;
            correlationId = p.correlationId;
            replyTo = p.replyTo;
            expiration = p.expiration;
            messageId = p.messageId;
            timestamp = p.timestamp;
            type = p.type;
            userId = p.userId;
            appId = p.appId;
            clusterId = p.clusterId;
        }

        public Builder contentType(String v) {
            contentType = v;
            return this;
        }

        public Builder contentEncoding(String v) {
            contentEncoding = v;
            return this;
        }

        public Builder headers(FieldTable v) {
            headers = v;
            return this;
        }

        public Builder deliveryMode(Integer v) {
            deliveryMode = v;
            return this;
        }

        public Builder priority(Integer v) {
            priority = v;
            return this;
        }

        public Builder correlationId(String v) {
            correlationId = v;
            return this;
        }

        public Builder replyTo(String v) {
            replyTo = v;
            return this;
        }

        public Builder expiration(String v) {
            expiration = v;
            return this;
        }

        public Builder messageId(String v) {
            messageId = v;
            return this;
        }

        public Builder timestamp(Long v) {
            timestamp = v;
            return this;
        }

        public Builder type(String v) {
            type = v;
            return this;
        }

        public Builder userId(String v) {
            userId = v;
            return this;
        }

        public Builder appId(String v) {
            appId = v;
            return this;
        }

        public Builder clusterId(String v) {
            clusterId = v;
            return this;
        }

        public BasicProperties build() {
            return new BasicProperties(contentType, contentEncoding, headers, deliveryMode, priority, correlationId,
                    replyTo, expiration, messageId, timestamp, type, userId, appId, clusterId);
        }
    }
}
