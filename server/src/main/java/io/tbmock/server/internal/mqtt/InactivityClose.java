package io.tbmock.server.internal.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.tbmock.server.internal.tb.ReasonCode;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that has sent nothing for the inactivity timeout, as ThingsBoard's activity manager
 * does (docs/thingsboard-mqtt.md §13); the MQTT keep-alive itself is not enforced, as in ThingsBoard.
 */
final class InactivityClose extends IdleStateHandler {
    static final String NAME = "inactivity";

    InactivityClose(Duration timeout) {
        super(timeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
        // ThingsBoard's close notification carries no reason, which becomes DISCONNECT 0x83.
        Closing.close(ctx.channel(), "no packet from the device for the inactivity timeout (ThingsBoard closes idle sessions)",
            ReasonCode.IMPLEMENTATION_SPECIFIC_ERROR);
    }
}
