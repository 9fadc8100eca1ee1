// Tracegate reviewer page. Everything an agent wrote (statements, parameters, names) goes into
// the page as text nodes only, never as HTML. The token lives in sessionStorage: this tab only.
'use strict';

const TOKEN_KEY = 'tracegate.reviewer.token';
const REFRESH_MS = 2000;
let refreshTimer = null;

function $(id) { return document.getElementById(id); }

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) { node.textContent = String(text); }
  if (className) { node.className = className; }
  return node;
}

function token() { return sessionStorage.getItem(TOKEN_KEY); }

async function api(method, path, body) {
  const options = { method, headers: { 'Authorization': 'Bearer ' + token() }, cache: 'no-store' };
  if (body !== undefined) {
    options.headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  let json = null;
  try { json = await response.json(); } catch (e) { json = null; }
  if (response.status === 401) {
    signOut('The token was not accepted.');
    throw new Error('unauthorised');
  }
  return { status: response.status, json };
}

function formatWait(millis) {
  const seconds = Math.floor(millis / 1000);
  if (seconds < 60) { return seconds + ' s'; }
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) { return minutes + ' min ' + (seconds % 60) + ' s'; }
  return Math.floor(minutes / 60) + ' h ' + (minutes % 60) + ' min';
}

function statementCell(approval) {
  const cell = el('td');
  cell.appendChild(el('pre', approval.statement, 'statement'));
  if (approval.parameters && approval.parameters.length > 0) {
    const list = el('ol', null, 'parameters');
    for (const value of approval.parameters) {
      list.appendChild(el('li', value === null ? 'NULL' : value));
    }
    cell.appendChild(list);
  }
  return cell;
}

function pendingRow(approval) {
  const row = el('tr');
  row.dataset.id = approval.id;
  const idCell = el('td');
  idCell.appendChild(el('code', approval.id));
  row.appendChild(idCell);
  row.appendChild(el('td', approval.requester, 'nowrap'));
  row.appendChild(el('td', approval.rule, 'nowrap'));
  row.appendChild(el('td', formatWait(approval.waitingMillis), 'waiting nowrap'));
  row.appendChild(statementCell(approval));
  const actions = el('td', null, 'actions');
  const reason = el('input', null, 'reason');
  reason.type = 'text';
  reason.placeholder = 'reason (optional)';
  reason.setAttribute('aria-label', 'reason for ' + approval.id);
  const approve = el('button', 'Approve', 'approve');
  approve.type = 'button';
  const reject = el('button', 'Reject', 'reject');
  reject.type = 'button';
  approve.addEventListener('click', () => decide(approval.id, 'approve', reason.value, row));
  reject.addEventListener('click', () => decide(approval.id, 'reject', reason.value, row));
  actions.append(reason, approve, ' ', reject);
  row.appendChild(actions);
  return row;
}

function renderPending(approvals) {
  const body = $('pending').querySelector('tbody');
  const wanted = new Map(approvals.map(a => [a.id, a]));
  // Keep rows that are still pending, so a reason being typed is not lost on refresh.
  for (const row of Array.from(body.rows)) {
    const approval = wanted.get(row.dataset.id);
    if (!approval) {
      row.remove();
    } else {
      row.querySelector('.waiting').textContent = formatWait(approval.waitingMillis);
      wanted.delete(row.dataset.id);
    }
  }
  for (const approval of wanted.values()) { body.appendChild(pendingRow(approval)); }
  $('pending-count').textContent = '(' + approvals.length + ')';
  $('pending-empty').hidden = approvals.length > 0;
  $('pending').hidden = approvals.length === 0;
}

function renderDecided(approvals) {
  const body = $('decided').querySelector('tbody');
  body.replaceChildren();
  for (const approval of approvals) {
    const decision = approval.decision || {};
    const row = el('tr');
    row.dataset.id = approval.id;
    const idCell = el('td');
    idCell.appendChild(el('code', approval.id));
    row.appendChild(idCell);
    row.appendChild(el('td', approval.requester));
    row.appendChild(el('td', approval.rule));
    row.appendChild(el('td', decision.outcome, 'outcome outcome-' + decision.outcome));
    row.appendChild(el('td', decision.reviewer || '(gateway)'));
    row.appendChild(el('td', decision.reason || ''));
    row.appendChild(el('td', decision.decidedAt ? new Date(decision.decidedAt).toLocaleString() : ''));
    body.appendChild(row);
  }
  $('decided-empty').hidden = approvals.length > 0;
  $('decided').hidden = approvals.length === 0;
}

async function decide(id, action, reason, row) {
  for (const button of row.querySelectorAll('button')) { button.disabled = true; }
  try {
    const result = await api('POST', '/api/approvals/' + encodeURIComponent(id) + '/' + action,
        reason ? { reason } : {});
    if (result.status === 200) {
      setStatus((action === 'approve' ? 'Approved ' : 'Rejected ') + id + '.', false);
    } else {
      setStatus((result.json && result.json.error) || ('The gateway answered ' + result.status), true);
    }
  } catch (e) {
    if (e.message !== 'unauthorised') { setStatus('Could not reach the gateway: ' + e.message, true); }
  }
  await refresh();
}

function setStatus(text, isError) {
  const status = $('status');
  status.textContent = text;
  status.className = isError ? 'error' : '';
}

async function refresh() {
  if (!token()) { return; }
  try {
    const pending = await api('GET', '/api/approvals');
    if (pending.status === 403) {
      setStatus((pending.json && pending.json.error) || 'This identity may not review requests.', true);
      return;
    }
    if (pending.status !== 200) {
      setStatus((pending.json && pending.json.error) || ('The gateway answered ' + pending.status), true);
      return;
    }
    renderPending(pending.json.approvals);
    const decided = await api('GET', '/api/approvals?status=decided&limit=20');
    if (decided.status === 200) { renderDecided(decided.json.approvals); }
  } catch (e) {
    if (e.message !== 'unauthorised') { setStatus('Could not reach the gateway: ' + e.message, true); }
  }
}

async function signIn(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
  let me;
  try {
    me = await api('GET', '/api/me');
  } catch (e) {
    if (e.message !== 'unauthorised') { $('signin-error').textContent = 'Could not reach the gateway: ' + e.message; }
    return;
  }
  $('who').textContent = 'Signed in as ' + me.json.name;
  $('signin').hidden = true;
  $('session').hidden = false;
  $('main').hidden = false;
  $('signin-error').textContent = '';
  await refresh();
  if (refreshTimer === null) { refreshTimer = setInterval(refresh, REFRESH_MS); }
}

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  if (refreshTimer !== null) { clearInterval(refreshTimer); refreshTimer = null; }
  $('main').hidden = true;
  $('session').hidden = true;
  $('signin').hidden = false;
  $('signin-error').textContent = message || '';
  $('token').value = '';
  $('pending').querySelector('tbody').replaceChildren();
  $('decided').querySelector('tbody').replaceChildren();
}

document.addEventListener('DOMContentLoaded', () => {
  $('signin-form').addEventListener('submit', event => {
    event.preventDefault();
    const value = $('token').value.trim();
    if (value) { signIn(value); }
  });
  $('sign-out').addEventListener('click', () => signOut(''));
  if (token()) { signIn(token()); } else { signOut(''); }
});
