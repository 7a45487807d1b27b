package io.warren.mgmt;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ListQueryTest {
    private static Call call(String uri) {
        QueryStringDecoder qs = new QueryStringDecoder(uri);
        Request r = new Request("GET", qs.rawPath(), Request.split(qs.rawPath()), qs.parameters(),
                new DefaultHttpHeaders(), new byte[0], null);
        return new Call(r, Map.of(), null);
    }

    private static final List<Map<String, Object>> ITEMS = List.of(
            Map.of("name", "orders", "messages", 5, "stats", Map.of("rate", 2.0)),
            Map.of("name", "billing", "messages", 50),
            Map.of("name", "Orders-dlq", "messages", 1, "stats", Map.of("rate", 0.5)));

    @Test
    void withoutPageItIsThePlainSortedList() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> out = (List<Map<String, Object>>) ListQuery.apply(call("/x?sort=messages"), ITEMS);
        assertEquals(List.of(1, 5, 50), out.stream().map(m -> m.get("messages")).toList());
    }

    @Test
    void pagingFiltersCaseInsensitivelyAndSortsByNestedFields() {
        @SuppressWarnings("unchecked")
        Map<String, Object> page = (Map<String, Object>) ListQuery.apply(
                call("/x?page=1&page_size=1&name=ORDERS&sort=stats.rate&sort_reverse=true"), ITEMS);
        assertEquals(3, page.get("total_count"));
        assertEquals(2, page.get("filtered_count"));
        assertEquals(2, page.get("page_count"));
        assertEquals(1, page.get("item_count"));
        assertEquals("orders", ((Map<?, ?>) ((List<?>) page.get("items")).get(0)).get("name"));
    }

    @Test
    void regexFilterAndBadPages() {
        @SuppressWarnings("unchecked")
        Map<String, Object> page = (Map<String, Object>) ListQuery.apply(call("/x?page=1&use_regex=true&name=%5Eb"),
                ITEMS);
        assertEquals(1, page.get("filtered_count"));
        assertEquals(400, assertThrows(ApiError.class, () -> ListQuery.apply(call("/x?page=3&page_size=2"), ITEMS))
                .status());
        assertEquals(400, assertThrows(ApiError.class, () -> ListQuery.apply(call("/x?page=1&page_size=501"), ITEMS))
                .status());
    }

    @Test
    void onlyTheItemsAnsweredAreFinishedAndBeforeColumnsAreKept() {
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        for (Map<String, Object> m : ITEMS) {
            items.add(new java.util.LinkedHashMap<>(m));
        }
        List<Object> finished = new java.util.ArrayList<>();
        @SuppressWarnings("unchecked")
        Map<String, Object> page = (Map<String, Object>) ListQuery.apply(
                call("/x?page=2&page_size=1&sort=messages&columns=name,extra"), items, m -> {
                    finished.add(m.get("name"));
                    m.put("extra", true);
                });
        assertEquals(List.of("orders"), finished, "the second of 1, 5, 50 messages, alone");
        assertEquals(List.of(Map.of("name", "orders", "extra", true)), page.get("items"));
    }
}
