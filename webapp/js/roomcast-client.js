// Roomcast chat client: one WebSocket to /ws/chat, rooms, acks, and loss-free reconnects.
// Plain ES module, no dependencies. Protocol: docs/PROTOCOL.md.
//
//   import { RoomcastClient } from "./js/roomcast-client.js";
//   const client = new RoomcastClient(new URL("ws/chat", location.href), token);
//   client.addEventListener("message", (e) => console.log(e.detail.user, e.detail.text));
//   client.connect();
//   client.join("lobby");
//   client.send("lobby", "Hello!");
//
// Events (CustomEvent, data in event.detail): state, welcome, joined, reset, message, pending, ack,
// presence, left, history, rooms, personal, token_expiring, refreshed, pong, error, closed, unauthorized,
// disconnected. A message from the application (the server API) has `app` instead of `user`.
//
// Token lifetime: the server warns with token_expiring before the token's exp; the client then calls
// getToken() and sends the new token as a refresh, so the connection stays open. A connection closed with
// 4001 (the token expired) is reconnected with a token from getToken(), or stops as "unauthorized". A
// connection closed with 4003 (the application disconnected the user) stops with state "disconnected".
//
// A connection that fails before its welcome may have been refused for its token (browsers report any
// refused handshake as a close with 1006): the client then asks the server with a plain GET of the same URL
// (401: refused). It calls the getToken() option for a new token and goes on; without one, or when getToken
// gives none, it stops with state "unauthorized" and an "unauthorized" event (as it does when the server
// closes the connection with 1008 before its welcome: a policy refusal that retrying cannot change).

const PROTOCOL = "roomcast.v1";

