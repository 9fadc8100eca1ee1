package io.tracegate.proxy.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.handler.ssl.util.SelfSignedCertificate;
import io.tracegate.policy.config.TlsServerConfig;
import io.tracegate.policy.config.TlsServerMode;
import io.tracegate.policy.config.UpstreamTlsMode;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the TLS contexts for both sides of the gateway. */
public final class TlsContexts {

    private static final Logger log = LoggerFactory.getLogger(TlsContexts.class);

    private TlsContexts() {
    }

    /**
     * The context clients connect to: the configured certificate and key, or a self-signed
     * certificate made at start when none are given. Null when TLS is off.
     */
    public static SslContext server(TlsServerConfig config) throws SSLException, CertificateException {
        if (config.mode() == TlsServerMode.OFF) {
            return null;
        }
        if (config.cert().isPresent() && config.key().isPresent()) {
            return SslContextBuilder.forServer(config.cert().get().toFile(), config.key().get().toFile()).build();
        }
        log.info("listen.tls has no certificate: using a self-signed one made at start");
        SelfSignedCertificate selfSigned = new SelfSignedCertificate("tracegate", "EC", 256);
        return SslContextBuilder.forServer(selfSigned.certificate(), selfSigned.privateKey()).build();
    }

    /**
     * The context for connections to the database. {@code prefer} and {@code require} encrypt
     * without checking the server's certificate (as libpq does without a root certificate);
     * {@code verify-full} checks the chain against the JVM's trust store and the host name.
     */
    public static SslContext upstream(UpstreamTlsMode mode) throws SSLException {
        return switch (mode) {
            case DISABLE -> null;
            case PREFER, REQUIRE -> SslContextBuilder.forClient()
                    .trustManager(InsecureTrustManagerFactory.INSTANCE)
                    .endpointIdentificationAlgorithm(null)
                    .build();
            case VERIFY_FULL -> SslContextBuilder.forClient()
                    .endpointIdentificationAlgorithm("HTTPS")
                    .build();
        };
    }
}
