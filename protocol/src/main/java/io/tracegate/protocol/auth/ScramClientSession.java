package io.tracegate.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The client side of one SCRAM-SHA-256 exchange, for the gateway logging in to the upstream
 * server with its own credential. It follows libpq ({@code fe-auth-scram.c}): gs2 flag
 * {@code n} (this client does not do channel binding), an 18-byte nonce, SASLprep on the
 * password.
 *
 * <p>Use: send {@link #clientFirst()} in SASLInitialResponse, pass the data of
 * AuthenticationSASLContinue to {@link #handleServerFirst(byte[])} and send the result in
 * SASLResponse, then pass the data of AuthenticationSASLFinal to
 * {@link #verifyServerFinal(byte[])}. Only after that succeeds is the server known to hold the
 * verifier; an AuthenticationOk before it must be treated as a failure.
 *
 * <p>One instance per connection attempt; not thread-safe. Each method may be called once, in order.
 */
public final class ScramClientSession {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String GS2_HEADER = "n,,";
    /** base64("n,,"), the c= attribute of client-final-message without channel binding. */
    private static final String CHANNEL_BINDING = "biws";

    private enum State { INITIAL, EXPECT_SERVER_FIRST, EXPECT_SERVER_FINAL, DONE }

    private final String password;
    private final String clientFirstBare;
    private final String clientNonce;
    private State state = State.INITIAL;
    private byte[] expectedServerSignature;

    /**
     * @param username the SCRAM user name. PostgreSQL ignores it and takes the user of the
     *                 StartupMessage; libpq sends an empty one, which is a good choice here too
     * @param password the upstream password, normalised with SASLprep as libpq does
     */
    public ScramClientSession(String username, String password) {
        this(username, password, () -> ScramFunctions.newNonce(RANDOM));
    }

    /** @param clientNonces the client nonce: printable ASCII without ','; fixed in tests */
    ScramClientSession(String username, String password, Supplier<String> clientNonces) {
        this.password = Objects.requireNonNull(password, "password");
        this.clientNonce = clientNonces.get();
        this.clientFirstBare = "n=" + saslName(Objects.requireNonNull(username, "username")) + ",r=" + clientNonce;
    }

    /** The SASL mechanism this session speaks: {@code SCRAM-SHA-256}. */
    public String mechanism() {
        return ScramVerifier.MECHANISM;
    }

    /** client-first-message, the data of SASLInitialResponse. */
    public byte[] clientFirst() {
        requireState(State.INITIAL);
        state = State.EXPECT_SERVER_FIRST;
        return (GS2_HEADER + clientFirstBare).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads server-first-message and returns client-final-message, the data of SASLResponse.
     * Costs one {@code Hi()}: as many HMACs as the server's iteration count.
     *
     * @throws ScramException when the message is malformed, the nonce does not start with this
     *                        client's nonce, or the iteration count is below 1
     */
    public byte[] handleServerFirst(byte[] serverFirstMessage) {
        requireState(State.EXPECT_SERVER_FIRST);
        state = State.DONE;
        ScramMessageReader reader = ScramMessageReader.of(serverFirstMessage, "server-first-message");
        String nonce = reader.read('r');
        if (nonce.length() <= clientNonce.length() || !nonce.startsWith(clientNonce)
                || !ScramServerSession.isPrintable(nonce)) {
            throw new ScramException("invalid SCRAM response: nonce mismatch");
        }
        byte[] salt = decodeSalt(reader.read('s'));
        int iterations = parseIterations(reader.read('i'));
        if (!reader.atEnd()) {
            throw new ScramException("malformed SCRAM message: garbage at end of server-first-message");
        }

        byte[] saltedPassword = ScramFunctions.saltedPassword(password, salt, iterations);
        byte[] clientKey = ScramFunctions.clientKey(saltedPassword);
        byte[] storedKey = ScramFunctions.sha256(clientKey);
        String withoutProof = "c=" + CHANNEL_BINDING + ",r=" + nonce;
        byte[] authMessage = ScramFunctions.authMessage(clientFirstBare.getBytes(StandardCharsets.UTF_8),
                serverFirstMessage, withoutProof.getBytes(StandardCharsets.US_ASCII));
        byte[] clientProof = ScramFunctions.xor(clientKey, ScramFunctions.hmac(storedKey, authMessage));
        expectedServerSignature = ScramFunctions.hmac(ScramFunctions.serverKey(saltedPassword), authMessage);
        state = State.EXPECT_SERVER_FINAL;
        return (withoutProof + ",p=" + ScramFunctions.base64(clientProof)).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Checks server-final-message, the data of AuthenticationSASLFinal.
     *
     * @throws ScramException when the server sent an error ({@code e=}), a malformed message or a
     *                        signature that does not prove it holds the verifier
     */
    public void verifyServerFinal(byte[] serverFinalMessage) {
        requireState(State.EXPECT_SERVER_FINAL);
        state = State.DONE;
        ScramMessageReader reader = ScramMessageReader.of(serverFinalMessage, "server-final-message");
        if (reader.peek() == 'e') {
            throw new ScramException("error received from server in SCRAM exchange: " + reader.read('e'));
        }
        byte[] signature;
        try {
            signature = ScramFunctions.unbase64(reader.read('v'));
        } catch (IllegalArgumentException e) {
            signature = new byte[0];
        }
        if (signature.length != ScramFunctions.KEY_LENGTH) {
            throw new ScramException("malformed SCRAM message: malformed server signature");
        }
        if (!reader.atEnd()) {
            throw new ScramException("malformed SCRAM message: garbage at end of server-final-message");
        }
        if (!ScramFunctions.constantTimeEquals(signature, expectedServerSignature)) {
            throw new ScramException("invalid server signature: the server does not hold the verifier of this password");
        }
    }

    /** RFC 5802 saslname: ',' and '=' escaped as "=2C" and "=3D". */
    private static String saslName(String username) {
        return username.replace("=", "=3D").replace(",", "=2C");
    }

    private static byte[] decodeSalt(String text) {
        try {
            byte[] salt = ScramFunctions.unbase64(text);
            if (salt.length > 0) {
                return salt;
            }
        } catch (IllegalArgumentException e) {
            // reported below, like an empty salt
        }
        throw new ScramException("malformed SCRAM message: invalid salt");
    }

    private static int parseIterations(String text) {
        try {
            int iterations = text.chars().allMatch(c -> c >= '0' && c <= '9') ? Integer.parseInt(text) : 0;
            if (iterations >= 1) {
                return iterations;
            }
        } catch (NumberFormatException e) {
            // reported below, like zero
        }
        throw new ScramException("malformed SCRAM message: invalid iteration count");
    }

    private void requireState(State expected) {
        if (state != expected) {
            throw new IllegalStateException("SCRAM exchange expected " + expected + " but is " + state);
        }
    }
}
