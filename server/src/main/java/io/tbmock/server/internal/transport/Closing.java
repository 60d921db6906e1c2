package io.tbmock.server.internal.transport;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/**
 * Closing a device connection with a reason, whichever stage closes it: the reason is kept on the channel
 * (the first one given wins) for the journal's DISCONNECT event.
 */
final class Closing {
    private static final AttributeKey<String> REASON = AttributeKey.valueOf("tbmock.closeReason");

    private Closing() {
    }

    static void close(Channel channel, String reason) {
        channel.attr(REASON).setIfAbsent(reason);
        channel.close();
    }

    /** Why the connection closed: the reason given when the server closed it, else "connection lost". */
    static String reason(Channel channel) {
        String reason = channel.attr(REASON).get();
        return reason == null ? "connection lost" : reason;
    }
}
