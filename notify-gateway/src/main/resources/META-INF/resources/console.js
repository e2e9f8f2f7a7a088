'use strict';
// The Yuntu web console: talks only to the gateway (REST under /api, live events on /ws).
// It signs in at POST /api/auth/token and keeps the token in sessionStorage: gone when the tab
// closes, never sent anywhere but as "Authorization: Bearer" and as the WebSocket's access_token.

const $ = (selector) => document.querySelector(selector);
const rows = new Map(); // taskId -> table row
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
  $('#tasks tbody').replaceChildren();
  $('#results').replaceChildren();
  loadTiers();
  loadTasks();
  connect();
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(USER_KEY);
  disconnect();
  rows.clear();
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
function row(taskId) {
  let tr = rows.get(taskId);
  if (!tr) {
    tr = document.createElement('tr');
    const cells = ['id', 'status', 'progress', 'cost', 'actions'].map((name) => {
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
    const results = document.createElement('button');
    results.textContent = 'Results';
    results.addEventListener('click', () => showResults(taskId));
    cells[4].append(results);
    rows.set(taskId, tr);
    $('#tasks tbody').prepend(tr);
  }
  return tr;
}

function setProgress(taskId, percent, label) {
  const cell = row(taskId).querySelector('.progress');
  cell.querySelector('progress').value = percent;
  cell.querySelector('span').textContent = ` ${label}`;
}

function setCost(taskId, cost) {
  if (cost) row(taskId).querySelector('.cost').textContent = `${cost.amount} ${cost.currency}`;
}

function showTask(task) {
  row(task.id).querySelector('.status').textContent = task.status;
  if (task.progress) {
    const p = task.progress;
    setProgress(task.id, p.percent, `${p.framesDone}/${p.framesTotal}`);
  }
  setCost(task.id, task.cost);
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
    const tasks = Array.isArray(answer) ? answer : (answer.items || answer.content || []);
    tasks.slice().reverse().forEach(showTask);
  } catch (e) {
    say(`Cannot list tasks: ${e.message}`, true);
  }
}

async function showResults(taskId) {
  const target = $('#results');
  try {
    const files = await api(`/api/files/results/${encodeURIComponent(taskId)}`);
    const heading = document.createElement('h3');
    heading.textContent = `Results of ${taskId}: ${files.length} file(s)`;
    const list = document.createElement('ul');
    files.forEach((file) => {
      const item = document.createElement('li');
      const link = document.createElement('a');
      link.href = file.url;
      link.textContent = file.fileName;
      link.download = file.fileName;
      item.append(`frame ${file.frame}: `, link, ` (${file.size} bytes)`);
      list.append(item);
    });
    target.replaceChildren(heading, list);
  } catch (e) {
    say(`Cannot list results of ${taskId}: ${e.message}`, true);
  }
}

const handlers = {
  'task:status': (e) => { row(e.taskId).querySelector('.status').textContent = e.to; },
  'task:progress': (e) => {
    setProgress(e.taskId, e.percent, `${e.framesDone}/${e.framesTotal}` + (e.etaSeconds != null ? `, ETA ${e.etaSeconds}s` : ''));
    setCost(e.taskId, e.costSoFar);
  },
  'task:completed': (e) => {
    row(e.taskId).querySelector('.status').textContent = 'COMPLETED';
    setProgress(e.taskId, 100, `done in ${Math.round(e.durationSeconds)}s`);
    setCost(e.taskId, e.cost);
    say(`Task ${e.taskId} completed`);
  },
  'task:failed': (e) => {
    row(e.taskId).querySelector('.status').textContent = 'FAILED';
    say(`Task ${e.taskId} failed: ${e.reason}`, true);
  },
  notification: (e) => say(`${e.title}: ${e.message}`, e.level === 'ERROR'),
};

let socket = null;
let retryDelay = 1000;
let retryTimer = null;

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
  socket = new WebSocket(`${scheme}://${location.host}/ws?access_token=${encodeURIComponent(token())}`);
  let lastSeq = 0;
  socket.onopen = () => {
    retryDelay = 1000;
    $('#live').className = 'live on';
    $('#live').textContent = 'live';
  };
  socket.onmessage = (message) => {
    const envelope = JSON.parse(message.data);
    if (envelope.seq !== lastSeq + 1) say(`Missed ${envelope.seq - lastSeq - 1} live update(s); refresh for the full picture`, true);
    lastSeq = envelope.seq;
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
    retryTimer = setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 30000);
  };
}

if (token()) {
  signedIn();
} else {
  signOut();
}
