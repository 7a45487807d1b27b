package io.warren.store.meta;

import io.warren.store.StoreIoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.mapdb.DB;
import org.mapdb.DBException;
import org.mapdb.DBMaker;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;

/**
 * {@link MetadataStore} in a MapDB file ({@code <data>/meta.db}).
 * <p>The file is opened with {@code transactionEnable()} (a write-ahead log: without it a {@code kill -9} can
 * leave an unreadable file, VERSIONS.md) and {@code fileMmapEnableIfSupported()}; every mutating call ends with
 * one {@code commit()} (two fsyncs, about 5 ms here), or a {@code rollback()} if it failed half way. Each entity
 * type is one hash map from a {@link MetaKeys} key to a {@link DefinitionCodec} value; a map named {@code warren}
 * holds the store's format version so a future format change is detected rather than misread.
 * <p>Thread-safety: thread-safe (every call is serialized). Never call it on a Netty event loop.
 */
public final class MapDbMetadataStore extends KeyValueMetadataStore {
    static final String FORMAT_KEY = "format";
    static final String FORMAT = "warren-meta-1";

    private final Path file;
    private final DB db;
    private final Map<Table, HTreeMap<String, byte[]>> maps = new EnumMap<>(Table.class);

    private MapDbMetadataStore(Path file, DB db) {
        this.file = file;
        this.db = db;
        for (Table t : Table.values()) {
            maps.put(t, db.hashMap(t.mapName, Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen());
        }
    }

    /**
     * Opens (creating if needed) the store in {@code file}.
     *
     * @throws StoreIoException if the file cannot be opened (locked by another process, unreadable, or of an
     *                          unknown format)
     */
    public static MapDbMetadataStore open(Path file) {
        DB db;
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            db = DBMaker.fileDB(file.toFile()).transactionEnable().fileMmapEnableIfSupported().make();
        } catch (IOException e) {
            throw StoreIoException.wrap("cannot open metadata store " + file, e);
        } catch (DBException e) {
            throw new StoreIoException("cannot open metadata store " + file + ": " + e.getMessage(),
                    new IOException(e));
        }
        try {
            HTreeMap<String, byte[]> info = db.hashMap("warren", Serializer.STRING, Serializer.BYTE_ARRAY)
                    .createOrOpen();
            byte[] format = info.get(FORMAT_KEY);
            if (format == null) {
                info.put(FORMAT_KEY, FORMAT.getBytes(StandardCharsets.US_ASCII));
                db.commit();
            } else if (!FORMAT.equals(new String(format, StandardCharsets.US_ASCII))) {
                throw new StoreIoException(file + " holds metadata format '"
                        + new String(format, StandardCharsets.US_ASCII) + "' (expected: " + FORMAT + ")");
            }
            return new MapDbMetadataStore(file, db);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    @Override
    protected Map<String, byte[]> table(Table t) {
        return maps.get(t);
    }

    @Override
    protected void commit() {
        db.commit();
    }

    @Override
    protected void rollback() {
        db.rollback();
    }

    @Override
    protected void closeStorage() {
        db.close();
    }

    @Override
    public String toString() {
        return "MapDbMetadataStore[" + file + "]";
    }
}
