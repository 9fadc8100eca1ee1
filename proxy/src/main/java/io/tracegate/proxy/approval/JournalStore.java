package io.tracegate.proxy.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded store of a single gateway: requests in memory, every change appended to a JSON
 * Lines journal and forced to disk before it counts. At start the journal is read back; requests
 * it still shows pending were held by a gateway that stopped without deciding them, and are
 * handed to the service as {@linkplain #orphans orphans} to be recorded as rejected, so a
 * restart never drops one silently. The journal is then rewritten with only what is still
 * useful (those orphans and the most recent decisions), so it does not grow without bound.
 *
 * <p>Journal lines: {@code {"op":"request","approval":{...}}} and
 * {@code {"op":"decision","id":"...","decision":{...}}}.
 */
final class JournalStore implements ApprovalStore {

    private static final Logger log = LoggerFactory.getLogger(JournalStore.class);

    static final String FILE_NAME = "approvals.journal.jsonl";
    /** Decided requests kept for the reviewer page and for 409 answers. */
    static final int DECIDED_KEPT = 1000;

    private final Path file;
    private final Map<String, ApprovalView> pending = new LinkedHashMap<>();
    private final LinkedHashMap<String, ApprovalView> decided = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ApprovalView> eldest) {
            return size() > DECIDED_KEPT;
        }
    };
    private final List<ApprovalView> recovered;
    private FileChannel channel;

    private JournalStore(Path file, List<ApprovalView> recovered, FileChannel channel) {
        this.file = file;
        this.recovered = recovered;
        this.channel = channel;
    }

    /** Opens (or creates) the journal in {@code directory}, recovering what it holds. */
    static JournalStore open(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        try {
            Files.createDirectories(directory);
            Map<String, ApprovalView> read = Files.exists(file) ? readJournal(file) : new LinkedHashMap<>();
            List<ApprovalView> stillPending = new ArrayList<>();
            List<ApprovalView> done = new ArrayList<>();
            read.values().forEach(view -> (view.pending() ? stillPending : done).add(view));
            done.sort(Comparator.comparing(view -> view.decision().orElseThrow().decidedAt()));
            List<ApprovalView> kept = done.subList(Math.max(0, done.size() - DECIDED_KEPT), done.size());
            compact(file, stillPending, kept);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            JournalStore store = new JournalStore(file, stillPending, channel);
            stillPending.forEach(view -> store.pending.put(view.id(), view));
            kept.forEach(view -> store.decided.put(view.id(), view));
            if (!stillPending.isEmpty()) {
                log.warn("{} approval request(s) were pending when the gateway last stopped; recording them as rejected",
                        stillPending.size());
            }
            return store;
        } catch (IOException e) {
            throw new ApprovalStoreException("cannot open the approval journal " + file, e);
        }
    }

    private static Map<String, ApprovalView> readJournal(Path file) throws IOException {
        Map<String, ApprovalView> views = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode entry = ApprovalJson.read(line);
                String op = entry.path("op").asText();
                if (op.equals("request")) {
                    ApprovalView view = ApprovalJson.view(entry.get("approval"));
                    views.put(view.id(), view);
                } else if (op.equals("decision")) {
                    ApprovalView view = views.get(entry.path("id").asText());
                    if (view != null && view.pending()) {
                        views.put(view.id(), view.withDecision(ApprovalJson.decision(entry.get("decision"))));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // A line cut short by a crash mid-write; every earlier line is whole.
                log.warn("skipping unreadable line {} of the approval journal {}: {}", i + 1, file, e.getMessage());
            }
        }
        return views;
    }

    /** Rewrites the journal with only {@code views}, through a temporary file and an atomic rename. */
    private static void compact(Path file, List<ApprovalView> pendingViews, List<ApprovalView> decidedViews)
            throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (ApprovalView view : decidedViews) {
                writeFully(out, requestLine(view));
            }
            for (ApprovalView view : pendingViews) {
                writeFully(out, requestLine(view));
            }
            out.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String requestLine(ApprovalView view) {
        ObjectNode entry = ApprovalJson.MAPPER.createObjectNode();
        entry.put("op", "request");
        entry.set("approval", ApprovalJson.toJson(view));
        return ApprovalJson.write(entry) + "\n";
    }

    private static String decisionLine(String id, ApprovalDecision decision) {
        ObjectNode entry = ApprovalJson.MAPPER.createObjectNode();
        entry.put("op", "decision");
        entry.put("id", id);
        entry.set("decision", ApprovalJson.toJson(decision));
        return ApprovalJson.write(entry) + "\n";
    }

    private static void writeFully(FileChannel out, String line) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    private void append(String line) {
        try {
            writeFully(channel, line);
            channel.force(false);
        } catch (IOException e) {
            throw new ApprovalStoreException("cannot write the approval journal " + file, e);
        }
    }

    @Override
    public synchronized void insert(ApprovalView approval) {
        append(requestLine(approval));
        pending.put(approval.id(), approval);
    }

    @Override
    public synchronized Optional<ApprovalView> find(String id) {
        ApprovalView view = pending.get(id);
        return Optional.ofNullable(view != null ? view : decided.get(id));
    }

    @Override
    public synchronized List<ApprovalView> pending() {
        return new ArrayList<>(pending.values());
    }

    @Override
    public synchronized List<ApprovalView> recent(int limit) {
        List<ApprovalView> views = new ArrayList<>(decided.values());
        List<ApprovalView> newestFirst = new ArrayList<>();
        for (int i = views.size() - 1; i >= 0 && newestFirst.size() < limit; i--) {
            newestFirst.add(views.get(i));
        }
        return newestFirst;
    }

    @Override
    public synchronized Optional<ApprovalView> decide(String id, ApprovalDecision decision) {
        ApprovalView view = pending.get(id);
        if (view == null) {
            return Optional.empty();
        }
        append(decisionLine(id, decision));
        pending.remove(id);
        ApprovalView done = view.withDecision(decision);
        decided.put(id, done);
        return Optional.of(done);
    }

    /** The requests the journal showed pending at open, once; a live gateway leaves no others. */
    @Override
    public synchronized List<Orphan> orphans(Instant now) {
        List<Orphan> orphans = new ArrayList<>();
        for (ApprovalView view : recovered) {
            if (pending.containsKey(view.id())) {
                orphans.add(new Orphan(view, ApprovalDecision.Outcome.REJECTED,
                        "the gateway stopped while this request was pending; its transaction was rolled back"));
            }
        }
        recovered.clear();
        return orphans;
    }

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public synchronized void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            log.warn("closing the approval journal {}: {}", file, e.getMessage());
        } finally {
            channel = null;
        }
    }
}
