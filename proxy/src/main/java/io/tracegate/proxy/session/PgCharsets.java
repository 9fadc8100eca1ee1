package io.tracegate.proxy.session;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** Java charsets for PostgreSQL's client_encoding names, so SQL text is read as the server reads it. */
final class PgCharsets {

    private static final Map<String, String> JAVA_NAMES = Map.ofEntries(
            Map.entry("UTF8", "UTF-8"), Map.entry("UNICODE", "UTF-8"),
            Map.entry("LATIN1", "ISO-8859-1"), Map.entry("LATIN2", "ISO-8859-2"),
            Map.entry("LATIN9", "ISO-8859-15"), Map.entry("WIN1250", "windows-1250"),
            Map.entry("WIN1251", "windows-1251"), Map.entry("WIN1252", "windows-1252"),
            Map.entry("KOI8R", "KOI8-R"), Map.entry("EUC_JP", "EUC-JP"), Map.entry("SJIS", "Shift_JIS"),
            Map.entry("GBK", "GBK"), Map.entry("BIG5", "Big5"), Map.entry("EUC_KR", "EUC-KR"),
            // SQL_ASCII means "bytes, unchecked": ISO-8859-1 maps every byte to one char and back.
            Map.entry("SQL_ASCII", "ISO-8859-1"));

    private PgCharsets() {
    }

    /** The charset for {@code pgName}, or UTF-8 when Java has no match. */
    static Charset forEncoding(String pgName) {
        String javaName = JAVA_NAMES.get(pgName.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "")
                .replace("SQLASCII", "SQL_ASCII").replace("EUCJP", "EUC_JP").replace("EUCKR", "EUC_KR"));
        if (javaName == null) {
            return StandardCharsets.UTF_8;
        }
        return Charset.isSupported(javaName) ? Charset.forName(javaName) : StandardCharsets.UTF_8;
    }
}
