package io.tracegate.policy.detect;

import java.util.Set;

/**
 * Shell commands that reach other machines or run fetched code: {@code curl} and
 * {@code wget} with a remote target, {@code nc}/{@code ncat}/{@code netcat} with a host and a
 * port, {@code bash -c} and friends, output piped into a shell, and {@code /dev/tcp/}
 * redirections. A signal for rules, not masked. The finding covers the command through the
 * end of its line (a newline or an escaped {@code \n}).
 */
final class ShellCommandDetector implements Detector {
    static final String TYPE = "shell_command";
    private static final int MAX_LINE = 1024;
    private static final String[] FETCHERS = {"curl ", "wget "};
    private static final String[] NETCAT = {"nc ", "cat "};
    private static final Set<String> NETCAT_WORDS = Set.of("nc", "ncat", "netcat");
    /**
     * {@code sh -c} and {@code sh -i}, in one search for {@code sh -} and a check of the flag
     * letter; it also finds bash, zsh, dash, ksh: the word is read back from the match.
     */
    private static final String SHELL_FLAG = "sh -";
    private static final String SHELL_FLAG_LETTERS = "ci";
    private static final Set<String> SHELLS = Set.of("sh", "bash", "zsh", "dash", "ksh");
    private static final String[] PIPE_TARGETS = {"bash", "sh", "zsh", "python", "python3", "perl", "ruby"};

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean masked() {
        return false;
    }

    @Override
    public int specificity() {
        return 10;
    }

    @Override
    public void scan(ScanText scanText, FindingSink sink) {
        // Every command pattern holds a space, a pipe or ("/dev/tcp/") a slash.
        if (!scanText.mayContain(' ') && !scanText.mayContain('|') && !scanText.mayContain('/')) {
            return;
        }
        String s = scanText.text();
        String lower = scanText.lower();
        Ranges found = new Ranges();
        for (String cmd : FETCHERS) {
            forEachCommand(lower, cmd, (start, lineEnd) -> {
                if (remoteTarget(lower, start + cmd.length(), lineEnd)) {
                    found.add(start, lineEnd);
                }
            });
        }
        for (String tail : NETCAT) {
            forEachWordEndingIn(lower, tail, "", NETCAT_WORDS, (start, lineEnd) -> {
                int args = lower.indexOf(' ', start) + 1;
                if (remoteTarget(lower, args, lineEnd) && hasPort(lower, args, lineEnd)) {
                    found.add(start, lineEnd);
                }
            });
        }
        forEachWordEndingIn(lower, SHELL_FLAG, SHELL_FLAG_LETTERS, SHELLS, found::add);
        int pipe = lower.indexOf('|');
        while (pipe >= 0) {
            int p = pipe + 1;
            while (p < lower.length() && lower.charAt(p) == ' ') {
                p++;
            }
            for (String target : PIPE_TARGETS) {
                int end = p + target.length();
                if (lower.startsWith(target, p) && (end == lower.length() || !Chars.word(lower.charAt(end)))
                        && (pipe == 0 || lower.charAt(pipe - 1) != '|')) {
                    found.add(lineStart(lower, pipe), lineEnd(lower, end));
                    break;
                }
            }
            pipe = lower.indexOf('|', pipe + 1);
        }
        int tcp = lower.indexOf("/dev/tcp/");
        while (tcp >= 0) {
            found.add(lineStart(lower, tcp), lineEnd(lower, tcp));
            tcp = lower.indexOf("/dev/tcp/", tcp + 9);
        }
        found.emit(sink);
    }

    private interface CommandSink {
        void command(int start, int lineEnd);
    }

    /** Calls {@code sink} for each occurrence of {@code cmd} where a command word may start. */
    private static void forEachCommand(String lower, String cmd, CommandSink sink) {
        int k = lower.indexOf(cmd);
        while (k >= 0) {
            if (k == 0 || commandBoundary(lower.charAt(k - 1))) {
                sink.command(k, lineEnd(lower, k + cmd.length()));
            }
            k = lower.indexOf(cmd, k + cmd.length());
        }
    }

    /**
     * Like {@link #forEachCommand} for a pattern whose first word may be the tail of a longer
     * command word ({@code cat } of {@code netcat }, {@code sh -c} of {@code bash -c}): the
     * whole word is read back and must be one of {@code words}. When {@code flags} is not
     * empty, one of its characters must follow the pattern and belongs to the match.
     */
    private static void forEachWordEndingIn(String lower, String pattern, String flags, Set<String> words,
                                            CommandSink sink) {
        int wordTail = pattern.indexOf(' ');
        int matchLength = pattern.length() + (flags.isEmpty() ? 0 : 1);
        int k = lower.indexOf(pattern);
        while (k >= 0) {
            int flag = k + pattern.length();
            if (flags.isEmpty() || (flag < lower.length() && flags.indexOf(lower.charAt(flag)) >= 0)) {
                int start = k;
                while (start > 0 && k - start < 8 && Chars.lower(lower.charAt(start - 1))) {
                    start--;
                }
                if ((start == 0 || commandBoundary(lower.charAt(start - 1)))
                        && words.contains(lower.substring(start, k + wordTail))) {
                    sink.command(start, lineEnd(lower, k + matchLength));
                }
            }
            k = lower.indexOf(pattern, k + pattern.length());
        }
    }

    private static boolean commandBoundary(char c) {
        return Chars.whitespace(c) || c == '|' || c == ';' || c == '&' || c == '`' || c == '(' || c == '"'
                || c == '\'' || c == '$' || c == '/' || c == '>';
    }

    private static int lineEnd(String s, int from) {
        int n = s.length();
        int i = from;
        while (i < n && i - from < MAX_LINE && s.charAt(i) != '\n' && s.charAt(i) != '\r'
                && !(s.charAt(i) == '\\' && i + 1 < n && s.charAt(i + 1) == 'n')) {
            i++;
        }
        while (i > from && Chars.whitespace(s.charAt(i - 1))) {
            i--;
        }
        return i;
    }

    private static int lineStart(String s, int at) {
        int i = at;
        while (i > 0 && at - i < MAX_LINE && s.charAt(i - 1) != '\n' && s.charAt(i - 1) != '\r'
                && !(s.charAt(i - 1) == 'n' && i >= 2 && s.charAt(i - 2) == '\\')) {
            i--;
        }
        while (i < at && Chars.whitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** An argument that names another machine: a URL, a dotted host name or an IPv4 address. */
    private static boolean remoteTarget(String lower, int from, int to) {
        int i = from;
        while (i < to) {
            while (i < to && lower.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            while (i < to && lower.charAt(i) != ' ') {
                i++;
            }
            if (i > start && lower.charAt(start) != '-' && hostLike(lower, start, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hostLike(String s, int start, int end) {
        for (int i = start + 1; i < end - 1; i++) {
            char c = s.charAt(i);
            if (c == ':' && s.startsWith("://", i)) {
                return true;
            }
            if (c == '.' && Chars.alnum(s.charAt(i - 1)) && Chars.alnum(s.charAt(i + 1))) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasPort(String lower, int from, int to) {
        int i = from;
        while (i < to) {
            while (i < to && lower.charAt(i) == ' ') {
                i++;
            }
            int start = i;
            boolean digits = true;
            while (i < to && lower.charAt(i) != ' ') {
                digits &= Chars.digit(lower.charAt(i));
                i++;
            }
            if (i > start && digits && i - start <= 5) {
                return true;
            }
        }
        return false;
    }
}
