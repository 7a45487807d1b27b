package io.warren.it;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The user-id property must name the authenticated user (validated user-id, rabbit_access_control:check_user_id). */
class UserIdIT extends RoutingTestCase {

    @Test
    void theLoginUserIsAccepted() throws Exception {
        String user = factory().getUsername();
        String q = channel.queueDeclare().getQueue();
        publish("", q, new AMQP.BasicProperties.Builder().userId(user).build(), "m");
        GetResponse r = getOne(q);
        assertEquals("m", body(r.getBody()));
        assertEquals(user, r.getProps().getUserId());
    }

    @Test
    void anotherUserIsPreconditionFailed() throws Exception {
        String user = factory().getUsername();
        String q = channel.queueDeclare().getQueue();
        publish("", q, new AMQP.BasicProperties.Builder().userId("mallory").build(), "m");
        expectChannelError(AMQP.PRECONDITION_FAILED, "PRECONDITION_FAILED - user_id property set to 'mallory' but "
                + "authenticated user was '" + user + "'");
        assertEquals(List.of(), drain(q)); // the message was not enqueued
    }

    @Test
    void theCheckIsCaseSensitive() throws Exception {
        String user = factory().getUsername();
        publish("", "any", new AMQP.BasicProperties.Builder().userId(user.toUpperCase()).build(), "m");
        expectChannelError(AMQP.PRECONDITION_FAILED);
    }
}
