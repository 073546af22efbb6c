/**
 * Webhooks: the edge that tells the application's backend what happened, after the fact. Events the core reports
 * ({@link dev.roomcast.backend.BackendEvents}) are queued per node (bounded), batched, signed with HMAC-SHA256, and
 * POSTed to {@code roomcast.webhook-url}, retried with backoff until a configured age; what is given up or does not
 * fit is counted and logged. One sender thread per node owns the queue's head, so a node's events arrive in the
 * order it reported them. Depends on {@code backend}, {@code config}, {@code message} (the JSON codec) and
 * {@code metrics}; nothing depends on it.
 */
package dev.roomcast.webhook;
