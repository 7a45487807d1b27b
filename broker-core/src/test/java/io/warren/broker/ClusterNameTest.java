package io.warren.broker;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterNameTest {
    @Test
    void namesGoToJsonStringsAndBack() {
        for (String name : new String[] {"blue", "", "rabbit@host-1", "say \"hi\"", "back\\slash", "tab\tand\nline",
                "é ü 日本", "\u0001"}) {
            String json = ClusterName.toJson(name);
            assertTrue(json.startsWith("\"") && json.endsWith("\""), json);
            assertEquals(name, ClusterName.fromJson(json), json);
        }
        assertEquals("\"say \\\"hi\\\"\"", ClusterName.toJson("say \"hi\""));
        assertEquals("\"\\u0001\"", ClusterName.toJson("\u0001"));
    }

    @Test
    void escapesAnotherJsonWriterUsesAreRead() {
        assertEquals("a/b\u00e9", ClusterName.fromJson("\"a\\/b\\u00e9\""));
        assertEquals("x\b\f\r", ClusterName.fromJson(" \"x\\b\\f\\r\" "));
    }

    @Test
    void anythingButOneJsonStringIsNotAName() {
        for (String json : new String[] {null, "", "5", "{\"a\":1}", "[\"a\"]", "\"", "\"a\" \"b\"", "\"a\\\"",
                "\"\\x\"", "\"\\u12\"", "\"\\u12zz\"", "true"}) {
            assertNull(ClusterName.fromJson(json), json);
        }
    }

    @Test
    void theNodeNameIsWarrenAtTheHost() {
        assertTrue(ClusterName.nodeName().startsWith("warren@"), ClusterName.nodeName());
    }
}
