package io.warren.broker.admin;

import io.warren.broker.Broker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * RabbitMQ's {@code load_definitions}: a definitions file imported at every start, before the listeners open, as
 * a merge (what exists stays, what the file has is created or updated). A file that cannot be read or imported
 * stops the start with the reason.
 */
public final class BootDefinitions {
    private static final Logger log = LoggerFactory.getLogger(BootDefinitions.class);

    private BootDefinitions() {
    }

    public static void importFile(Broker broker, Path file) {
        DefinitionsParser parser = ServiceLoader.load(DefinitionsParser.class).findFirst().orElseThrow(() ->
                new IllegalStateException("load_definitions: no definitions parser on the class path (it comes "
                        + "with the management module)"));
        byte[] json;
        try {
            json = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("load_definitions: cannot read " + file + ": " + e.getMessage(), e);
        }
        Definitions d;
        try {
            d = parser.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("load_definitions: " + file + ": " + e.getMessage(), e);
        }
        try (BrokerAdmin admin = new BrokerAdmin(broker)) {
            DefinitionsIO.apply(admin, d);
        } catch (AdminException e) {
            throw new IllegalArgumentException("load_definitions: " + file + ": " + e.getMessage(), e);
        }
        log.info("imported definitions from {}: {} vhosts, {} users, {} exchanges, {} queues, {} bindings, {} "
                + "policies", file, d.vhosts().size(), d.users().size(), d.exchanges().size(), d.queues().size(),
                d.bindings().size(), d.policies().size());
    }
}
