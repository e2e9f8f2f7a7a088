'use strict';
// The Yuntu web console: talks only to the gateway (REST under /api, live events on /ws, and for
// operators the farm's push on /ws/admin).
// It signs in at POST /api/auth/token and keeps the token in sessionStorage: gone when the tab
// closes, never sent anywhere but as "Authorization: Bearer" and as the WebSocket's access_token.

const $ = (selector) => document.querySelector(selector);
const rows = new Map(); // taskId -> table row
const tasks = new Map(); // taskId -> the newest task view shown (what the buttons go by)
const shown = new Map(); // taskId -> how often it was shown or fetched: an answer to an older GET is dropped
const TOKEN_KEY = 'yuntu.token';
const USER_KEY = 'yuntu.user';

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

function say(text, isError) {
  const item = document.createElement('li');
  item.textContent = text;
  if (isError) item.className = 'error';
  $('#messages').prepend(item);
}

/**
 * A notification: its title, its message, and when it is about a task (taskId), a link that shows
 * that task's row (fetched when the list does not hold it). kind (task.completed, operator, ...) is
 * kept on the item for styling and filtering.
 */
function showNotification(n) {
  const item = document.createElement('li');
  item.className = `notification ${(n.level || 'INFO').toLowerCase()}`;
  if (n.kind) item.dataset.kind = n.kind;
  const title = document.createElement('strong');
  title.textContent = n.title;
  item.append(title);
  if (n.message) item.append(` ${n.message}`);
  if (n.taskId) {
    const link = document.createElement('a');
    link.href = `#task-${n.taskId}`;
    link.textContent = 'Show task';
    link.addEventListener('click', (event) => {
      event.preventDefault();
      focusTask(n.taskId);
    });
    item.append(' ', link);
  }
  $('#messages').prepend(item);
}

/** Brings the task's row into view, fresh from the server. */
async function focusTask(taskId) {
  await refresh(taskId);
  const tr = rows.get(taskId);
  if (!tr) return;
  tr.scrollIntoView({ block: 'center' });
  tr.classList.add('focused');
  setTimeout(() => tr.classList.remove('focused'), 2000);
}

/** Turns a problem+json (or any failed response) into one readable line. */
async function problemText(response) {
  try {
    const problem = await response.json();
    const fields = (problem.errors || []).map((e) => `${e.field}: ${e.message}`).join('; ');
    return [problem.title || response.status, problem.detail, fields].filter(Boolean).join(' - ');
  } catch (e) {
    return `${response.status} ${response.statusText}`;
  }
}

function authorization() {
  return { Authorization: `Bearer ${token()}` };
}

async function api(path, options = {}) {
  const headers = Object.assign(authorization(), options.headers || {});
  const response = await fetch(path, Object.assign({}, options, { headers }));
  if (response.status === 401) {
    // Expired or revoked: the user signs in again.
    signOut('Your session ended; please sign in again.');
    throw new Error(await problemText(response));
  }
  if (!response.ok) throw new Error(await problemText(response));
  return response.status === 204 ? null : response.json();
}

// ---- sign in / out
$('#sign-in').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const username = form.username.value.trim();
  try {
    const response = await fetch('/api/auth/token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: form.password.value }),
    });
    if (!response.ok) throw new Error(await problemText(response));
    const answer = await response.json();
    sessionStorage.setItem(TOKEN_KEY, answer.access_token);
    sessionStorage.setItem(USER_KEY, username);
    form.password.value = '';
    signedIn();
  } catch (e) {
    say(`Sign-in failed: ${e.message}`, true);
  }
});

$('#sign-out').addEventListener('click', () => signOut('Signed out.'));

function signedIn() {
  $('#sign-in').hidden = true;
  $('#signed-in').hidden = false;
  $('#who').textContent = sessionStorage.getItem(USER_KEY);
  $('#signed-out-hint').hidden = true;
  $('#workspace').hidden = false;
  rows.clear();
  tasks.clear();
  shown.clear();
  $('#tasks tbody').replaceChildren();
  $('#results').replaceChildren();
  loadTiers();
  loadTasks();
  connect();
  watchFarm();
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
  closeLog();
  disconnect();
  unwatchFarm();
  stream = { epoch: null, lastSeq: 0 };
  rows.clear();
  tasks.clear();
  shown.clear();
  $('#tasks tbody').replaceChildren();
  $('#results').replaceChildren();
  $('#workspace').hidden = true;
  $('#signed-out-hint').hidden = false;
  $('#signed-in').hidden = true;
  $('#sign-in').hidden = false;
  if (message) say(message);
}

