// The chat page: signs in, then drives a RoomcastClient. Every user string is shown as text.
import { RoomcastClient } from "./roomcast-client.js";

const $ = (id) => document.getElementById(id);
// room -> { members, entries: Map<key, entry> (oldest first), unread, returning: Set<user>, returningUntil: ms,
//           epoch, oldest: the lowest seq held of that epoch, complete: nothing older to load, loading }
const rooms = new Map();
const RETURNING_MS = 60000; // how long people seen before a reconnect count as returning, not joining
let client = null;
let current = null;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text; // never innerHTML: user text stays text
  return node;
}

function roomState(room) {
  if (!rooms.has(room)) {
    rooms.set(room, { members: [], entries: new Map(), unread: 0, returning: new Set(), returningUntil: 0,
      epoch: null, oldest: null, complete: false, loading: false });
  }
  return rooms.get(room);
}

function showState(state) {
  const labels = { connecting: "connecting…", open: "connected", reconnecting: "reconnecting…", closed: "disconnected",
    unauthorized: "signed out" };
  $("state").dataset.state = state;
  $("state").textContent = labels[state] ?? state;
  // Typing stays possible while disconnected: the client sends it after the reconnect.
  $("composer-text").disabled = !current;
  $("composer-send").disabled = !current;
}

function renderRooms() {
  const list = $("rooms");
  list.replaceChildren();
  for (const [room, state] of rooms) {
    const button = element("button");
    button.type = "button";
    button.dataset.room = room;
    button.append(element("span", "", room));
    if (state.unread > 0) {
      const unread = element("span", "unread", String(state.unread));
      unread.setAttribute("aria-label", `${state.unread} unread`);
      button.append(unread);
    }
    button.setAttribute("aria-current", String(room === current));
    button.addEventListener("click", () => select(room));
    const item = element("li");
    item.append(button);
    list.append(item);
  }
  updateTitle();
}

/** The tab's title counts what is unread while the tab is hidden, so that a glance at the tab bar says. */
function updateTitle() {
  const total = [...rooms.values()].reduce((sum, state) => sum + state.unread, 0);
  document.title = document.hidden && total > 0 ? `(${total}) Roomcast` : "Roomcast";
}

/** A desktop notification for a message from someone else, only while the tab is hidden and if allowed. */
function notify(message) {
  if (!document.hidden || !("Notification" in window) || Notification.permission !== "granted") return;
  new Notification(`${message.user ?? message.app} in ${message.room}`, { body: message.text, tag: message.room });
}

/** The directory: rooms with people in them, to join with one click; refreshed now and then. */
function renderDirectory(listed) {
  $("directory").replaceChildren(...listed.map(({ room, members }) => {
    const button = element("button");
    button.type = "button";
    button.dataset.room = room;
    button.append(element("span", "", room), element("span", "count", `${members} here`));
    button.addEventListener("click", () => enter(room));
    const item = element("li");
    item.append(button);
    return item;
  }));
}

function enter(room) {
  roomState(room);
  client.join(room);
  select(room);
}

function renderMembers() {
  const list = $("members");
  list.replaceChildren(...(current ? roomState(current).members : []).map((user) => element("li", "", user)));
}

function renderLog() {
  const log = $("log");
  log.replaceChildren();
  if (current) for (const entry of roomState(current).entries.values()) log.append(renderEntry(entry));
  scrollToEnd();
}

/** Whether the reader is at the newest message (within a few pixels), so that new ones keep them there. */
function atEnd() {
  const log = $("log");
  return log.scrollHeight - log.scrollTop - log.clientHeight < 24;
}

function scrollToEnd() {
  const log = $("log");
  log.scrollTop = log.scrollHeight;
  $("new-messages").hidden = true;
}

function renderEntry(entry) {
  if (entry.kind === "notice") return element("li", "notice", entry.text);
  if (entry.kind === "divider") {
    const divider = element("li", "divider", entry.text);
    divider.setAttribute("role", "separator");
    return divider;
  }
  const item = element("li", entry.app ? "app" : entry.user === client.user ? "mine" : "");
  if (entry.pending) item.classList.add("pending");
  item.dataset.key = entry.key;
  // The application's messages carry a label, never a user name, and are marked so nobody can pass for them.
  const who = entry.app ? element("span", "who", entry.app) : element("span", "who", entry.user);
  if (entry.app) who.append(element("span", "badge", "app"));
  item.append(who, element("span", "text", entry.text));
  const when = entry.ts ? new Date(entry.ts).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "";
  item.append(element("span", "when", when));
  return item;
}

function add(room, entry) {
  const state = roomState(room);
  state.entries.set(entry.key, entry);
  if (room === current) {
    const wasAtEnd = atEnd();
    const existing = $("log").querySelector(`li[data-key="${CSS.escape(entry.key)}"]`);
    const rendered = renderEntry(entry);
    if (existing) existing.replaceWith(rendered);
    else $("log").append(rendered);
    // Follow the conversation only when the reader is at its end (or wrote this); otherwise say there is more.
    if (wasAtEnd || entry.pending) scrollToEnd();
    else if (!existing) $("new-messages").hidden = false;
    fillIfShort();
  }
  // Unread: any room but the one on screen, and that one too while the tab is hidden.
  if (entry.kind === "message" && !entry.pending && entry.user !== client.user && (room !== current || document.hidden)) {
    state.unread++;
    renderRooms();
  }
}

