/**
 * Authentication primitives, free of Netty and of wire framing: the SCRAM-SHA-256 exchange
 * on both sides ({@link io.tracegate.protocol.auth.ScramServerSession} for agents logging in
 * to the gateway, {@link io.tracegate.protocol.auth.ScramClientSession} for the gateway
 * logging in upstream), PostgreSQL's verifier format
 * ({@link io.tracegate.protocol.auth.ScramVerifier}) and the md5 response
 * ({@link io.tracegate.protocol.auth.Md5Password}).
 *
 * <p>The messages go in and come out as the bytes of the SASL data fields; the caller frames
 * them in AuthenticationSASL* and SASL*Response messages.
 *
 * <p>Passwords are normalised with SASLprep exactly as PostgreSQL's {@code pg_saslprep} does,
 * including its two departures from RFC 4013: a pure ASCII password is taken as it is, and a
 * password SASLprep prohibits is used as raw UTF-8 bytes instead of being refused. So a
 * verifier made here matches one made by PostgreSQL or libpq for every password.
 */
package io.tracegate.protocol.auth;