// ---- 1. upload (XMLHttpRequest, because fetch reports no upload progress)
$('#upload').addEventListener('submit', (event) => {
  event.preventDefault();
  const file = $('#scene').files[0];
  if (!file) return;
  const form = new FormData();
  form.append('file', file);
  const bar = $('#upload-progress');
  const request = new XMLHttpRequest();
  request.open('POST', '/api/files/scenes');
  request.setRequestHeader('Authorization', `Bearer ${token()}`);
  request.upload.onprogress = (e) => { if (e.lengthComputable) bar.value = e.loaded / e.total; };
  request.onload = () => {
    bar.hidden = true;
    let body = null;
    try { body = JSON.parse(request.responseText); } catch (e) { /* not JSON: reported below */ }
    if (request.status === 401) {
      signOut('Your session ended; please sign in again.');
    } else if (request.status === 201 && body) {
      $('#uploaded').textContent = `${body.key} (${body.size} bytes, sha256 ${body.sha256})`;
      $('#submit').sceneKey.value = body.key;
      say(`Uploaded ${file.name}`);
    } else {
      say(`Upload failed: ${body ? [body.title, body.detail].filter(Boolean).join(' - ') : request.status}`, true);
    }
  };
  request.onerror = () => { bar.hidden = true; say('Upload failed: network error', true); };
  bar.value = 0;
  bar.hidden = false;
  request.send(form);
});

// ---- 2. submit
$('#submit').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  // Only what the user chose: everything left out comes from the scene's analysis.
  const task = { sceneKey: form.sceneKey.value.trim() };
  if (form.frames.value.trim()) task.frames = form.frames.value.trim();
  if (form.renderer.value) task.renderer = form.renderer.value;
  if (form.tier.value) task.tier = form.tier.value;
  if (form.testFrames.value.trim()) task.testFrames = form.testFrames.value.trim(); // "auto" or a frame list: a string
  if (form.stopAfterTest.checked) task.stopAfterTest = true;
  if (form.approveAfterTest.checked) task.approveAfterTest = true;
  if (form.budget.value) task.budget = Number(form.budget.value);
  if (form.chunkSize.value) task.chunkSize = Number(form.chunkSize.value);
  try {
    const created = await api('/api/tasks', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(task),
    });
    showTask(created);
    say(`Task ${created.id} submitted`);
  } catch (e) {
    say(`Submit failed: ${e.message}`, true);
  }
});

// ---- 3. tasks, live
const ACTIVE = ['SUBMITTED', 'ANALYSING', 'QUEUED', 'TESTING', 'AWAITING_APPROVAL', 'RENDERING', 'PAUSED'];
const PAUSE_CAUSES = { BUDGET: 'paused: budget reached', USER: 'paused by you' };

/** What can be done to a task, each button shown only while its status allows it. */
const COMMANDS = [
  { label: 'Approve', title: 'render the remaining frames',
    applies: (t) => t.status === 'AWAITING_APPROVAL', run: (t) => command(t.id, 'approve') },
  { label: 'Test frames', title: 'show the test frames and their images',
    applies: (t) => t.status === 'AWAITING_APPROVAL', run: (t) => showTestFrames(t.id) },
  { label: 'Pause', title: 'stop dispatching; frames rendering now are taken back',
    applies: (t) => ['QUEUED', 'TESTING', 'RENDERING'].includes(t.status), run: (t) => command(t.id, 'pause') },
  { label: 'Resume', applies: (t) => t.status === 'PAUSED', run: (t) => command(t.id, 'resume') },
  { label: 'Retry', title: 'render the failed frames again',
    applies: (t) => t.progress != null && t.progress.framesFailed > 0 && t.status !== 'CANCELLED',
    run: (t) => command(t.id, 'retry') },
  { label: 'Budget…', title: 'change the budget (a task paused by its budget goes on once it is raised)',
    applies: (t) => ACTIVE.includes(t.status), run: (t) => changeBudget(t) },
  { label: 'Cancel', applies: (t) => ACTIVE.includes(t.status), run: (t) => cancelTask(t) },
];

