package io.tbmock.server.internal.mqtt;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Reads a device only while what it is sent leaves: a device that publishes without reading its PUBACKs
 * would otherwise make the server hold every answer it does not take. Once the connection's send buffer
 * passes its high-water mark the server stops reading it (TCP then slows the device down); below the
 * low-water mark it reads again. Nothing is dropped. A device stuck for good is closed by the inactivity
 * timeout, since nothing is read from it.
 */
@ChannelHandler.Sharable
final class ReadWhileWritable extends ChannelInboundHandlerAdapter {
    static final String NAME = "readWhileWritable";
    static final ReadWhileWritable INSTANCE = new ReadWhileWritable();

    private ReadWhileWritable() {
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        ctx.channel().config().setAutoRead(DeviceSocketChannel.sendBufferHasRoom(ctx.channel()));
        ctx.fireChannelWritabilityChanged();
    }
}
