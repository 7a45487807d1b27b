package io.warren.mgmt;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.warren.broker.admin.MessageRates;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HistoryQueryTest {
    private static final long NOW = 1_700_000_003_200L;

    private static HistoryQuery query(String uri, boolean ceilLengths) {
        QueryStringDecoder qs = new QueryStringDecoder(uri);
        Request r = new Request("GET", qs.rawPath(), Request.split(qs.rawPath()), qs.parameters(),
                new DefaultHttpHeaders(), new byte[0], null);
        return HistoryQuery.of(new Call(r, Map.of(), null), NOW, ceilLengths);
    }

    @Test
    void aPairCountsOnlyWhenBothAreIntegers() {
        assertSame(HistoryQuery.NONE, query("/x", true));
        assertSame(HistoryQuery.NONE, query("/x?msg_rates_age=600", true));
        assertSame(HistoryQuery.NONE, query("/x?lengths_age=600&lengths_incr=five", true));
        HistoryQuery h = query("/x?msg_rates_age=600&msg_rates_incr=5", true);
        assertNull(h.lengths());
        assertEquals(1_700_000_000_000L, h.msgRates().lastMillis(), "rounded down to the increment");
        assertEquals(1_700_000_000_000L - 600_000, h.msgRates().firstMillis());
        assertEquals(5_000, h.msgRates().incrMillis());
    }

    @Test
    void queueLengthsRoundUpOnQueueEndpoints() {
        assertEquals(1_700_000_005_000L, query("/x?lengths_age=60&lengths_incr=5", true).lengths().lastMillis());
        assertEquals(1_700_000_000_000L, query("/x?lengths_age=60&lengths_incr=5", false).lengths().lastMillis());
    }

    @Test
    void badRangesAreRefusedAsRabbitMqDoes() {
        for (String q : List.of("msg_rates_age=0&msg_rates_incr=5", "msg_rates_age=600&msg_rates_incr=-1",
                "lengths_age=5000&lengths_incr=1")) {
            ApiError e = assertThrows(ApiError.class, () -> query("/x?" + q, false), q);
            assertEquals(400, e.status());
            assertFalse(e.getMessage().isEmpty());
        }
        query("/x?lengths_age=500&lengths_incr=1", false); // 500 points is the limit, still allowed
    }

    @Test
    void detailsCarrySamplesNewestFirstWithAverages() {
        Map<String, Object> d = HistoryQuery.details(2.0, List.of(new MessageRates.Point(20_000, 70),
                new MessageRates.Point(15_000, 40), new MessageRates.Point(10_000, 10)));
        assertEquals(2.0, d.get("rate"));
        assertEquals(List.of(Map.of("sample", 70L, "timestamp", 20_000L), Map.of("sample", 40L, "timestamp", 15_000L),
                Map.of("sample", 10L, "timestamp", 10_000L)), d.get("samples"));
        assertEquals(6.0, d.get("avg_rate"), "(70 - 10) over 10 s");
        assertEquals(40.0, d.get("avg"));
        Map<String, Object> one = HistoryQuery.details(0, List.of(new MessageRates.Point(5_000, 3)));
        assertFalse(one.containsKey("avg_rate"), "averages need two samples");
        assertEquals(List.of(), HistoryQuery.details(0, List.of()).get("samples"));
    }
}
