package io.warren.store;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Where things live inside a Warren data directory (see {@code docs/storage.md}):
 * <pre>
 * &lt;data&gt;/.lock                                   {@link DataDirectoryLock}
 * &lt;data&gt;/meta.db                                 definitions (MapDB)
 * &lt;data&gt;/vhosts/&lt;sha1(vhost)&gt;/queues/&lt;sha1(queue)&gt;/   one directory per durable queue or stream
 * &lt;data&gt;/transient/&lt;sha1(vhost)&gt;/&lt;sha1(queue)&gt;/     segments of non-durable queues; wiped at start
 * </pre>
 * Names are hashed because vhost and queue names may hold any character (including {@code /}) and up to
 * 255 bytes. SHA-1 is used as a name digest only, not for security. Stateless and thread-safe.
 */
public final class DataLayout {
    public static final String LOCK_FILE = ".lock";
    public static final String META_DB = "meta.db";
    public static final String VHOSTS = "vhosts";
    public static final String QUEUES = "queues";
    public static final String TRANSIENT = "transient";

    private DataLayout() {
    }

    public static Path lockFile(Path dataDir) {
        return dataDir.resolve(LOCK_FILE);
    }

    public static Path metaDb(Path dataDir) {
        return dataDir.resolve(META_DB);
    }

    public static Path vhostDirectory(Path dataDir, String vhost) {
        return dataDir.resolve(VHOSTS).resolve(nameDigest(vhost));
    }

    /** Directory of a durable queue or stream: its segment, index and ack files. */
    public static Path queueDirectory(Path dataDir, String vhost, String queue) {
        return vhostDirectory(dataDir, vhost).resolve(QUEUES).resolve(nameDigest(queue));
    }

    /** Root of all non-durable queue directories; the broker deletes it at start. */
    public static Path transientRoot(Path dataDir) {
        return dataDir.resolve(TRANSIENT);
    }

    /** Directory of a non-durable queue (its messages live on disk too, so memory stays bounded). */
    public static Path transientQueueDirectory(Path dataDir, String vhost, String queue) {
        return transientRoot(dataDir).resolve(nameDigest(vhost)).resolve(nameDigest(queue));
    }

    /** Lower-case hex SHA-1 of the UTF-8 bytes of {@code name}: 40 characters, safe on every file system. */
    public static String nameDigest(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(name.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(d.length * 2);
            for (byte b : d) {
                sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required of every Java platform", e);
        }
    }
}
