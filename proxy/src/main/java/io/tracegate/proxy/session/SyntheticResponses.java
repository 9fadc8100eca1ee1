package io.tracegate.proxy.session;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Tracks the ParseComplete messages the upstream owes, so the one answering a Parse the gateway
 * inserted on its own is dropped instead of confusing the client.
 *
 * <p>Every Parse sent upstream queues one entry, every Sync (and every Query or FunctionCall,
 * which also end in ReadyForQuery) a boundary. A ParseComplete answers the oldest Parse; an
 * ErrorResponse makes the server skip the rest of the batch, so the Parses queued before the next
 * boundary will never be answered; a ReadyForQuery closes the oldest batch.
 */
final class SyntheticResponses {

    private enum Entry { CLIENT_PARSE, GATEWAY_PARSE, BOUNDARY }

    private final Deque<Entry> pending = new ArrayDeque<>();
    private int gatewayParses;

    void parseSent(boolean insertedByGateway) {
        if (insertedByGateway) {
            gatewayParses++;
        }
        pending.addLast(insertedByGateway ? Entry.GATEWAY_PARSE : Entry.CLIENT_PARSE);
    }

    void boundarySent() {
        pending.addLast(Entry.BOUNDARY);
    }

    /** True when this ParseComplete answers a Parse the gateway inserted: do not relay it. */
    boolean swallowParseComplete() {
        // Answers arrive in order, so a ParseComplete always meets a Parse of the current batch.
        if (pending.isEmpty() || pending.peekFirst() == Entry.BOUNDARY) {
            return false;
        }
        if (pending.pollFirst() == Entry.GATEWAY_PARSE) {
            gatewayParses--;
            return true;
        }
        return false;
    }

    void errorReceived() {
        while (!pending.isEmpty() && pending.peekFirst() != Entry.BOUNDARY) {
            if (pending.pollFirst() == Entry.GATEWAY_PARSE) {
                gatewayParses--;
            }
        }
    }

    void readyReceived() {
        while (!pending.isEmpty()) {
            Entry head = pending.pollFirst();
            if (head == Entry.GATEWAY_PARSE) {
                gatewayParses--;
            }
            if (head == Entry.BOUNDARY) {
                break;
            }
        }
    }

    /** True while some inserted Parse is still unanswered; only then must ParseComplete be inspected. */
    boolean active() {
        return gatewayParses > 0;
    }
}
