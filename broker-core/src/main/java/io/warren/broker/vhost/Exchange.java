package io.warren.broker.vhost;

import io.warren.broker.policy.EffectiveArguments;
import io.warren.broker.policy.Policy;
import io.warren.exchange.ExchangeType;
import io.warren.exchange.Router;
import io.warren.exchange.Routers;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A declared exchange: its definition plus a routing table.
 *
 * <p>The router is read on every publishing connection's event loop and changes rarely, so it is an immutable
 * snapshot in a volatile field: binding changes copy it, mutate the copy and publish it (serialized by the
 * owning {@link VirtualHost}). Routing therefore takes no lock. Destinations are {@link io.warren.broker.queue.Queue}s
 * and {@link Exchange}s.
 *
 * <p>Statistics, as RabbitMQ's {@code publish_in}/{@code publish_out}: messages published into this exchange
 * by clients, and the queue deliveries they were routed to (one per destination queue). As in RabbitMQ, both
 * count at the exchange a message was published to; exchanges it passes through on exchange-to-exchange
 * bindings count nothing. Striped counters, so publishers on many event loops never contend for one.
 */
public final class Exchange {
    private final String vhost;
    private final String name;
    private final ExchangeType type;
    private final boolean durable;
    private final boolean autoDelete;
    private final boolean internal;
    private final Map<String, Object> arguments;
    /** The policy in force and the alternate exchange it and the arguments give; set by the vhost. */
    private volatile Policy policy;
    private volatile String alternateExchange;
    private volatile Router<Object> router;
    private final LongAdder publishIn = new LongAdder();
    private final LongAdder publishOut = new LongAdder();

    Exchange(String vhost, ExchangeSpec spec) {
        this.vhost = vhost;
        this.name = spec.name();
        this.type = spec.type();
        this.durable = spec.durable();
        this.autoDelete = spec.autoDelete();
        this.internal = spec.internal();
        this.arguments = Collections.unmodifiableMap(new LinkedHashMap<>(spec.arguments()));
        this.alternateExchange = EffectiveArguments.alternateExchange(arguments, null);
        this.router = Routers.create(type);
    }

    public String vhost() {
        return vhost;
    }

    public String name() {
        return name;
    }

    public ExchangeType type() {
        return type;
    }

    public boolean durable() {
        return durable;
    }

    public boolean autoDelete() {
        return autoDelete;
    }

    public boolean internal() {
        return internal;
    }

    public Map<String, Object> arguments() {
        return arguments;
    }

    /** The alternate exchange: the {@code alternate-exchange} argument, else the policy's; or null. */
    public String alternateExchange() {
        return alternateExchange;
    }

    /** The policy that applies to this exchange, or null. */
    public Policy policy() {
        return policy;
    }

    /** Called by the vhost (under its lock) when the policy in force changes. */
    void policy(Policy p) {
        this.policy = p;
        this.alternateExchange = EffectiveArguments.alternateExchange(arguments, p);
    }

    /** The current routing snapshot: never mutate it. */
    public Router<Object> router() {
        return router;
    }

    /** Publishes a new routing snapshot. Called by VirtualHost under its lock. */
    void router(Router<Object> next) {
        this.router = next;
    }

    /** Hot path: one message published into this exchange has been routed to {@code queues} queues. */
    public void countPublish(int queues) {
        publishIn.increment();
        if (queues > 0) {
            publishOut.add(queues);
        }
    }

    /** Messages published into this exchange. */
    public long publishedIn() {
        return publishIn.sum();
    }

    /** Queue deliveries of the messages published into this exchange. */
    public long publishedOut() {
        return publishOut.sum();
    }

    public boolean isDefault() {
        return name.isEmpty();
    }

    @Override
    public String toString() {
        return "exchange '" + name + "' in vhost '" + vhost + "'";
    }
}
