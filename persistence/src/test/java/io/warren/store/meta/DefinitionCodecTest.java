package io.warren.store.meta;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DefinitionCodecTest {
    @Test
    void aVhostWithoutLimitsIsWrittenAsBeforeLimitsExistedAndReadsBackWithNone() {
        VhostDef plain = new VhostDef("/", "d", List.of("t"), "classic");
        byte[] bytes = DefinitionCodec.encode(plain);
        byte[] withLimits = DefinitionCodec.encode(plain.withLimits(Map.of("max-queues", 3L)));
        assertEquals(Arrays.toString(bytes), Arrays.toString(Arrays.copyOf(withLimits, bytes.length)),
                "limits are appended after the fields older readers and writers know");
        assertEquals(plain, DefinitionCodec.decodeVhost(bytes));
        assertEquals(Map.of("max-queues", 3L), DefinitionCodec.decodeVhost(withLimits).limits());
    }

    @Test
    void userLimitsAreAppendedTheSameWay() {
        UserDef plain = new UserDef("app", "aGFzaA==", "rabbit_password_hashing_sha256", List.of("management"));
        byte[] bytes = DefinitionCodec.encode(plain);
        UserDef limited = plain.withLimits(Map.of("max-connections", 2L, "max-channels", -1L));
        byte[] withLimits = DefinitionCodec.encode(limited);
        assertEquals(Arrays.toString(bytes), Arrays.toString(Arrays.copyOf(withLimits, bytes.length)));
        assertEquals(plain, DefinitionCodec.decodeUser(bytes));
        assertEquals(limited, DefinitionCodec.decodeUser(withLimits));
    }
}
