#!/usr/bin/env python3
"""Runs one scenario with pika, the Python client, as an application written for RabbitMQ would.

Usage: pika_checks.py SCENARIO HOST PORT NAME

NAME makes queue and exchange names unique to the run. Prints "ok SCENARIO" and exits 0 when every check of the
scenario holds; prints the failure and exits 1 otherwise. Each scenario uses pika's BlockingConnection, the
API the RabbitMQ tutorials use, and checks what pika hands the application: work queues with prefetch,
topic routing, RPC over direct reply-to, publisher confirms with a returned mandatory message, transactions,
the broker's error replies, consumer cancel notify, basic.get with nack, priorities, dead-lettering of expired
messages and heartbeats.
"""
import sys
import time

import pika
from pika.exceptions import ChannelClosedByBroker, UnroutableError


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def equal(actual, expected, what):
    check(actual == expected, "%s: expected %r, got %r" % (what, expected, actual))


def drain(ch, queue):
    """Every message now in queue, fetched with basic.get (auto-ack), as strings."""
    bodies = []
    while True:
        method, _, body = ch.basic_get(queue, auto_ack=True)
        if method is None:
            return bodies
        bodies.append(body.decode())


def expect_channel_error(conn, code, text, action):
    """Runs action on a fresh channel and checks the broker closes that channel with code and text."""
    ch = conn.channel()
    try:
        action(ch)
        ch.basic_qos(prefetch_count=0)  # a round trip, for errors that come asynchronously (acks)
    except ChannelClosedByBroker as e:
        equal(e.reply_code, code, "reply code")
        check(e.reply_text.startswith(text), "reply text %r should start with %r" % (e.reply_text, text))
        return
    raise AssertionError("no channel error %d (%s)" % (code, text))


def work(conn, name):
    """Tutorial 2: two workers with prefetch 1 on a durable queue share the tasks; each is acked once done."""
    producer = conn.channel()
    q = "tasks-" + name
    producer.queue_declare(q, durable=True)
    workers = [conn.channel(), conn.channel()]
    seen = [[], []]
    for i, ch in enumerate(workers):
        ch.basic_qos(prefetch_count=1)
        ch.basic_consume(q, lambda c, m, p, b, i=i: (seen[i].append(int(b)), c.basic_ack(m.delivery_tag)))
    for i in range(20):
        producer.basic_publish("", q, str(i).encode(), pika.BasicProperties(delivery_mode=2))
    deadline = time.monotonic() + 10
    while len(seen[0]) + len(seen[1]) < 20 and time.monotonic() < deadline:
        conn.process_data_events(time_limit=0.1)
    equal(sorted(seen[0] + seen[1]), list(range(20)), "every task once")
    check(seen[0] and seen[1], "both workers got tasks: %r" % seen)
    producer.queue_delete(q)


def topics(conn, name):
    """Tutorial 5: the topic patterns and keys of the tutorial's table."""
    ch = conn.channel()
    x = "topic-logs-" + name
    ch.exchange_declare(x, exchange_type="topic")
    q1 = ch.queue_declare("", exclusive=True).method.queue
    q2 = ch.queue_declare("", exclusive=True).method.queue
    check(q1.startswith("amq.gen-"), "server-named queue " + q1)
    ch.queue_bind(q1, x, routing_key="*.orange.*")
    ch.queue_bind(q2, x, routing_key="*.*.rabbit")
    ch.queue_bind(q2, x, routing_key="lazy.#")
    keys = ["quick.orange.rabbit", "lazy.orange.elephant", "quick.orange.fox", "lazy.brown.fox", "lazy.pink.rabbit",
            "quick.brown.fox", "orange", "quick.orange.male.rabbit", "lazy.orange.male.rabbit", "lazy"]
    for key in keys:
        ch.basic_publish(x, key, key.encode())
    equal(drain(ch, q1), ["quick.orange.rabbit", "lazy.orange.elephant", "quick.orange.fox"], "*.orange.*")
    equal(drain(ch, q2), ["quick.orange.rabbit", "lazy.orange.elephant", "lazy.brown.fox", "lazy.pink.rabbit",
                          "lazy.orange.male.rabbit", "lazy"], "*.*.rabbit and lazy.#")
    ch.exchange_delete(x)


