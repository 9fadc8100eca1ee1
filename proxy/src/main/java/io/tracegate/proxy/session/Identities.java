package io.tracegate.proxy.session;

import io.tracegate.protocol.auth.ScramVerifier;
import io.tracegate.policy.Identity;
import io.tracegate.policy.config.IdentityConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The identities of the policy file with their verifiers parsed once, looked up by name or token. */
public final class Identities {

    /** One identity and how it may prove itself. */
    public record Entry(Identity identity, Optional<ScramVerifier> scram, Optional<byte[]> apiTokenSha256) {
    }

    private final Map<String, Entry> byName = new LinkedHashMap<>();

    public Identities(List<IdentityConfig> identities) {
        for (IdentityConfig config : identities) {
            byName.put(config.name(), new Entry(config.toIdentity(),
                    config.scramSha256().map(ScramVerifier::parse),
                    config.apiTokenSha256().map(hex -> HexFormat.of().parseHex(hex))));
        }
    }

    public Optional<Entry> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The identity whose API token this is, compared in constant time against every identity. */
    public Optional<Identity> byApiToken(String token) {
        byte[] digest = sha256(token);
        Identity found = null;
        for (Entry entry : byName.values()) {
            if (entry.apiTokenSha256().isPresent() && MessageDigest.isEqual(entry.apiTokenSha256().get(), digest)) {
                found = entry.identity();
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
