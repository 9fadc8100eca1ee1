/**
 * Holding risky transactions for a reviewer.
 *
 * <p>A client session whose statement hits a {@code hold} rule calls
 * {@link io.tracegate.proxy.approval.ApprovalService#submit} with masked text only and waits on
 * the returned {@link io.tracegate.proxy.approval.PendingApproval}'s decision without blocking
 * its event loop. The decision comes from a reviewer (admin API, CLI, web page), the rule's
 * timeout, the agent disconnecting, or the gateway stopping; the store decides who was first.
 *
 * <p>Stores: {@code state.store: embedded} keeps requests in memory with a JSON Lines journal
 * ({@value io.tracegate.proxy.approval.JournalStore#FILE_NAME} in the data directory), and a
 * restart records what was pending as rejected. {@code state.store: postgres} keeps them in the
 * {@code tracegate_approvals} table of a control database; a decision taken on any replica is
 * sent with NOTIFY to the replica holding the transaction.
 *
 * <p>Every request and decision is one {@link io.tracegate.proxy.approval.ApprovalEvent} for
 * the audit log, and, when {@code approvals.webhook_url} is set, one webhook POST.
 */
package io.tracegate.proxy.approval;
