package io.tracegate.proxy.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@link Socket} view of a Unix-domain socket that pgjdbc is handed for the catalog read. */
class UnixSocketFactoryTest {

    private Path directory;
    private Path socketFile;
    private ServerSocketChannel server;

    @BeforeEach
    void listen() throws IOException {
        directory = Files.createTempDirectory("tg-usf-");
        socketFile = directory.resolve(".s.PGSQL.5432");
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socketFile));
    }

    @AfterEach
    void close() throws IOException {
        server.close();
        Files.deleteIfExists(socketFile);
        Files.deleteIfExists(directory);
    }

    /** Connected the way pgjdbc does it: an unconnected socket, options, then connect to a TCP-looking address. */
    private Socket connect() throws IOException {
        Socket socket = new UnixSocketFactory(socketFile.toString()).createSocket();
        socket.setTcpNoDelay(true);
        socket.setKeepAlive(false);
        socket.connect(InetSocketAddress.createUnresolved("localhost", 5432), 5_000);
        return socket;
    }

    @Test
    void bytesTravelBothWaysWhateverAddressWasAskedFor() throws Exception {
        CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
            try (SocketChannel peer = server.accept()) {
                ByteBuffer buffer = ByteBuffer.allocate(5);
                while (buffer.hasRemaining() && peer.read(buffer) >= 0) {
                    // read the whole greeting
                }
                peer.write(buffer.flip());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        try (Socket socket = connect()) {
            assertThat(socket.isConnected()).isTrue();
            assertThat(socket.getTcpNoDelay()).isFalse();
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("hello".getBytes());
            assertThat(socket.getInputStream().readNBytes(5)).isEqualTo("hello".getBytes());
            echo.get(5, TimeUnit.SECONDS);
            assertThat(socket.getInputStream().read()).as("end of stream after the peer closed").isEqualTo(-1);
        }
    }

    @Test
    void soTimeoutBoundsAReadAsOnTcp() throws Exception {
        try (Socket socket = connect(); SocketChannel silentPeer = server.accept()) {
            socket.setSoTimeout(50);
            assertThat(socket.getSoTimeout()).isEqualTo(50);
            InputStream in = socket.getInputStream();
            long startedAt = System.nanoTime();
            assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt)).isGreaterThanOrEqualTo(45);
            // A timed-out read leaves the socket usable, as pgjdbc's peek for notices expects.
            silentPeer.write(ByteBuffer.wrap(new byte[] {42}));
            socket.setSoTimeout(5_000);
            assertThat(in.read()).isEqualTo(42);
        }
    }

    @Test
    void noListenerIsAConnectError() throws IOException {
        server.close();
        Files.delete(socketFile);
        Socket socket = new UnixSocketFactory(socketFile.toString()).createSocket();
        assertThatThrownBy(() -> socket.connect(new InetSocketAddress("localhost", 5432)))
                .isInstanceOf(IOException.class);
        assertThat(socket.isConnected()).isFalse();
        socket.close();
        assertThatThrownBy(socket::getInputStream).isInstanceOf(SocketException.class);
    }
}
