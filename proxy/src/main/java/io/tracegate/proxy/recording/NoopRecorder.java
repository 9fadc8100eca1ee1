package io.tracegate.proxy.recording;

import java.util.List;

/** The recorder of every session while recording is off. */
final class NoopRecorder implements SessionRecorder {

    static final NoopRecorder INSTANCE = new NoopRecorder();

    private NoopRecorder() {
    }

    @Override
    public void clientMessage(char type, String summary, List<String> maskedParameters) {
    }

    @Override
    public void serverMessage(char type, String summary) {
    }

    @Override
    public void row(List<String> values) {
    }

    @Override
    public boolean recordsRows() {
        return false;
    }

    @Override
    public void close() {
    }
}
