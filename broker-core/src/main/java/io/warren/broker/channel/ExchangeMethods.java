package io.warren.broker.channel;

import io.warren.broker.vhost.Exchange;
import io.warren.broker.vhost.ExchangeSpec;
import io.warren.broker.vhost.VirtualHost;
import io.warren.codec.AmqpException;
import io.warren.codec.method.ExchangeMethod;
import io.warren.codec.types.FieldTypes;
import io.warren.exchange.ExchangeType;

/**
 * exchange.declare, delete, bind and unbind: turns the wire records into validated requests on the virtual
 * host. Confinement: the channel's event loop.
 */
final class ExchangeMethods {
    private final AmqpChannel channel;

    ExchangeMethods(AmqpChannel channel) {
        this.channel = channel;
    }

    private VirtualHost vhost() {
        return channel.connection().vhost();
    }

    void declare(ExchangeMethod.Declare m) {
        if (m.exchange().isEmpty()) {
            throw AmqpException.accessRefused("operation not permitted on the default exchange");
        }
        if (m.passive()) {
            vhost().requireExchange(m.exchange());
        } else {
            ExchangeType type = ExchangeType.fromName(m.type())
                    .orElseThrow(() -> AmqpException.commandInvalid("unknown exchange type '%s'", m.type()));
            Object ae = m.arguments().get("alternate-exchange");
            if (ae != null && !(ae instanceof String) && vhost().exchange(m.exchange()) == null) {
                throw AmqpException.preconditionFailed("invalid type '%s' for arg 'alternate-exchange' in exchange "
                        + "'%s' in vhost '%s'", FieldTypes.name(ae), m.exchange(), vhost().name());
            }
            vhost().declareExchange(new ExchangeSpec(m.exchange(), type, m.durable(), m.autoDelete(), m.internal(),
                    m.arguments().asMap()));
        }
        if (!m.nowait()) {
            channel.sendAfterDefinitions(new ExchangeMethod.DeclareOk(), m);
        }
    }

    void delete(ExchangeMethod.Delete m) {
        vhost().deleteExchange(m.exchange(), m.ifUnused());
        if (!m.nowait()) {
            channel.sendAfterDefinitions(new ExchangeMethod.DeleteOk(), m);
        }
    }

    void bind(ExchangeMethod.Bind m) {
        VirtualHost.checkNotDefault(m.source());
        VirtualHost.checkNotDefault(m.destination());
        Exchange source = vhost().requireExchange(m.source());
        Exchange destination = vhost().requireExchange(m.destination());
        vhost().bind(source, destination, m.routingKey(), m.arguments().asMap());
        if (!m.nowait()) {
            channel.sendAfterDefinitions(new ExchangeMethod.BindOk(), m);
        }
    }

    void unbind(ExchangeMethod.Unbind m) {
        VirtualHost.checkNotDefault(m.source());
        VirtualHost.checkNotDefault(m.destination());
        Exchange source = vhost().exchange(m.source());
        Exchange destination = vhost().exchange(m.destination());
        if (source != null && destination != null) {
            vhost().unbind(source, destination, m.routingKey(), m.arguments().asMap());
        }
        if (!m.nowait()) {
            channel.sendAfterDefinitions(new ExchangeMethod.UnbindOk(), m);
        }
    }
}
