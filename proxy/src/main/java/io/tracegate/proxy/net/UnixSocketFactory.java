package io.tracegate.proxy.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import javax.net.SocketFactory;

/**
 * Sockets that reach one Unix-domain socket file whatever address they are asked to connect to,
 * for blocking clients built on {@link Socket}, such as pgjdbc:
 * {@code socketFactory=io.tracegate.proxy.net.UnixSocketFactory&socketFactoryArg=/run/postgresql/.s.PGSQL.5432}.
 * The host and port in the JDBC URL are then only names.
 *
 * <p>The JDK reaches such sockets only through {@link java.nio.channels.SocketChannel}, which has
 * no {@link Socket} view; {@link UnixSocketImpl} supplies one.
 */
public final class UnixSocketFactory extends SocketFactory {

    private final Path socketFile;

    /** The form pgjdbc instantiates, with {@code socketFactoryArg} as the argument. */
    public UnixSocketFactory(String socketFile) {
        this(Path.of(socketFile));
    }

    public UnixSocketFactory(Path socketFile) {
        this.socketFile = socketFile;
    }

    /** An unconnected socket; {@link Socket#connect} connects it to the socket file. */
    @Override
    public Socket createSocket() throws SocketException {
        return new UnixSocket(new UnixSocketImpl(socketFile));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected();
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return connected();
    }

    private Socket connected() throws IOException {
        Socket socket = createSocket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    /** Exists only to reach {@link Socket}'s protected constructor that takes an implementation. */
    private static final class UnixSocket extends Socket {
        UnixSocket(UnixSocketImpl impl) throws SocketException {
            super(impl);
        }
    }
}
