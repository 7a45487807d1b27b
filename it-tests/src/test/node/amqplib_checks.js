#!/usr/bin/env node
// Runs one scenario with amqplib, the Node.js client, as an application written for RabbitMQ would: the six
// RabbitMQ tutorials, publisher confirms and returns, the error replies amqplib surfaces, message properties and
// headers routing as amqplib encodes them, consumer cancel notify, basic.get with nack, heartbeats.
//
// Usage: node amqplib_checks.js SCENARIO AMQP_URL NAME
// NAME makes queue and exchange names unique to the run. Prints "ok SCENARIO" and exits 0 when every check of
// the scenario holds; prints the failure and exits 1 otherwise, 2 when the scenario does not finish in 20 s.
'use strict';

const amqp = require('amqplib');
const assert = require('node:assert/strict');

const [scenario, url, name] = process.argv.slice(2);

/** Resolves with the first `count` messages a consumer receives on `queue` (acked unless noAck). */
async function take(ch, queue, count, options = {}) {
  const got = [];
  return new Promise((resolve, reject) => {
    ch.consume(queue, (msg) => {
      if (msg === null) {
        reject(new Error('consumer of ' + queue + ' cancelled by the broker'));
        return;
      }
      got.push(msg);
      if (!options.noAck) {
        ch.ack(msg);
      }
      if (got.length === count) {
        resolve(got);
      }
    }, { noAck: !!options.noAck }).catch(reject);
  });
}

/** Every message now in `queue`, fetched with basic.get (auto-ack), as strings. */
async function drain(ch, queue) {
  const bodies = [];
  for (;;) {
    const msg = await ch.get(queue, { noAck: true });
    if (msg === false) {
      return bodies;
    }
    bodies.push(msg.content.toString());
  }
}

/** A server-named exclusive queue, as the tutorials declare them; its name. */
async function serverNamed(ch) {
  return (await ch.assertQueue('', { exclusive: true })).queue;
}

/** The next 'error' event of a channel (amqplib emits the broker's channel.close there). */
function nextError(ch) {
  return new Promise((resolve) => ch.once('error', resolve));
}

