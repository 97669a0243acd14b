package dev.airlock.proxy.server;

import dev.airlock.config.LimitsConfig;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;

/** Assembles a client connection's pipeline in the order {@link PipelineNames} draws. */
final class ClientInitializer extends ChannelInitializer<SocketChannel> {

    private final ProxyRuntime runtime;

    ClientInitializer(ProxyRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        LimitsConfig limits = runtime.limits();
        HttpDecoderConfig decoder = new HttpDecoderConfig()
                .setMaxInitialLineLength(limits.maxRequestLineBytes())
                .setMaxHeaderSize(limits.maxHeaderBytes())
                .setMaxChunkSize(64 * 1024)
                .setStrictLineParsing(true)
                .setValidateHeaders(true)
                .setAllowDuplicateContentLengths(false);
        ChannelPipeline p = ch.pipeline();
        p.addLast(PipelineNames.CLIENT_TIMEOUTS, new ClientTimeouts(runtime.timeouts()));
        p.addLast(PipelineNames.READ_GATE, new ReadGate());
        p.addLast(PipelineNames.HEAD_GUARD, new HeadGuard(limits.maxRequestLineBytes() + limits.maxHeaderBytes() + 4));
        p.addLast(PipelineNames.HTTP_CODEC, new HttpServerCodec(decoder));
        p.addLast(PipelineNames.FRAMING, new ClientRequestValidator(limits.maxHeaderCount()));
        p.addLast(PipelineNames.EXCHANGE, new ClientExchangeHandler(runtime));
    }
}
