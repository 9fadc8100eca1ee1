package io.tracegate.policy.copy;

import static io.tracegate.policy.copy.CopyFixtures.COLUMNS;
import static io.tracegate.policy.copy.CopyFixtures.MASKER;
import static io.tracegate.policy.copy.CopyFixtures.PROTECTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracegate.policy.ColumnKind;
import io.tracegate.policy.engine.CopyPlan;
import io.tracegate.policy.engine.CopyPlan.Format;
import io.tracegate.policy.engine.CopyRowMasker;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CopyRowMaskersTest {

    private static CopyPlan plan(Format format, char delimiter, char quote, String nullString,
            Map<Integer, ColumnKind> protectedColumns) {
        return new CopyPlan("public.t", COLUMNS, protectedColumns, format, delimiter, quote, quote, nullString, false);
    }

    @Test
    void refusesOptionsThePostgresServerRefuses() {
        for (char delimiter : new char[] {'\\', '.', 'x', 'n', '0', '\n', '\r', 'é'}) {
            assertThatThrownBy(() -> CopyRowMaskers.create(plan(Format.TEXT, delimiter, '"', "\\N", PROTECTED), MASKER))
                    .as("delimiter %s", (int) delimiter).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> CopyRowMaskers.create(plan(Format.CSV, '"', '"', "", PROTECTED), MASKER))
                .hasMessage("the COPY delimiter and quote must be different");
        assertThatThrownBy(() -> CopyRowMaskers.create(plan(Format.CSV, ',', '"', "a\nb", PROTECTED), MASKER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CopyRowMaskers.create(plan(Format.TEXT, '\t', '"', "\\N", Map.of(-1, ColumnKind.TEXT)),
                MASKER)).hasMessage("a protected column position is negative");
        // Letters are fine as a CSV delimiter, and upper case ones in text, as for the server.
        assertThatCode(() -> CopyRowMaskers.create(plan(Format.CSV, 'x', '"', "", PROTECTED), MASKER)).doesNotThrowAnyException();
        assertThatCode(() -> CopyRowMaskers.create(plan(Format.TEXT, 'X', '"', "\\N", PROTECTED), MASKER)).doesNotThrowAnyException();
    }

    @Test
    void withNothingProtectedEveryRowPassesAsItCame() {
        CopyRowMasker masker = CopyRowMaskers.create(plan(Format.TEXT, '\t', '"', "\\N", Map.of()), MASKER);
        String input = "a\tjane@example.com\t\\xff\t4111111111111111\r\nb\t{not json\t\\N\t\\";
        assertThat(masker.accept(input)).isEqualTo("a\tjane@example.com\t\\xff\t4111111111111111\r\n");
        assertThat(masker.finish()).isEqualTo("b\t{not json\t\\N\t\\");
        assertThat(masker.findings()).isEmpty();
    }

    @Test
    void aProtectedPositionPastTheColumnListIsNamedByNumber() {
        CopyRowMasker masker = CopyRowMaskers.create(plan(Format.CSV, ',', '"', "", Map.of(5, ColumnKind.JSON)), MASKER);
        assertThat(masker.accept("a,b,c,d,e,\"{}\"\n")).isEqualTo("a,b,c,d,e,\"{}\"\n");
        assertThatThrownBy(() -> masker.accept("a,b,c,d,e,jane@example.com\n"))
                .isInstanceOf(CopyDataRejectedException.class)
                .hasMessageStartingWith("COPY into public.t: row 2, column #6 (field 6): the value is not valid JSON")
                .hasMessageNotContaining("jane");
    }
}
