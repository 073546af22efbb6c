/**
 * What Roomcast tells the application's backend and what it asks it, as the core sees it: the events it reports
 * after the fact ({@link dev.roomcast.backend.BackendEvent}, through {@link dev.roomcast.backend.BackendEvents}) and
 * the decisions it waits for before the fact ({@link dev.roomcast.backend.Proxies}: connect, join, publish, rpc).
 *
 * <p>Only the contracts live here, so that the rooms, the chat service and the handshake depend on them and on
 * nothing of HTTP; {@code dev.roomcast.webhook} and {@code dev.roomcast.proxy} are the HTTP edges that implement
 * them (docs/BACKEND.md, docs/backend-contract.yaml). Depends only on {@code config} (the secrets are a setting).
 */
package dev.roomcast.backend;
