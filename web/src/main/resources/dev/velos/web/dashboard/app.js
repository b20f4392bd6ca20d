// SPDX-License-Identifier: Apache-2.0
// The velos dashboard. Everything an app controls (its name, its log lines, its status text) is
// hostile input: it is only ever put on the page as text (textContent), never as HTML.

import { adoptToken, saveToken, forgetToken, Client, Live, ApiFailure } from './client.js';
import { bytes, duration, percent, clock, dateTime, niceMax } from './format.js';
import { draw } from './chart.js';

const API = '/api/v1';
const CHART_WINDOW_MS = 10 * 60 * 1000;
const MAX_LOG_LINES = 2000;
const BACKLOG_LINES = 200;
const SUMMARY_EVERY_MS = 15000;
const STATUSES = new Set(['running', 'stopped', 'errored', 'starting', 'waiting']);
const LEVELS = ['debug', 'info', 'warn', 'error', 'fatal'];

const $ = id => document.getElementById(id);

const state = {
  client: null,
  live: null,
  processes: new Map(), // name -> normalised process
  rows: new Map(), // name -> <tr>
  history: new Map(), // name -> [{t, cpu, mem}]
  selected: null,
  lines: [],
  grep: null,
  summaryTimer: 0,
  listTimer: 0,
  refreshSoon: 0,
  autoSelected: false,
};

// ---- start ------------------------------------------------------------------------------------

function main() {
  $('token-form').addEventListener('submit', event => {
    event.preventDefault();
    const token = $('token-input').value.trim();
    if (token === '') return;
    $('token-input').value = '';
    saveToken(token);
    start(token);
  });
  $('sign-out').addEventListener('click', () => signOut('Signed out.'));
  const token = adoptToken();
  if (token) start(token); else showSignIn();
}

function showSignIn(reason) {
  stop();
  $('board').hidden = true;
  $('sign-out').hidden = true;
  $('sign-in').hidden = false;
  if (reason) $('sign-in-reason').textContent = reason;
  setLive(false);
  $('totals').textContent = '';
}

function signOut(reason) {
  forgetToken();
  showSignIn(reason);
}

function stop() {
  if (state.live) state.live.close();
  state.live = null;
  clearInterval(state.listTimer);
  clearInterval(state.summaryTimer);
}

function start(token) {
  stop();
  state.client = new Client(token, () => signOut('The token was refused (it may have changed): sign in again.'));
  $('sign-in').hidden = true;
  $('board').hidden = false;
  $('sign-out').hidden = false;
  setLive(false, 'connecting…');
  wireBoard();
  const live = new Live(token, onLive, setLive);
  state.live = live;
  refreshList().then(() => { if (state.live === live) live.connect(); });
  // A safety net: the feed sends every change, but a page that missed one (a reconnect) catches up.
  state.listTimer = setInterval(refreshList, 10000);
}

let wired = false;
function wireBoard() {
  if (wired) return;
  wired = true;
  $('actions').addEventListener('click', event => {
    const button = event.target.closest('button[data-action]');
    if (button && state.selected) act(button.dataset.action, state.selected);
  });
  $('scale-form').addEventListener('submit', event => {
    event.preventDefault();
    const raw = $('scale-input').value.trim();
    if (raw === '' || !state.selected) return;
    const instances = /^[0-9]+$/.test(raw) ? Number(raw) : raw;
    // Scaling is about a cluster: an instance (web:2) stands for its cluster (web).
    const cluster = state.selected.replace(/:[0-9]+$/, '');
    post(cluster, 'scale', { instances }).then(ok => { if (ok) $('scale-input').value = ''; });
  });
  $('confirm-delete').addEventListener('click', event => {
    const button = event.target.closest('button');
    if (!button) return;
    event.preventDefault();
    const dialog = $('confirm-delete');
    const name = dialog.dataset.name;
    dialog.close();
    if (button.value === 'delete' && name) remove(name);
  });
  $('levels').addEventListener('change', renderLog);
  $('grep').addEventListener('input', () => { compileGrep(); renderLog(); });
  $('follow').addEventListener('change', () => { if ($('follow').checked) scrollLog(); });
  $('summary-refresh').addEventListener('click', () => loadSummary());
  document.querySelector('#processes tbody').addEventListener('click', event => {
    const row = event.target.closest('tr');
    if (row) select(row.dataset.name);
  });
  document.querySelector('#processes tbody').addEventListener('keydown', event => {
    const row = event.target.closest('tr');
    if (row && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      select(row.dataset.name);
    }
  });
}

