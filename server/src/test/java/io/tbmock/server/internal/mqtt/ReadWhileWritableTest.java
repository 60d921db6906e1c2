package io.tbmock.server.internal.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server stops reading a connection whose answers pile up, and reads it again once they leave. */
class ReadWhileWritableTest {

    @Test
    void readingPausesAboveTheHighWaterMarkAndResumesBelowTheLow() {
        List<Boolean> toldDownstream = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(new FrontStage(null) { // what every stage does
                @Override
                protected String deviceName() {
                    return null;
                }

                @Override
                protected String clientId() {
                    return null;
                }
            },
            new ChannelInboundHandlerAdapter() {
                @Override
                public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                    toldDownstream.add(ctx.channel().isWritable());
                }
            });
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1024, 4096));
        assertTrue(channel.config().isAutoRead());

        channel.write(Unpooled.wrappedBuffer(new byte[3000]));
        assertTrue(channel.config().isAutoRead(), "below the high-water mark");
        channel.write(Unpooled.wrappedBuffer(new byte[3000])); // not flushed: the device is not reading
        assertFalse(channel.isWritable());
        assertFalse(channel.config().isAutoRead(), "the server stops reading the device");

        channel.flush(); // the device read it
        assertTrue(channel.isWritable());
        assertTrue(channel.config().isAutoRead(), "and reads it again");
        assertEquals(List.of(false, true), toldDownstream, "the engine still hears of writability");
        channel.finishAndReleaseAll();
    }
}
