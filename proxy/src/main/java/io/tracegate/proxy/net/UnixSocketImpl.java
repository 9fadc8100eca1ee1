package io.tracegate.proxy.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOptions;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A client {@link SocketImpl} over a JDK Unix-domain {@link SocketChannel}. The channel is
 * non-blocking and waits on a selector of its own, so that {@code SO_TIMEOUT} bounds reads as it
 * does on a TCP socket (pgjdbc relies on it for its network timeout and to peek for notices).
 * TCP-only options are accepted and ignored: a local socket has no Nagle delay or keep-alive.
 */
final class UnixSocketImpl extends SocketImpl {

    private final Path socketFile;
    private SocketChannel channel;
    private Selector selector;
    private int timeoutMillis;

    UnixSocketImpl(Path socketFile) {
        this.socketFile = socketFile;
    }

    @Override
    protected void create(boolean stream) throws IOException {
        if (!stream) {
            throw new SocketException("only stream sockets are supported on " + socketFile);
        }
    }

    /** Connects to the socket file; the address asked for is ignored, a local connect does not wait. */
    @Override
    protected void connect(SocketAddress ignored, int timeout) throws IOException {
        SocketChannel opened = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            opened.connect(UnixDomainSocketAddress.of(socketFile));
            opened.configureBlocking(false);
            selector = Selector.open();
        } catch (IOException e) {
            opened.close();
            throw e;
        }
        channel = opened;
    }

    @Override
    protected void connect(String host, int port) throws IOException {
        connect((SocketAddress) null, 0);
    }

    @Override
    protected void connect(InetAddress address, int port) throws IOException {
        connect((SocketAddress) null, 0);
    }

    private int read(byte[] bytes, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        long deadline = timeoutMillis == 0 ? 0 : System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            int read = channel().read(buffer);
            if (read != 0) {
                return read;
            }
            await(SelectionKey.OP_READ, deadline);
        }
    }

    private void write(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
            if (channel().write(buffer) == 0) {
                await(SelectionKey.OP_WRITE, 0);
            }
        }
    }

    /** Waits until the channel is ready for {@code operation}; {@code deadline} 0 means no limit. */
    private void await(int operation, long deadline) throws IOException {
        long waitMillis = 0;
        if (deadline != 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new SocketTimeoutException("read timed out after " + timeoutMillis + " ms on " + socketFile);
            }
            waitMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
        }
        SelectionKey key = channel.register(selector, operation);
        try {
            selector.select(waitMillis);
        } finally {
            key.interestOps(0);
            selector.selectedKeys().clear();
        }
    }

    private SocketChannel channel() throws SocketException {
        if (channel == null || !channel.isOpen()) {
            throw new SocketException("socket " + socketFile + " is not connected");
        }
        return channel;
    }

    @Override
    protected InputStream getInputStream() throws IOException {
        channel();
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int read = UnixSocketImpl.this.read(one, 0, 1);
                return read < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                return UnixSocketImpl.this.read(bytes, offset, length);
            }
        };
    }

    @Override
    protected OutputStream getOutputStream() throws IOException {
        channel();
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                UnixSocketImpl.this.write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                UnixSocketImpl.this.write(bytes, offset, length);
            }
        };
    }

    /** What can be read without waiting is not known without reading; callers then read with a timeout. */
    @Override
    protected int available() {
        return 0;
    }

    @Override
    protected void close() throws IOException {
        try (Selector s = selector; SocketChannel c = channel) {
            selector = null;
            channel = null;
        }
    }

    @Override
    protected void bind(InetAddress host, int port) throws IOException {
        throw new SocketException("a client of " + socketFile + " binds to no local address");
    }

    @Override
    protected void listen(int backlog) throws IOException {
        throw new SocketException("not a server socket");
    }

    @Override
    protected void accept(SocketImpl s) throws IOException {
        throw new SocketException("not a server socket");
    }

    @Override
    protected void sendUrgentData(int data) throws IOException {
        throw new SocketException("urgent data is a TCP feature");
    }

    @Override
    public void setOption(int optionId, Object value) throws SocketException {
        if (optionId == SocketOptions.SO_TIMEOUT) {
            timeoutMillis = (Integer) value;
        }
    }

    @Override
    public Object getOption(int optionId) throws SocketException {
        switch (optionId) {
            case SocketOptions.SO_TIMEOUT:
                return timeoutMillis;
            case SocketOptions.TCP_NODELAY:
            case SocketOptions.SO_KEEPALIVE:
                return Boolean.FALSE;
            case SocketOptions.SO_RCVBUF:
            case SocketOptions.SO_SNDBUF:
                return intOption(optionId);
            default:
                return null;
        }
    }

    private Integer intOption(int optionId) throws SocketException {
        try {
            return channel().getOption(optionId == SocketOptions.SO_RCVBUF
                    ? StandardSocketOptions.SO_RCVBUF : StandardSocketOptions.SO_SNDBUF);
        } catch (IOException e) {
            SocketException failure = new SocketException(e.getMessage());
            failure.initCause(e);
            throw failure;
        }
    }
}
