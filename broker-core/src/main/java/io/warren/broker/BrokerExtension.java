package io.warren.broker;

/**
 * A plug-in started with the broker, found through {@link java.util.ServiceLoader} (the management plane is
 * one). broker-core never depends on its implementations.
 */
public interface BrokerExtension {
    /** Starts the extension; throwing aborts broker start. */
    void start(Broker broker) throws Exception;

    void stop();
}
