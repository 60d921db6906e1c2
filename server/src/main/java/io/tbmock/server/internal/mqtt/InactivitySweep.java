package io.tbmock.server.internal.mqtt;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.tbmock.server.internal.tb.ReasonCode;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has sent nothing for the inactivity timeout, as ThingsBoard's activity manager does
 * (docs/thingsboard-mqtt.md §13); the MQTT keep-alive itself is not enforced, as in ThingsBoard. One sweep over
 * every connection, a quarter of the timeout apart (at most a second), rather than a timer and a handler in each:
 * an idle fleet is what a connection's size is counted for. A connection is closed between one timeout and a
 * quarter more after its last bytes.
 */
final class InactivitySweep {
    private static final long MAX_PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MIN_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private InactivitySweep() {
    }

    /** Sweeps {@code connections} on one of {@code loops} until they shut down. */
    static void start(ChannelGroup connections, Duration timeout, EventLoopGroup loops) {
        long timeoutNanos = timeout.toNanos();
        long period = Math.max(MIN_PERIOD_NANOS, Math.min(MAX_PERIOD_NANOS, timeoutNanos / 4));
        loops.next().scheduleAtFixedRate(() -> sweep(connections, timeoutNanos), period, period, TimeUnit.NANOSECONDS);
    }

    private static void sweep(ChannelGroup connections, long timeoutNanos) {
        long now = System.nanoTime();
        for (Channel connection : connections) {
            if (connection instanceof DeviceSocketChannel device && device.silentNanos(now) >= timeoutNanos
                && !Closing.begun(connection)) {
                // ThingsBoard's close notification carries no reason, which becomes DISCONNECT 0x83.
                connection.eventLoop().execute(() -> Closing.close(connection,
                    "no packet from the device for the inactivity timeout (ThingsBoard closes idle sessions)",
                    ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR));
            }
        }
    }
}
