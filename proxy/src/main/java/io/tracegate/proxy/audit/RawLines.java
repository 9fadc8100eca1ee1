package io.tracegate.proxy.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Lines of a file as the bytes stored, so a hash covers exactly what is on disk (a decoder
 * would quietly repair invalid UTF-8). Tells whether the last line had its line break.
 */
final class RawLines {

    private final InputStream in;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private boolean terminated = true;

    RawLines(InputStream in) {
        this.in = in;
    }

    /** The next line without its line break, or null at the end. */
    byte[] next() throws IOException {
        ByteArrayOutputStream line = null;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (line == null) {
                        return null;
                    }
                    terminated = false;
                    return line.toByteArray();
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            if (position < limit) {
                byte[] found;
                if (line == null) {
                    found = Arrays.copyOfRange(buffer, start, position);
                } else {
                    line.write(buffer, start, position - start);
                    found = line.toByteArray();
                }
                position++;
                terminated = true;
                return found;
            }
            if (line == null) {
                line = new ByteArrayOutputStream();
            }
            line.write(buffer, start, position - start);
        }
    }

    /** False when the line {@link #next()} returned last ended at the end of the file without a line break. */
    boolean lastTerminated() {
        return terminated;
    }
}
