package io.tracegate.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Md5PasswordTest {

    @Test
    void matchesMd5sumComputedIndependently() {
        // inner=$(printf 'secretagent' | md5sum | cut -d' ' -f1); printf '%s\x01\x02\x03\x04' "$inner" | md5sum
        assertThat(Md5Password.encode("agent", "secret", new byte[] {1, 2, 3, 4}))
                .isEqualTo("md578f6f2e5299d91a5ab1c30bf8cae9aec");
    }

    @Test
    void encodesNonAsciiAsUtf8AndTakesSaltBytesAsIs() {
        // inner=$(printf 'p\xc3\xa4ssw\xc3\xb6rdgateway' | md5sum | cut -d' ' -f1); printf '%s\xde\xad\xbe\xef' "$inner" | md5sum
        assertThat(Md5Password.encode("gateway", "p\u00e4ssw\u00f6rd",
                new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef}))
                .isEqualTo("md5f681f1c278fb93374859e6c84597ff05");
    }

    @Test
    void saltMustBeFourBytes() {
        assertThatThrownBy(() -> Md5Password.encode("u", "p", new byte[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 bytes");
    }
}