def rpc(conn, name):
    """Tutorial 6 over direct reply-to: the server replies to amq.rabbitmq.reply-to.<id> with the correlation id."""
    server = conn.channel()
    q = "rpc-" + name
    server.queue_declare(q)

    def on_request(ch, method, props, body):
        n = int(body)
        a, b = 0, 1
        for _ in range(n):
            a, b = b, a + b
        ch.basic_publish("", props.reply_to, str(a).encode(), pika.BasicProperties(correlation_id=props.correlation_id))
        ch.basic_ack(method.delivery_tag)

    server.basic_consume(q, on_request)
    client = conn.channel()
    replies = {}
    client.basic_consume("amq.rabbitmq.reply-to", lambda c, m, p, b: replies.update({p.correlation_id: b.decode()}),
                         auto_ack=True)
    client.basic_publish("", q, b"30", pika.BasicProperties(reply_to="amq.rabbitmq.reply-to", correlation_id="c-1"))
    deadline = time.monotonic() + 10
    while "c-1" not in replies and time.monotonic() < deadline:
        conn.process_data_events(time_limit=0.1)
    equal(replies, {"c-1": "832040"}, "the reply")
    server.queue_delete(q)


def confirms(conn, name):
    """Publisher confirms: a confirmed publish returns; a mandatory unroutable one raises UnroutableError."""
    ch = conn.channel()
    q = "confirms-" + name
    ch.queue_declare(q, durable=True)
    ch.confirm_delivery()
    for i in range(100):
        ch.basic_publish("", q, str(i).encode(), pika.BasicProperties(delivery_mode=2))  # raises unless acked
    equal(ch.queue_declare(q, passive=True).method.message_count, 100, "messages confirmed")
    try:
        ch.basic_publish("", "no-such-queue-" + name, b"lost", mandatory=True)
        raise AssertionError("an unroutable mandatory publish was not returned")
    except UnroutableError as e:
        equal(len(e.messages), 1, "returned messages")
        equal(e.messages[0].method.reply_code, 312, "return code")
        equal(e.messages[0].method.reply_text, "NO_ROUTE", "return text")
    ch.queue_delete(q)


def tx(conn, name):
    """Transactions: publishes and acks take effect on commit only; rollback discards them."""
    ch = conn.channel()
    q = "tx-" + name
    ch.queue_declare(q)
    ch.tx_select()
    ch.basic_publish("", q, b"rolled back")
    ch.tx_rollback()
    equal(ch.queue_declare(q, passive=True).method.message_count, 0, "after rollback")
    ch.basic_publish("", q, b"committed")
    ch.tx_commit()
    method, _, body = ch.basic_get(q)
    equal(body, b"committed", "the committed message")
    ch.basic_ack(method.delivery_tag)
    ch.tx_rollback()  # the ack is discarded: the message stays unacked, and comes back when the channel closes
    ch.close()
    ch = conn.channel()
    method, _, body = ch.basic_get(q, auto_ack=True)
    check(method is not None and method.redelivered, "the message whose ack was rolled back is redelivered")
    ch.queue_delete(q)


def errors(conn, name):
    """The broker's errors as pika raises them, each closing only its channel."""
    missing = "missing-" + name
    expect_channel_error(conn, 404, "NOT_FOUND - no queue '%s' in vhost '/'" % missing,
                         lambda ch: ch.queue_declare(missing, passive=True))
    q = "errors-" + name
    conn.channel().queue_declare(q)
    expect_channel_error(conn, 406, "PRECONDITION_FAILED - inequivalent arg 'durable' for queue '%s'" % q,
                         lambda ch: ch.queue_declare(q, durable=True))
    expect_channel_error(conn, 406, "PRECONDITION_FAILED - unknown delivery tag 7",
                         lambda ch: ch.basic_ack(7))
    expect_channel_error(conn, 403, "ACCESS_REFUSED - operation not permitted on the default exchange",
                         lambda ch: ch.queue_bind(q, ""))
    expect_channel_error(conn, 404, "NOT_FOUND - no exchange 'missing-x-%s' in vhost '/'" % name,
                         lambda ch: ch.basic_publish("missing-x-" + name, "k", b"x"))
    other = pika.BlockingConnection(conn._impl.params)
    try:
        owned = conn.channel().queue_declare("", exclusive=True).method.queue
        expect_channel_error(other, 405, "RESOURCE_LOCKED - cannot obtain exclusive access to locked queue '%s'" % owned,
                             lambda ch: ch.basic_consume(owned, lambda *a: None))
    finally:
        other.close()
    conn.channel().queue_delete(q)


