package io.warren.codec.frame;

/**
 * The heartbeat frame (type 8). Always on channel 0 with an empty payload (0-9-1 §4.2.7), so one instance
 * serves every connection.
 */
public final class HeartbeatFrame implements Frame {
    public static final HeartbeatFrame INSTANCE = new HeartbeatFrame();

    private HeartbeatFrame() {
    }

    @Override
    public int channel() {
        return 0;
    }

    @Override
    public String toString() {
        return "HeartbeatFrame";
    }
}