function notice(room, text, kind = "notice") {
  add(room, { kind, key: `${kind}-${Date.now()}-${Math.random()}`, text });
}

/** Back to the sign-in form, with why; what the page showed belongs to the signed-out user and goes. */
function signOut(reason) {
  client?.close();
  client = null;
  current = null;
  rooms.clear();
  $("chat").hidden = true;
  $("signin").hidden = false;
  $("user").textContent = "";
  $("personal").hidden = true;
  $("state").dataset.state = "idle";
  $("state").textContent = "signed out";
  $("room-title").textContent = "Join a room to start";
  renderRooms();
  renderMembers();
  renderLog();
  renderDirectory([]);
  $("signin-error").textContent = reason;
  $("signin-name").focus();
}

function select(room) {
  current = room;
  roomState(room).unread = 0;
  $("room-title").textContent = room;
  renderRooms();
  renderMembers();
  renderLog();
  fillIfShort();
  showState(client.state);
  $("composer-text").focus();
}

/** A development token for `name`, or null when the server gives none (it is not in --dev mode). */
async function devToken(name) {
  const response = await fetch(new URL(`dev/token?name=${encodeURIComponent(name)}`, location.href));
  return response.ok ? (await response.json()).token : null;
}

/** `getToken`: renews a development sign-in by name when the token expires; a pasted token cannot be renewed. */
function start(token, getToken = null) {
  client = new RoomcastClient(new URL("ws/chat", location.href), token, { getToken });
  client.addEventListener("unauthorized", (e) => signOut(e.detail.reason !== "the server refused the token"
    ? `The server refused the connection: ${e.detail.reason}. Please sign in again.`
    : token ? "The server refused your sign-in: the token is not valid, or no longer (it expired, or the server restarted). Please sign in again."
      : "The server refused your sign-in: the application does not know your session (sign in to it first), or signs nobody in this way."));
  client.addEventListener("disconnected", (e) => signOut(`You were disconnected: ${e.detail.reason || "by the application"}.`));
  client.addEventListener("personal", (e) => {
    const personal = $("personal");
    personal.replaceChildren(element("span", "who", e.detail.app), element("span", "badge", "app"),
      element("span", "text", e.detail.text));
    personal.hidden = false;
  });
  client.addEventListener("state", (e) => showState(e.detail.state));
  client.addEventListener("welcome", (e) => {
    $("user").textContent = e.detail.user;
    client.directory();
  });
  client.addEventListener("rooms", (e) => renderDirectory(e.detail.rooms));
  client.addEventListener("joined", (e) => {
    const state = roomState(e.detail.room);
    // Back after a reconnect: the people seen before who are not back yet are returning, not new arrivals.
    const now = Date.now();
    const before = new Set([...state.members, ...(now < state.returningUntil ? state.returning : [])]);
    state.returning = new Set([...before].filter((user) => !e.detail.members.includes(user)));
    state.returningUntil = now + RETURNING_MS;
    state.members = e.detail.members;
    if (state.epoch !== e.detail.epoch) {
      state.epoch = e.detail.epoch; // a new history: scroll-back starts again from its replay
      state.oldest = null;
      state.complete = false;
      state.loading = false;
    }
    // What the reader has seen stays, even after a reset: a divider (the reset event) marks what changed.
    if (e.detail.room === current) renderMembers();
  });
  client.addEventListener("reset", (e) => {
    if (e.detail.reason === "reset") {
      notice(e.detail.room, "The application reset this room's history: older messages are above.", "divider");
      return;
    }
    const why = { epoch_changed: "the server's history was reset", history_gap: "too much was missed",
      ahead_of_server: "the server's history was reset" }[e.detail.reason] ?? e.detail.reason;
    notice(e.detail.room, `Reconnected, but ${why}: messages between here and above may be missing.`, "divider");
  });
  client.addEventListener("pending", (e) => {
    add(e.detail.room, { kind: "message", key: e.detail.clientId, user: client.user ?? $("user").textContent,
      text: e.detail.text, pending: true });
  });
  client.addEventListener("message", (e) => {
    const m = e.detail;
    const state = roomState(m.room);
    if (m.clientId && state.entries.has(m.clientId)) state.entries.delete(m.clientId);
    if (m.clientId) $("log").querySelector(`li[data-key="${CSS.escape(m.clientId)}"]`)?.remove();
    if (m.epoch === state.epoch && (state.oldest === null || m.seq < state.oldest)) state.oldest = m.seq;
    const fresh = !state.entries.has(`${m.epoch}:${m.seq}`);
    add(m.room, { kind: "message", key: `${m.epoch}:${m.seq}`, user: m.user, app: m.app, text: m.text, ts: m.ts });
    if (fresh && m.user !== client.user) notify(m);
  });
  client.addEventListener("history", (e) => prependHistory(e.detail));
  client.addEventListener("presence", (e) => {
    const state = roomState(e.detail.room);
    const others = state.members.filter((user) => user !== e.detail.user);
    state.members = e.detail.event === "join" ? [...others, e.detail.user] : others;
    if (e.detail.room === current) renderMembers();
    const returned = e.detail.event === "join" && state.returning.delete(e.detail.user) && Date.now() < state.returningUntil;
    if (e.detail.event === "leave") state.returning.delete(e.detail.user);
    if (!returned) notice(e.detail.room, `${e.detail.user} ${e.detail.event === "join" ? "joined" : "left"}`);
  });
  client.addEventListener("error", (e) => {
    if (e.detail.clientId) $("log").querySelector(`li[data-key="${CSS.escape(e.detail.clientId)}"]`)?.remove();
    notice(e.detail.room ?? current, `Not sent: ${e.detail.message}`);
  });
  $("signin").hidden = true;
  $("chat").hidden = false;
  $("join-room").focus(); // a keyboard user goes on where the next step is
  client.connect();
}