def cancel(conn, name):
    """Consumer cancel notify: deleting the queue cancels its consumer and pika calls the cancel callback."""
    ch = conn.channel()
    q = "cancel-" + name
    ch.queue_declare(q)
    cancelled = []
    ch.add_on_cancel_callback(lambda frame: cancelled.append(frame.method.consumer_tag))
    tag = ch.basic_consume(q, lambda *a: None)
    conn.channel().queue_delete(q)
    deadline = time.monotonic() + 10
    while not cancelled and time.monotonic() < deadline:
        conn.process_data_events(time_limit=0.1)
    equal(cancelled, [tag], "cancelled consumers")


def get(conn, name):
    """basic.get with its message count, nack with requeue (back first, redelivered), purge, get-empty."""
    ch = conn.channel()
    q = "get-" + name
    ch.queue_declare(q)
    for body in (b"a", b"b", b"c"):
        ch.basic_publish("", q, body)
    method, _, body = ch.basic_get(q)
    equal((body, method.redelivered, method.message_count), (b"a", False, 2), "first get")
    ch.basic_nack(method.delivery_tag, requeue=True)
    method, _, body = ch.basic_get(q)
    equal((body, method.redelivered), (b"a", True), "after nack")
    ch.basic_reject(method.delivery_tag, requeue=False)
    equal(ch.queue_purge(q).method.message_count, 2, "purged")
    equal(ch.basic_get(q), (None, None, None), "get-empty")
    ch.queue_delete(q)


def priority(conn, name):
    """A priority queue (x-max-priority) hands out the highest priority first, FIFO within one."""
    ch = conn.channel()
    q = "priority-" + name
    ch.queue_declare(q, arguments={"x-max-priority": 5})
    for body, p in (("low-1", 1), ("high-1", 5), ("none", None), ("high-2", 5), ("mid", 3), ("above-max", 9)):
        ch.basic_publish("", q, body.encode(), pika.BasicProperties(priority=p))
    # a priority above the maximum counts as the maximum
    equal(drain(ch, q), ["high-1", "high-2", "above-max", "mid", "low-1", "none"], "priority order")
    ch.queue_delete(q)


def dead_letter(conn, name):
    """An expired message is dead-lettered with its x-death history, as RabbitMQ records it."""
    ch = conn.channel()
    dlx, dlq, q = "dlx-" + name, "dlq-" + name, "ttl-" + name
    ch.exchange_declare(dlx, exchange_type="fanout")
    ch.queue_declare(dlq)
    ch.queue_bind(dlq, dlx)
    ch.queue_declare(q, arguments={"x-message-ttl": 50, "x-dead-letter-exchange": dlx})
    ch.basic_publish("", q, b"expires", pika.BasicProperties(headers={"origin": "pika"}))
    deadline = time.monotonic() + 10
    method = None
    while method is None and time.monotonic() < deadline:
        method, props, body = ch.basic_get(dlq, auto_ack=True)
        if method is None:
            conn.sleep(0.05)
    check(method is not None, "the expired message reached the dead-letter queue")
    equal(body, b"expires", "body")
    equal(props.headers["origin"], "pika", "the original header")
    death = props.headers["x-death"][0]
    equal((death["queue"], death["reason"], death["count"], death["exchange"]), (q, "expired", 1, ""), "x-death")
    equal(death["routing-keys"], [q], "x-death routing keys")
    for queue in (q, dlq):
        ch.queue_delete(queue)
    ch.exchange_delete(dlx)


def heartbeat(conn, name):
    """A 1 s heartbeat keeps an idle connection open for 3.5 s (pika sends its own and checks the broker's)."""
    params = conn._impl.params
    beating = pika.BlockingConnection(pika.ConnectionParameters(host=params.host, port=params.port,
                                                                credentials=params.credentials, heartbeat=1))
    beating.sleep(3.5)
    check(beating.is_open, "the connection is still open")
    beating.channel().queue_declare("", exclusive=True)
    beating.close()


SCENARIOS = {f.__name__: f for f in (work, topics, rpc, confirms, tx, errors, cancel, get, priority, dead_letter,
                                     heartbeat)}


def main():
    scenario, host, port, name = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
    run = SCENARIOS.get(scenario)
    if run is None:
        print("unknown scenario %s; known: %s" % (scenario, ", ".join(SCENARIOS)), file=sys.stderr)
        return 1
    conn = pika.BlockingConnection(pika.ConnectionParameters(
        host=host, port=port, credentials=pika.PlainCredentials("guest", "guest"), heartbeat=0,
        blocked_connection_timeout=30))
    try:
        run(conn, name)
    finally:
        if conn.is_open:
            conn.close()
    print("ok " + scenario)
    return 0


if __name__ == "__main__":
    sys.exit(main())
