package io.warren.it;

import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SmokeIT extends BrokerTestCase {
    @Test
    void publishAndGet() throws Exception {
        String q = channel.queueDeclare().getQueue();
        channel.basicPublish("", q, null, "hello".getBytes(StandardCharsets.UTF_8));
        GetResponse r = channel.basicGet(q, true);
        assertEquals("hello", new String(r.getBody(), StandardCharsets.UTF_8));
        assertNull(channel.basicGet(q, true));
    }
}