// ---- processes --------------------------------------------------------------------------------

/** One shape for list entries and process_update frames. */
function normalise(p, previous) {
  return {
    id: p.id,
    name: String(p.name),
    pid: p.pid,
    status: STATUSES.has(p.status_str) ? p.status_str : 'stopped',
    cpu: Number(p.cpu_percent) || 0,
    memory: Number(p.memory !== undefined ? p.memory : p.memory_bytes) || 0,
    uptime: Number(p.uptime_ms) || 0,
    restarts: Number(p.restarts !== undefined ? p.restarts : p.restart_count) || 0,
    waitReady: p.wait_ready !== undefined ? Boolean(p.wait_ready) : previous ? previous.waitReady : false,
    statusText: typeof p.status_text === 'string' ? p.status_text : previous ? previous.statusText : '',
  };
}

async function refreshList() {
  if (!state.client) return;
  let list;
  try {
    list = await state.client.get(API + '/processes');
  } catch (e) {
    if (e instanceof ApiFailure && e.status !== 401) toast(e.message, true);
    return;
  }
  const seen = new Set();
  for (const p of list) {
    seen.add(String(p.name));
    upsert(p);
  }
  for (const name of [...state.processes.keys()]) {
    if (!seen.has(name)) drop(name);
  }
  renderTotals();
  if (!state.autoSelected && !state.selected && list.length > 0) {
    // The first app's charts and logs at once, rather than an empty half page.
    state.autoSelected = true;
    select(String([...list].sort((a, b) => a.id - b.id)[0].name));
  }
}

function upsert(raw) {
  const name = String(raw.name);
  const p = normalise(raw, state.processes.get(name));
  state.processes.set(name, p);
  sample(p);
  renderRow(p);
  if (state.selected === name) renderDetail();
}

function drop(name) {
  state.processes.delete(name);
  state.history.delete(name);
  const row = state.rows.get(name);
  if (row) row.remove();
  state.rows.delete(name);
  if (state.selected === name) select(null);
  $('empty').hidden = state.processes.size > 0;
}

function sample(p) {
  let h = state.history.get(p.name);
  if (!h) {
    h = [];
    state.history.set(p.name, h);
  }
  const now = Date.now();
  if (h.length > 0 && now - h[h.length - 1].t < 500) h.pop(); // a list and a frame at the same moment
  h.push({ t: now, cpu: p.cpu, mem: p.memory });
  while (h.length > 0 && now - h[0].t > CHART_WINDOW_MS) h.shift();
}

function cell(row, label, cls) {
  const td = document.createElement('td');
  td.dataset.label = label;
  if (cls) td.className = cls;
  row.append(td);
  return td;
}

