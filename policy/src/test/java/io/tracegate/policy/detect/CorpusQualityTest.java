package io.tracegate.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Detection quality on the labelled synthetic PII corpus {@code shared/corpora/presidio-synth-v2.json}
 * (presidio-research, 1,500 sentences), read in place.
 *
 * <p>How it counts. Every sentence is scanned with {@link DetectorSet#all()}, overlaps
 * resolved exactly as in production. For each evaluated label:
 * <ul>
 *   <li>recall: a labelled span is found when a finding of the matching type covers all of it;
 *   <li>precision: a finding of the matching type is a true positive when it overlaps a
 *       labelled span of its type, and a false positive otherwise. A finding of one of these
 *       types lying inside a labelled entity of another kind (a phone-like number inside a
 *       STREET_ADDRESS, an e-mail inside a DOMAIN_NAME) is a false positive too: it names the
 *       wrong type, even if masking it does no harm. The table shows how many of the false
 *       positives fall inside other labelled PII ("in other PII"), so that harmless and
 *       harmful mistakes can be told apart, but the asserted precision is the strict one.
 * </ul>
 * Findings of types the corpus does not label (secrets, URLs, shell commands) are listed for
 * information only: the corpus has no secrets, so any such finding is a false alarm worth
 * looking at.
 */
class CorpusQualityTest {
    private static final Map<String, Set<String>> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("CREDIT_CARD", Set.of("credit_card"));
        TYPES.put("PHONE_NUMBER", Set.of("phone"));
        TYPES.put("EMAIL_ADDRESS", Set.of("email"));
        TYPES.put("IBAN_CODE", Set.of("iban"));
        TYPES.put("US_SSN", Set.of("us_ssn"));
        TYPES.put("IP_ADDRESS", Set.of("ipv4", "ipv6"));
    }

    private static final Map<String, Double> RECALL_TARGETS = Map.of(
            "CREDIT_CARD", 0.99, "EMAIL_ADDRESS", 0.99, "IBAN_CODE", 0.99, "US_SSN", 0.99);
    private static final double OVERALL_PRECISION_TARGET = 0.95;

    private record Span(String type, int start, int end) {
    }

    private record Sample(String text, List<Span> spans) {
    }

    private static List<Sample> samples;

    @BeforeAll
    static void load() throws IOException {
        Path corpus = locate();
        JsonNode root = new ObjectMapper().readTree(corpus.toFile());
        samples = new ArrayList<>();
        for (JsonNode row : root) {
            List<Span> spans = new ArrayList<>();
            for (JsonNode span : row.get("spans")) {
                spans.add(new Span(span.get("entity_type").asText(), span.get("start_position").asInt(),
                        span.get("end_position").asInt()));
            }
            samples.add(new Sample(row.get("full_text").asText(), spans));
        }
    }

    /** Walks up from the working directory to the first folder holding {@code shared/corpora}. */
    static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path corpora = dir.resolve("shared").resolve("corpora");
            if (Files.isDirectory(corpora)) {
                Path file = corpora.resolve("presidio-synth-v2.json");
                assertThat(file).as("corpus file in %s", corpora).exists();
                return file;
            }
            dir = dir.getParent();
        }
        throw new AssertionError("no shared/corpora above " + Path.of("").toAbsolutePath());
    }

    private static final class Tally {
        int labelled;
        int found;
        int findings;
        int truePositives;
        int inOtherPii;

        double recall() {
            return labelled == 0 ? 1 : (double) found / labelled;
        }

        double precision() {
            return findings == 0 ? 1 : (double) truePositives / findings;
        }
    }

    @Test
    void recallAndPrecisionMeetTargets() {
        DetectorSet detectors = DetectorSet.all();
        Map<String, Tally> tallies = new LinkedHashMap<>();
        TYPES.keySet().forEach(label -> tallies.put(label, new Tally()));
        Map<String, Integer> unlabelledTypes = new LinkedHashMap<>();
        List<String> misses = new ArrayList<>();
        List<String> falsePositives = new ArrayList<>();

        for (Sample sample : samples) {
            List<Finding> findings = detectors.scan(sample.text());
            for (Map.Entry<String, Set<String>> type : TYPES.entrySet()) {
                Tally t = tallies.get(type.getKey());
                for (Span span : sample.spans()) {
                    if (!span.type().equals(type.getKey())) {
                        continue;
                    }
                    t.labelled++;
                    boolean covered = findings.stream().anyMatch(f -> type.getValue().contains(f.type())
                            && f.start() <= span.start() && f.end() >= span.end());
                    if (covered) {
                        t.found++;
                    } else {
                        misses.add(type.getKey() + ": " + excerpt(sample.text(), span.start(), span.end()));
                    }
                }
                for (Finding f : findings) {
                    if (!type.getValue().contains(f.type())) {
                        continue;
                    }
                    t.findings++;
                    boolean matches = sample.spans().stream().anyMatch(s -> s.type().equals(type.getKey()) && overlaps(s, f));
                    if (matches) {
                        t.truePositives++;
                    } else {
                        if (sample.spans().stream().anyMatch(s -> overlaps(s, f))) {
                            t.inOtherPii++;
                        }
                        falsePositives.add(f.type() + ": " + excerpt(sample.text(), f.start(), f.end()));
                    }
                }
            }
            for (Finding f : findings) {
                boolean evaluated = TYPES.values().stream().anyMatch(set -> set.contains(f.type()));
                if (!evaluated) {
                    unlabelledTypes.merge(f.type(), 1, Integer::sum);
                }
            }
        }

        int allFindings = 0;
        int allTrue = 0;
        StringBuilder table = new StringBuilder("\nDetection quality on presidio-synth-v2 (")
                .append(samples.size()).append(" sentences)\n")
                .append(String.format(Locale.ROOT, "%-14s %8s %6s %7s %9s %4s %13s%n",
                        "type", "labelled", "found", "recall", "findings", "FP", "in other PII"));
        for (Map.Entry<String, Tally> e : tallies.entrySet()) {
            Tally t = e.getValue();
            allFindings += t.findings;
            allTrue += t.truePositives;
            table.append(String.format(Locale.ROOT, "%-14s %8d %6d %7.3f %9d %4d %13d   precision %.3f%n",
                    e.getKey(), t.labelled, t.found, t.recall(), t.findings, t.findings - t.truePositives,
                    t.inOtherPii, t.precision()));
        }
        double overallPrecision = allFindings == 0 ? 1 : (double) allTrue / allFindings;
        table.append(String.format(Locale.ROOT, "overall precision %.3f (%d of %d findings)%n",
                overallPrecision, allTrue, allFindings));
        table.append("findings of unlabelled types: ").append(unlabelledTypes).append('\n');
        table.append("missed:\n");
        misses.forEach(m -> table.append("  ").append(m).append('\n'));
        table.append("false positives:\n");
        falsePositives.forEach(m -> table.append("  ").append(m).append('\n'));
        System.out.println(table);

        for (Map.Entry<String, Double> target : RECALL_TARGETS.entrySet()) {
            assertThat(tallies.get(target.getKey()).recall())
                    .as("recall of %s%s", target.getKey(), table)
                    .isGreaterThanOrEqualTo(target.getValue());
        }
        assertThat(overallPrecision).as("overall precision%s", table).isGreaterThanOrEqualTo(OVERALL_PRECISION_TARGET);
    }

    private static boolean overlaps(Span s, Finding f) {
        return f.start() < s.end() && s.start() < f.end();
    }

    private static String excerpt(String text, int start, int end) {
        int from = Math.max(0, start - 20);
        int to = Math.min(text.length(), end + 20);
        return (text.substring(from, start) + "[" + text.substring(start, end) + "]" + text.substring(end, to))
                .replace('\n', ' ');
    }
}
