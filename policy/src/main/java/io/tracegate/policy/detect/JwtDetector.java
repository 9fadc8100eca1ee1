package io.tracegate.policy.detect;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * JSON Web Tokens in compact form: {@code header.payload.signature}, base64url, where the
 * header and payload both start with {@code eyJ} (base64 of <code>{"</code>) and the header
 * decodes to a JSON object. The signature may be empty (unsecured tokens).
 */
final class JwtDetector implements Detector {
    static final String TYPE = "jwt";
    private static final int MIN_PART = 10;
    private static final int MAX_PART = 8192;

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean masked() {
        return true;
    }

    @Override
    public int specificity() {
        return 92;
    }

    @Override
    public void scan(ScanText scanText, FindingSink sink) {
        if (!scanText.mayContain('J')) {
            return;
        }
        String s = scanText.text();
        int e = s.indexOf("eyJ");
        while (e >= 0) {
            int end = Chars.boundaryBefore(s, e) ? tokenEnd(s, e) : -1;
            if (end > 0) {
                sink.found(e, end);
                e = s.indexOf("eyJ", end);
            } else {
                e = s.indexOf("eyJ", e + 3);
            }
        }
    }

    private static int tokenEnd(String s, int start) {
        int headerEnd = partEnd(s, start);
        if (headerEnd - start < MIN_PART || !dot(s, headerEnd) || !s.startsWith("eyJ", headerEnd + 1)) {
            return -1;
        }
        int payloadEnd = partEnd(s, headerEnd + 1);
        if (payloadEnd - headerEnd - 1 < MIN_PART || !dot(s, payloadEnd)) {
            return -1;
        }
        int end = partEnd(s, payloadEnd + 1);
        if (!Chars.boundaryAfter(s, end) || !headerIsJson(s, start, headerEnd)) {
            return -1;
        }
        return end;
    }

    private static boolean dot(String s, int i) {
        return i < s.length() && s.charAt(i) == '.';
    }

    private static int partEnd(String s, int from) {
        int i = from;
        while (i < s.length() && i - from < MAX_PART && base64Url(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean base64Url(char c) {
        return Chars.asciiAlnum(c) || c == '-' || c == '_';
    }

    private static boolean headerIsJson(String s, int start, int end) {
        try {
            byte[] header = Base64.getUrlDecoder().decode(s.substring(start, end));
            String json = new String(header, StandardCharsets.UTF_8).strip();
            return json.startsWith("{") && json.endsWith("}");
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }
}
