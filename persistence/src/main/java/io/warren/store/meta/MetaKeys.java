package io.warren.store.meta;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Keys of the {@code meta.db} maps. A key is the concatenation of its parts, each written as
 * {@code <length in chars>:<part>}, so no name (which may contain any character) can make two keys collide, and
 * {@code key(vhost)} is a prefix of exactly the keys of that vhost. Stateless and thread-safe.
 */
final class MetaKeys {
    private MetaKeys() {
    }

    static String key(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            sb.append(p.length()).append(':').append(p);
        }
        return sb.toString();
    }

    /** Binding identity: vhost, source, destination kind and name, routing key and a digest of the arguments. */
    static String binding(BindingDef b) {
        return key(b.vhost(), b.source(), b.destinationIsQueue() ? "q" : "e", b.destination(), b.routingKey(),
                sha256(DefinitionCodec.canonicalArguments(b.arguments())));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
