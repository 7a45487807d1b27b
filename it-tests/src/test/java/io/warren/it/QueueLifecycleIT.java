package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static io.warren.it.Probes.body;
import static io.warren.it.Probes.number;
import static io.warren.it.Probes.replyText;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** queue.declare, purge, delete, bind and unbind as RabbitMQ 3.x answers them. */
class QueueLifecycleIT extends BrokerTestCase {

    @Test
    void serverNamedQueuesGetAnAmqGenPrefix() throws Exception {
        String a = channel.queueDeclare().getQueue();
        String b = channel.queueDeclare("", false, true, true, null).getQueue();
        assertTrue(a.startsWith("amq.gen-"), a);
        assertTrue(b.startsWith("amq.gen-"), b);
        assertNotEquals(a, b);
        channel.queueDeclarePassive(a);
    }

    @Test
    void passiveDeclareOfAMissingQueueIsNotFound() throws Exception {
        String q = unique("missing");
        IOException e = assertThrows(IOException.class, () -> channel.queueDeclarePassive(q));
        assertEquals("NOT_FOUND - no queue '" + q + "' in vhost '/'", replyText(e));
        expectChannelError(404);
    }

    @Test
    void declareOkReportsReadyMessagesAndConsumers() throws Exception {
        String q = unique("counts");
        channel.queueDeclare(q, false, false, true, null);
        for (int i = 0; i < 3; i++) {
            channel.basicPublish("", q, null, body(i));
        }
        AMQP.Queue.DeclareOk ok = channel.queueDeclarePassive(q);
        assertEquals(3, ok.getMessageCount());
        assertEquals(0, ok.getConsumerCount());
    }

    @Test
    void declareOkCountsConsumersAndOnlyReadyMessages() throws Exception {
        String q = unique("consumers");
        channel.queueDeclare(q, false, false, true, null);
        var consumerChannel = connection.createChannel();
        consumerChannel.basicQos(1);
        var recorder = new Probes.Recorder(consumerChannel);
        consumerChannel.basicConsume(q, false, recorder);
        for (int i = 0; i < 3; i++) {
            channel.basicPublish("", q, null, body(i));
        }
        recorder.take(); // one delivery taken, unacked: two left ready
        AMQP.Queue.DeclareOk ok = channel.queueDeclare(q, false, false, true, null); // active redeclare
        assertEquals(2, ok.getMessageCount());
        assertEquals(1, ok.getConsumerCount());
    }

    @Test
    void redeclareWithAnotherDurableFlagIsPreconditionFailed() throws Exception {
        String q = unique("durable");
        channel.queueDeclare(q, false, false, true, null);
        IOException e = assertThrows(IOException.class, () -> channel.queueDeclare(q, true, false, true, null));
        assertEquals("PRECONDITION_FAILED - inequivalent arg 'durable' for queue '" + q + "' in vhost '/': "
                + "received 'true' but current is 'false'", replyText(e));
        expectChannelError(406);
    }

    @Test
    void redeclareWithAnotherAutoDeleteFlagIsPreconditionFailed() throws Exception {
        String q = unique("autodelete");
        channel.queueDeclare(q, false, false, false, null);
        assertThrows(IOException.class, () -> channel.queueDeclare(q, false, false, true, null));
        expectChannelError(406);
        channel.queueDelete(q);
    }

    /**
     * RabbitMQ checks the exclusive flag first and strictly (rabbit_amqqueue:assert_equivalence calls
     * check_exclusive_access(Q, Owner, strict)), so a different exclusive flag is RESOURCE_LOCKED, not 406.
     */
    @Test
    void redeclareWithAnotherExclusiveFlagIsResourceLocked() throws Exception {
        String q = unique("exclusive");
        channel.queueDeclare(q, false, false, true, null);
        assertThrows(IOException.class, () -> channel.queueDeclare(q, false, true, true, null));
        expectChannelError(405);
    }