function renderRow(p) {
  let row = state.rows.get(p.name);
  if (!row) {
    row = document.createElement('tr');
    row.dataset.name = p.name;
    row.tabIndex = 0;
    for (const [label, cls] of [['Name', 'name'], ['ID', 'id'], ['Status', 'st'], ['Ready', 'ready'], ['PID', 'pid'],
      ['CPU', 'cpu'], ['Memory', 'mem'], ['Uptime', 'up'], ['Restarts', 'restarts']]) {
      cell(row, label, cls);
    }
    state.rows.set(p.name, row);
    insertSorted(row, p.id);
  }
  const c = row.children;
  c[0].textContent = p.name;
  c[0].title = p.name;
  c[1].textContent = String(p.id);
  const status = document.createElement('span');
  status.className = 'status ' + p.status;
  status.textContent = p.status;
  c[2].replaceChildren(status);
  c[3].textContent = readiness(p);
  c[4].textContent = p.pid > 0 ? String(p.pid) : '–';
  c[5].textContent = percent(p.cpu);
  c[6].textContent = bytes(p.memory);
  c[7].textContent = p.status === 'running' || p.status === 'starting' ? duration(p.uptime) : '–';
  c[8].textContent = String(p.restarts);
  c[8].className = 'restarts' + (p.restarts > 0 ? ' restarts-warn' : '');
  row.classList.toggle('selected', state.selected === p.name);
  $('empty').hidden = true;
}

function insertSorted(row, id) {
  const body = document.querySelector('#processes tbody');
  row.dataset.id = String(id);
  for (const other of body.children) {
    if (Number(other.dataset.id) > id) {
      body.insertBefore(row, other);
      return;
    }
  }
  body.append(row);
}

/** The ready column: only apps started with wait_ready report readiness. */
function readiness(p) {
  if (!p.waitReady) return '–';
  if (p.status === 'starting') return 'waiting';
  return p.status === 'running' ? 'ready' : '–';
}

function renderTotals() {
  const all = [...state.processes.values()];
  const running = all.filter(p => p.status === 'running').length;
  const cpu = all.reduce((a, p) => a + p.cpu, 0);
  const mem = all.reduce((a, p) => a + p.memory, 0);
  $('totals').textContent = `${all.length} app${all.length === 1 ? '' : 's'} · ${running} running · CPU ${percent(cpu)} · ${bytes(mem)}`;
  $('empty').hidden = all.length > 0;
}

// ---- the live feed ----------------------------------------------------------------------------

function setLive(on, why) {
  const live = $('live');
  live.dataset.state = on ? 'on' : 'off';
  live.textContent = on ? 'live' : why || 'reconnecting…';
}

function onLive(msg) {
  switch (msg.type) {
    case 'process_update':
      if (msg.data && msg.data.name !== undefined) {
        upsert(msg.data);
        renderTotals();
      }
      break;
    case 'event':
      onEvent(msg.data || {});
      break;
    case 'log':
      if (msg.data && msg.data.name === state.selected) addLines([msg.data]);
      break;
    case 'error':
      toast(String(msg.message), true);
      break;
    default:
      break;
  }
}

function onEvent(e) {
  const name = String(e.name);
  if (e.event === 'delete') drop(name);
  if (e.event === 'crash' || e.event === 'errored' || e.event === 'spawn_failed') {
    toast(`${name}: ${e.event}${e.reason ? ' (' + e.reason + ')' : ''}`, true);
  }
  // Starts, scales and deletes change the set of rows: fetch the list once the burst is over.
  clearTimeout(state.refreshSoon);
  state.refreshSoon = setTimeout(refreshList, 300);
}

// ---- detail: actions, charts, summary, logs ---------------------------------------------------

function select(name) {
  const previous = state.selected;
  if (previous === name) return;
  if (previous && state.live) state.live.unsubscribe(previous);
  state.selected = name;
  for (const [n, row] of state.rows) row.classList.toggle('selected', n === name);
  clearInterval(state.summaryTimer);
  state.lines = [];
  renderLog();
  if (!name) {
    $('detail').hidden = true;
    return;
  }
  $('detail').hidden = false;
  renderDetail();
  if (state.live) state.live.subscribe(name);
  loadBacklog(name);
  loadSummary();
  state.summaryTimer = setInterval(loadSummary, SUMMARY_EVERY_MS);
}

