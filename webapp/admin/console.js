// The Roomcast console: the server API (docs/openapi.yaml) seen by an operator. No build step, no library.
// Everything the server sends is put into the page as text (textContent), never as markup. The credential lives
// in this script's memory only: not in storage, a cookie or the address, so closing the tab forgets it.
'use strict';

(() => {
  const SAMPLE_MS = 3000;
  const SAMPLES = 60; // three minutes
  const PAGE = 20;
  const $ = id => document.getElementById(id);

  let credential = null;
  let sampling = null;
  const samples = []; // {at: ms, nodes: Map(name -> report)}
  let roomsAfter = null; // the `after` of the rooms page shown, null for the first
  let roomsNext = null;
  let openRoom = null;
  let openUser = null;

  // --- The API -------------------------------------------------------------------------------------------------

  class Refused extends Error {
    constructor(status, body) {
      super(body && body.message ? body.message : 'HTTP ' + status);
      this.status = status;
      this.error = body && body.error;
    }
  }

  async function api(path, body) {
    const headers = {Accept: 'application/json', Authorization: 'Bearer ' + credential};
    const request = {headers, cache: 'no-store', credentials: 'omit'};
    if (body !== undefined) {
      request.method = 'POST';
      headers['Content-Type'] = 'application/json';
      request.body = JSON.stringify(body);
    }
    const response = await fetch('../api/' + path, request);
    const answer = await response.json().catch(() => null);
    if (response.status === 401 || response.status === 403) {
      signOut('The server refused the credential: ' + (answer && answer.message || response.status));
      throw new Refused(response.status, answer);
    }
    if (!response.ok) {
      throw new Refused(response.status, answer);
    }
    return answer;
  }

  const segment = name => encodeURIComponent(name);

  function problem(error) {
    $('problem').textContent = error ? (error.message || String(error)) : '';
  }

  // --- Sign-in -------------------------------------------------------------------------------------------------

  $('signin-form').addEventListener('submit', async event => {
    event.preventDefault();
    const input = $('credential');
    credential = input.value.trim();
    input.value = '';
    $('signin-error').textContent = '';
    try {
      await sample();
    } catch (error) {
      credential = null;
      $('signin-error').textContent = error instanceof Refused && (error.status === 401 || error.status === 403)
        ? 'Refused: ' + error.message : 'The server did not answer: ' + error.message;
      input.focus();
      return;
    }
    $('signin').hidden = true;
    $('console').hidden = false;
    $('sign-out').hidden = false;
    sampling = setInterval(() => sample().catch(error => {
      if (credential) {
        setState('stale', 'not answering');
        problem(error);
      }
    }), SAMPLE_MS);
    show('overview');
  });

  $('sign-out').addEventListener('click', () => signOut(''));

  function signOut(why) {
    credential = null;
    clearInterval(sampling);
    sampling = null;
    samples.length = 0;
    openRoom = openUser = null;
    for (const table of ['nodes', 'room-list', 'user-connections']) {
      $(table).tBodies[0].replaceChildren();
    }
    $('room').hidden = $('user').hidden = true;
    $('console').hidden = true;
    $('sign-out').hidden = true;
    $('signin').hidden = false;
    $('answering').textContent = '';
    $('signin-error').textContent = why;
    setState(why ? 'refused' : 'signed-out', why ? 'refused' : 'signed out');
    problem(null);
    $('credential').focus();
  }

  function setState(state, text) {
    $('state').dataset.state = state;
    $('state').textContent = text;
  }

  // --- Views ---------------------------------------------------------------------------------------------------

  for (const button of document.querySelectorAll('nav button')) {
    button.addEventListener('click', () => show(button.dataset.view));
  }

  function show(view) {
    for (const button of document.querySelectorAll('nav button')) {
      if (button.dataset.view === view) {
        button.setAttribute('aria-current', 'page');
      } else {
        button.removeAttribute('aria-current');
      }
    }
    for (const section of document.querySelectorAll('.view')) {
      section.hidden = section.id !== view;
    }
    problem(null);
    if (view === 'rooms') {
      loadRooms(roomsAfter).catch(problem);
    } else if (view === 'users') {
      $('user-query').focus();
    }
  }

  function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    return td;
  }

  function ago(iso) {
    const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    return duration(seconds) + ' ago';
  }

  function duration(seconds) {
    if (seconds < 60) {
      return seconds + ' s';
    }
    if (seconds < 3600) {
      return Math.floor(seconds / 60) + ' min';
    }
    if (seconds < 86400) {
      return Math.floor(seconds / 3600) + ' h ' + Math.floor(seconds % 3600 / 60) + ' min';
    }
    return Math.floor(seconds / 86400) + ' d ' + Math.floor(seconds % 86400 / 3600) + ' h';
  }

  // --- Overview: the nodes and the charts ----------------------------------------------------------------------

  async function sample() {
    const list = await api('nodes');
    const at = Date.now();
    samples.push({at, nodes: new Map(list.nodes.map(node => [node.node, node]))});
    if (samples.length > SAMPLES + 1) {
      samples.shift();
    }
    $('answering').textContent = 'answered by ' + list.node;
    setState('live', 'live');
    renderNodes(list.nodes, list.node);
    renderCharts();
  }

  function renderNodes(nodes, answering) {
    const body = $('nodes').tBodies[0];
    body.replaceChildren();
    for (const node of nodes) {
      const row = body.insertRow();
      const name = cell(row, node.node);
      if (node.node === answering) {
        name.append(' ');
        const here = document.createElement('span');
        here.className = 'muted';
        here.textContent = '(this one)';
        name.append(here);
      }
      // A report older than three of its intervals means the node stopped reporting: shown until it is forgotten.
      const silent = Date.now() - Date.parse(node.sampledAt) > 6500;
      const health = cell(row, silent ? 'silent' : node.ready ? 'ready' : 'not ready', 'health');
      health.dataset.health = silent ? 'silent' : node.ready ? 'ready' : 'down';
      cell(row, node.connections, 'number');
      cell(row, node.users, 'number');
      cell(row, node.rooms, 'number');
      cell(row, duration(Math.round((Date.parse(node.sampledAt) - Date.parse(node.startedAt)) / 1000)));
      cell(row, node.version);
      cell(row, ago(node.sampledAt));
    }
  }

  /** The cluster's value of `read(report)` summed over the nodes, at each sample. */
  function totals(read) {
    return samples.map(sample => [...sample.nodes.values()].reduce((sum, node) => sum + read(node), 0));
  }

  /**
   * Per-second rates of a total, per node from two of its own reports (a node's report is as new as its last
   * write to Redis), summed; a node that restarted (its total fell) counts from zero.
   */
  function rates(read) {
    const result = [];
    for (let i = 1; i < samples.length; i++) {
      let sum = 0;
      for (const [name, now] of samples[i].nodes) {
        const before = samples[i - 1].nodes.get(name);
        if (!before) {
          continue;
        }
        const seconds = (Date.parse(now.sampledAt) - Date.parse(before.sampledAt)) / 1000;
        if (seconds > 0) {
          const delta = read(now) - read(before);
          sum += (delta >= 0 ? delta : read(now)) / seconds;
        }
      }
      result.push(sum);
    }
    return result;
  }

  function renderCharts() {
    chart('chart-connections', [{name: 'connections', values: totals(node => node.connections)}], false);
    chart('chart-received', [{name: 'received', values: rates(node => node.received)}], true);
    chart('chart-delivered', [{name: 'delivered', values: rates(node => node.delivered)}], true);
    chart('chart-queue', [{name: 'longest queue',
      values: samples.map(sample => Math.max(0, ...[...sample.nodes.values()].map(node => node.sendQueueMax)))}], false);
    const reasons = new Set();
    for (const sample of samples) {
      for (const node of sample.nodes.values()) {
        Object.keys(node.refused).forEach(reason => reasons.add(reason));
      }
    }
    const refused = [...reasons].sort().map(reason => ({name: reason,
      values: rates(node => node.refused[reason] || 0)}));
    const seen = refused.filter(series => series.values.some(value => value > 0));
    chart('chart-refused', seen.length ? seen : [{name: 'none refused', values: refused.length
      ? refused[0].values.map(() => 0) : []}], true, true);
  }

  const SVG = 'http://www.w3.org/2000/svg';

  /**
   * A line chart of `series` ({name, values}), scaled to its largest value, with a `legend` of the series'
   * names and latest values if asked; its label says in words what it shows.
   */
  function chart(id, series, perSecond, legend) {
    const figure = $(id);
    const caption = figure.querySelector('figcaption');
    const format = value => perSecond ? value.toFixed(value < 10 ? 1 : 0) : String(Math.round(value));
    const all = series.flatMap(s => s.values);
    const top = Math.max(1, ...all);
    const latest = series.map(s => s.values.length ? s.values[s.values.length - 1] : 0);
    let now = caption.querySelector('.now');
    if (!now) {
      now = document.createElement('span');
      now.className = 'now';
      caption.append(now);
    }
    now.textContent = series.length === 1 ? format(latest[0]) : format(latest.reduce((a, b) => a + b, 0));

    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 300 100');
    svg.setAttribute('preserveAspectRatio', 'none');
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', caption.firstChild.textContent + ': now ' + now.textContent + ', at most '
      + format(Math.max(0, ...all)) + ' in the last ' + Math.round(samples.length * SAMPLE_MS / 1000) + ' s');
    for (const y of [1, 50, 99]) {
      const line = document.createElementNS(SVG, 'line');
      line.setAttribute('class', 'grid');
      line.setAttribute('x1', '0');
      line.setAttribute('x2', '300');
      line.setAttribute('y1', String(y));
      line.setAttribute('y2', String(y));
      svg.append(line);
    }
    series.forEach((s, index) => {
      if (s.values.length === 0) {
        return;
      }
      const step = 300 / Math.max(1, SAMPLES - 1);
      const offset = 300 - step * (s.values.length - 1);
      const points = s.values.map((value, i) => (offset + i * step).toFixed(1) + ','
        + (98 - value / top * 96).toFixed(1));
      const line = document.createElementNS(SVG, 'polyline');
      line.setAttribute('class', 'line series-' + index % 5);
      line.setAttribute('points', points.join(' '));
      svg.append(line);
    });
    figure.querySelector('svg')?.remove();
    figure.querySelector('.legend')?.remove();
    figure.querySelector('.peak')?.remove();
    figure.append(svg);
    const peak = document.createElement('p');
    peak.className = 'peak';
    peak.textContent = 'top line: ' + format(top) + (perSecond ? ' per second' : '');
    figure.append(peak);
    if (legend) {
      const list = document.createElement('ul');
      list.className = 'legend';
      series.forEach((s, index) => {
        const item = document.createElement('li');
        const swatch = document.createElement('span');
        swatch.className = 'series-' + index % 5;
        item.append(swatch, s.name + ' ' + format(latest[index]));
        list.append(item);
      });
      figure.append(list);
    }
  }

  // --- Rooms ---------------------------------------------------------------------------------------------------

  $('rooms-search').addEventListener('submit', event => {
    event.preventDefault();
    loadRooms(null).catch(problem);
  });
  $('rooms-first').addEventListener('click', () => loadRooms(null).catch(problem));
  $('rooms-next').addEventListener('click', () => loadRooms(roomsNext).catch(problem));

  async function loadRooms(after) {
    const search = $('rooms-query').value.trim();
    let path = 'rooms?limit=' + PAGE;
    if (after) {
      path += '&after=' + encodeURIComponent(after);
    }
    if (search) {
      path += '&search=' + encodeURIComponent(search);
    }
    const page = await api(path);
    roomsAfter = after;
    roomsNext = page.next || null;
    $('rooms-next').disabled = !roomsNext;
    $('rooms-first').disabled = !after;
    const body = $('room-list').tBodies[0];
    body.replaceChildren();
    const empty = $('rooms-empty');
    empty.hidden = page.rooms.length > 0;
    empty.textContent = search ? 'No room with people present has a name containing “' + search + '”.'
      : 'No room has people present.';
    body.dataset.loads = String(Number(body.dataset.loads || 0) + 1); // counts the pages shown, so that a test can wait for the next
    for (const room of page.rooms) {
      const row = body.insertRow();
      const open = document.createElement('button');
      open.type = 'button';
      open.textContent = room.room;
      open.addEventListener('click', () => showRoom(room.room).catch(problem));
      row.insertCell().append(open);
      cell(row, room.members, 'number');
      const last = cell(row, '…');
      api('rooms/' + segment(room.room) + '/messages?limit=1').then(history => {
        last.textContent = history.messages.length ? ago(history.messages[0].ts) : 'none kept';
      }, () => {
        last.textContent = 'unknown';
      });
    }
  }

  async function showRoom(name) {
    const [info, history] = await Promise.all([api('rooms/' + segment(name)),
      api('rooms/' + segment(name) + '/messages?limit=20')]);
    openRoom = name;
    $('room').hidden = false;
    $('room-title').textContent = 'Room ' + info.room;
    $('room-facts').textContent = info.memberCount + (info.memberCount === 1 ? ' member' : ' members') + ', '
      + info.seq + ' messages in epoch ' + info.epoch;
    const members = $('room-members');
    members.replaceChildren(...info.members.map(user => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'quiet';
      button.textContent = user;
      button.addEventListener('click', () => {
        $('user-query').value = user;
        show('users');
        showUser(user).catch(problem);
      });
      item.append(button);
      return item;
    }));
    if (info.members.length === 0) {
      const item = document.createElement('li');
      item.className = 'muted';
      item.textContent = 'nobody present';
      members.append(item);
    }
    const log = $('room-history');
    log.replaceChildren(...history.messages.map(message => {
      const item = document.createElement('li');
      const who = document.createElement('span');
      who.className = 'who';
      who.textContent = message.user !== undefined ? message.user : message.app + ' (application)';
      const when = document.createElement('span');
      when.className = 'when';
      when.textContent = '#' + message.seq + ', ' + new Date(message.ts).toLocaleTimeString();
      item.append(who, message.text, when);
      return item;
    }));
    if (history.messages.length === 0) {
      const item = document.createElement('li');
      item.className = 'muted';
      item.textContent = 'no messages kept';
      log.append(item);
    }
  }

  $('publish-form').addEventListener('submit', async event => {
    event.preventDefault();
    const sender = $('publish-sender').value.trim();
    const text = $('publish-text').value;
    if (!await confirmed('Publish to ' + openRoom + '?', 'Every member of ' + openRoom + ' receives “' + text
      + '” from “' + sender + '”, and it is kept in the room’s history.', 'Publish')) {
      return;
    }
    try {
      await api('rooms/' + segment(openRoom) + '/messages', {text, sender});
      $('publish-text').value = '';
      await showRoom(openRoom);
    } catch (error) {
      problem(error);
    }
  });

  $('reset-room').addEventListener('click', async () => {
    if (!await confirmed('Reset ' + openRoom + '?', 'The room’s history is dropped and a new epoch begins; its '
      + 'members are told to start again. This cannot be undone.', 'Reset the room')) {
      return;
    }
    try {
      await api('rooms/' + segment(openRoom) + '/reset', {});
      await showRoom(openRoom);
    } catch (error) {
      problem(error);
    }
  });

  // --- Users ---------------------------------------------------------------------------------------------------

  $('user-search').addEventListener('submit', event => {
    event.preventDefault();
    showUser($('user-query').value.trim()).catch(problem);
  });

  async function showUser(name) {
    const user = await api('users/' + segment(name));
    openUser = user.user;
    problem(null);
    $('user').hidden = false;
    $('user-title').textContent = 'User ' + user.user;
    const connections = user.connections.length;
    let facts = connections === 0 ? 'not connected' : connections + (connections === 1 ? ' connection' : ' connections')
      + ' on ' + new Set(user.connections.map(c => c.node)).size + ' of the nodes';
    if (user.banSeconds > 0) {
      facts += '; banned for ' + duration(user.banSeconds) + ' more';
    }
    if (user.unanswered.length) {
      facts += '; not answering (their connections are missing here): ' + user.unanswered.join(', ');
    }
    $('user-facts').textContent = facts;
    const body = $('user-connections').tBodies[0];
    body.replaceChildren();
    for (const connection of user.connections) {
      const row = body.insertRow();
      cell(row, connection.node);
      cell(row, connection.id);
      cell(row, ago(connection.connectedAt));
      cell(row, connection.address || 'unknown');
      cell(row, connection.rooms.length ? connection.rooms.join(', ') : 'none');
    }
  }

  $('disconnect-form').addEventListener('submit', async event => {
    event.preventDefault();
    const reason = $('disconnect-reason').value.trim() || undefined;
    const banSeconds = Number($('ban-seconds').value);
    const ban = banSeconds > 0 ? ' and refused for ' + duration(banSeconds) : '';
    if (!await confirmed('Disconnect ' + openUser + '?', 'Every connection of ' + openUser + ' on every node is '
      + 'closed' + ban + '. Their clients do not reconnect by themselves.', banSeconds > 0 ? 'Disconnect and ban'
      : 'Disconnect')) {
      return;
    }
    try {
      await api('users/' + segment(openUser) + '/disconnect', {reason, banSeconds});
      await showUser(openUser);
    } catch (error) {
      problem(error);
    }
  });

  // --- The confirm step ----------------------------------------------------------------------------------------

  /** Asks before an action that changes something; resolves true only for the confirm button. */
  function confirmed(title, text, action) {
    const dialog = $('confirm');
    $('confirm-title').textContent = title;
    $('confirm-text').textContent = text;
    $('confirm-ok').textContent = action;
    dialog.returnValue = '';
    return new Promise(resolve => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), {once: true});
      dialog.showModal();
      $('confirm-cancel').focus();
    });
  }
})();
