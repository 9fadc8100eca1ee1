package io.tracegate.policy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {
    @Test
    void durations() {
        assertThat(Units.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Units.duration("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Units.duration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(Units.duration("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Units.duration("2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Units.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Units.duration(" 1m500ms ")).isEqualTo(Duration.ofMillis(60_500));
    }

    @Test
    void badDurations() {
        for (String bad : new String[] {"5", "", "s", "5 s", "5sec", "1.5s", "-5s", "5S", "1h 30m", "PT5S"}) {
            assertThatThrownBy(() -> Units.duration(bad)).as(bad).hasMessageContaining("is not a duration");
        }
        assertThatThrownBy(() -> Units.duration("99999999999999999999d")).hasMessageContaining("too long");
    }

    @Test
    void sizesUseBinaryUnitsEitherWay() {
        assertThat(Units.size("512")).isEqualTo(512);
        assertThat(Units.size("512B")).isEqualTo(512);
        assertThat(Units.size("512KB")).isEqualTo(512 * 1024);
        assertThat(Units.size("512kb")).isEqualTo(512 * 1024);
        assertThat(Units.size("64MB")).isEqualTo(64L << 20);
        assertThat(Units.size("64MiB")).isEqualTo(64L << 20);
        assertThat(Units.size("1GiB")).isEqualTo(1L << 30);
        assertThat(Units.size("1 GB")).isEqualTo(1L << 30);
        assertThat(Units.size("2TB")).isEqualTo(2L << 40);
    }

    @Test
    void badSizes() {
        for (String bad : new String[] {"", "MB", "1.5MB", "-1", "10m", "1 parsec", "1PB"}) {
            assertThatThrownBy(() -> Units.size(bad)).as(bad).hasMessageContaining("is not a size");
        }
        assertThatThrownBy(() -> Units.size("99999999TB")).hasMessageContaining("too large");
    }

    @Test
    void describesSizesAsWritten() {
        assertThat(Units.describeSize(4096)).isEqualTo("4KB");
        assertThat(Units.describeSize(1L << 30)).isEqualTo("1GB");
        assertThat(Units.describeSize(Integer.MAX_VALUE)).isEqualTo("2147483647 bytes");
    }
}
