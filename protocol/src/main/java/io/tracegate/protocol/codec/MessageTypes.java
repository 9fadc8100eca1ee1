package io.tracegate.protocol.codec;

/**
 * A set of message type bytes, as a 256-entry table so the decoder's check is one array load.
 */
public final class MessageTypes {

    private final boolean[] members = new boolean[256];

    private MessageTypes() {
    }

    public static MessageTypes of(char... types) {
        MessageTypes set = new MessageTypes();
        for (char type : types) {
            set.members[type & 0xFF] = true;
        }
        return set;
    }

    public static MessageTypes all() {
        MessageTypes set = new MessageTypes();
        java.util.Arrays.fill(set.members, true);
        return set;
    }

    public boolean contains(byte type) {
        return members[type & 0xFF];
    }
}
