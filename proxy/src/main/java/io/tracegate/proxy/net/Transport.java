package io.tracegate.proxy.net;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/**
 * The socket transport: native epoll where the platform has it, NIO otherwise. Both reach
 * Unix-domain sockets: epoll natively, NIO through the JDK's own support (Java 16 and later).
 */
public enum Transport {
    EPOLL(EpollServerSocketChannel.class, EpollSocketChannel.class, EpollDomainSocketChannel.class),
    NIO(NioServerSocketChannel.class, NioSocketChannel.class, NioDomainSocketChannel.class);

    private final Class<? extends ServerSocketChannel> serverChannel;
    private final Class<? extends SocketChannel> clientChannel;
    private final Class<? extends Channel> domainSocketChannel;

    Transport(Class<? extends ServerSocketChannel> serverChannel, Class<? extends SocketChannel> clientChannel,
            Class<? extends Channel> domainSocketChannel) {
        this.serverChannel = serverChannel;
        this.clientChannel = clientChannel;
        this.domainSocketChannel = domainSocketChannel;
    }

    public static Transport best() {
        return !Boolean.getBoolean("tracegate.nio") && Epoll.isAvailable() ? EPOLL : NIO;
    }

    public EventLoopGroup newGroup(int threads) {
        IoHandlerFactory factory = this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        return new MultiThreadIoEventLoopGroup(threads, factory);
    }

    public Class<? extends ServerSocketChannel> serverChannel() {
        return serverChannel;
    }

    public Class<? extends SocketChannel> clientChannel() {
        return clientChannel;
    }

    /** The client channel for a Unix-domain stream socket, on this transport's event loops. */
    public Class<? extends Channel> domainSocketChannel() {
        return domainSocketChannel;
    }

    /**
     * The socket file as the address {@link #domainSocketChannel()} connects to: Netty's own
     * address type for epoll, the JDK's for NIO; neither accepts the other's.
     */
    public SocketAddress domainSocketAddress(Path socketFile) {
        return this == EPOLL ? new DomainSocketAddress(socketFile.toFile()) : UnixDomainSocketAddress.of(socketFile);
    }
}
