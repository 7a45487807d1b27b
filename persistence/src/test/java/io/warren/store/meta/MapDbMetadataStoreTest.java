package io.warren.store.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.warren.store.DataLayout;
import io.warren.store.StoreIoException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.HTreeMap;
import org.mapdb.Serializer;

class MapDbMetadataStoreTest extends MetadataStoreContract {
    @TempDir
    Path data;

    @Override
    MetadataStore open() {
        return MapDbMetadataStore.open(DataLayout.metaDb(data));
    }

    @Test
    void reopeningKeepsEveryDefinition() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("x-queue-type", "stream");
        args.put("x-max-age", "7D");
        args.put("x-max-length-bytes", 20_000_000_000L);
        args.put("x-stream-max-segment-size-bytes", 500_000_000);
        args.put("x-flag", true);
        args.put("x-ratio", 0.25);
        args.put("x-raw", new byte[] {1, 2, 3});
        args.put("x-when", new Date(1_700_000_000_000L));
        args.put("x-list", List.of("a", 1L, List.of()));
        args.put("x-none", null);
        VhostDef vhost = new VhostDef("/", "default", List.of("t"), "classic");
        UserDef user = new UserDef("guest", "c2FsdGVk", "rabbit_password_hashing_sha256", List.of("administrator"));
        PermissionDef perm = new PermissionDef("guest", "/", ".*", ".*", ".*");
        ExchangeDef ex = new ExchangeDef("/", "logs", "fanout", true, true, true, Map.of());
        QueueDef q = new QueueDef("/", "events", true, false, false, args, QueueDef.STREAM);
        BindingDef b = new BindingDef("/", "logs", "events", true, "", Map.of("k", "v"));
        store.putVhost(vhost);
        store.putUser(user);
        store.putPermission(perm);
        store.putExchange(ex);
        store.putQueue(q);
        store.putBinding(b);
        store.putGroupOffset("/", "events", "billing", 12345);
        store.close();

        store = open();
        assertEquals(List.of(vhost), store.vhosts());
        assertEquals(List.of(user), store.users());
        assertEquals(List.of(perm), store.permissions());
        assertEquals(List.of(ex), store.exchanges());
        assertEquals(List.of(b), store.bindings());
        QueueDef back = store.queues().get(0);
        assertTrue(ValueCodec.deepEquals(q.arguments(), back.arguments()), back.arguments().toString());
        assertEquals(new ArrayList<>(args.keySet()), new ArrayList<>(back.arguments().keySet()), "order kept");
        assertEquals(q.name(), back.name());
        assertEquals(q.type(), back.type());
        assertEquals(OptionalLong.of(12345), store.groupOffset("/", "events", "billing"));
        assertTrue(Files.exists(DataLayout.metaDb(data)));
    }

    @Test
    void aSecondOpenOfTheSameFileIsRefused() {
        StoreIoException e = assertThrows(StoreIoException.class, () -> MapDbMetadataStore.open(DataLayout.metaDb(data)));
        assertTrue(e.getMessage().contains("meta.db"), e.getMessage());
    }

    @Test
    void manyCommitsAndAReopen() {
        for (int i = 0; i < 100; i++) {
            store.putQueue(queue("/", "q" + i, QueueDef.CLASSIC));
        }
        for (int i = 0; i < 100; i += 2) {
            store.deleteQueue("/", "q" + i);
        }
        store.close();
        store = open();
        assertEquals(50, store.queues().size());
    }

    @Test
    void reopeningKeepsGlobalParameters() {
        store.putGlobalParameter("cluster_name", "\"blue\"");
        store.close();
        store = open();
        assertEquals(Map.of("cluster_name", "\"blue\""), store.globalParameters());
    }

    @Test
    void reopeningKeepsPolicies() {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("message-ttl", 60_000);
        definition.put("max-length-bytes", 20_000_000_000L);
        definition.put("overflow", "reject-publish");
        definition.put("ha-sync", true);
        definition.put("federation-upstream-set", List.of("a", 2L, Map.of("nested", false)));
        definition.put("limits", Map.of("ratio", 0.5, "list", List.of(1, 2)));
        PolicyDef ttl = new PolicyDef("/", "ttl", "^orders\\.", "queues", 10, definition);
        PolicyDef ae = new PolicyDef("other", "ae", ".*", "exchanges", -1, Map.of("alternate-exchange", "un"));
        store.putPolicy(ttl);
        store.putPolicy(ae);
        PolicyDef operator = new PolicyDef("/", "ttl", ".*", "queues", 3, Map.of("message-ttl", 1_000), true);
        store.putPolicy(operator);
        store.putPolicy(new PolicyDef("/", "gone", ".*", "all", 0, Map.of()));
        store.deletePolicy("/", "gone");
        store.close();

        store = open();
        assertEquals(List.of(ttl, ae, operator), store.policies());
        PolicyDef back = store.policies().get(0);
        assertEquals(new ArrayList<>(definition.keySet()), new ArrayList<>(back.definition().keySet()), "order kept");
        assertEquals(Integer.class, back.definition().get("message-ttl").getClass(), "an int stays an int");
        assertEquals(Long.class, back.definition().get("max-length-bytes").getClass());
    }

    /** A {@code meta.db} written before policies existed has no {@code policies} map; it opens and gains one. */
    @Test
    void aFileWithoutThePoliciesMapOpensAndKeepsItsDefinitions() throws IOException {
        Path old = data.resolve("old").resolve("meta.db");
        VhostDef vhost = VhostDef.named("/");
        QueueDef q = queue("/", "q", QueueDef.CLASSIC);
        Files.createDirectories(old.getParent());
        DB db = DBMaker.fileDB(old.toFile()).transactionEnable().fileMmapEnableIfSupported().make();
        try {
            db.hashMap("warren", Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen()
                    .put(MapDbMetadataStore.FORMAT_KEY, MapDbMetadataStore.FORMAT.getBytes(StandardCharsets.US_ASCII));
            for (String name : List.of("vhosts", "users", "permissions", "exchanges", "queues", "bindings",
                    "group_offsets")) {
                db.hashMap(name, Serializer.STRING, Serializer.BYTE_ARRAY).createOrOpen();
            }
            HTreeMap<String, byte[]> vhosts = db.hashMap("vhosts", Serializer.STRING, Serializer.BYTE_ARRAY).open();
            vhosts.put(MetaKeys.key(vhost.name()), DefinitionCodec.encode(vhost));
            HTreeMap<String, byte[]> queues = db.hashMap("queues", Serializer.STRING, Serializer.BYTE_ARRAY).open();
            queues.put(MetaKeys.key(q.vhost(), q.name()), DefinitionCodec.encode(q));
            db.commit();
            assertFalse(db.exists("policies"), "the old file has no policies map");
        } finally {
            db.close();
        }

        PolicyDef p = new PolicyDef("/", "ttl", ".*", "queues", 1, Map.of("message-ttl", 1000));
        try (MetadataStore upgraded = MapDbMetadataStore.open(old)) {
            assertEquals(List.of(vhost), upgraded.vhosts());
            assertEquals(List.of(q), upgraded.queues());
            assertEquals(List.of(), upgraded.policies());
            upgraded.putPolicy(p);
        }
        try (MetadataStore reopened = MapDbMetadataStore.open(old)) {
            assertEquals(List.of(p), reopened.policies());
            assertEquals(List.of(vhost), reopened.vhosts());
            assertEquals(List.of(q), reopened.queues());
        }
    }
}