function renderDetail() {
  const p = state.processes.get(state.selected);
  if (!p) return;
  $('detail-name').textContent = p.name;
  const parts = [p.status, p.pid > 0 ? 'pid ' + p.pid : null, p.restarts + ' restart' + (p.restarts === 1 ? '' : 's'),
    p.statusText ? '“' + p.statusText + '”' : null];
  $('detail-status').textContent = parts.filter(Boolean).join(' · ');
  const alive = p.status === 'running' || p.status === 'starting';
  for (const b of $('actions').querySelectorAll('button[data-action]')) {
    const a = b.dataset.action;
    b.disabled = (a === 'start' && alive) || ((a === 'stop' || a === 'reload') && !alive);
  }
  const h = state.history.get(p.name) || [];
  const cpuMax = niceMax(Math.max(0, ...h.map(s => s.cpu)), 5);
  const memMax = niceMax(Math.max(0, ...h.map(s => s.mem)), 1024 * 1024);
  // The time axis grows with the history (at least 30 s, at most the window), so a page opened a
  // minute ago shows a minute across the whole chart rather than a sliver at its right edge.
  const axisMs = h.length > 0 ? Math.min(CHART_WINDOW_MS, Math.max(30000, Date.now() - h[0].t)) : CHART_WINDOW_MS;
  draw($('cpu-chart'), h.map(s => ({ t: s.t, value: s.cpu })), axisMs, cpuMax, 'cpu');
  draw($('mem-chart'), h.map(s => ({ t: s.t, value: s.mem })), axisMs, memMax, 'mem');
  $('cpu-now').textContent = percent(p.cpu);
  $('mem-now').textContent = bytes(p.memory);
  const span = 'last ' + duration(axisMs) + (h.length > 0 && Date.now() - h[0].t < axisMs ? ' (since this page opened)' : '');
  $('cpu-span').textContent = span;
  $('mem-span').textContent = span;
  $('cpu-max').textContent = 'max ' + percent(cpuMax);
  $('mem-max').textContent = 'max ' + bytes(memMax);
}

function path(name, verb) {
  return API + '/processes/' + encodeURIComponent(name) + (verb ? '/' + verb : '');
}

async function post(name, verb, body) {
  try {
    const result = await state.client.post(path(name, verb), body);
    toast(verb === 'scale' ? `${name}: ${result.instances} instance${result.instances === 1 ? '' : 's'}`
      : `${name}: ${result.status}`);
    refreshList();
    return true;
  } catch (e) {
    toast(`${name}: ${e.message}`, true);
    return false;
  }
}

function act(action, name) {
  if (action === 'delete') {
    const dialog = $('confirm-delete');
    dialog.dataset.name = name;
    $('confirm-name').textContent = name;
    dialog.showModal();
    return;
  }
  post(name, action);
}

async function remove(name) {
  try {
    await state.client.delete(path(name));
    toast(`${name}: deleted`);
    drop(name);
    refreshList();
  } catch (e) {
    toast(`${name}: ${e.message}`, true);
  }
}

async function loadSummary() {
  const name = state.selected;
  if (!name) return;
  let s;
  try {
    s = await state.client.get(API + '/logs/' + encodeURIComponent(name) + '/summary?lines=1000');
  } catch (e) {
    if (name === state.selected) $('summary-counts').textContent = e.message;
    return;
  }
  if (name !== state.selected) return;
  const score = $('health');
  score.textContent = String(s.health_score);
  score.className = 'score ' + (s.health_score >= 80 ? 'good' : s.health_score >= 50 ? 'fair' : 'bad');
  const by = s.by_level || {};
  const errors = (by.error || 0) + (by.fatal || 0);
  $('summary-counts').textContent = `/100 · ${s.total_lines} lines · ${errors} error${errors === 1 ? '' : 's'} · ${by.warn || 0} warnings`;
  const patterns = $('patterns');
  patterns.replaceChildren();
  for (const p of s.top_patterns || []) {
    const li = document.createElement('li');
    const code = document.createElement('code');
    code.textContent = p.template;
    li.append(code, document.createTextNode(` ×${p.count} (${p.trend})`));
    patterns.append(li);
  }
  if (patterns.children.length === 0) patterns.append(muted('none yet'));
  const anomalies = $('anomalies');
  anomalies.replaceChildren();
  for (const a of s.anomalies || []) {
    const li = document.createElement('li');
    li.textContent = `${a.severity}: ${a.metric} ${Number(a.current_value).toFixed(1)} (mean ${Number(a.mean).toFixed(1)}, ${Number(a.sigma).toFixed(1)}σ) at ${dateTime(a.timestamp_ms)}`;
    anomalies.append(li);
  }
  if (anomalies.children.length === 0) anomalies.append(muted('none'));
  $('last-error').textContent = s.last_error ? `${dateTime(s.last_error_ms)}  ${s.last_error}` : 'none';
}