    @Test
    void redeclareWithAnotherComparedArgumentIsPreconditionFailed() throws Exception {
        String q = unique("maxlen");
        channel.queueDeclare(q, false, false, true, Map.of("x-max-length", 10));
        channel.queueDeclare(q, false, false, true, Map.of("x-max-length", 10)); // same value: fine
        assertThrows(IOException.class,
                () -> channel.queueDeclare(q, false, false, true, Map.of("x-max-length", 20)));
        expectChannelError(406);
    }

    /** RabbitMQ 3.10's texts: both values when both are set, the type of the one that is set otherwise. */
    @Test
    void inequivalentArgumentReplyTextNamesValuesAndTypes() throws Exception {
        String q = unique("maxlen-text");
        channel.queueDeclare(q, false, false, true, Map.of("x-max-length", 10));
        IOException e = assertThrows(IOException.class,
                () -> channel.queueDeclare(q, false, false, true, Map.of("x-max-length", 20)));
        assertEquals("PRECONDITION_FAILED - inequivalent arg 'x-max-length' for queue '" + q + "' in vhost '/': "
                + "received '20' but current is '10'", replyText(e));
        expectChannelError(406);
        e = assertThrows(IOException.class, () -> channel.queueDeclare(q, false, false, true, Map.of()));
        assertEquals("PRECONDITION_FAILED - inequivalent arg 'x-max-length' for queue '" + q + "' in vhost '/': "
                + "received none but current is the value '10' of type 'signedint'", replyText(e));
        expectChannelError(406);
    }

    @Test
    void reservedAmqPrefixIsAccessRefused() throws Exception {
        IOException e = assertThrows(IOException.class, () -> channel.queueDeclare("amq.foo", false, false, true,
                null));
        assertEquals("ACCESS_REFUSED - queue name 'amq.foo' contains reserved prefix 'amq.*'", replyText(e));
        expectChannelError(403);
    }

    @Test
    void negativeMaxLengthIsPreconditionFailed() throws Exception {
        String q = unique("badlen");
        IOException e = assertThrows(IOException.class,
                () -> channel.queueDeclare(q, false, false, true, Map.of("x-max-length", -1)));
        assertTrue(replyText(e).startsWith("PRECONDITION_FAILED - invalid arg 'x-max-length' for queue '" + q
                + "' in vhost '/'"), replyText(e));
        expectChannelError(406);
    }

    @Test
    void nonNumericMessageTtlIsPreconditionFailed() throws Exception {
        String q = unique("badttl");
        IOException e = assertThrows(IOException.class,
                () -> channel.queueDeclare(q, false, false, true, Map.of("x-message-ttl", "abc")));
        assertTrue(replyText(e).startsWith("PRECONDITION_FAILED - invalid arg 'x-message-ttl' for queue '" + q
                + "' in vhost '/'"), replyText(e));
        expectChannelError(406);
    }

    @Test
    void autoDeleteQueueStaysUntilItHadAConsumerAndGoesWithTheLast() throws Exception {
        String q = unique("ad");
        channel.queueDeclare(q, false, false, true, null);
        channel.basicPublish("", q, null, body(1));
        assertEquals(1, number(channel.basicGet(q, true).getBody())); // no consumer yet: still there
        var c1 = new Probes.Recorder(channel);
        var c2 = new Probes.Recorder(channel);
        String t1 = channel.basicConsume(q, true, c1);
        String t2 = channel.basicConsume(q, true, c2);
        c1.cancelAndCount(t1);
        channel.basicPublish("", q, null, body(2)); // one consumer left: the queue is alive and delivers
        assertEquals(2, number(c2.take().getBody()));
        assertEquals(1, channel.queueDeclarePassive(q).getConsumerCount());
        c2.cancelAndCount(t2);
        Probes.awaitQueueGone(connection, q);
    }

    @Test
    void purgeReturnsTheCountAndEmptiesTheQueue() throws Exception {
        String q = unique("purge");
        channel.queueDeclare(q, false, false, true, null);
        for (int i = 0; i < 5; i++) {
            channel.basicPublish("", q, null, body(i));
        }
        assertEquals(5, channel.queuePurge(q).getMessageCount());
        assertNull(channel.basicGet(q, true));
        assertEquals(0, channel.queueDeclarePassive(q).getMessageCount());
    }