/** An id for a send, so that resending it after a reconnect cannot post it twice. */
function newClientId() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export class RoomcastClient extends EventTarget {
  #url;
  #httpUrl;
  #token;
  #getToken;
  #socket = null;
  #welcomed = false;
  #stopped = true;
  #attempt = 0;
  #retryTimer = null;
  #minDelay;
  #maxDelay;
  /** room -> { epoch, seq }: where this client is in each room's stream. */
  #rooms = new Map();
  /** Sends not yet acknowledged, in order; resent after every reconnect with the same clientId. */
  #pending = [];

  /**
   * @param {URL|string} url  the /ws/chat URL; http(s) is turned into ws(s)
   * @param {string} token    a JWT; sent as the second subprotocol entry, as browsers cannot set headers; null to
   *                          be signed in by the browser's cookies for the server (its connect proxy)
   * @param {object} options  getToken: async () => a new JWT, or null to give up; backoff bounds
   */
  constructor(url, token, { minDelayMs = 500, maxDelayMs = 15000, getToken = null } = {}) {
    super();
    const wsUrl = new URL(url);
    if (wsUrl.protocol === "http:") wsUrl.protocol = "ws:";
    if (wsUrl.protocol === "https:") wsUrl.protocol = "wss:";
    this.#url = wsUrl;
    this.#httpUrl = new URL(wsUrl);
    this.#httpUrl.protocol = wsUrl.protocol === "wss:" ? "https:" : "http:";
    this.#token = token;
    this.#getToken = getToken;
    this.#minDelay = minDelayMs;
    this.#maxDelay = maxDelayMs;
    this.state = "idle";
    this.user = null;
  }

  connect() {
    this.#stopped = false;
    this.#open();
  }

  /** Closes for good: no reconnect. */
  close() {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    this.#socket?.close(1000, "bye");
    this.#setState("closed");
  }

  join(room) {
    if (!this.#rooms.has(room)) this.#rooms.set(room, { epoch: null, seq: 0 });
    if (this.#welcomed) this.#transmit(this.#joinMessage(room));
  }

  leave(room) {
    this.#rooms.delete(room);
    this.#pending = this.#pending.filter((p) => p.room !== room);
    if (this.#welcomed) this.#transmit({ type: "leave", room });
  }

  /** Queues a message; it is sent now if connected, otherwise after the next reconnect. */
  send(room, text) {
    const entry = { room, text, clientId: newClientId() };
    this.#pending.push(entry);
    this.#emit("pending", { ...entry });
    if (this.#welcomed) this.#transmit({ type: "send", ...entry });
    return entry.clientId;
  }

  /**
   * Asks for up to `limit` messages of a joined room older than `before` (a seq); they arrive as one
   * "history" event, oldest first, with `complete` once the room keeps nothing older. Returns false when
   * not connected (ask again after the next welcome).
   */
  history(room, before, limit = 50) {
    if (!this.#welcomed) return false;
    this.#transmit(before ? { type: "history", room, before, limit } : { type: "history", room, limit });
    return true;
  }

  /** Asks for the room directory (rooms with people in them, the fullest first); it arrives as "rooms". */
  directory(limit = 50) {
    if (!this.#welcomed) return false;
    this.#transmit({ type: "rooms", limit });
    return true;
  }

  get pending() {
    return this.#pending.map((p) => ({ ...p }));
  }

  #open() {
    this.#welcomed = false;
    this.#setState(this.#attempt === 0 ? "connecting" : "reconnecting");
    let socket;
    try {
      // Without a token, the browser's cookies for the server are the credentials (a connect proxy signs them in).
      socket = new WebSocket(this.#url, this.#token ? [PROTOCOL, this.#token] : [PROTOCOL]);
    } catch (error) {
      this.#retry();
      return;
    }
    this.#socket = socket;
    socket.onmessage = (event) => this.#receive(JSON.parse(event.data));
    socket.onclose = (event) => {
      if (this.#socket !== socket) return;
      this.#socket = null;
      const welcomed = this.#welcomed;
      this.#welcomed = false;
      this.#emit("closed", { code: event.code, reason: event.reason });
      if (this.#stopped) return;
      if (event.code === 4003) {
        this.#stopped = true;
        this.#setState("disconnected");
        this.#emit("disconnected", { reason: event.reason });
        return;
      }
      if (event.code === 4001) {
        this.#renewToken();
        return;
      }
      if (welcomed) {
        this.#retry();
        return;
      }
      if (event.code === 1008) {
        // Refused after the upgrade, for a policy (such as a user name the server does not accept): retrying
        // the same credentials cannot help.
        this.#giveUp(event.reason);
        return;
      }
      this.#tokenRefused().then((refused) => {
        if (this.#stopped) return;
        if (refused) this.#renewToken();
        else this.#retry();
      });
    };
  }

  /** Whether the server refuses this client's token: a plain GET of the WebSocket URL answers 401. */
  async #tokenRefused() {
    try {
      const headers = this.#token ? { Authorization: `Bearer ${this.#token}` } : {};
      const answer = await fetch(this.#httpUrl, { headers, cache: "no-store" });
      return answer.status === 401;
    } catch {
      return false; // the server is away: a network fault, retried with backoff
    }
  }

  /** A new token from the getToken option, or null when there is none (no option, or it failed or gave none). */
  async #newToken() {
    try {
      return this.#getToken ? (await this.#getToken()) || null : null;
    } catch {
      return null;
    }
  }

  async #renewToken() {
    const token = await this.#newToken();
    if (this.#stopped) return;
    if (token) {
      this.#token = token;
      this.#retry();
      return;
    }
    this.#giveUp("the server refused the token");
  }

  /** Sends a fresh token from getToken() before the current one expires; without one, the server closes with 4001. */
  async #refresh() {
    const token = await this.#newToken();
    if (!token || this.#stopped) return;
    this.#token = token;
    this.#transmit({ type: "refresh", token });
  }

  #giveUp(reason) {
    this.#stopped = true;
    this.#setState("unauthorized");
    this.#emit("unauthorized", { reason });
  }

  /** Exponential backoff with full jitter, so that a restarted server is not hit by everyone at once. */
  #retry() {
    this.#setState("reconnecting");
    const ceiling = Math.min(this.#maxDelay, this.#minDelay * 2 ** this.#attempt);
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.#attempt++;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = setTimeout(() => this.#open(), delay);
  }

  #receive(message) {
    switch (message.type) {
      case "welcome":
        this.user = message.user;
        this.#welcomed = true;
        this.#attempt = 0;
        this.#setState("open");
        this.#emit("welcome", message);
        // Resume every room where this client left off, then resend what was never acknowledged.
        for (const room of this.#rooms.keys()) this.#transmit(this.#joinMessage(room));
        for (const entry of this.#pending) this.#transmit({ type: "send", ...entry });
        break;
      case "joined": {
        const position = this.#rooms.get(message.room);
        if (!position) break;
        const resumeRefused = message.replay === "reset" && position.epoch !== null;
        if (message.replay !== "resume") position.seq = 0;
        position.epoch = message.epoch;
        this.#emit("joined", message);
        if (resumeRefused) {
          // The replay that follows starts a new view: what this client had before may have gaps.
          this.#emit("reset", { room: message.room, reason: message.reason, epoch: message.epoch });
        }
        break;
      }
      case "message": {
        const position = this.#rooms.get(message.room);
        if (!position) break;
        if (message.epoch === position.epoch && message.seq <= position.seq) break; // seen already
        position.epoch = message.epoch;
        position.seq = message.seq;
        if (message.clientId && message.user === this.user) this.#settle(message.clientId);
        this.#emit("message", message);
        break;
      }
      case "ack":
        this.#settle(message.clientId);
        this.#emit("ack", message);
        break;
      case "token_expiring":
        this.#emit("token_expiring", message);
        this.#refresh();
        break;
      case "error":
        if ((message.code === "unavailable" || message.code === "rate_limited") && message.clientId) {
          // The server's broker was away, or this client sent too fast: the same clientId later is safe, it is
          // never posted twice.
          setTimeout(() => this.#resend(message.clientId), message.retryAfterMs ?? 1000);
        } else if (message.clientId) {
          this.#settle(message.clientId); // refused: resending would not help
        }
        this.#emit("error", message);
        break;
      default:
        this.#emit(message.type, message);
    }
  }

  #joinMessage(room) {
    const position = this.#rooms.get(room);
    return position.epoch === null
      ? { type: "join", room }
      : { type: "join", room, since: position.seq, epoch: position.epoch };
  }

  #resend(clientId) {
    const entry = this.#pending.find((p) => p.clientId === clientId);
    if (entry) this.#transmit({ type: "send", ...entry });
  }

  #settle(clientId) {
    this.#pending = this.#pending.filter((p) => p.clientId !== clientId);
  }

  #transmit(message) {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(message));
  }

  #setState(state) {
    if (this.state === state) return;
    this.state = state;
    this.#emit("state", { state });
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}
