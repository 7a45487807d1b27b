package io.warren.broker.queue;

import java.util.ArrayList;
import java.util.List;

/**
 * A classic queue's back-pressure on its publishers (RabbitMQ's "flow" state): past {@link #HIGH} ready messages
 * while consumers could take more, publishers pause; they resume below {@link #LOW}. Without consumers ready to
 * take messages there is no pressure: a backlog is a backlog. The high mark is below the in-memory window
 * ({@link ReadyMessages#MEMORY_MESSAGES}), so a queue whose consumers keep up with most of the load slows its
 * publishers down before it spills to disk. Confinement: the queue's loop, except {@link #on()}.
 */
final class PublisherPressure {
    static final int HIGH = 2048;
    static final int LOW = 512;

    private boolean pressured;
    private volatile boolean flag;
    private final List<Runnable> onRelief = new ArrayList<>();

    /** Whether publishers should pause now; safe from any thread. */
    boolean on() {
        return flag;
    }

    /** Runs {@code action} once the pressure is off: at once when it is. */
    void whenRelieved(Runnable action) {
        if (pressured) {
            onRelief.add(action);
        } else {
            action.run();
        }
    }

    /** The number of ready messages above which the pressure is (or stays) on: the high mark, or the low one. */
    int threshold() {
        return pressured ? LOW : HIGH;
    }

    /**
     * Sets the pressure after a change: {@code want} is whether more than {@link #threshold()} messages wait while
     * consumers could take more. Runs the waiting actions when the pressure goes off.
     */
    void update(boolean want) {
        if (want == pressured) {
            return;
        }
        pressured = want;
        flag = want;
        if (!want && !onRelief.isEmpty()) {
            List<Runnable> waiting = new ArrayList<>(onRelief);
            onRelief.clear();
            waiting.forEach(Runnable::run);
        }
    }
}
