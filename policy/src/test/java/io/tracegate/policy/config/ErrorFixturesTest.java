package io.tracegate.policy.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the annotated fixtures under {@code config/errors-*.yaml}: a line ending in
 * {@code # expect: KEY ~ FRAGMENT} (several joined by {@code ;;}) must produce exactly those
 * errors, at that line, and no file may produce an error that is not annotated.
 */
class ErrorFixturesTest {
    private static final String MARK = "# expect:";

    record Expected(String key, int line, String fragment) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"errors-values.yaml", "errors-access.yaml", "errors-rules.yaml"})
    void reportsExactlyTheAnnotatedErrors(String fixture) {
        String yaml = TestFiles.resource(fixture);
        List<Expected> expected = expectations(yaml);
        assertThat(expected).as("fixture has expectations").isNotEmpty();

        List<ConfigError> actual = PolicyChecker.check(yaml, fixture, TestFiles.env());

        assertThat(actual.stream().map(e -> e.key() + "@" + e.line()).collect(Collectors.toList()))
                .as("keys and lines of %s; all errors:%n%s", fixture, join(actual))
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(e -> e.key() + "@" + e.line()).toList());
        for (Expected want : expected) {
            assertThat(actual)
                    .as("an error %s at line %d containing \"%s\"; all errors:%n%s", want.key(), want.line(), want.fragment(), join(actual))
                    .anySatisfy(error -> {
                        assertThat(error.key()).isEqualTo(want.key());
                        assertThat(error.line()).isEqualTo(want.line());
                        assertThat(error.message()).contains(want.fragment());
                        assertThat(error.source()).isEqualTo(fixture);
                    });
        }
    }

    private static List<Expected> expectations(String yaml) {
        List<Expected> expected = new ArrayList<>();
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int mark = lines[i].indexOf(MARK);
            if (mark < 0 || lines[i].strip().startsWith("#")) {
                continue;
            }
            for (String one : lines[i].substring(mark + MARK.length()).split(";;")) {
                int tilde = one.indexOf('~');
                expected.add(new Expected(one.substring(0, tilde).strip(), i + 1, one.substring(tilde + 1).strip()));
            }
        }
        return expected;
    }

    private static String join(List<ConfigError> errors) {
        return errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n"));
    }
}
