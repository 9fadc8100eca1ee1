package io.tracegate.it.gateway;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import org.postgresql.ssl.NonValidatingFactory;

/**
 * pgjdbc's {@code sslfactory} that trusts any certificate (the gateway's is self-signed) and
 * remembers every socket it made, so a test can tell that a connection
 * really was encrypted. pgjdbc instantiates it by class name, hence public.
 */
public final class TrackingSslFactory extends NonValidatingFactory {

    private static final List<SSLSocket> SOCKETS = new CopyOnWriteArrayList<>();

    public TrackingSslFactory(String argument) throws GeneralSecurityException {
        super(argument);
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        // pgjdbc sets the client mode and shakes hands itself; the protocol is read in drain().
        SSLSocket tls = (SSLSocket) super.createSocket(socket, host, port, autoClose);
        SOCKETS.add(tls);
        return tls;
    }

    /** The protocols negotiated on the sockets made since the last call, oldest first; clears the record. */
    static synchronized List<String> drain() {
        List<String> protocols = SOCKETS.stream().map(tls -> tls.getSession().getProtocol()).toList();
        SOCKETS.clear();
        return protocols;
    }
}
