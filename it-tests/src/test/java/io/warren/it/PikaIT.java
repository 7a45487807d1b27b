package io.warren.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/**
 * pika, the Python client, through {@code src/test/python/pika_checks.py}: one scenario per test, each a Python
 * process using pika's BlockingConnection (the API of the RabbitMQ tutorials) against the embedded broker; the
 * script holds the checks, each also true against RabbitMQ 3.10. Skips when python3 with pika is missing, except
 * under {@code CI=true}.
 */
class PikaIT extends BrokerTestCase {
    private static final Path SCRIPT = Path.of("src/test/python/pika_checks.py");
    private static final long TIMEOUT_SECONDS = 30;
    private static String python;

    @TempDir
    Path tmp;

    @BeforeAll
    static void requirePika() {
        python = ExternalClients.pythonWithPika();
    }

    private void check(String scenario) throws Exception {
        ExternalClients.runScenario(List.of(python, SCRIPT.toString(), scenario, "127.0.0.1",
                Integer.toString(broker.port()), unique("pika")), scenario, tmp, TIMEOUT_SECONDS);
    }

    @Test
    void workQueueSharedByTwoWorkersWithPrefetchOne() throws Exception {
        check("work");
    }

    @Test
    void topicPatternsRouteAsInTheTutorial() throws Exception {
        check("topics");
    }

    @Test
    void rpcThroughDirectReplyTo() throws Exception {
        check("rpc");
    }

    @Test
    void publisherConfirmsAndAnUnroutableMandatoryPublish() throws Exception {
        check("confirms");
    }

    @Test
    void transactionsCommitAndRollBackPublishesAndAcks() throws Exception {
        check("tx");
    }

    @Test
    void errorRepliesRaiseChannelClosedByBrokerAndOnlyCloseTheirChannel() throws Exception {
        check("errors");
    }

    @Test
    void deletingAQueueCallsTheConsumersCancelCallback() throws Exception {
        check("cancel");
    }

    @Test
    void basicGetNackRejectAndPurge() throws Exception {
        check("get");
    }

    @Test
    void priorityQueueDeliversTheHighestPriorityFirst() throws Exception {
        check("priority");
    }

    @Test
    void expiredMessagesAreDeadLetteredWithTheirXDeathHistory() throws Exception {
        check("dead_letter");
    }

    @Test
    void heartbeatsKeepAnIdleConnectionOpen() throws Exception {
        check("heartbeat");
    }
}