    @Test
    void deleteReturnsTheMessageCount() throws Exception {
        String q = unique("delete");
        channel.queueDeclare(q, false, false, false, null);
        for (int i = 0; i < 4; i++) {
            channel.basicPublish("", q, null, body(i));
        }
        assertEquals(4, channel.queueDelete(q).getMessageCount());
        assertThrows(IOException.class, () -> channel.queueDeclarePassive(q));
        expectChannelError(404);
    }

    @Test
    void deleteIfUnusedWithAConsumerIsPreconditionFailed() throws Exception {
        String q = unique("inuse");
        channel.queueDeclare(q, false, false, false, null);
        var other = connection.createChannel();
        other.basicConsume(q, true, new Probes.Recorder(other));
        IOException e = assertThrows(IOException.class, () -> channel.queueDelete(q, true, false));
        assertEquals("PRECONDITION_FAILED - queue '" + q + "' in vhost '/' in use", replyText(e));
        expectChannelError(406);
        assertEquals(1, channel.queueDeclarePassive(q).getConsumerCount()); // not deleted
        channel.queueDelete(q);
    }

    @Test
    void deleteIfEmptyWithMessagesIsPreconditionFailed() throws Exception {
        String q = unique("notempty");
        channel.queueDeclare(q, false, false, false, null);
        channel.basicPublish("", q, null, body(1));
        IOException e = assertThrows(IOException.class, () -> channel.queueDelete(q, false, true));
        assertEquals("PRECONDITION_FAILED - queue '" + q + "' in vhost '/' not empty", replyText(e));
        expectChannelError(406);
        assertEquals(1, channel.queueDelete(q).getMessageCount()); // it was not deleted
    }

    @Test
    void deletingAMissingQueueSucceeds() throws Exception {
        assertEquals(0, channel.queueDelete(unique("never")).getMessageCount());
        assertEquals(0, channel.queueDelete(unique("never"), true, true).getMessageCount());
    }

    @Test
    void bindAndUnbindAreIdempotent() throws Exception {
        String q = channel.queueDeclare().getQueue();
        channel.queueBind(q, "amq.direct", "k");
        channel.queueBind(q, "amq.direct", "k");
        channel.basicPublish("amq.direct", "k", null, body(1));
        assertEquals(1, number(channel.basicGet(q, true).getBody()));
        assertNull(channel.basicGet(q, true)); // bound once: one copy
        channel.queueUnbind(q, "amq.direct", "k");
        channel.queueUnbind(q, "amq.direct", "k");
        channel.queueUnbind(q, "amq.direct", "never-bound");
        channel.basicPublish("amq.direct", "k", null, body(2));
        assertNull(channel.basicGet(q, true));
    }

    @Test
    void emptyQueueNameMeansTheChannelsLastDeclaredQueue() throws Exception {
        String q = channel.queueDeclare().getQueue();
        channel.queueBind("", "amq.direct", "to-last");
        channel.basicPublish("amq.direct", "to-last", null, body(7));
        channel.basicPublish("", q, null, body(8));
        GetResponse r = channel.basicGet("", true);
        assertNotNull(r);
        assertEquals(7, number(r.getBody()));
        assertEquals(1, channel.queuePurge("").getMessageCount());
        var recorder = new Probes.Recorder(channel);
        channel.basicConsume("", true, recorder);
        channel.basicPublish("", q, null, body(9));
        assertEquals(9, number(recorder.take().getBody()));
    }

    @Test
    void emptyQueueNameWithoutADeclaredQueueIsNotFound() throws Exception {
        IOException e = assertThrows(IOException.class, () -> channel.queuePurge(""));
        assertEquals("NOT_FOUND - no previously declared queue", replyText(e));
        expectChannelError(404);
    }
}
