package io.tracegate.proxy.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.util.concurrent.Future;
import io.tracegate.policy.config.UpstreamTlsMode;
import io.tracegate.protocol.message.BackendKeyData;
import io.tracegate.protocol.message.CancelRequest;
import io.tracegate.protocol.message.SslRequest;
import io.tracegate.protocol.message.StartupMessage;
import io.tracegate.proxy.net.Transport;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An upstream named by a socket directory: the pool's connections and cancel requests go to
 * {@code <dir>/.s.PGSQL.<port>} on either transport, with no SSLRequest first. A plain JDK
 * Unix-domain server stands in for PostgreSQL and records the first bytes it is sent.
 */
class UnixSocketUpstreamTest {

    private static final int PORT = 5999;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private Path directory;

    static Stream<Transport> transports() {
        return Epoll.isAvailable() ? Stream.of(Transport.EPOLL, Transport.NIO) : Stream.of(Transport.NIO);
    }

    @BeforeEach
    void createDirectory() throws IOException {
        directory = Files.createTempDirectory("tg-uds-");
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        Files.deleteIfExists(directory.resolve(".s.PGSQL." + PORT));
        Files.deleteIfExists(directory);
    }

    private static UpstreamEndpoint endpoint(String host, UpstreamTlsMode tlsMode) {
        return new UpstreamEndpoint(host, PORT, "traces", "gw", Optional.empty(), tlsMode);
    }

    private ServerSocketChannel listen() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(directory.resolve(".s.PGSQL." + PORT)));
        resources.add(server);
        return server;
    }

    private EventLoopGroup group(Transport transport) {
        EventLoopGroup group = transport.newGroup(1);
        resources.add(() -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
        return group;
    }

    /** The first {@code n} bytes the client sends on the next accepted connection. */
    private static ByteBuffer firstBytes(ServerSocketChannel server, int n) throws IOException {
        try (SocketChannel accepted = server.accept()) {
            ByteBuffer bytes = ByteBuffer.allocate(n);
            while (bytes.hasRemaining() && accepted.read(bytes) >= 0) {
                // keep reading until the expected bytes are in
            }
            return bytes.flip();
        }
    }

    @Test
    void anAbsoluteHostIsASocketDirectory() {
        UpstreamEndpoint socket = endpoint("/var/run/postgresql", UpstreamTlsMode.PREFER);
        assertThat(socket.unixSocket()).isTrue();
        assertThat(socket.socketFile()).isEqualTo(Path.of("/var/run/postgresql/.s.PGSQL.5999"));
        assertThat(socket.address()).isEqualTo("socket /var/run/postgresql/.s.PGSQL.5999");
        assertThat(socket.negotiatesTls()).isFalse();

        UpstreamEndpoint tcp = endpoint("db.internal", UpstreamTlsMode.PREFER);
        assertThat(tcp.unixSocket()).isFalse();
        assertThat(tcp.address()).isEqualTo("db.internal:5999");
        assertThat(tcp.negotiatesTls()).isTrue();
        assertThat(endpoint("db.internal", UpstreamTlsMode.DISABLE).negotiatesTls()).isFalse();
    }

    @Test
    void tlsThatMustHappenIsRefusedForASocket() {
        for (UpstreamTlsMode mode : List.of(UpstreamTlsMode.REQUIRE, UpstreamTlsMode.VERIFY_FULL)) {
            assertThatThrownBy(() -> endpoint("/tmp", mode))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("upstream.tls.mode " + mode.policyName())
                    .hasMessageContaining("Unix-domain socket in /tmp");
        }
    }

    @ParameterizedTest
    @MethodSource("transports")
    void theConnectorStartsWithTheStartupMessageEvenWhenTlsIsPreferred(Transport transport) throws Exception {
        ServerSocketChannel server = listen();
        UpstreamConnector connector = new UpstreamConnector(transport,
                endpoint(directory.toString(), UpstreamTlsMode.PREFER), 1 << 20, null);
        Future<UpstreamConnection> connecting = connector.connect(group(transport).next());

        ByteBuffer first = firstBytes(server, 8);
        assertThat(first.getInt()).as("length").isGreaterThan(8);
        assertThat(first.getInt()).as("protocol code")
                .isEqualTo(StartupMessage.PROTOCOL_3_0)
                .isNotEqualTo(SslRequest.CODE);
        // The stand-in server hung up without answering: the login fails, naming the endpoint.
        assertThat(connecting.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(connecting.cause()).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("closed the connection during login");
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aCancelRequestGoesToTheSocket(Transport transport) throws Exception {
        ServerSocketChannel server = listen();
        byte[] secret = {1, 2, 3, 4};
        new UpstreamCanceller(transport).cancel(group(transport).next(),
                endpoint(directory.toString(), UpstreamTlsMode.DISABLE), new BackendKeyData(4242, secret));

        ByteBuffer request = firstBytes(server, 16);
        assertThat(request.getInt()).isEqualTo(16);
        assertThat(request.getInt()).isEqualTo(CancelRequest.CODE);
        assertThat(request.getInt()).isEqualTo(4242);
        byte[] sentSecret = new byte[4];
        request.get(sentSecret);
        assertThat(sentSecret).isEqualTo(secret);
    }

    @ParameterizedTest
    @MethodSource("transports")
    void aMissingSocketIsAConnectionErrorNamingTheSocketFile(Transport transport) throws Exception {
        UpstreamConnector connector = new UpstreamConnector(transport,
                endpoint(directory.toString(), UpstreamTlsMode.DISABLE), 1 << 20, null);
        Future<UpstreamConnection> connecting = connector.connect(group(transport).next());

        assertThat(connecting.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(connecting.cause()).isInstanceOf(UpstreamException.class)
                .hasMessageContaining("could not connect to upstream socket " + directory.resolve(".s.PGSQL." + PORT));
        assertThat(((UpstreamException) connecting.cause()).sqlState()).isEqualTo("08001");
    }
}