function row(taskId) {
  let tr = rows.get(taskId);
  if (!tr) {
    tr = document.createElement('tr');
    const cells = ['id', 'status', 'progress', 'cost', 'estimate', 'budget', 'actions'].map((name) => {
      const td = document.createElement('td');
      td.className = name;
      tr.append(td);
      return td;
    });
    cells[0].textContent = taskId;
    const bar = document.createElement('progress');
    bar.max = 100;
    bar.value = 0;
    cells[2].append(bar, document.createElement('span'));
    const commands = document.createElement('span');
    commands.className = 'commands';
    const results = document.createElement('button');
    results.textContent = 'Results';
    results.addEventListener('click', () => showResults(taskId));
    const log = document.createElement('button');
    log.textContent = 'Log';
    log.title = 'the renderer\'s lines as they are written';
    log.addEventListener('click', () => showLog(taskId));
    cells[6].append(commands, results, log);
    rows.set(taskId, tr);
    $('#tasks tbody').prepend(tr);
  }
  return tr;
}

function setProgress(taskId, percent, label, title) {
  const cell = row(taskId).querySelector('.progress');
  cell.querySelector('progress').value = percent;
  cell.querySelector('span').textContent = ` ${label}`;
  if (title !== undefined) cell.title = title;
}

function setCost(taskId, cost) {
  if (cost) row(taskId).querySelector('.cost').textContent = `${cost.amount} ${cost.currency}`;
}

/** "45.2 s", "12 min 5 s", "3 h 20 min", "2 d 4 h". */
function duration(seconds) {
  if (seconds < 60) return `${Math.round(seconds * 10) / 10} s`;
  const s = Math.round(seconds);
  const units = [['d', 86400], ['h', 3600], ['min', 60], ['s', 1]];
  const i = units.findIndex(([, size]) => s >= size);
  const [unit, size] = units[i];
  const [smallUnit, smallSize] = units[i + 1];
  const small = Math.floor((s % size) / smallSize);
  return `${Math.floor(s / size)} ${unit}` + (small ? ` ${small} ${smallUnit}` : '');
}

/** The tier's currency, as far as the task shows it yet. */
function currencyOf(task) {
  return (task.estimate && task.estimate.currency) || (task.cost && task.cost.currency) || '';
}

function estimateText(estimate) {
  return `≈ ${estimate.cost} ${estimate.currency}, ${duration(estimate.seconds)}`;
}

function showStatus(task) {
  const cell = row(task.id).querySelector('.status');
  cell.replaceChildren(task.status || '');
  if (task.status === 'PAUSED' && task.pauseCause) {
    const cause = document.createElement('small');
    cause.className = 'cause';
    cause.textContent = PAUSE_CAUSES[task.pauseCause] || `paused: ${task.pauseCause}`;
    cell.append(document.createElement('br'), cause);
  }
}

function showCommands(task) {
  const buttons = COMMANDS.filter((c) => c.applies(task)).map((c) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = c.label;
    if (c.title) button.title = c.title;
    button.addEventListener('click', async () => {
      button.disabled = true; // one call at a time; an answer redraws the buttons
      try {
        await c.run(tasks.get(task.id) || task);
      } finally {
        button.disabled = false;
      }
    });
    return button;
  });
  row(task.id).querySelector('.commands').replaceChildren(...buttons);
}

/** A status learnt from a live event, until the task's own view arrives. */
function setStatus(taskId, status) {
  const task = Object.assign({ id: taskId }, tasks.get(taskId), { status });
  if (status !== 'PAUSED') delete task.pauseCause;
  tasks.set(taskId, task);
  showStatus(task);
  showCommands(task);
}

function showTask(task) {
  tasks.set(task.id, task);
  shown.set(task.id, (shown.get(task.id) || 0) + 1);
  showStatus(task);
  if (task.progress) {
    const p = task.progress;
    let label = `${p.framesDone}/${p.framesTotal}`;
    if (p.framesFailed > 0) label += `, ${p.framesFailed} failed`;
    if (task.status === 'COMPLETED' && task.completedAt) {
      const from = Date.parse(task.startedAt || task.createdAt);
      if (!Number.isNaN(from)) label += `, done in ${duration((Date.parse(task.completedAt) - from) / 1000)}`;
    }
    const dead = (task.deadFrames || []).map((f) => `${f.layer} frame ${f.number}: ${f.reason}`).join('\n');
    setProgress(task.id, p.percent, label, dead);
  }
  setCost(task.id, task.cost);
  const tr = row(task.id);
  tr.querySelector('.estimate').textContent = task.estimate ? estimateText(task.estimate) : '';
  tr.querySelector('.estimate').title = task.estimate ? 'for the whole task, from its test frames' : '';
  tr.querySelector('.budget').textContent = task.budget != null ? `${task.budget} ${currencyOf(task)}`.trim() : '';
  showCommands(task);
}