$("signin-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("signin-error").textContent = "";
  let token = $("signin-token").value.trim();
  const name = $("signin-name").value.trim();
  if (!token && name) {
    token = await devToken(name);
    if (!token) {
      $("signin-error").textContent = "This server gives no development tokens: paste a token instead.";
      return;
    }
    start(token, () => devToken(name).catch(() => null));
    return;
  }
  if (!token) {
    $("signin-error").textContent = "Enter a name or paste a token.";
    return;
  }
  start(token);
});

// No token: the handshake carries this site's cookies, and the server asks the application's backend who they are
// (its connect proxy, docs/BACKEND.md). A server without one refuses, and the page says so.
$("signin-session").addEventListener("click", () => {
  $("signin-error").textContent = "";
  start(null);
});

document.addEventListener("visibilitychange", () => {
  if (!document.hidden && current) {
    roomState(current).unread = 0;
    renderRooms();
  }
  updateTitle();
});

// Notifications are asked for only when the user clicks for them, never on load.
if ("Notification" in window && Notification.permission === "default") $("notify").hidden = false;
$("notify").addEventListener("click", async () => {
  await Notification.requestPermission();
  $("notify").hidden = Notification.permission !== "default";
});

// Escape clears what is being typed; anywhere else in the chat it returns to the message box.
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape" || $("chat").hidden) return;
  if (document.activeElement === $("composer-text")) $("composer-text").value = "";
  else if (!$("composer-text").disabled) $("composer-text").focus();
});

$("log").addEventListener("scroll", () => {
  if (atEnd()) $("new-messages").hidden = true;
  if ($("log").scrollTop < 40) loadOlder();
});

/** Scroll-back: asks for the page before the oldest message held, until the room has nothing older. */
function loadOlder() {
  const state = current && roomState(current);
  if (!state || state.complete || state.loading || state.oldest === null || state.oldest <= 1) return;
  state.loading = client.history(current, state.oldest, 50);
}

/** Older messages go above what is shown, and the reader's view stays on what they were reading. */
function prependHistory(page) {
  const state = roomState(page.room);
  state.loading = false;
  if (page.epoch !== state.epoch) return; // the room was reset meanwhile: this page is of another history
  const older = [];
  for (const m of page.messages) {
    const key = `${m.epoch}:${m.seq}`;
    if (!state.entries.has(key)) older.push([key, { kind: "message", key, user: m.user, app: m.app, text: m.text, ts: m.ts }]);
  }
  if (page.messages.length > 0) state.oldest = Math.min(state.oldest ?? Infinity, page.messages[0].seq);
  state.complete = page.complete || state.oldest <= 1;
  if (state.complete) older.unshift([`start-${page.epoch}`, { kind: "notice", key: `start-${page.epoch}`,
    text: "The beginning of this room's history" }]);
  // Just above the first message of this history: what an earlier history (before a reset) left stays above.
  const entries = [...state.entries];
  let at = entries.findIndex(([key]) => key.startsWith(`${page.epoch}:`));
  if (at < 0) at = entries.length;
  state.entries = new Map([...entries.slice(0, at), ...older, ...entries.slice(at)]);
  if (page.room !== current) return;
  const log = $("log");
  const fromBottom = log.scrollHeight - log.scrollTop;
  log.replaceChildren(...[...state.entries.values()].map(renderEntry));
  log.scrollTop = log.scrollHeight - fromBottom;
  fillIfShort();
}

/** A log that does not fill its panel cannot be scrolled up: load older messages until it does. */
function fillIfShort() {
  const log = $("log");
  if (log.scrollHeight <= log.clientHeight) loadOlder();
}

$("new-messages").addEventListener("click", () => {
  scrollToEnd();
  $("composer-text").focus();
});

$("join-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const room = $("join-room").value.trim();
  if (!room) return;
  $("join-room").value = "";
  enter(room);
});

$("directory-refresh").addEventListener("click", () => client?.directory());
setInterval(() => { if (client && !document.hidden) client.directory(); }, 30000);

$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("composer-text").value;
  if (!current || !text.trim()) return;
  client.send(current, text);
  $("composer-text").value = "";
});
