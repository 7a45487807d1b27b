#!/usr/bin/env python3
"""Replays a Warren (or RabbitMQ) stream with pika, as a client written for RabbitMQ would.

Usage: stream_replay.py HOST PORT QUEUE COUNT OFFSET

Consumes COUNT messages from QUEUE starting at x-stream-offset OFFSET ("first", "last", "next" or an
integer), with manual acks and a prefetch, as RabbitMQ requires for streams, and prints one line per
message: "<x-stream-offset> <body>". Exits 0 once COUNT messages arrived, 1 on a timeout.
"""
import sys

import pika


def main():
    host, port, queue, count, offset = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), sys.argv[5]
    if offset.lstrip("-").isdigit():
        offset = int(offset)
    params = pika.ConnectionParameters(host=host, port=port, credentials=pika.PlainCredentials("guest", "guest"),
                                       heartbeat=0, blocked_connection_timeout=30)
    connection = pika.BlockingConnection(params)
    channel = connection.channel()
    channel.basic_qos(prefetch_count=10)
    got = []

    def on_message(ch, method, properties, body):
        got.append((properties.headers["x-stream-offset"], body.decode("utf-8")))
        ch.basic_ack(method.delivery_tag)
        if len(got) >= count:
            ch.stop_consuming()

    channel.basic_consume(queue, on_message, auto_ack=False, arguments={"x-stream-offset": offset})
    connection.call_later(20, channel.stop_consuming)
    channel.start_consuming()
    for o, b in got:
        print(o, b)
    connection.close()
    return 0 if len(got) >= count else 1


if __name__ == "__main__":
    sys.exit(main())