const scenarios = {
  // Tutorial 1: a named queue, one message through the default exchange.
  async hello(conn) {
    const ch = await conn.createChannel();
    const q = 'hello-' + name;
    const ok = await ch.assertQueue(q, { durable: false });
    assert.deepEqual(ok, { queue: q, messageCount: 0, consumerCount: 0 });
    ch.sendToQueue(q, Buffer.from('Hello World!'));
    const [msg] = await take(ch, q, 1);
    assert.equal(msg.content.toString(), 'Hello World!');
    assert.equal(msg.fields.routingKey, q);
    assert.equal(msg.fields.exchange, '');
    assert.equal(msg.fields.redelivered, false);
  },

  // Tutorial 2: a durable work queue shared by two workers with prefetch 1 and manual acks.
  async work(conn) {
    const producer = await conn.createConfirmChannel();
    const q = 'tasks-' + name;
    await producer.assertQueue(q, { durable: true });
    const workers = [await conn.createChannel(), await conn.createChannel()];
    const seen = [[], []];
    let finish;
    const done = new Promise((resolve) => {
      finish = resolve;
    });
    await Promise.all(workers.map(async (ch, i) => {
      await ch.prefetch(1);
      await ch.consume(q, (msg) => {
        if (msg === null) {
          return; // cancelled by the broker when the queue is deleted at the end
        }
        seen[i].push(Number(msg.content.toString()));
        // the ack comes later, as a worker's does after its task: prefetch 1 holds the next task back meanwhile
        setTimeout(() => {
          ch.ack(msg);
          if (seen[0].length + seen[1].length === 20) {
            finish();
          }
        }, 2);
      });
    }));
    for (let i = 0; i < 20; i++) {
      producer.sendToQueue(q, Buffer.from(String(i)), { persistent: true });
    }
    await producer.waitForConfirms();
    await done;
    assert.deepEqual([...seen[0], ...seen[1]].sort((a, b) => a - b), [...Array(20).keys()]);
    assert.ok(seen[0].length > 0 && seen[1].length > 0, 'both workers got tasks: ' + JSON.stringify(seen));
    await producer.deleteQueue(q);
  },

  // Tutorial 3: a fanout exchange and two server-named exclusive queues.
  async pubsub(conn) {
    const ch = await conn.createChannel();
    const x = 'logs-' + name;
    await ch.assertExchange(x, 'fanout', { durable: false });
    const queues = [];
    for (let i = 0; i < 2; i++) {
      const { queue } = await ch.assertQueue('', { exclusive: true });
      assert.match(queue, /^amq\.gen-/);
      await ch.bindQueue(queue, x, '');
      queues.push(queue);
    }
    ch.publish(x, 'ignored', Buffer.from('log line'));
    for (const q of queues) {
      const [msg] = await take(ch, q, 1);
      assert.equal(msg.content.toString(), 'log line');
      assert.equal(msg.fields.exchange, x);
    }
    await ch.deleteExchange(x);
  },

  // Tutorial 4: a direct exchange, one queue bound to one severity and one to three.
  async routing(conn) {
    const ch = await conn.createChannel();
    const x = 'direct-logs-' + name;
    await ch.assertExchange(x, 'direct', { durable: false });
    const errors = await serverNamed(ch);
    const all = await serverNamed(ch);
    await ch.bindQueue(errors, x, 'error');
    for (const severity of ['info', 'warning', 'error']) {
      await ch.bindQueue(all, x, severity);
    }
    for (const severity of ['info', 'warning', 'error', 'debug']) {
      ch.publish(x, severity, Buffer.from(severity));
    }
    await ch.checkQueue(all); // a round trip: the publishes before it are routed
    assert.deepEqual(await drain(ch, errors), ['error']);
    assert.deepEqual(await drain(ch, all), ['info', 'warning', 'error']);
  },

  // Tutorial 5: the topic patterns and keys of the tutorial's table.
  async topics(conn) {
    const ch = await conn.createChannel();
    const x = 'topic-logs-' + name;
    await ch.assertExchange(x, 'topic', { durable: false });
    const q1 = await serverNamed(ch);
    const q2 = await serverNamed(ch);
    await ch.bindQueue(q1, x, '*.orange.*');
    await ch.bindQueue(q2, x, '*.*.rabbit');
    await ch.bindQueue(q2, x, 'lazy.#');
    const keys = ['quick.orange.rabbit', 'lazy.orange.elephant', 'quick.orange.fox', 'lazy.brown.fox',
      'lazy.pink.rabbit', 'quick.brown.fox', 'orange', 'quick.orange.male.rabbit', 'lazy.orange.male.rabbit',
      'lazy'];
    for (const key of keys) {
      ch.publish(x, key, Buffer.from(key));
    }
    await ch.checkQueue(q1);
    assert.deepEqual(await drain(ch, q1), ['quick.orange.rabbit', 'lazy.orange.elephant', 'quick.orange.fox']);
    assert.deepEqual(await drain(ch, q2), ['quick.orange.rabbit', 'lazy.orange.elephant', 'lazy.brown.fox',
      'lazy.pink.rabbit', 'lazy.orange.male.rabbit', 'lazy']);
  },

  // Tutorial 6: RPC, once through an exclusive callback queue and once through direct reply-to.
  async rpc(conn) {
    const server = await conn.createChannel();
    const q = 'rpc-' + name;
    await server.assertQueue(q, { durable: false });
    server.prefetch(1);
    const fib = (n) => (n < 2 ? n : fib(n - 1) + fib(n - 2));
    await server.consume(q, (msg) => {
      if (msg === null) {
        return; // cancelled by the broker when the queue is deleted at the end
      }
      const n = Number(msg.content.toString());
      server.sendToQueue(msg.properties.replyTo, Buffer.from(String(fib(n))),
        { correlationId: msg.properties.correlationId });
      server.ack(msg);
    });
    const client = await conn.createChannel();
    const callback = await serverNamed(client);
    const replies = new Map();
    const reply = (id) => new Promise((resolve) => replies.set(id, resolve));
    const onReply = (msg) => {
      const resolve = replies.get(msg.properties.correlationId);
      assert.ok(resolve, 'a reply with an unknown correlation id: ' + msg.properties.correlationId);
      resolve(msg.content.toString());
    };
    await client.consume(callback, onReply, { noAck: true });
    const first = reply('c-1');
    client.sendToQueue(q, Buffer.from('10'), { replyTo: callback, correlationId: 'c-1' });
    assert.equal(await first, '55');

    const direct = await conn.createChannel();
    await direct.consume('amq.rabbitmq.reply-to', onReply, { noAck: true });
    const second = reply('c-2');
    direct.sendToQueue(q, Buffer.from('20'), { replyTo: 'amq.rabbitmq.reply-to', correlationId: 'c-2' });
    assert.equal(await second, '6765');
    await server.deleteQueue(q);
  },

  // Publisher confirms, and a mandatory unroutable message returned (312 NO_ROUTE) and still confirmed.
  async confirms(conn) {
    const ch = await conn.createConfirmChannel();
    const q = 'confirms-' + name;
    await ch.assertQueue(q, { durable: true });
    const acked = [];
    for (let i = 0; i < 500; i++) {
      ch.sendToQueue(q, Buffer.from(String(i)), { persistent: true }, (err) => acked.push(err));
    }
    await ch.waitForConfirms();
    assert.equal(acked.length, 500);
    assert.ok(acked.every((err) => err === null || err === undefined), 'every publish acked');
    assert.equal((await ch.checkQueue(q)).messageCount, 500);

    let confirmed = null;
    let confirmedAtReturn;
    const returned = new Promise((resolve) => ch.once('return', (msg) => {
      confirmedAtReturn = confirmed;
      resolve(msg);
    }));
    ch.publish('', 'no-such-queue-' + name, Buffer.from('lost'), { mandatory: true }, (err) => {
      confirmed = err === null || err === undefined;
    });
    const ret = await returned;
    assert.equal(ret.fields.replyCode, 312);
    assert.equal(ret.fields.replyText, 'NO_ROUTE');
    assert.equal(ret.content.toString(), 'lost');
    await ch.waitForConfirms();
    assert.equal(confirmedAtReturn, null, 'the return comes before the confirm');
    assert.equal(confirmed, true);
    await ch.deleteQueue(q);
  },

  // The broker's errors as amqplib reports them, and the connection going on after each.
  async errors(conn) {
    const missing = 'missing-' + name;
    let ch = await conn.createChannel();
    let failed = nextError(ch);
    await assert.rejects(ch.checkQueue(missing), (err) => {
      assert.equal(err.code, 404);
      assert.match(err.message, new RegExp(`NOT_FOUND - no queue '${missing}' in vhost '/'`));
      return true;
    });
    await failed;

    ch = await conn.createChannel();
    const q = 'errors-' + name;
    await ch.assertQueue(q, { durable: false });
    failed = nextError(ch);
    await assert.rejects(ch.assertQueue(q, { durable: true }), (err) => {
      assert.equal(err.code, 406);
      assert.match(err.message, new RegExp(`PRECONDITION_FAILED - inequivalent arg 'durable' for queue '${q}'`));
      return true;
    });
    await failed;

    ch = await conn.createChannel();
    ch.sendToQueue(q, Buffer.from('once'));
    const msg = await new Promise((resolve) => ch.consume(q, resolve));
    failed = nextError(ch);
    ch.ack(msg);
    ch.ack(msg);
    const err = await failed;
    assert.equal(err.code, 406);
    assert.match(err.message, /PRECONDITION_FAILED - unknown delivery tag 1/);

    const other = await amqp.connect(url);
    try {
      const owned = await serverNamed(await conn.createChannel());
      const och = await other.createChannel();
      failed = nextError(och);
      await assert.rejects(och.consume(owned, () => {}), (e) => {
        assert.equal(e.code, 405);
        assert.match(e.message, new RegExp(`RESOURCE_LOCKED - cannot obtain exclusive access to locked queue '${owned}'`));
        return true;
      });
      await failed;
    } finally {
      await other.close();
    }

    ch = await conn.createChannel();
    assert.equal((await ch.checkQueue(q)).messageCount, 0, 'the first ack settled the message');
    await ch.deleteQueue(q);
  },

  // Every basic property, and headers of each type amqplib encodes, published for the Java test to read back.
  async properties(conn) {
    const ch = await conn.createConfirmChannel();
    const q = name;
    await ch.checkQueue(q);
    ch.sendToQueue(q, Buffer.from('with properties'), {
      contentType: 'application/json', contentEncoding: 'identity', persistent: true, priority: 3,
      correlationId: 'corr-1', replyTo: 'replies', expiration: '60000', messageId: 'msg-1',
      timestamp: 1700000000, type: 'example', appId: 'amqplib-checks',
      headers: {
        text: 'value', small: 42, negative: -7, large: 1099511627776, fraction: 1.5, flag: true,
        nested: { inner: 'x' }, list: [1, 'two', false], nothing: null,
      },
    });
    await ch.waitForConfirms();
  },

  // A headers exchange with x-match all and any, binding arguments and message headers both typed by amqplib.
  async headers(conn) {
    const ch = await conn.createChannel();
    const x = 'headers-' + name;
    await ch.assertExchange(x, 'headers', { durable: false });
    const all = await serverNamed(ch);
    const any = await serverNamed(ch);
    await ch.bindQueue(all, x, '', { 'x-match': 'all', format: 'pdf', size: 42 });
    await ch.bindQueue(any, x, '', { 'x-match': 'any', format: 'zip', size: 42 });
    const sends = [
      ['pdf-42', { format: 'pdf', size: 42 }],
      ['pdf-43', { format: 'pdf', size: 43 }],
      ['zip-1', { format: 'zip', size: 1 }],
      ['txt-42', { format: 'txt', size: 42 }],
      ['none', {}],
    ];
    for (const [body, headers] of sends) {
      ch.publish(x, '', Buffer.from(body), { headers });
    }
    await ch.checkQueue(all);
    assert.deepEqual(await drain(ch, all), ['pdf-42']);
    assert.deepEqual(await drain(ch, any), ['pdf-42', 'zip-1', 'txt-42']);
  },

  // Consumer cancel notify: deleting the queue cancels its consumer, which amqplib reports as a null message.
  async cancel(conn) {
    const ch = await conn.createChannel();
    const q = 'cancel-' + name;
    await ch.assertQueue(q, { durable: false });
    const cancelled = new Promise((resolve) => ch.consume(q, (msg) => {
      if (msg === null) {
        resolve();
      }
    }));
    const admin = await conn.createChannel();
    await admin.deleteQueue(q);
    await cancelled;
    const { consumerTag } = await ch.consume(await serverNamed(ch), () => {});
    await ch.cancel(consumerTag); // a client cancel still gets its cancel-ok on the same channel
  },

  // basic.get, nack with requeue (back at the head, redelivered), get-empty after a purge.
  async get(conn) {
    const ch = await conn.createChannel();
    const q = 'get-' + name;
    await ch.assertQueue(q, { durable: false });
    for (const body of ['a', 'b', 'c']) {
      ch.sendToQueue(q, Buffer.from(body));
    }
    await ch.checkQueue(q);
    const first = await ch.get(q);
    assert.equal(first.content.toString(), 'a');
    assert.equal(first.fields.redelivered, false);
    assert.equal(first.fields.messageCount, 2);
    ch.nack(first, false, true);
    const again = await ch.get(q);
    assert.equal(again.content.toString(), 'a');
    assert.equal(again.fields.redelivered, true);
    ch.ack(again);
    assert.deepEqual(await ch.purgeQueue(q), { messageCount: 2 });
    assert.equal(await ch.get(q), false);
    await ch.deleteQueue(q);
  },

  // A 1 s heartbeat negotiated in the URL keeps an idle connection open for 3.5 s.
  async heartbeat() {
    const conn = await amqp.connect(url + '?heartbeat=1');
    let closed = null;
    conn.on('close', (err) => {
      closed = err || 'closed';
    });
    conn.on('error', () => {});
    await new Promise((resolve) => setTimeout(resolve, 3500));
    assert.equal(closed, null);
    const ch = await conn.createChannel();
    await ch.assertQueue('', { exclusive: true });
    await conn.close();
  },
};

async function main() {
  const run = scenarios[scenario];
  if (!run) {
    throw new Error('unknown scenario ' + scenario + '; known: ' + Object.keys(scenarios).join(', '));
  }
  const conn = await amqp.connect(url);
  conn.on('error', (err) => console.error('connection error:', err)); // channel errors come on their channel
  try {
    await run(conn);
  } finally {
    await conn.close().catch(() => {});
  }
}

const timer = setTimeout(() => {
  console.error('scenario ' + scenario + ' did not finish in 20 s');
  process.exit(2);
}, 20000);
main().then(() => {
  clearTimeout(timer);
  console.log('ok ' + scenario);
}, (err) => {
  clearTimeout(timer);
  console.error(err && err.stack ? err.stack : err);
  process.exit(1);
});