/** Fetches the task again and shows it, unless something newer was shown meanwhile. */
async function refresh(taskId) {
  const turn = (shown.get(taskId) || 0) + 1;
  shown.set(taskId, turn);
  try {
    const task = await api(`/api/tasks/${encodeURIComponent(taskId)}`);
    if (shown.get(taskId) === turn) showTask(task);
  } catch (e) {
    say(`Cannot refresh task ${taskId}: ${e.message}`, true);
  }
}

/** POST /api/tasks/{id}/{verb} (approve, pause, resume, retry, cancel): answers the task. */
async function command(taskId, verb) {
  try {
    const task = await api(`/api/tasks/${encodeURIComponent(taskId)}/${verb}`, { method: 'POST' });
    showTask(task);
    say(`Task ${taskId}: ${verb} done, now ${task.status}`);
  } catch (e) {
    say(`Cannot ${verb} task ${taskId}: ${e.message}`, true);
  }
}

function cancelTask(task) {
  if (!confirm(`Cancel task ${task.id}? Frames not rendered yet will not be.`)) return undefined;
  return command(task.id, 'cancel');
}

async function changeBudget(task) {
  const currency = currencyOf(task);
  const answer = prompt(`Budget of task ${task.id}${currency ? ` in ${currency}` : ''}:`,
    task.budget != null ? String(task.budget) : '');
  if (answer == null || !answer.trim()) return;
  const budget = Number(answer.trim());
  if (!Number.isFinite(budget) || budget <= 0) {
    say(`Budget of task ${task.id}: "${answer}" is not a number above 0`, true);
    return;
  }
  try {
    const changed = await api(`/api/tasks/${encodeURIComponent(task.id)}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ budget }),
    });
    showTask(changed);
    say(`Budget of task ${task.id} set to ${budget} ${currency}`.trim());
  } catch (e) {
    say(`Cannot change the budget of task ${task.id}: ${e.message}`, true);
  }
}

async function loadTiers() {
  try {
    const tiers = await api('/api/tiers');
    const select = $('#submit').tier;
    select.querySelectorAll('option[value]:not([value=""])').forEach((o) => o.remove());
    tiers.forEach((t) => {
      const option = document.createElement('option');
      option.value = t.name;
      const gpus = t.gpus ? `, ${t.gpus} GPU` : '';
      option.textContent = `${t.name} (${t.cores} cores, ${t.ramGb} GB${gpus}, ${t.pricePerHour} ${t.currency}/h)`;
      select.append(option);
    });
  } catch (e) {
    say(`Cannot list tiers: ${e.message}`, true);
  }
}

async function loadTasks() {
  try {
    const answer = await api('/api/tasks');
    // A plain list, or a page of one.
    const list = Array.isArray(answer) ? answer : (answer.items || answer.content || []);
    list.slice().reverse().forEach(showTask);
  } catch (e) {
    say(`Cannot list tasks: ${e.message}`, true);
  }
}

function resultLink(file) {
  const link = document.createElement('a');
  link.href = file.url;
  link.textContent = file.fileName;
  link.download = file.fileName;
  return link;
}

/**
 * A frame attempt's renderer log from file-service's archive. Fetched with the session's token (a plain
 * link would carry none) and handed to the browser as a file named like the download.
 */
function logLink(taskId, frame) {
  const link = document.createElement('a');
  link.href = '#';
  link.textContent = 'log';
  link.title = `renderer log of attempt ${frame.attempt}`;
  link.addEventListener('click', async (event) => {
    event.preventDefault();
    try {
      const response = await fetch(`/api/files/logs/${encodeURIComponent(taskId)}/frames/${encodeURIComponent(frame.id)}`
        + `?attempt=${frame.attempt}`, { headers: authorization() });
      if (!response.ok) throw new Error(await problemText(response));
      const url = URL.createObjectURL(await response.blob());
      const save = document.createElement('a');
      save.href = url;
      save.download = `${taskId}-${frame.id}-${frame.attempt}.log`;
      save.click();
      // The click has handed the blob to the browser's download; the URL is not needed after it.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (e) {
      say(`Cannot read the log of ${frame.layer} frame ${frame.number}: ${e.message}`, true);
    }
  });
  return link;
}

async function showResults(taskId) {
  closeLog();
  const target = $('#results');
  try {
    const files = await api(`/api/files/results/${encodeURIComponent(taskId)}`);
    const heading = document.createElement('h3');
    heading.textContent = `Results of ${taskId}: ${files.length} file(s)`;
    const list = document.createElement('ul');
    files.forEach((file) => {
      const item = document.createElement('li');
      item.append(`frame ${file.frame}: `, resultLink(file), ` (${file.size} bytes)`);
      list.append(item);
    });
    target.replaceChildren(heading, list);
  } catch (e) {
    say(`Cannot list results of ${taskId}: ${e.message}`, true);
  }
}

/**
 * The test frames of a task awaiting approval, with their images linked like results. Only the
 * test frames have run by then, so the frames that ended (SUCCEEDED or DEAD) are few.
 */
async function showTestFrames(taskId) {
  closeLog();
  const target = $('#results');
  const id = encodeURIComponent(taskId);
  let frames;
  try {
    const pages = await Promise.all(['SUCCEEDED', 'DEAD'].map((status) =>
      api(`/api/tasks/${id}/frames?status=${status}&size=1000`)));
    frames = pages.flatMap((page) => page.items || []).filter((f) => f.test)
      .sort((a, b) => a.layer.localeCompare(b.layer) || a.number - b.number);
  } catch (e) {
    say(`Cannot list the test frames of ${taskId}: ${e.message}`, true);
    return;
  }
  let files = [];
  if (frames.some((f) => (f.outputs || []).length)) {
    try {
      files = await api(`/api/files/results/${id}`);
    } catch (e) {
      say(`Cannot list results of ${taskId}: ${e.message}`, true);
    }
  }
  const byKey = new Map(files.map((file) => [file.key, file]));
  const heading = document.createElement('h3');
  heading.textContent = `Test frames of ${taskId}: ${frames.length} frame(s)`;
  const parts = [heading];
  const task = tasks.get(taskId);
  if (task && task.estimate) {
    const hint = document.createElement('p');
    hint.textContent = `Estimate for the whole task: ${estimateText(task.estimate)}. Approve to render the rest, or cancel.`;
    parts.push(hint);
  }
  const list = document.createElement('ul');
  frames.forEach((f) => {
    const item = document.createElement('li');
    item.append(`${f.layer} frame ${f.number}: ${f.status}` + (f.seconds != null ? `, ${duration(f.seconds)}` : ''));
    if (f.lastError && f.status !== 'SUCCEEDED') item.append(` (${f.lastError})`);
    (f.outputs || []).forEach((output) => {
      const file = output.object && byKey.get(output.object.key);
      // Not listed by file-service yet: the name only.
      item.append(' ', file ? resultLink(file) : output.fileName);
    });
    item.append(' ', logLink(taskId, f));
    list.append(item);
  });
  parts.push(list);
  target.replaceChildren(...parts);
}

// ---- a task's live log: a connection of its own (?taskId=), shown below the tasks while open.
// Lines come as the renderer writes them, without seq: nothing missed is replayed.
const LOG_BATCHES_KEPT = 500; // older batches leave the page, so a long render does not fill the browser
let logSocket = null;

function closeLog() {
  if (logSocket) {
    logSocket.onclose = null;
    logSocket.close();
    logSocket = null;
  }
}

function showLog(taskId) {
  closeLog();
  const heading = document.createElement('h3');
  heading.textContent = `Live log of ${taskId}`;
  const state = document.createElement('p');
  state.className = 'hint';
  state.textContent = 'connecting…';
  const pre = document.createElement('pre');
  pre.className = 'log';
  $('#results').replaceChildren(heading, state, pre);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/ws?access_token=${encodeURIComponent(token())}`
    + `&taskId=${encodeURIComponent(taskId)}`);
  logSocket = socket;
  socket.onopen = () => {
    state.textContent = 'live: lines appear as the renderer writes them; earlier lines are not shown here';
  };
  socket.onmessage = (message) => {
    const envelope = JSON.parse(message.data);
    // The task's events reach the table over the tab's own connection.
    if (envelope.event !== 'task:log') return;
    appendLog(pre, envelope.data);
  };
  socket.onclose = (event) => {
    if (logSocket !== socket) return;
    logSocket = null;
    state.textContent = `log closed${event.reason ? ` (${event.reason})` : ''}; click Log to follow it again`;
  };
}

function appendLog(pre, data) {
  const frame = `${data.frameId.slice(0, 8)}#${data.attempt}`;
  const following = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
  let text = data.lines.map((line) => `[${frame}] ${line}\n`).join('');
  // The gateway shows a connection a limited number of lines a second and says how many it left out.
  if (data.dropped > 0) text += `[${frame}] … ${data.dropped} line(s) left out: more than the live view shows a second\n`;
  pre.append(document.createTextNode(text));
  while (pre.childNodes.length > LOG_BATCHES_KEPT) pre.firstChild.remove();
  if (following) pre.scrollTop = pre.scrollHeight;
}

const handlers = {
  'task:status': (e) => {
    setStatus(e.taskId, e.to);
    // The estimate, pause cause, budget and dead frames come with the task.
    const refreshed = refresh(e.taskId);
    // The owner's notification (task.awaiting-approval) says so with the estimate; here its test frames.
    if (e.to === 'AWAITING_APPROVAL') refreshed.then(() => showTestFrames(e.taskId));
  },
  'task:progress': (e) => {
    setProgress(e.taskId, e.percent, `${e.framesDone}/${e.framesTotal}`
      + (e.framesFailed > 0 ? `, ${e.framesFailed} failed` : '')
      + (e.etaSeconds != null ? `, ETA ${duration(e.etaSeconds)}` : ''));
    setCost(e.taskId, e.costSoFar);
    const task = tasks.get(e.taskId);
    if (task) {
      task.progress = { framesDone: e.framesDone, framesFailed: e.framesFailed, framesTotal: e.framesTotal, percent: e.percent };
      showCommands(task); // Retry once a frame died
    }
  },
  'task:completed': (e) => {
    setStatus(e.taskId, 'COMPLETED');
    setProgress(e.taskId, 100, `done in ${duration(e.durationSeconds)}`);
    setCost(e.taskId, e.cost);
    // Told in words by the owner's notification (task.completed), with frames, time and cost.
  },
  'task:failed': (e) => {
    setStatus(e.taskId, 'FAILED');
    // Told in words by the owner's notification (task.failed), with the reason.
  },
  notification: (e) => showNotification(e),
};

let socket = null;
let retryDelay = 1000;
let retryTimer = null;
// Where this tab stands in the user's stream: kept across reconnections, so the gateway replays what
// was missed while offline (or says resync, and the task list is reloaded).
let stream = { epoch: null, lastSeq: 0 };

function disconnect() {
  clearTimeout(retryTimer);
  if (socket) {
    socket.onclose = null;
    socket.close();
    socket = null;
  }
  $('#live').className = 'live off';
  $('#live').textContent = 'offline';
}

function connect() {
  disconnect();
  if (!token()) return;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  // Browsers cannot set headers on a WebSocket: the token goes in the query.
  let url = `${scheme}://${location.host}/ws?access_token=${encodeURIComponent(token())}`;
  if (stream.epoch) url += `&lastSeq=${stream.lastSeq}&epoch=${stream.epoch}`;
  socket = new WebSocket(url);
  socket.onopen = () => {
    retryDelay = 1000;
    $('#live').className = 'live on';
    $('#live').textContent = 'live';
  };
  socket.onmessage = (message) => {
    const envelope = JSON.parse(message.data);
    // pong and error answer this tab's own messages and are not part of the stream (no seq).
    if (envelope.seq === undefined) return;
    if (envelope.event === 'connection:established') {
      stream = { epoch: envelope.data.epoch, lastSeq: envelope.seq };
      return;
    }
    if (envelope.event === 'resync') {
      // What was missed is gone (or the stream started over): the REST state is the truth.
      stream = { epoch: envelope.data.epoch, lastSeq: envelope.seq };
      loadTasks();
      return;
    }
    if (envelope.seq <= stream.lastSeq) return;
    stream.lastSeq = envelope.seq;
    // The gateway sends this user's events only (an admin's: everybody's).
    const handle = handlers[envelope.event];
    if (handle) handle(envelope.data);
  };
  socket.onclose = (event) => {
    $('#live').className = 'live off';
    $('#live').textContent = event.reason ? `offline (${event.reason})` : 'offline';
    if (event.code === 1008 && event.reason.startsWith('unauthorized')) {
      signOut('Your session ended; please sign in again.');
      return;
    }
    // 4000: newer tabs of this user took this one's place; reconnecting would close one of them.
    if (event.code === 4000) {
      $('#live').textContent = 'offline (open in another tab; reload to take over)';
      return;
    }
    // 4001: an operator closed this user's connections; reconnecting would undo it.
    if (event.code === 4001) {
      $('#live').textContent = 'offline (disconnected by an administrator; reload to reconnect)';
      return;
    }
    retryTimer = setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  };
}

// ---- operators: the farm's push, live on /ws/admin (every replica's connections, users, rates)
let monitor = null;
let monitorTimer = null;

/** Whether the token names an operator: only to decide whether to open /ws/admin; the gateway decides (4003). */
function isOperator() {
  try {
    const part = token().split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return (JSON.parse(atob(part)).groups || []).includes('admin');
  } catch (e) {
    return false;
  }
}

function watchFarm() {
  unwatchFarm();
  if (!token() || !isOperator()) return;
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  monitor = new WebSocket(`${scheme}://${location.host}/ws/admin?access_token=${encodeURIComponent(token())}`);
  monitor.onmessage = (message) => {
    const answer = JSON.parse(message.data);
    if (answer.event === 'monitor') showFarm(answer.data);
    if (answer.event === 'error') $('#farm-summary').textContent = answer.data.message;
  };
  monitor.onclose = (event) => {
    // 4003: not an operator after all; 1008: refused (the /ws connection signs the session out).
    if (event.code === 4003 || event.code === 1008) {
      $('#farm').hidden = true;
      return;
    }
    monitorTimer = setTimeout(watchFarm, 5000);
  };
}

function unwatchFarm() {
  clearTimeout(monitorTimer);
  if (monitor) {
    monitor.onclose = null;
    monitor.close();
    monitor = null;
  }
  $('#farm').hidden = true;
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

/** Draws a monitor message: the farm's figures, each replica's, and every user online with where. */
function showFarm(data) {
  const stats = data.stats;
  $('#farm').hidden = false;
  $('#farm-summary').textContent = `${stats.connections} connection(s) of ${stats.users} user(s) on `
    + `${stats.replicas.length} replica(s); events in ${stats.recordsNumberedPerSecond}/s, messages out `
    + `${stats.messagesSentPerSecond}/s over the last ${stats.rateWindowSeconds} s; slow clients dropped: ${stats.closed.tooSlow}`;
  $('#farm-replicas tbody').replaceChildren(...stats.replicas.map((replica) => {
    const row = document.createElement('tr');
    row.title = `${replica.id}, started ${replica.startedAt}`;
    row.append(cell(replica.host), cell(replica.connections), cell(replica.users), cell(replica.recordsNumberedPerSecond),
      cell(replica.messagesSentPerSecond), cell(replica.closed.tooSlow));
    return row;
  }));
  $('#farm-users tbody').replaceChildren(...data.users.map((user) => {
    const row = document.createElement('tr');
    const where = user.replicas.map((share) => `${share.host || share.replicaId}: ${share.connectionCount}`).join(', ');
    const actions = document.createElement('td');
    const button = document.createElement('button');
    button.textContent = 'Disconnect';
    button.addEventListener('click', () => disconnectUser(user.userId));
    actions.append(button);
    row.append(cell(user.userId), cell(user.connectionCount), cell(where), actions);
    return row;
  }));
}

async function disconnectUser(userId) {
  if (!confirm(`Close every connection of ${userId}, on every replica?`)) return;
  try {
    const answer = await api(`/api/admin/push/users/${encodeURIComponent(userId)}/disconnect`, { method: 'POST' });
    const pending = answer.pending.length ? `; ${answer.pending.length} replica(s) still closing theirs` : '';
    say(`Disconnected ${userId}: ${answer.closed} connection(s) closed${pending}.`);
  } catch (e) {
    say(`Disconnecting ${userId} failed: ${e.message}`, true);
  }
}

if (token()) {
  signedIn();
} else {
  signOut();
}
