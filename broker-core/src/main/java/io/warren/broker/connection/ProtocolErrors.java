package io.warren.broker.connection;

import io.warren.codec.AmqpException;
import io.warren.codec.method.Method;
import io.warren.exchange.InvalidBindingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a failure into a protocol error: {@link AmqpException}s pass through (with the
 * failing method named), errors of the routing module become PRECONDITION_FAILED, anything else is an internal
 * error (541) logged with its stack trace. {@link AmqpConnection#onError} then applies RabbitMQ's rule: a hard
 * error, or any error on channel 0, closes the connection; a soft one closes the channel.
 */
final class ProtocolErrors {
    private static final Logger log = LoggerFactory.getLogger(ProtocolErrors.class);

    private ProtocolErrors() {
    }

    static AmqpException toAmqp(Throwable t, Method failing) {
        AmqpException e;
        if (t instanceof AmqpException a) {
            e = a;
        } else if (t instanceof InvalidBindingException b) {
            e = AmqpException.preconditionFailed("%s", b.getMessage());
        } else {
            e = AmqpException.internalError("unexpected error, see the broker log");
        }
        return failing == null ? e : e.withMethod(failing.classId(), failing.methodId());
    }

    static void log(AmqpConnection conn, int channel, AmqpException e, Throwable cause) {
        if (!(cause instanceof AmqpException) && !(cause instanceof InvalidBindingException)) {
            log.error("internal error conn={} vhost={} user={} ch={}", conn.name(), vhostName(conn), conn.user(),
                    channel, cause);
        } else if (e.code().isHardError() || channel == 0) {
            log.warn("connection error conn={} vhost={} user={} ch={}: {}", conn.name(), vhostName(conn),
                    conn.user(), channel, e.replyText());
        } else {
            log.info("channel error conn={} vhost={} user={} ch={}: {}", conn.name(), vhostName(conn), conn.user(),
                    channel, e.replyText());
        }
    }

    private static String vhostName(AmqpConnection conn) {
        return conn.vhost() == null ? "" : conn.vhost().name();
    }
}
