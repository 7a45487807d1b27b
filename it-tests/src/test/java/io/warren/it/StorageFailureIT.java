package io.warren.it;

import com.rabbitmq.client.MessageProperties;
import io.warren.store.DataLayout;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A queue whose files cannot be written: its publishers get basic.nack instead of a confirm, and the rest of the
 * broker (other queues, the same connection) keeps working.
 */
class StorageFailureIT extends BrokerTestCase {
    @Test
    void aQueueThatCannotStoreNacksItsPublishersAndOthersCarryOn() throws Exception {
        String broken = unique("broken");
        String healthy = unique("healthy");
        channel.queueDeclare(broken, true, false, false, null);
        channel.queueDeclare(healthy, true, false, false, null);
        // A file where the queue's directory must go: every attempt to open its store fails with an I/O error.
        Path dir = DataLayout.queueDirectory(broker.dataDir(), "/", broken);
        Files.createDirectories(dir.getParent());
        Files.writeString(dir, "not a directory");

        channel.confirmSelect();
        channel.basicPublish("", broken, MessageProperties.PERSISTENT_BASIC, "x".getBytes());
        assertFalse(channel.waitForConfirms(5_000), "the publish to the broken queue is nacked");

        channel.basicPublish("", healthy, MessageProperties.PERSISTENT_BASIC, "y".getBytes());
        assertTrue(channel.waitForConfirms(5_000), "another queue on the same channel is confirmed");
        assertEquals(1, channel.queueDeclarePassive(healthy).getMessageCount());
        assertTrue(connection.isOpen());
    }
}
