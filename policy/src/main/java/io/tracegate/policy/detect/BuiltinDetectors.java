package io.tracegate.policy.detect;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/** The built-in detectors by the names the policy file uses. */
final class BuiltinDetectors {
    private static final Map<String, Supplier<Detector>> BY_NAME;

    static {
        Map<String, Supplier<Detector>> m = new LinkedHashMap<>();
        m.put(CreditCardDetector.TYPE, CreditCardDetector::new);
        m.put(EmailDetector.TYPE, EmailDetector::new);
        m.put(PhoneDetector.TYPE, PhoneDetector::new);
        m.put(UsSsnDetector.TYPE, UsSsnDetector::new);
        m.put(IbanDetector.TYPE, IbanDetector::new);
        m.put(Ipv4Detector.TYPE, Ipv4Detector::new);
        m.put(Ipv6Detector.TYPE, Ipv6Detector::new);
        m.put(AwsAccessKeyDetector.TYPE, AwsAccessKeyDetector::new);
        m.put(GithubTokenDetector.TYPE, GithubTokenDetector::new);
        m.put(JwtDetector.TYPE, JwtDetector::new);
        m.put(PrivateKeyDetector.TYPE, PrivateKeyDetector::new);
        m.put(PasswordInUrlDetector.TYPE, PasswordInUrlDetector::new);
        m.put(GenericSecretDetector.TYPE, GenericSecretDetector::new);
        m.put(UrlDetector.TYPE, UrlDetector::new);
        m.put(ShellCommandDetector.TYPE, ShellCommandDetector::new);
        BY_NAME = Collections.unmodifiableMap(m);
    }

    private BuiltinDetectors() {
    }

    static Set<String> names() {
        return BY_NAME.keySet();
    }

    static Detector create(String name) {
        Supplier<Detector> supplier = BY_NAME.get(name);
        if (supplier == null) {
            throw new IllegalArgumentException("unknown built-in detector '" + name + "'; known: " + BY_NAME.keySet());
        }
        return supplier.get();
    }
}
