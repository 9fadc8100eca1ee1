package io.tracegate.policy.engine;

import io.tracegate.policy.Identity;
import io.tracegate.policy.SqlSettings;
import java.util.List;

/**
 * The policy as the gateway asks it: given a statement (or a Bind's values) from an identity,
 * what must happen and what to forward. Implementations are immutable and safe to share between
 * event loops; they never do I/O, and they never put a raw masked value in a verdict, an
 * exception message or a log line.
 */
public interface PolicyEngine {

    /** A simple-protocol Query (one or more statements). */
    QueryVerdict evaluateQuery(Identity who, String sql, SqlSettings settings);

    /** An extended-protocol Parse; cheap to call again for the same text (cached analysis). */
    PreparedPlan prepare(Identity who, String sql, SqlSettings settings);

    /**
     * The values of one Bind of {@code plan}: {@code values.get(i)} is parameter {@code $i+1} as
     * text, or null for SQL NULL or a value that is not inspected. Only slots in
     * {@link PreparedPlan#protectedSlots()} are read.
     */
    BindVerdict evaluateBind(Identity who, PreparedPlan plan, List<String> values);

    /** A fresh masker for the rows of a planned COPY FROM STDIN. */
    CopyRowMasker copyMasker(CopyPlan plan);

    /**
     * The FunctionCall (fast-path) message: decided by rules on statement kind {@code fastpath};
     * it carries no SQL, so this is all the policy can say about it.
     */
    Decision evaluateFastPath(Identity who);
}
