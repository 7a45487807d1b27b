package io.warren.it.mgmt;

import io.warren.broker.admin.BrokerAdmin;
import io.warren.it.EmbeddedBroker;
import io.warren.mgmt.ManagementServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static io.warren.it.mgmt.MgmtClient.expect;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code GET /api/queues} with 10 000 queues: checks the answer and prints how long it took (a measurement for
 * the record, not an assertion: timings depend on the machine).
 */
class QueueListingTimingIT {
    private static final int QUEUES = 10_000;

    @RegisterExtension
    static final EmbeddedBroker broker = new EmbeddedBroker(c -> c.withManagementPort(0));

    @Test
    void listsTenThousandQueues() {
        ManagementServer mgmt = broker.broker().extension(ManagementServer.class);
        BrokerAdmin admin = mgmt.admin();
        for (int i = 0; i < QUEUES; i++) {
            // transient: a durable declare waits for its MapDB commit, which would time the disk, not the listing
            admin.declareQueue("/", String.format("timing-%05d", i), false, false, Map.of());
        }
        MgmtClient api = new MgmtClient(mgmt.port(), "guest", "guest");
        for (int i = 0; i < 3; i++) { // warm-up: JIT and Jackson caches
            expect(200, api.get("/api/queues"));
        }
        int runs = 5;
        long best = Long.MAX_VALUE;
        long total = 0;
        int bytes = 0;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = expect(200, api.get("/api/queues"));
            long took = System.nanoTime() - t0;
            best = Math.min(best, took);
            total += took;
            bytes = r.body().length();
        }
        List<Map<String, Object>> all = api.getList("/api/queues");
        assertEquals(QUEUES, all.size());
        long pagedStart = System.nanoTime();
        Map<String, Object> page = api.getObject("/api/queues?page=1&page_size=100&sort=name");
        long paged = System.nanoTime() - pagedStart;
        assertEquals(QUEUES, page.get("filtered_count"));
        System.out.printf("MEASUREMENT GET /api/queues with %d queues: best %.1f ms, mean %.1f ms over %d runs, "
                + "%d KiB of JSON; paged (page_size=100): %.1f ms%n", QUEUES, best / 1e6, total / 1e6 / runs, runs,
                bytes / 1024, paged / 1e6);
    }
}
