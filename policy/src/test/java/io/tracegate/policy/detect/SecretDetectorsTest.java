package io.tracegate.policy.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecretDetectorsTest {
    private static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
            + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";

    @Test
    void awsAccessKeyIds() {
        assertThat(Found.by("aws_access_key", "key AKIAIOSFODNN7EXAMPLE and ASIAY34FZKBOKMUTVV7A."))
                .containsExactly("AKIAIOSFODNN7EXAMPLE", "ASIAY34FZKBOKMUTVV7A");
        assertThat(Found.by("aws_access_key", "AKIAIOSFODNN7EXAMPL AKIAIOSFODNN7EXAMPLEX xAKIAIOSFODNN7EXAMPLE")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "aws_secret_access_key = %s", "AWS_SECRET_ACCESS_KEY=%s", "\"SecretAccessKey\": \"%s\"", "aws_secret_key: '%s'"})
    void awsSecretKeysByName(String template) {
        assertThat(Found.by("aws_access_key", String.format(template, AWS_SECRET))).containsExactly(AWS_SECRET);
    }

    @Test
    void bareFortyCharacterStringIsNotAnAwsSecret() {
        assertThat(Found.by("aws_access_key", "sha " + AWS_SECRET)).isEmpty();
    }

    @Test
    void githubTokens() {
        String classic = "ghp_" + "a".repeat(10) + "B1c2D3e4F5g6H7i8J9k0L1m2N3";
        String fine = "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ012345678";
        assertThat(Found.by("github_token", "GH_TOKEN=" + classic + " and " + fine)).containsExactly(classic, fine);
        assertThat(Found.by("github_token", "ghp_short gho_ ghx_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")).isEmpty();
    }

    @Test
    void jwt() {
        assertThat(Found.by("jwt", "Authorization: Bearer " + JWT + "\n")).containsExactly(JWT);
        // Unsecured token: empty signature.
        String unsecured = JWT.substring(0, JWT.lastIndexOf('.') + 1);
        assertThat(Found.by("jwt", "t=" + unsecured + " ")).containsExactly(unsecured);
    }

    @Test
    void jwtFalsePositives() {
        assertThat(Found.by("jwt", "eyJhbGciOi.eyJzdWIiOi")).isEmpty(); // no third part separator
        assertThat(Found.by("jwt", "eyJ!!notbase64.eyJhbGciOiJIUzI1NiJ9.x")).isEmpty();
        assertThat(Found.by("jwt", "eyJub3QganNvbiBhdCBhbGw.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig")).isEmpty(); // header not an object
    }

    @Test
    void privateKeyBlocks() {
        String key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA75\nab+/cd==\n-----END RSA PRIVATE KEY-----";
        assertThat(Found.by("private_key", "key:\n" + key + "\nthanks")).containsExactly(key);
        String escaped = "-----BEGIN OPENSSH PRIVATE KEY-----\\nb3BlbnNzaC1rZXk\\n-----END OPENSSH PRIVATE KEY-----";
        assertThat(Found.by("private_key", "{\"k\":\"" + escaped + "\"}")).containsExactly(escaped);
    }

    @Test
    void truncatedPrivateKeyMaskedThroughItsBody() {
        String text = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\nand then the trace goes on";
        assertThat(Found.by("private_key", text))
                .containsExactly("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7");
    }

    @Test
    void publicKeysAndCertificatesAreNotPrivateKeys() {
        assertThat(Found.by("private_key", "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----")).isEmpty();
        assertThat(Found.by("private_key", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "postgres://app:s3cr3t@db.internal:5432/traces|s3cr3t",
        "redis://:hunter2@cache:6379|hunter2",
        "https://user:p@ss@example.com/x|p@ss",
        "jdbc:postgresql://h/db?user=app&password=Tr0ub4dor&ssl=true|Tr0ub4dor",
        "Server=tcp:x;User Id=app;Password=Sup3rS3cret;Encrypt=true|Sup3rS3cret",
        "host=db port=5432 user=app password='quoted secret' dbname=t|quoted secret",
        "host=db user=app PWD=abc123|abc123"})
    void passwordsInUrlsAndConnectionStrings(String text, String password) {
        assertThat(Found.by("password_in_url", "use " + text + " now")).containsExactly(password);
    }

    @Test
    void urlsWithoutPasswordsAreNotFindings() {
        assertThat(Found.by("password_in_url", "https://user@example.com/a:b@c https://example.com/?q=a:b")).isEmpty();
        assertThat(Found.by("password_in_url", "the password=is not in a connection string")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "OPENAI_API_KEY=sk-proj-abc123XYZ|sk-proj-abc123XYZ",
        "export DB_PASSWORD=hunter22|hunter22",
        "api_key: 9f8e7d6c5b4a|9f8e7d6c5b4a",
        "{\"client_secret\": \"abc\"}|abc",
        "password = \"correct horse battery staple\"|correct horse battery staple",
        "githubToken := 'xyz-789-abc'|xyz-789-abc",
        "Authorization: Bearer abc.def-123|abc.def-123",
        "\"authorization\": \"Basic dXNlcjpwYXNz\"|dXNlcjpwYXNz",
        "secret: correcthorsebatterystaple|correcthorsebatterystaple"})
    void secretAssignments(String text, String secret) {
        assertThat(Found.by("generic_secret", text)).containsExactly(secret);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "max_tokens: 4096", "the token: we need a new one", "Password: required", "tokenizer = bpe",
        "password: ${DB_PASSWORD}", "api_key = os.environ['KEY']", "\"password\": null", "secret == other",
        "password: ********", "token_count: 17", "\"api_key\": \"<redacted>\""})
    void notSecretAssignments(String text) {
        assertThat(Found.by("generic_secret", text)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Zx9Qm2Lp7Rt4Vw8Kb3Nc6Hd1Jf5Gs0Ay", "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "AbC12dEf34GhI56jKl78MnO90pQr"})
    void highEntropyTokens(String token) {
        assertThat(Found.by("generic_secret", "then use " + token + " for the call")).containsExactly(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", // sha-256 hex
        "123e4567-e89b-12d3-a456-426614174000", "parseHttp2ResponseHeaderV2Builder", "getUserAccountById2024Handler",
        "src/main/java/io/tracegate/Policy2Loader3", "AAAAAAAAAAAAAAAAAAAAAAAAAAAA", "ThisIsALongCamelCaseIdentifierName",
        "test_scanner_handles_20_findings_in_4kb"})
    void notHighEntropy(String token) {
        assertThat(Found.by("generic_secret", "see " + token + " here")).isEmpty();
    }
}
