package io.tracegate.proxy.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.tracegate.protocol.SqlState;
import io.tracegate.protocol.codec.PgFrame;
import io.tracegate.protocol.codec.PgProtocolException;
import io.tracegate.protocol.message.Bind;
import io.tracegate.protocol.message.Close;
import io.tracegate.protocol.message.Describe;
import io.tracegate.protocol.message.Execute;
import io.tracegate.protocol.message.Parse;
import io.tracegate.protocol.message.Query;
import io.tracegate.policy.Identity;
import io.tracegate.policy.SqlSettings;
import io.tracegate.policy.StatementKind;
import io.tracegate.policy.engine.BindVerdict;
import io.tracegate.policy.engine.Decision;
import io.tracegate.policy.engine.ParameterSlot;
import io.tracegate.policy.engine.PolicyEngine;
import io.tracegate.policy.engine.PreparedPlan;
import io.tracegate.policy.engine.QueryVerdict;
import io.tracegate.policy.engine.StatementSummary;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Applies the policy to what a client sends before it goes upstream: Query, Parse, Bind,
 * Execute, Close, Describe (its kind checked), Sync, FunctionCall and COPY data. Unchanged
 * messages leave as the very bytes that arrived; only rewritten ones are re-encoded.
 *
 * <p>Refusals become a statement that makes the server raise the error ({@link Refusals}).
 * A hold returns a stage; the session reads nothing more from the client until it completes.
 * So does a large Query or Bind, whose policy evaluation runs on a {@link PolicyWorkers} thread.
 * The hold's outcome is acted on on the session's event loop, like everything else here: the
 * decision arrives on whatever thread made it (a reviewer's HTTP call, the approvals timer).
 */
final class FrontendGate {

    private static final String REFUSAL_STATEMENT_PREFIX = "tracegate_refusal_";
    /** io_error: the gateway's own audit log, not the database, cannot be written. */
    private static final String AUDIT_UNAVAILABLE = "58030";

    private final PolicyEngine engine;
    private final Identity identity;
    private final Supplier<Charset> charset;
    private final Supplier<SqlSettings> settings;
    private final Consumer<ByteBuf> upstream;
    private final ByteBufAllocator alloc;
    private final StatementTracker tracker;
    private final SyntheticResponses synthetic;
    private final TransactionHolds holds;
    private final PreparedStatements prepared = new PreparedStatements();
    private final CopyInMasking copyIn;
    private final SessionObserver observer;
    private final Supplier<Optional<String>> auditRefusal;
    /** The session's event loop: a hold's outcome is acted on there, like everything else of the session. */
    private final Executor loop;
    /** Where large statements are evaluated; the verdict is acted on back on {@link #loop}. */
    private final PolicyWorkers workers;
    /**
     * Flushes what was sent and completes once all of it is answered (ReadyForQuery): after a
     * statement that may change standard_conforming_strings or client_encoding, the next message
     * must be read with the values the server then reports, so the session waits for them.
     */
    private final Supplier<CompletionStage<Void>> answered;
    /** A Bind of a statement that may change SQL settings went out; the next Sync waits for its answer. */
    private boolean settingsMayChange;
    private int refusalStatements;

    FrontendGate(PolicyEngine engine, Identity identity, Supplier<Charset> charset, Supplier<SqlSettings> settings,
            Consumer<ByteBuf> upstream, ByteBufAllocator alloc, StatementTracker tracker,
            SyntheticResponses synthetic, TransactionHolds holds, SessionObserver observer,
            Supplier<Optional<String>> auditRefusal, Executor loop, PolicyWorkers workers,
            Supplier<CompletionStage<Void>> answered) {
        this.engine = engine;
        this.identity = identity;
        this.charset = charset;
        this.settings = settings;
        this.upstream = upstream;
        this.alloc = alloc;
        this.tracker = tracker;
        this.synthetic = synthetic;
        this.holds = holds;
        this.copyIn = new CopyInMasking(engine, upstream, alloc);
        this.observer = observer;
        this.auditRefusal = auditRefusal;
        this.loop = loop;
        this.workers = workers;
        this.answered = answered;
    }

    /**
     * Handles one client frame, taking ownership of it. Returns null when it is done, or a stage
     * that completes when the session may read the next message (a hold).
     */
    CompletionStage<Void> onFrame(PgFrame frame) {
        switch (frame.type()) {
            case 'Q':
                return onQuery(frame);
            case 'P':
                onParse(frame);
                return null;
            case 'B':
                return onBind(frame);
            case 'E':
                onExecute(frame);
                return null;
            case 'C':
                onClose(frame);
                return null;
            case 'D':
                // Checked, not decoded: a kind the server would refuse is refused here, never relayed.
                checkProtocol(frame, () -> Describe.kind(frame.body()));
                upstream.accept(frame.content());
                return null;
            case 'S':
                observer.clientMessage('S', "sync", List.of());
                prepared.synced();
                synthetic.boundarySent();
                tracker.boundary();
                upstream.accept(frame.content());
                if (settingsMayChange) {
                    settingsMayChange = false;
                    return answered.get();
                }
                return null;
            case 'F':
                onFunctionCall(frame);
                return null;
            case 'd':
            case 'c':
            case 'f':
                observer.clientMessage((char) frame.type(), frame.type() == 'd' ? "copy data, " + frame.bodyLength()
                        + " bytes" : frame.type() == 'c' ? "copy done" : "copy fail", List.of());
                copyIn.onFrame(frame, charset.get());
                return null;
            default:
                upstream.accept(frame.content());
                return null;
        }
    }

    // ---- simple query ----------------------------------------------------------------------

    private CompletionStage<Void> onQuery(PgFrame frame) {
        Query query = Query.decode(frame.body(), charset.get());
        SqlSettings sqlSettings = settings.get();
        if (workers.takes(query.sql())) {
            return workers.evaluate(() -> engine.evaluateQuery(identity, query.sql(), sqlSettings))
                    .whenComplete((verdict, failure) -> {
                        if (failure != null) {
                            frame.release();
                        }
                    })
                    .thenComposeAsync(verdict -> {
                        CompletionStage<Void> next = onQueryVerdict(frame, query, verdict);
                        return next != null ? next : CompletableFuture.completedFuture(null);
                    }, loop);
        }
        return onQueryVerdict(frame, query, engine.evaluateQuery(identity, query.sql(), sqlSettings));
    }

    private CompletionStage<Void> onQueryVerdict(PgFrame frame, Query query, QueryVerdict verdict) {
        synthetic.boundarySent();
        observer.clientMessage('Q', auditedText(verdict.statements()), List.of());
        Optional<String> auditDown = auditRefusal.get();
        if (auditDown.isPresent()) {
            frame.release();
            Decision.Block block = auditBlock(auditDown.get());
            sendRefusalQuery(verdict.statements(), block, block.sqlState(), block.message(), block.detail());
            return null;
        }
        Decision decision = verdict.decision();
        if (decision instanceof Decision.Hold hold) {
            StatementSummary summary = held(verdict.statements());
            String forward = verdict.forwardSql();
            ByteBuf original = verdict.forwardSql().equals(query.sql()) ? frame.content().retain() : null;
            frame.release();
            return holds.hold(hold, summary, List.of()).thenAcceptAsync(outcome -> {
                for (StatementSummary statement : verdict.statements()) {
                    tracker.sent(statement, outcome.decisionLabel(), hold.ruleName(), List.of(),
                            outcome.approvalId(), outcome.reviewer());
                }
                tracker.boundary();
                if (outcome.approved()) {
                    verdict.copy().ifPresent(copyIn::expect);
                    upstream.accept(original != null ? original : encodeQuery(forward));
                } else {
                    if (original != null) {
                        original.release();
                    }
                    upstream.accept(encodeQuery(Refusals.raiseStatement(outcome.sqlState(), outcome.message(),
                            outcome.detail())));
                }
            }, loop);
        }
        if (decision instanceof Decision.Block block) {
            frame.release();
            sendRefusalQuery(verdict.statements(), block, block.sqlState(), block.message(), block.detail());
            return null;
        }
        track(verdict.statements(), decision, List.of());
        verdict.copy().ifPresent(copyIn::expect);
        if (verdict.forwardSql().equals(query.sql())) {
            upstream.accept(frame.content());
        } else {
            frame.release();
            upstream.accept(encodeQuery(verdict.forwardSql()));
        }
        return verdict.changesSqlSettings() ? answered.get() : null;
    }

    /** Statements are refused while they cannot be audited (audit.on_failure: block). */
    private static Decision.Block auditBlock(String problem) {
        return new Decision.Block("(audit)", AUDIT_UNAVAILABLE, "statement refused: the audit log cannot be written",
                problem + "; audit.on_failure is block, so nothing runs unaudited");
    }

    private static String auditedText(List<StatementSummary> statements) {
        if (statements.size() == 1) {
            return statements.get(0).forwardedText();
        }
        StringBuilder text = new StringBuilder();
        for (StatementSummary statement : statements) {
            text.append(statement.forwardedText()).append(";\n");
        }
        return text.toString();
    }

    /**
     * Refuses a whole Query. Each of its statements is audited as refused: the first with the
     * error, the others as not executed, so a refused DROP behind a harmless SELECT still shows.
     */
    private void sendRefusalQuery(List<StatementSummary> statements, Decision decision,
            String sqlState, String message, String detail) {
        track(statements.isEmpty() ? List.of(first(statements)) : statements, decision, List.of());
        upstream.accept(encodeQuery(Refusals.raiseStatement(sqlState, message, detail)));
    }

    /**
     * What a reviewer is asked to approve for a held Query: all of its statements, since
     * approving releases them all (the first alone could be a harmless SELECT before the write).
     */
    private static StatementSummary held(List<StatementSummary> statements) {
        if (statements.size() <= 1) {
            return first(statements);
        }
        StatementKind kind = statements.stream().map(StatementSummary::kind).filter(StatementKind::writes)
                .findFirst().orElse(statements.get(0).kind());
        Set<String> tables = new TreeSet<>();
        Map<String, Integer> findings = new TreeMap<>();
        for (StatementSummary statement : statements) {
            tables.addAll(statement.tables());
            statement.findings().forEach((type, count) -> findings.merge(type, count, Integer::sum));
        }
        return new StatementSummary(kind, tables, auditedText(statements), findings);
    }

    private void track(List<StatementSummary> statements, Decision decision, List<String> parameters) {
        for (StatementSummary statement : statements) {
            tracker.sent(statement, decision, parameters);
        }
        tracker.boundary();
    }

    // ---- extended query --------------------------------------------------------------------

    private void onParse(PgFrame frame) {
        Parse parse = Parse.decode(frame.body(), charset.get());
        PreparedPlan plan = engine.prepare(identity, parse.query(), settings.get());
        prepared.parsed(parse.statement(), plan, parse.parameterTypes());
        synthetic.parseSent(false);
        observer.clientMessage('P', plan.statement().forwardedText(), List.of());
        String forward = plan.decision() instanceof Decision.Block block
                ? Refusals.raiseStatement(block.sqlState(), block.message(), block.detail())
                : plan.forwardSql();
        if (forward.equals(parse.query())) {
            upstream.accept(frame.content());
        } else {
            frame.release();
            upstream.accept(encode(new Parse(parse.statement(), forward, parse.parameterTypes())));
        }
    }

    private CompletionStage<Void> onBind(PgFrame frame) {
        Charset cs = charset.get();
        PreparedStatements.Statement statement = prepared.statement(Bind.peekStatement(frame.body(), cs));
        if (statement == null) {
            // Never parsed through this session: the server will answer with its own error.
            upstream.accept(frame.content());
            return null;
        }
        settingsMayChange |= statement.plan().changesSqlSettings();
        PreparedPlan plan = statement.plan();
        Optional<String> auditDown = auditRefusal.get();
        if (auditDown.isPresent()) {
            Bind bind = Bind.decode(frame.body(), cs);
            frame.release();
            refuseBind(bind, plan, auditBlock(auditDown.get()), null, List.of());
            return null;
        }
        if (plan.bindNeedsInspection()) {
            Bind bind = Bind.decode(frame.body(), cs);
            frame.release();
            return inspectBind(bind, statement, cs);
        }
        if (plan.decision() instanceof Decision.Hold hold) {
            Bind bind = Bind.decode(frame.body(), cs);
            ByteBuf original = frame.content().retain();
            frame.release();
            return holdBind(hold, bind, statement, List.of(), original);
        }
        prepared.bound(Bind.peekPortal(frame.body(), cs), statement, List.of(),
                PreparedStatements.Verdict.of(plan.decision()));
        observer.clientMessage('B', "bind", List.of());
        upstream.accept(frame.content());
        return null;
    }

    private CompletionStage<Void> inspectBind(Bind bind, PreparedStatements.Statement statement, Charset cs) {
        PreparedPlan plan = statement.plan();
        List<String> texts = new ArrayList<>(Collections.nCopies(bind.parameters().size(), (String) null));
        for (ParameterSlot slot : plan.protectedSlots()) {
            if (slot.index() >= bind.parameters().size() || bind.parameters().get(slot.index()) == null) {
                continue;
            }
            Optional<String> text = BindValues.read(bind.parameters().get(slot.index()),
                    bind.parameterFormat(slot.index()), statement.parameterType(slot.index()), cs);
            if (text.isEmpty()) {
                refuseBind(bind, plan, new Decision.Block(plan.decision().ruleName(), SqlState.INSUFFICIENT_PRIVILEGE,
                        "parameter $" + (slot.index() + 1) + " for protected column " + slot.column()
                                + " is sent in a binary format the gateway cannot inspect",
                        "send it in text format (its type OID is " + statement.parameterType(slot.index()) + ")"),
                        null, List.of());
                return null;
            }
            texts.set(slot.index(), text.get());
        }
        if (plan.inspectAllParameters()) {
            // Scanned for findings only; values that cannot be read as text carry none a rule could name.
            for (int i = 0; i < bind.parameters().size(); i++) {
                if (texts.get(i) == null && bind.parameters().get(i) != null) {
                    texts.set(i, BindValues.read(bind.parameters().get(i), bind.parameterFormat(i),
                            statement.parameterType(i), cs).orElse(null));
                }
            }
        }
        if (workers.takes(texts)) {
            return workers.evaluate(() -> engine.evaluateBind(identity, plan, texts))
                    .thenComposeAsync(verdict -> {
                        CompletionStage<Void> next = onBindVerdict(bind, statement, cs, texts, verdict);
                        return next != null ? next : CompletableFuture.completedFuture(null);
                    }, loop);
        }
        return onBindVerdict(bind, statement, cs, texts, engine.evaluateBind(identity, plan, texts));
    }

    private CompletionStage<Void> onBindVerdict(Bind bind, PreparedStatements.Statement inspected, Charset cs,
            List<String> texts, BindVerdict verdict) {
        // Audited (and held, refused) with the findings of this Bind's values, not only of the text.
        PreparedStatements.Statement statement = inspected.withFindings(verdict.findings());
        PreparedPlan plan = statement.plan();
        List<byte[]> values = new ArrayList<>(bind.parameters());
        for (ParameterSlot slot : plan.protectedSlots()) {
            String original = texts.get(slot.index());
            String masked = verdict.values().get(slot.index());
            if (original != null && !original.equals(masked)) {
                values.set(slot.index(), BindValues.write(masked, bind.parameterFormat(slot.index()),
                        statement.parameterType(slot.index()), cs));
            }
        }
        List<String> audited = auditedParameters(plan, verdict.values());
        if (verdict.decision() instanceof Decision.Block block) {
            // Not its values: a value the masker refused (malformed JSON) is still raw here.
            refuseBind(bind, plan, block, null, List.of());
            return null;
        }
        ByteBuf forward = encode(bind.withParameters(values), cs);
        if (verdict.decision() instanceof Decision.Hold hold) {
            return holdBind(hold, bind, statement, audited, forward);
        }
        prepared.bound(bind.portal(), statement, audited, PreparedStatements.Verdict.of(verdict.decision()));
        observer.clientMessage('B', "bind", audited);
        upstream.accept(forward);
        return null;
    }

    /**
     * Holds a Bind until a reviewer decides. Its portal is recorded with the outcome, so the
     * Execute that follows is audited as approved or rejected.
     */
    private CompletionStage<Void> holdBind(Decision.Hold hold, Bind bind, PreparedStatements.Statement statement,
            List<String> audited, ByteBuf forward) {
        PreparedPlan plan = statement.plan();
        return holds.hold(hold, plan.statement(), audited).thenAcceptAsync(outcome -> {
            PreparedStatements.Verdict verdict = new PreparedStatements.Verdict(outcome.decisionLabel(),
                    hold.ruleName(), outcome.approvalId(), outcome.reviewer());
            if (tracker.abandoned()) {
                // The client left while held: no Execute will come to audit it, so audit it here, once.
                forward.release();
                tracker.sent(plan.statement(), verdict.decision(), verdict.ruleName(), audited, verdict.approvalId(),
                        verdict.reviewer());
                return;
            }
            if (outcome.approved()) {
                prepared.bound(bind.portal(), statement, audited, verdict);
                observer.clientMessage('B', "bind (approved " + outcome.approvalId() + ")", audited);
                upstream.accept(forward);
            } else {
                forward.release();
                refuseBind(bind, plan, new Decision.Block(hold.ruleName(), outcome.sqlState(), outcome.message(),
                        outcome.detail()), verdict, audited);
            }
        }, loop);
    }

    /**
     * Replaces a Bind with one of a freshly parsed refusal statement: its Execute then raises the
     * error in stream order. The extra ParseComplete is swallowed on the way back.
     *
     * @param verdict how the Execute is audited; null to audit it as this block
     * @param audited the masked parameter values the refused Bind carried, for its audit event
     */
    private void refuseBind(Bind bind, PreparedPlan plan, Decision.Block block, PreparedStatements.Verdict verdict,
            List<String> audited) {
        String name = REFUSAL_STATEMENT_PREFIX + (++refusalStatements);
        prepared.parsed(name, new PreparedPlan(block, plan.forwardSql(), plan.statement(), List.of(), false), new int[0]);
        prepared.bound(bind.portal(), prepared.statement(name), audited,
                verdict != null ? verdict : PreparedStatements.Verdict.of(block));
        synthetic.parseSent(true);
        String raise = Refusals.raiseStatement(block.sqlState(), block.message(), block.detail());
        upstream.accept(encode(new Parse(name, raise, new int[0])));
        upstream.accept(encode(new Bind(bind.portal(), name, new short[0], List.of(), bind.resultFormats()),
                charset.get()));
    }

    private static List<String> auditedParameters(PreparedPlan plan, List<String> masked) {
        List<String> audited = new ArrayList<>(Collections.nCopies(masked.size(), (String) null));
        for (ParameterSlot slot : plan.protectedSlots()) {
            if (slot.index() < masked.size()) {
                audited.set(slot.index(), masked.get(slot.index()));
            }
        }
        return audited;
    }

    private void onExecute(PgFrame frame) {
        Execute execute = Execute.decode(frame.body(), charset.get());
        PreparedStatements.Portal portal = prepared.portal(execute.portal());
        if (portal != null) {
            PreparedStatements.Verdict verdict = portal.verdict();
            tracker.sent(portal.statement().plan().statement(), verdict.decision(), verdict.ruleName(),
                    portal.auditedParameters(), verdict.approvalId(), verdict.reviewer());
        }
        observer.clientMessage('E', "execute " + (execute.maxRows() == 0 ? "all rows" : execute.maxRows() + " rows"),
                List.of());
        upstream.accept(frame.content());
    }

    private void onClose(PgFrame frame) {
        Close close = checkProtocol(frame, () -> Close.decode(frame.body(), charset.get()));
        if (close.kind() == Close.STATEMENT) {
            prepared.closeStatement(close.name());
        } else {
            prepared.closePortal(close.name());
        }
        upstream.accept(frame.content());
    }

    /** Decodes with {@code decoder}; a protocol violation releases the frame before the session answers it. */
    private static <T> T checkProtocol(PgFrame frame, Supplier<T> decoder) {
        try {
            return decoder.get();
        } catch (PgProtocolException e) {
            frame.release();
            throw e;
        }
    }

    private void onFunctionCall(PgFrame frame) {
        Decision decision = engine.evaluateFastPath(identity);
        synthetic.boundarySent();
        StatementSummary summary = new StatementSummary(StatementKind.FASTPATH, Set.of(), "<FunctionCall>", Map.of());
        if (decision instanceof Decision.Block block) {
            frame.release();
            sendRefusalQuery(List.of(summary), block, block.sqlState(), block.message(), block.detail());
            return;
        }
        if (decision instanceof Decision.Hold) {
            // A fast-path call carries no statement a reviewer could judge: refuse rather than hold.
            frame.release();
            sendRefusalQuery(List.of(summary), decision, SqlState.INSUFFICIENT_PRIVILEGE,
                    "fast-path function calls cannot be held for approval", "rule " + decision.ruleName());
            return;
        }
        tracker.sent(summary, decision, List.of());
        tracker.boundary();
        upstream.accept(frame.content());
    }

    // ---- helpers ---------------------------------------------------------------------------

    private ByteBuf encodeQuery(String sql) {
        ByteBuf out = alloc.buffer(sql.length() + 16);
        new Query(sql).encode(out, charset.get());
        return out;
    }

    private ByteBuf encode(Parse parse) {
        ByteBuf out = alloc.buffer(parse.query().length() + 32);
        parse.encode(out, charset.get());
        return out;
    }

    private ByteBuf encode(Bind bind, Charset cs) {
        ByteBuf out = alloc.buffer();
        bind.encode(out, cs);
        return out;
    }

    private static StatementSummary first(List<StatementSummary> statements) {
        return statements.isEmpty()
                ? new StatementSummary(StatementKind.OTHER, Set.of(), "", Map.of())
                : statements.get(0);
    }

    /**
     * Ends whatever COPY is in flight (the session is closing). A hold decided later is still
     * audited once through the abandoned tracker; what it would send is dropped by the session.
     */
    void close() {
        copyIn.close();
    }
}
