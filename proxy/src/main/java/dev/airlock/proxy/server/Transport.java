package dev.airlock.proxy.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.AddressResolverGroup;
import java.net.SocketAddress;

/** Native epoll where the platform has it, NIO elsewhere; one choice for every channel so they share loops. */
public record Transport(IoHandlerFactory ioHandler, Class<? extends ServerSocketChannel> serverChannel,
                        Class<? extends SocketChannel> socketChannel,
                        Class<? extends DatagramChannel> datagramChannel, String name) {

    public static Transport best() {
        if (Epoll.isAvailable()) {
            return new Transport(EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollSocketChannel.class,
                    EpollDatagramChannel.class, "epoll");
        }
        return new Transport(NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class,
                NioDatagramChannel.class, "nio");
    }

    /**
     * A connection out (to a provider or a tunnel's target) on the loop of the client it serves: nothing read until
     * the caller asks (read after write), no Nagle delay, a connect deadline, names resolved without blocking.
     */
    public Bootstrap outbound(EventLoop loop, long connectMillis,
                              AddressResolverGroup<? extends SocketAddress> resolver) {
        return new Bootstrap()
                .group(loop)
                .channel(socketChannel)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectMillis))
                .resolver(resolver);
    }

    public EventLoopGroup group(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new io.netty.util.concurrent.DefaultThreadFactory(name, true),
                ioHandler);
    }
}