function muted(text) {
  const li = document.createElement('li');
  li.className = 'muted';
  li.textContent = text;
  return li;
}

async function loadBacklog(name) {
  let lines;
  try {
    lines = await state.client.get(API + '/logs/' + encodeURIComponent(name) + '?lines=' + BACKLOG_LINES);
  } catch (e) {
    toast(`${name}: ${e.message}`, true);
    return;
  }
  if (name !== state.selected) return;
  // Lines that arrived live while the backlog was on its way may be in both.
  const known = new Set(lines.map(l => l.timestamp_ms + '\u0000' + l.message));
  const live = state.lines.filter(l => !known.has(l.timestamp_ms + '\u0000' + l.message));
  state.lines = lines.concat(live).slice(-MAX_LOG_LINES);
  renderLog();
}

function compileGrep() {
  const input = $('grep');
  const text = input.value;
  state.grep = null;
  $('grep-error').hidden = true;
  input.classList.remove('invalid');
  if (text === '') return;
  try {
    state.grep = new RegExp(text, 'i');
  } catch (e) {
    input.classList.add('invalid');
    $('grep-error').textContent = 'not a valid regular expression: ' + e.message;
    $('grep-error').hidden = false;
  }
}

function wanted(line) {
  const levels = new Set([...$('levels').querySelectorAll('input:checked')].map(i => i.value));
  return levels.has(line.level_str) && (!state.grep || state.grep.test(line.message));
}

function lineElement(l) {
  const div = document.createElement('div');
  const level = LEVELS.includes(l.level_str) ? l.level_str : 'info';
  div.className = 'line lvl-' + level;
  const time = document.createElement('span');
  time.className = 'time';
  time.textContent = clock(l.timestamp_ms);
  const lvl = document.createElement('span');
  lvl.className = 'lvl';
  lvl.textContent = level.toUpperCase();
  const stream = document.createElement('span');
  stream.className = 'stream';
  stream.textContent = l.stream === 'err' ? 'err' : 'out';
  const msg = document.createElement('span');
  msg.className = 'msg';
  msg.textContent = l.message;
  div.append(time, lvl, stream, msg);
  return div;
}

function renderLog() {
  const log = $('log');
  const shown = state.lines.filter(wanted).map(lineElement);
  log.replaceChildren(...shown);
  scrollLog();
}

function addLines(lines) {
  const log = $('log');
  for (const l of lines) {
    state.lines.push(l);
    if (wanted(l)) log.append(lineElement(l));
  }
  const excess = state.lines.length - MAX_LOG_LINES;
  if (excess > 0) {
    state.lines.splice(0, excess);
    while (log.children.length > MAX_LOG_LINES) log.firstChild.remove();
  }
  scrollLog();
}

function scrollLog() {
  if ($('follow').checked) {
    const log = $('log');
    log.scrollTop = log.scrollHeight;
  }
}

// ---- toasts -----------------------------------------------------------------------------------

function toast(text, error) {
  const t = document.createElement('div');
  t.className = 'toast' + (error ? ' error' : '');
  t.setAttribute('role', error ? 'alert' : 'status');
  t.textContent = text;
  $('toasts').append(t);
  setTimeout(() => t.remove(), error ? 8000 : 4000);
}

main();
