package io.tracegate.proxy.admin;

/**
 * Answers one admin HTTP request. Handlers run on the admin server's worker threads, never on
 * an event loop, so they may block briefly (a database lookup, say); an exception becomes a
 * 500 response whose body does not repeat the exception.
 */
@FunctionalInterface
public interface AdminHandler {

    AdminResponse handle(AdminRequest request) throws Exception;
}
