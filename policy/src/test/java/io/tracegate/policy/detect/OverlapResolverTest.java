package io.tracegate.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class OverlapResolverTest {

    /** A detector that reports fixed ranges; only its type and specificity matter here. */
    private record Fixed(String type, int specificity) implements Detector {
        @Override
        public boolean masked() {
            return true;
        }

        @Override
        public void scan(ScanText text, FindingSink sink) {
        }
    }

    private static final Detector A = new Fixed("a", 50);
    private static final Detector B = new Fixed("b", 50);
    private static final Detector C = new Fixed("c", 40);

    @Test
    void withinAGroupLongerThenEarlierThenFirstReportedWins() {
        OverlapResolver resolver = new OverlapResolver(ScanText.of("x".repeat(40)));
        resolver.startGroup();
        resolver.reportingFor(A);
        resolver.found(0, 5);
        resolver.found(10, 14);
        resolver.found(20, 24);
        resolver.reportingFor(B);
        resolver.found(2, 9);   // longer than a's [0, 5): wins it
        resolver.found(10, 14); // same range as a's: the first reported keeps it
        resolver.found(22, 26); // same length as a's [20, 24), later: loses
        resolver.endGroup();
        assertThat(resolver.findings()).containsExactly(
                new Finding("b", 2, 9), new Finding("a", 10, 14), new Finding("a", 20, 24));
    }

    @Test
    void laterGroupsGetWhatIsLeftAndClaimsAreVisibleToDetectors() {
        ScanText text = ScanText.of("y".repeat(40));
        OverlapResolver resolver = new OverlapResolver(text);
        resolver.startGroup();
        resolver.reportingFor(A);
        resolver.found(5, 10);
        resolver.endGroup();
        assertThat(text.claimed(9, 12)).isTrue();
        assertThat(text.claimed(10, 12)).isFalse();
        resolver.startGroup();
        resolver.reportingFor(C);
        resolver.found(0, 6);
        resolver.found(12, 30);
        resolver.endGroup();
        assertThat(resolver.findings()).containsExactly(new Finding("a", 5, 10), new Finding("c", 12, 30));
    }

    @Test
    void maskTokensAreLeftAlone() {
        OverlapResolver resolver = new OverlapResolver(ScanText.of("id <EMAIL:1a2b3c4d> 55512345"));
        resolver.startGroup();
        resolver.reportingFor(A);
        resolver.found(11, 19); // the hex digits inside the token
        resolver.found(20, 28);
        resolver.endGroup();
        assertThat(resolver.findings()).containsExactly(new Finding("a", 20, 28));
    }

    @Test
    void nothingFoundIsAnEmptyList() {
        OverlapResolver resolver = new OverlapResolver(ScanText.of("z"));
        resolver.startGroup();
        resolver.endGroup();
        assertThat(resolver.findings()).isEqualTo(List.of());
    }
}
