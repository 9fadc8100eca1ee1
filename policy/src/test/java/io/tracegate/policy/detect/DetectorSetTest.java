package io.tracegate.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DetectorSetTest {

    @Test
    void moreSpecificWinsOverlap() {
        // 16 digits: a card, and also phone-shaped; the card must win.
        List<Finding> findings = DetectorSet.all().scan("card 4111 1111 1111 1111 ok");
        assertThat(findings).containsExactly(new Finding("credit_card", 5, 24));
        // An SSN is also a plausible phone number in some places.
        assertThat(DetectorSet.all().scan("ssn 123-45-6789")).extracting(Finding::type).containsExactly("us_ssn");
    }

    @Test
    void maskedFindingsNeverOverlapAndAreSorted() {
        String text = "token=ghp_abcdefghijklmnopqrstuvwxyz0123456789 mail a@b.io ip 10.1.2.3 card 4111111111111111";
        ScanResult r = DetectorSet.all().scanDetailed(text);
        assertThat(r.masked()).extracting(Finding::type).containsExactly("github_token", "email", "ipv4", "credit_card");
        for (int i = 1; i < r.masked().size(); i++) {
            assertThat(r.masked().get(i).start()).isGreaterThanOrEqualTo(r.masked().get(i - 1).end());
        }
    }

    @Test
    void signalsDoNotSuppressMaskedValuesAndAreStillCounted() {
        String text = "curl https://admin:Pa55word@evil.example/x?email=jane@example.com";
        ScanResult r = DetectorSet.all().scanDetailed(text);
        assertThat(r.masked()).extracting(Finding::type).containsExactly("password_in_url", "email");
        assertThat(r.signals()).extracting(Finding::type).containsExactlyInAnyOrder("shell_command", "url");
        assertThat(r.counts()).containsEntry("url", 1).containsEntry("shell_command", 1).containsEntry("email", 1);
        assertThat(DetectorSet.all().scan(text)).hasSize(4);
    }

    @Test
    void customRegexDetectors() {
        DetectorSet set = DetectorSet.of(Set.of("email"), Map.of("employee_id", "EMP-[0-9]{6}"));
        assertThat(set.scan("EMP-123456 wrote to a@example.com")).containsExactly(
                new Finding("employee_id", 0, 10), new Finding("email", 20, 33));
        assertThat(set.masks("employee_id")).isTrue();
    }

    @Test
    void customPatternsAreMatchedOnNormalisedText() {
        DetectorSet set = DetectorSet.of(Set.of(), Map.of("employee_id", "EMP-[0-9]{6}"));
        String text = "id ＥＭＰ-１２３\u200B４５６ end";
        assertThat(set.scan(text)).containsExactly(new Finding("employee_id", 3, 14));
    }

    @Test
    void configurationErrors() {
        assertThatThrownBy(() -> DetectorSet.of(Set.of("credit_cards"), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("credit_cards");
        assertThatThrownBy(() -> DetectorSet.of(Set.of(), Map.of("email", "x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("built-in");
        assertThatThrownBy(() -> DetectorSet.of(Set.of(), Map.of("bad", "(unclosed")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad");
        assertThatThrownBy(() -> DetectorSet.of(Set.of(), Map.of("backref", "(a)\\1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allHasEveryBuiltin() {
        assertThat(DetectorSet.builtinNames()).containsExactlyInAnyOrder(
                "credit_card", "email", "phone", "us_ssn", "iban", "ipv4", "ipv6", "aws_access_key", "github_token",
                "jwt", "private_key", "password_in_url", "generic_secret", "url", "shell_command");
        assertThat(DetectorSet.all().detectors()).hasSize(15);
    }

    @Test
    void maskTokensAreNotDetectedAgain() {
        assertThat(DetectorSet.all().scan("<EMAIL:12345678> <PHONE:55512345> <CREDIT_CARD> <EMPLOYEE_ID>")).isEmpty();
    }

    @Test
    void emptyAndPlainText() {
        assertThat(DetectorSet.all().scan("")).isEmpty();
        assertThat(DetectorSet.all().scan("The agent considered three options and chose the second.")).isEmpty();
    }

    static Stream<Arguments> hostileInputs() {
        int n = 200_000;
        return Stream.of(
                Arguments.of("at signs", (Supplier<String>) () -> "a@".repeat(n / 2)),
                Arguments.of("long local part", (Supplier<String>) () -> "a".repeat(n) + "@"),
                Arguments.of("dotted domain", (Supplier<String>) () -> "x@" + "a.".repeat(n / 2)),
                Arguments.of("digit groups", (Supplier<String>) () -> "1 ".repeat(n / 2)),
                Arguments.of("dashed digits", (Supplier<String>) () -> "12-".repeat(n / 3)),
                Arguments.of("digits", (Supplier<String>) () -> "7".repeat(n)),
                Arguments.of("pem begins", (Supplier<String>) () -> "-----BEGIN RSA PRIVATE KEY-----\n".repeat(n / 32)),
                Arguments.of("jwt heads", (Supplier<String>) () -> "eyJhbGciOi.".repeat(n / 11)),
                Arguments.of("schemes", (Supplier<String>) () -> "a://".repeat(n / 4)),
                Arguments.of("user info", (Supplier<String>) () -> "s://u:p" + "@".repeat(n)),
                Arguments.of("assignments", (Supplier<String>) () -> "password=".repeat(n / 9)),
                Arguments.of("colons", (Supplier<String>) () -> ":".repeat(n)),
                Arguments.of("hex colons", (Supplier<String>) () -> "a:".repeat(n / 2)),
                Arguments.of("pipes", (Supplier<String>) () -> "| sh ".repeat(n / 5)),
                Arguments.of("curl", (Supplier<String>) () -> "curl ".repeat(n / 5)),
                Arguments.of("token chars", (Supplier<String>) () -> "aB3".repeat(n / 3)),
                Arguments.of("iban heads", (Supplier<String>) () -> "GB82 ".repeat(n / 5)),
                Arguments.of("mask tokens", (Supplier<String>) () -> "<A".repeat(n / 2)),
                Arguments.of("zero width", (Supplier<String>) () -> "4\u200B".repeat(n / 2)),
                Arguments.of("full width", (Supplier<String>) () -> "４".repeat(n)));
    }

    static Stream<Arguments> megabyteInputs() {
        int n = 1 << 20;
        return Stream.of(
                // Every number distinct, so each is checked against the numbering plans.
                Arguments.of("distinct phone numbers", (Supplier<String>) () -> numbered(n, i -> "+1 415 " + (2000000 + i % 8000000) + " ")),
                Arguments.of("cards then phone-shaped rests", (Supplier<String>) () -> "4111 1111 1111 1111 555 1234 ".repeat(n / 29)),
                Arguments.of("findings inside mask tokens", (Supplier<String>) () -> "<EMAIL:12345678> 4111111111111111 ".repeat(n / 35)),
                Arguments.of("overlapping key and token candidates", (Supplier<String>) () ->
                        "AKIAIOSFODNN7EXAMPLE ghp_abcdefghijklmnopqrstuvwxyz0123456789 ".repeat(n / 62)),
                Arguments.of("one digit run", (Supplier<String>) () -> "4".repeat(n)),
                Arguments.of("short separated numbers", (Supplier<String>) () -> "1-2.3 ".repeat(n / 6)),
                Arguments.of("iban heads", (Supplier<String>) () -> "DE89 3704 0044 0532 0130 0".repeat(n / 26)));
    }

    private static String numbered(int size, java.util.function.IntFunction<String> piece) {
        StringBuilder sb = new StringBuilder(size + 32);
        for (int i = 0; sb.length() < size; i++) {
            sb.append(piece.apply(i));
        }
        return sb.toString();
    }

    /**
     * One megabyte of what the per-scan memos, claims and overlap resolution are built for:
     * a scan that went quadratic anywhere would take minutes on it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("megabyteInputs")
    void linearOnMegabyteInput(String name, Supplier<String> input) {
        String text = input.get();
        assertThat(text.length()).isGreaterThan(1_000_000);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> DetectorSet.all().scanDetailed(text));
    }

    /**
     * Each hostile input is 200 KB; a quadratic scanner needs minutes on it, a linear one a
     * few milliseconds. The bound is far from both so a slow machine cannot make it flaky.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileInputs")
    void linearOnHostileInput(String name, Supplier<String> input) {
        String text = input.get();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> DetectorSet.all().scan(text));
    }
}
