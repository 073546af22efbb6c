/**
 * Proxies: the edge that asks the application's backend before something takes effect. {@link
 * dev.roomcast.proxy.HttpProxies} implements {@link dev.roomcast.backend.Proxies} with signed JSON POSTs to the URLs in
 * settings (connect, join, publish, rpc), each with its timeout and, for rooms, its room-name patterns; an answer that
 * is late, a 5xx, not JSON, of the wrong types or larger than {@code proxy-max-answer-bytes} is a failure, logged with
 * the proxy's name, and the client gets {@code backend_unavailable}. Depends on {@code backend}, {@code config},
 * {@code message} (the JSON codec) and {@code metrics}; nothing depends on it.
 */
package dev.roomcast.proxy;
