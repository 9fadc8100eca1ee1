package io.tracegate.protocol.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SaslPrepTest {

    /**
     * Verifiers made by libpq 15 ({@code PQencryptPasswordConn(conn, password, "u", "scram-sha-256")},
     * which runs {@code pg_saslprep}) for passwords that exercise each step, including the ones
     * where PostgreSQL falls back to the raw bytes. Matching them proves the normalisation is
     * PostgreSQL's, not just RFC 4013's.
     */
    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(delimiter = '|', value = {
        "pencil | SCRAM-SHA-256$4096:9fZ6ujO/lnPkhbSDWib6vg==$mQVUIgw/VPZdPvsTpfuKu4p7/5HuiCMqgRsqgYBBu2s=:9yi9hZMUk4ZoFv8zApGVuDptZu90bA0nNU/PQRSZwGs= | ASCII",
        "I\u00ADX | SCRAM-SHA-256$4096:NM9jV0Oii9PC/LjoW98T/Q==$0aamTu/8nekJTaQcbCOsBSILphQiJWLT4VBfd5tXOTQ=:qWkgaDODXHSZBGdyNvPwOSmUbrAo5ijj8UZNVMpkzzo= | soft hyphen mapped to nothing",
        "\u2168 | SCRAM-SHA-256$4096:J2WkMC5EoTN6qAYSuwOLpA==$Xly08ZlPXvG8g+jXbY8Zzs1/hLBvi/9wo9b22D8nYok=:hJ4DNnkMNcfo8nwrklbQMzNQqcg1sVurDnjNgh/jR4I= | NFKC of ROMAN NUMERAL NINE",
        "\u00AA | SCRAM-SHA-256$4096:Sk2iuEoxOOywzTWVNXZgxg==$gMliRjxD/jGjUwsgRSHNL4zva73ZvrIv0r8nWr/04Ac=:VbSLJTsnfMKzmEDu53pcI6Chw7AwlvO9c2HKtTbix7s= | NFKC of FEMININE ORDINAL",
        "a\u00A0b | SCRAM-SHA-256$4096:CzUpV9yep2PeRn3k8EKaIg==$wFnm/RkRaB4JpVWQH2V8Le2vr+0lWRFk/EsMXxYZrHo=:amvix5fxePxiu+VYR8rGqq6PJ23jhUuDM69x8rbSSBQ= | no-break space mapped to space",
        "a\u0007b | SCRAM-SHA-256$4096:GLk5Ms4R9bPi8rb2sB27Bg==$C+qa+6zoGUa8Kh42685VbkpDFOqU0GDkYkoBpg0LVrs=:v6MOyBzqC8etgdp+wMwJ0ekFUSyR3Ddj939nYJbwd0g= | ASCII control kept by the ASCII shortcut",
        "'\u00E9\u0007' | SCRAM-SHA-256$4096:Qb50HDzM9MCu0psYGdR3wA==$zMx/AmiSq3SmlSVM1hDt00fbQFzoosw751qTLGxN+bA=:OCJn6kyBoTLOwqMFOAkCIgaAgNEvefZwP7Y4oPCHNUY= | control prohibited: raw bytes",
        "\u06271 | SCRAM-SHA-256$4096:7BtqhLof7EBJIDTIw0UVqg==$n9Oml4+EyGsjLGkPCdqrHgPNZBStD8wStKIiqlMkKMM=:3TcF0j/atkvOBvuer5U3dK3lONpJb7HEOBu76hhme9k= | RandALCat not last: raw bytes",
        "\u06271\u0628 | SCRAM-SHA-256$4096:chuARuS/Uyytc6Y5xuWNEQ==$KO6B4WO3issWcmIuEjrvG+qVG6U0JWRbeaxWIMbVYHY=:P8L8HVby3e+IeIqr9iwKyAN5tOEXch5ArnnxyXEmsNE= | valid right-to-left",
        "\u0627a\u0628 | SCRAM-SHA-256$4096:caoAkSQQFU91yxHdpjCVYQ==$Qj3Nmzr9Mtndx8f9bjLGesd8awVhDtoSlRGctB66dhY=:jg/LjJjk3vvQOJZOtb6UOBMk3EuWLUhG1BVHnZmumds= | LCat with RandALCat: raw bytes",
        "\u00AD | SCRAM-SHA-256$4096:n1h2gLDvmO09pjzLPd4Ryg==$Fi32iZ8YDgodPveh4+HojU2zLAHwNMy2UVxfIm0Ut4Q=:9WDqHceZBJTxeUtxG4yPbtXVBU17e+jy+dK8nN+Xq/U= | empty after mapping: raw bytes",
        "\uD83D\uDE00x\uFF21 | SCRAM-SHA-256$4096:hQxCPEGYJjsJ8czJBlcnKA==$/3LToScV18dHIggFPvffh3zG+vr2qKlymY19yl6o6dI=:0rzlcXgnwduDWkPVjdLbK1IAS7p6riXFWqmLt9/bzC4= | unassigned in Unicode 3.2: raw bytes",
        "e\u0301 | SCRAM-SHA-256$4096:OibYxQ3A3i928U3Xn+KngA==$hSsWzHTuRXYDrxCrlj5m4CCPrzSGR9qqWDIXvh3CYXM=:rymy1mFsTVpomqb3e/V5xMcG/mOb1NdzJ/aDBH+PJVY= | composed by NFKC",
        "\uFB01 | SCRAM-SHA-256$4096:H6WSOSdHdevJ/O9vhx7vfg==$LwQJljUjch0ruRMzUduMH2BT8r1fOo4PtB6wlKKUl64=:4rv6X+Si0gkkowupWmVHeIuE5gMX6o4+0odskV8+fOc= | ligature",
        "pass\u200Bword | SCRAM-SHA-256$4096:bI8FfYsasc61BKAKkTdhlw==$C/iB7Osv5BnvKZhyO1VXLMsLj74ov0gTjL81DHALQ+Y=:EIaY9pl7/V6FqrCSv0KTAOgLwz2bupP58XFCZ850wmY= | zero width space is C.1.2: a space",
        "\u1680 | SCRAM-SHA-256$4096:fk0ywAeCO1rbEsEQ2JvoLA==$O7Mos16cDLLdzS9ZdoT3YVsrl5HCt2LpTci4nCDQCxM=:BiD74G4ImOGAQDKZhADu1FIg2JCZM5ktIljyc5Vxzcw= | ogham space mark",
        "a\uFE0Fb | SCRAM-SHA-256$4096:NnUJpwC3vL5OFePnPBtBOA==$NITr8qKspYlyMh9OjU4BNATBCn2HqygZ+5QOSd9EzJ0=:/Z5eA7H3IciQbtJY++VmCXgC7vyd0gO1N3brOhjaKlU= | variation selector mapped to nothing",
        "a\u0340 | SCRAM-SHA-256$4096:opKf/hCG2dnVFEgC5CDW9w==$OV8tSrKW91cYnNgpyM67Y0bQ7f/dF9iXUCxSLP7C26E=:KNIgZhHNf3xaui0Fx7YwjYmcyTXLOh2jn0IppYMtHoU= | prohibited before NFKC only",
        "\uE000x | SCRAM-SHA-256$4096:rdEr3DzSTK6/CQ9KaB5j+A==$agDpOVEYXT/FPGU64BzZVBSKXoRCZP7hO4FejB4xGyU=:K64dyM0WNbdPdckOuWHAsxshXcdrJ7t1UKJ2huYG3AM= | private use: raw bytes",
        "\uFF50\uFF41\uFF53\uFF53 | SCRAM-SHA-256$4096:LvHFN5c6WXTmnj5MBLolTQ==$MwE7akIWEtY0gM0DVCzzMLyrSzRer6xKLsQ/aMNz2fc=:ABRpZ1Cx24nTCgCkrXrA0/J7/jC5um0ojAhNrV/iH8M= | full-width letters",
        "\u00DF\u0130 | SCRAM-SHA-256$4096:Ozs78SyQmr5/JQ28uNR4uA==$TYItc5cHez88E00hBVwdYPf5z+XRe3d1mYsbrbo25mk=:0BLBg+WgD4ft8m+OiCh7y7vHSK8Wc2+U6quIm5+EMsU= | no case folding in SASLprep",
    })
    void matchesVerifiersMadeByLibpq(String password, String libpqVerifier, String what) {
        assertThat(ScramVerifier.parse(libpqVerifier).matches(password)).as(what).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "I\u00ADX        | IX",
        "\u2168          | IX",
        "\u00AA          | a",
        "a\u00A0b        | a b",
        "pass\u200Bword  | pass word",
        "a\uFE0Fb        | ab",
        "e\u0301         | \u00E9",
        "\uFF21\uFF42     | Ab",
        "\u06271\u0628   | \u06271\u0628",
    })
    void mapsAndNormalises(String password, String expected) {
        assertThat(SaslPrep.prepare(password)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'\u00E9\u0007'    | prohibited control character",
        "\u06271           | RandALCat string must end with RandALCat",
        "\u0627a\u0628     | RandALCat and LCat mixed",
        "\u00AD            | empty after mapping",
        "\uD83D\uDE00      | unassigned in Unicode 3.2",
        "\uE000            | private use",
        "a\u0340          | prohibited before NFKC, allowed after: PostgreSQL checks before",
        "x\uD800           | unpaired surrogate",
    })
    void prohibitedPasswordsAreTakenAsRawBytes(String password, String why) {
        assertThat(SaslPrep.prepare(password)).as(why).isNull();
        assertThat(SaslPrep.normalize(password)).as(why)
                .isEqualTo(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void tablesAreSortedDisjointRanges() throws IllegalAccessException {
        for (Field field : SaslPrepTables.class.getDeclaredFields()) {
            if (field.getType() != int[].class || !Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            int[] table = (int[]) field.get(null);
            assertThat(table.length % 2).as(field.getName()).isZero();
            for (int i = 0; i < table.length; i += 2) {
                assertThat(table[i]).as(field.getName() + " range " + i / 2).isLessThanOrEqualTo(table[i + 1]);
                if (i > 0) {
                    assertThat(table[i]).as(field.getName() + " order at " + i / 2).isGreaterThan(table[i - 1] + 1);
                }
            }
        }
    }

    @Test
    void lookupFindsRangeEdgesAndGaps() {
        assertThat(SaslPrepTables.contains(SaslPrepTables.NON_ASCII_SPACE, 0x2000)).isTrue();
        assertThat(SaslPrepTables.contains(SaslPrepTables.NON_ASCII_SPACE, 0x200B)).isTrue();
        assertThat(SaslPrepTables.contains(SaslPrepTables.NON_ASCII_SPACE, 0x200C)).isFalse();
        assertThat(SaslPrepTables.contains(SaslPrepTables.NON_ASCII_SPACE, 0x9F)).isFalse();
        assertThat(SaslPrepTables.contains(SaslPrepTables.PROHIBITED_OUTPUT, 0x10FFFF)).isTrue();
        assertThat(SaslPrepTables.contains(SaslPrepTables.PROHIBITED_OUTPUT, 'a')).isFalse();
    }
}
