package io.tracegate.protocol.auth;

import io.tracegate.protocol.SqlState;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The server side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677), as PostgreSQL's
 * {@code auth-scram.c} runs it: client-first, server-first, client-final, then server-final or
 * a failure.
 *
 * <ul>
 *   <li>The gateway offers SCRAM-SHA-256 only, never SCRAM-SHA-256-PLUS: channel binding would
 *       bind to the gateway's certificate. So the gs2 flags {@code n} ("no channel binding") and
 *       {@code y} ("I could, but you did not offer it") are accepted and {@code p=} is refused.</li>
 *   <li>The user name in client-first is ignored, as PostgreSQL ignores it: the user is the one
 *       of the StartupMessage, chosen when the session was made. An authorization identity
 *       ({@code a=}) and mandatory extensions ({@code m=}) are refused.</li>
 *   <li>A user that does not exist gets a session over a mock verifier
 *       ({@link #forUnknownUser}); it runs the same steps, costs the same and fails the same way
 *       as a wrong password, at the same point.</li>
 * </ul>
 *
 * <p>One instance per connection; not thread-safe (it lives on the connection's event loop).
 * Each method may be called once, in order; a failure ends the exchange.
 */
public final class ScramServerSession {

    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { EXPECT_CLIENT_FIRST, EXPECT_CLIENT_FINAL, DONE }

    private final ScramVerifier verifier;
    private final boolean doomed;
    private final Supplier<String> serverNonces;

    private State state = State.EXPECT_CLIENT_FIRST;
    private byte[] gs2Header;
    private byte[] clientFirstBare;
    private byte[] serverFirst;
    private String expectedNonce;

    /** A session that authenticates against {@code verifier}. */
    public ScramServerSession(ScramVerifier verifier) {
        this(verifier, false, () -> ScramFunctions.newNonce(RANDOM));
    }

    /**
     * @param doomed       fail at the proof whatever the client sends (unknown user)
     * @param serverNonces the server nonce: printable ASCII without ','; fixed in tests
     */
    ScramServerSession(ScramVerifier verifier, boolean doomed, Supplier<String> serverNonces) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.doomed = doomed;
        this.serverNonces = serverNonces;
    }

    /**
     * A session for a user that does not exist. Its verifier is derived from
     * {@code serverSecret} and {@code username} (so the salt a client sees is stable per name)
     * with the default 4096 iterations; the exchange always ends in
     * {@link FailureReason#INVALID_PROOF}.
     *
     * @param serverSecret at least 16 random bytes kept for the life of the deployment; every
     *                     gateway replica behind one address must use the same secret, or the
     *                     salt of a made-up user would change from connection to connection
     */
    public static ScramServerSession forUnknownUser(String username, byte[] serverSecret) {
        ScramVerifier mock = MockVerifier.of(username, serverSecret, ScramVerifier.DEFAULT_ITERATIONS);
        return new ScramServerSession(mock, true, () -> ScramFunctions.newNonce(RANDOM));
    }

    /** The SASL mechanism name to offer in AuthenticationSASL: {@code SCRAM-SHA-256}. */
    public String mechanism() {
        return ScramVerifier.MECHANISM;
    }

    /**
     * Reads client-first-message (the data of SASLInitialResponse) and returns
     * server-first-message, to send in AuthenticationSASLContinue.
     *
     * @throws ScramException when the message is malformed, asks for channel binding, an
     *                        authorization identity or an extension; answer with its
     *                        {@link ScramException#sqlState()} and close, as PostgreSQL does
     */
    public byte[] handleClientFirst(byte[] clientFirstMessage) {
        requireState(State.EXPECT_CLIENT_FIRST);
        state = State.DONE;
        ScramMessageReader reader = ScramMessageReader.of(clientFirstMessage, "client-first-message");
        switch (reader.peek()) {
            case 'n', 'y' -> reader.skip();
            case 'p' -> throw new ScramException("malformed SCRAM message: the client selected SCRAM-SHA-256"
                    + " without channel binding, but the SCRAM message includes channel binding data");
            default -> throw new ScramException("malformed SCRAM message: unexpected channel-binding flag");
        }
        expectComma(reader);
        if (reader.peek() == 'a') {
            throw new ScramException(SqlState.FEATURE_NOT_SUPPORTED,
                    "client uses authorization identity, but it is not supported");
        }
        expectComma(reader);
        int bareStart = reader.position();
        if (reader.peek() == 'm') {
            throw new ScramException(SqlState.FEATURE_NOT_SUPPORTED, "client requires an unsupported SCRAM extension");
        }
        reader.read('n');
        String clientNonce = reader.read('r');
        if (!isPrintable(clientNonce)) {
            throw new ScramException("malformed SCRAM message: empty or non-printable SCRAM nonce");
        }
        while (!reader.atEnd()) {
            reader.readAny(); // optional extensions; none is supported, all are ignored
        }
        gs2Header = reader.bytes(0, bareStart);
        clientFirstBare = reader.bytes(bareStart, clientFirstMessage.length);
        expectedNonce = clientNonce + serverNonces.get();
        serverFirst = ("r=" + expectedNonce + ",s=" + ScramFunctions.base64(verifier.saltView())
                + ",i=" + verifier.iterations()).getBytes(StandardCharsets.US_ASCII);
        state = State.EXPECT_CLIENT_FINAL;
        return serverFirst.clone();
    }

    /**
     * Reads client-final-message (the data of SASLResponse) and checks the client's proof.
     * On success send the server-final-message in AuthenticationSASLFinal, then AuthenticationOk.
     */
    public Result handleClientFinal(byte[] clientFinalMessage) {
        requireState(State.EXPECT_CLIENT_FINAL);
        state = State.DONE;
        ScramMessageReader reader;
        String channelBinding;
        String nonce;
        byte[] proof;
        int proofStart;
        try {
            reader = ScramMessageReader.of(clientFinalMessage, "client-final-message");
            channelBinding = reader.read('c');
            nonce = reader.read('r');
            ScramMessageReader.Attribute attribute;
            do {
                proofStart = reader.position();
                attribute = reader.readAny(); // extensions before the proof are ignored
            } while (attribute.name() != 'p');
            proof = decodeProof(attribute.value());
            if (!reader.atEnd()) {
                throw new ScramException("malformed SCRAM message: garbage found at the end of client-final-message");
            }
        } catch (ScramException e) {
            return new Result.Failure(FailureReason.MALFORMED_MESSAGE, e.getMessage());
        }
        if (!channelBindingMatches(channelBinding)) {
            return new Result.Failure(FailureReason.CHANNEL_BINDING_MISMATCH,
                    "unexpected SCRAM channel-binding attribute in client-final-message");
        }
        if (!nonce.equals(expectedNonce)) {
            return new Result.Failure(FailureReason.NONCE_MISMATCH, "invalid SCRAM response: nonce does not match");
        }
        byte[] authMessage = ScramFunctions.authMessage(clientFirstBare, serverFirst, reader.bytes(0, proofStart - 1));
        byte[] clientSignature = ScramFunctions.hmac(verifier.storedKeyView(), authMessage);
        byte[] clientKey = ScramFunctions.xor(proof, clientSignature);
        boolean proofMatches = ScramFunctions.constantTimeEquals(
                ScramFunctions.sha256(clientKey), verifier.storedKeyView());
        // A mock verifier's proof is checked all the same, so both paths cost the same.
        if (!proofMatches | doomed) {
            return new Result.Failure(FailureReason.INVALID_PROOF, "client proof does not match the verifier");
        }
        byte[] serverSignature = ScramFunctions.hmac(verifier.serverKeyView(), authMessage);
        return new Result.Success(("v=" + ScramFunctions.base64(serverSignature)).getBytes(StandardCharsets.US_ASCII));
    }

    /** Without channel binding, c= must be the gs2 header of client-first again ("biws" or "eSws"). */
    private boolean channelBindingMatches(String channelBinding) {
        try {
            return Arrays.equals(ScramFunctions.unbase64(channelBinding), gs2Header);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] decodeProof(String value) {
        byte[] proof;
        try {
            proof = ScramFunctions.unbase64(value);
        } catch (IllegalArgumentException e) {
            proof = null;
        }
        if (proof == null || proof.length != ScramFunctions.KEY_LENGTH) {
            throw new ScramException("malformed SCRAM message: malformed proof in client-final-message");
        }
        return proof;
    }

    private static void expectComma(ScramMessageReader reader) {
        if (reader.peek() != ',') {
            throw new ScramException("malformed SCRAM message: comma expected in the gs2 header of client-first-message");
        }
        reader.skip();
    }

    /** RFC 5802 {@code printable}: %x21-2B / %x2D-7E, so ASCII without controls, space and ','. */
    static boolean isPrintable(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7E || c == ',') {
                return false;
            }
        }
        return true;
    }

    private void requireState(State expected) {
        if (state != expected) {
            throw new IllegalStateException("SCRAM exchange expected " + expected + " but is " + state);
        }
    }

    /** How an exchange ended. */
    public sealed interface Result permits Result.Success, Result.Failure {

        /**
         * The client proved it knows the password.
         *
         * @param serverFinalMessage the data for AuthenticationSASLFinal ({@code v=<ServerSignature>})
         */
        record Success(byte[] serverFinalMessage) implements Result {
        }

        /**
         * The client failed; answer with {@code reason.sqlState()}. For {@link FailureReason#INVALID_PROOF}
         * the client must see only PostgreSQL's "password authentication failed for user" message.
         *
         * @param detail for the gateway's log, never for the client; identical for an unknown user
         *               and a wrong password
         */
        record Failure(FailureReason reason, String detail) implements Result {
        }
    }

    /** Why an exchange failed, with the SQLSTATE PostgreSQL uses for it. */
    public enum FailureReason {
        /** client-final-message does not parse. */
        MALFORMED_MESSAGE(SqlState.PROTOCOL_VIOLATION),
        /** The c= attribute does not repeat the gs2 header of client-first-message. */
        CHANNEL_BINDING_MISMATCH(SqlState.PROTOCOL_VIOLATION),
        /** The r= attribute is not the client nonce followed by this server's nonce. */
        NONCE_MISMATCH(SqlState.PROTOCOL_VIOLATION),
        /** Wrong password, or a user that does not exist. */
        INVALID_PROOF(SqlState.INVALID_PASSWORD);

        private final String sqlState;

        FailureReason(String sqlState) {
            this.sqlState = sqlState;
        }

        /** The SQLSTATE of the ErrorResponse to send. */
        public String sqlState() {
            return sqlState;
        }
    }
}
