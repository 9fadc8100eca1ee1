package io.tracegate.proxy.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracegate.protocol.message.Bind;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BindValuesTest {

    @Test
    void textFormatIsTextWhateverTheType() {
        byte[] value = "héllo".getBytes(StandardCharsets.UTF_8);
        assertThat(BindValues.read(value, Bind.TEXT, 23, StandardCharsets.UTF_8)).contains("héllo");
    }

    @Test
    void binaryJsonbCarriesAVersionByteThatIsKeptOnRewrite() {
        byte[] wire = {1, '{', '}'};
        assertThat(BindValues.read(wire, Bind.BINARY, BindValues.JSONB, StandardCharsets.UTF_8)).contains("{}");
        assertThat(BindValues.write("[1]", Bind.BINARY, BindValues.JSONB, StandardCharsets.UTF_8))
                .containsExactly(1, '[', '1', ']');
    }

    @Test
    void binaryValuesOfOtherTypesCannotBeInspected() {
        assertThat(BindValues.read(new byte[] {0, 0, 0, 1}, Bind.BINARY, 23, StandardCharsets.UTF_8)).isEmpty();
        assertThat(BindValues.read(new byte[] {2, '{', '}'}, Bind.BINARY, BindValues.JSONB, StandardCharsets.UTF_8))
                .as("unknown jsonb version").isEmpty();
    }

    @Test
    void binaryTextTypesAreReadInTheClientEncoding() {
        byte[] latin1 = "café".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(BindValues.read(latin1, Bind.BINARY, BindValues.VARCHAR, StandardCharsets.ISO_8859_1)).contains("café");
    }
}
