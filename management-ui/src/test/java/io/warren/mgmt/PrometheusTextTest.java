package io.warren.mgmt;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PrometheusTextTest {
    @Test
    void writesHelpTypeAndEscapedLabels() {
        String text = new PrometheusText().family("rabbitmq_queue_messages", "gauge", "Depth\nof queues")
                .sample(3, "vhost", "/", "queue", "a\"b\\c").sample(0.5).toString();
        assertEquals("""
                # HELP rabbitmq_queue_messages Depth\\nof queues
                # TYPE rabbitmq_queue_messages gauge
                rabbitmq_queue_messages{vhost="/",queue="a\\"b\\\\c"} 3
                rabbitmq_queue_messages 0.5
                """, text);
    }

    @Test
    void rejectsNamesOutsideTheGrammar() {
        assertThrows(IllegalArgumentException.class, () -> new PrometheusText().family("9lives", "gauge", "x"));
        assertThrows(IllegalArgumentException.class, () -> new PrometheusText().family("ok", "gauge", "x")
                .sample(1, "bad-label", "v"));
    }
}
