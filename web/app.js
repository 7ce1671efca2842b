// dbbridge web UI: plain fetch calls to the JSON API; every value is inserted as text, never HTML.
'use strict';

async function api(path, body) {
  const init = body === undefined ? {} : {
    method: 'POST', headers: {'Content-Type': 'application/json;charset=UTF-8'}, body: JSON.stringify(body)};
  const resp = await fetch(path, init);
  const json = await resp.json();
  if (json.code !== 0) throw new Error(json.message);
  return json.data;
}

function cell(row, text) {
  const td = document.createElement('td');
  td.textContent = text === undefined || text === null ? '' : String(text);
  row.appendChild(td);
  return td;
}

function button(row, label, onClick) {
  const b = document.createElement('button');
  b.textContent = label;
  b.addEventListener('click', onClick);
  const td = cell(row, '');
  td.appendChild(b);
  return td;
}

function fill(tableId, items, render) {
  const tbody = document.querySelector('#' + tableId + ' tbody');
  tbody.replaceChildren();
  for (const item of items) {
    const tr = document.createElement('tr');
    render(tr, item);
    tbody.appendChild(tr);
  }
}

function say(id, text, ok) {
  const el = document.getElementById(id);
  el.textContent = text;
  el.className = 'status ' + (ok ? 'ok' : 'error');
}

function formBody(form) {
  const body = {};
  for (const [k, v] of new FormData(form).entries()) {
    if (v === '') continue;
    body[k] = k === 'port' ? Number(v) : v;
  }
  return body;
}

async function loadDatasources() {
  const page = await api('/api/datasource/query?page=1&pageSize=100');
  fill('ds-table', page.items, (tr, d) => {
    [d.id, d.source_name, d.db_type, d.host + ':' + d.port, d.db_name, d.username, d.project].forEach(v => cell(tr, v));
    button(tr, 'Delete', async () => {
      try { await api('/api/datasource/delete', {id: d.id}); loadDatasources(); }
      catch (e) { say('ds-status', e.message, false); }
    });
  });
}

async function loadPlugins() {
  const plugins = await api('/api/plugins');
  const types = document.getElementById('ds-types');
  types.replaceChildren();
  fill('plugin-table', plugins, (tr, p) => {
    cell(tr, p.file.split('/').pop());
    cell(tr, p.name + ' ' + p.version);
    cell(tr, p.dialects.join(', '));
    cell(tr, p.readers.concat(p.writers).join(', '));
    cell(tr, p.loaded ? 'loaded' : 'skipped: ' + p.error);
    for (const d of p.dialects) {
      const o = document.createElement('option');
      o.textContent = d;
      types.appendChild(o);
    }
  });
}

async function loadJobs() {
  try {
    const page = await api('/api/config/query?page=1&pageSize=100');
    fill('job-table', page.items, (tr, j) => {
      [j.id, j.config_name, j.update_time].forEach(v => cell(tr, v));
      const td = button(tr, 'Run', async () => { await api('/api/config/exec?id=' + j.id, {}); loadRuns(j.id); });
      const show = document.createElement('button');
      show.textContent = 'Runs';
      show.addEventListener('click', () => loadRuns(j.id));
      td.appendChild(show);
    });
  } catch (e) { /* job configs not available on this host */ }
}

async function loadRuns(configId) {
  const page = await api('/api/config/logs?configId=' + configId + '&page=1&pageSize=20');
  fill('run-table', page.items, (tr, r) => {
    [r.id, r.status, r.start_time, r.end_time, r.records_read, r.records_written, r.records_failed]
      .forEach(v => cell(tr, v));
    button(tr, 'Log', async () => {
      const log = await api('/api/config/log?id=' + r.id + '&offset=0&limit=1048576');
      document.getElementById('run-log').textContent = log.text !== undefined ? log.text : JSON.stringify(log);
    });
  });
}

async function loadReports() {
  const page = await api('/multiplex/reports?page=1&pageSize=50');
  fill('mux-table', page.items, (tr, r) => {
    const td = cell(tr, '');
    const a = document.createElement('a');
    a.href = '/multiplex/report.html?traceId=' + encodeURIComponent(r.traceId || r.trace_id);
    a.textContent = r.traceId || r.trace_id;
    td.appendChild(a);
    [r.status, r.consistent, r.updateTime || r.update_time].forEach(v => cell(tr, v));
  });
}

document.getElementById('ds-form').addEventListener('submit', async ev => {
  ev.preventDefault();
  try {
    await api('/api/datasource/save', formBody(ev.target));
    say('ds-status', 'saved', true);
    loadDatasources();
  } catch (e) { say('ds-status', e.message, false); }
});

document.getElementById('ds-ping').addEventListener('click', async () => {
  const body = formBody(document.getElementById('ds-form'));
  try {
    const r = await api('/api/datasource/ping', body);
    say('ds-status', 'connected in ' + r.latency_ms.toFixed(1) + ' ms, server ' + r.server_version, true);
  } catch (e) { say('ds-status', e.message, false); }
});

document.getElementById('tp-go').addEventListener('click', async () => {
  const out = document.getElementById('tp-out');
  try {
    const r = await api('/api/sql/transpile', {
      from: document.getElementById('tp-from').value, to: document.getElementById('tp-to').value,
      sql: document.getElementById('tp-in').value});
    out.textContent = r.sql + '\n\n' + r.notes.map(n => '-- ' + n).join('\n');
    out.className = '';
  } catch (e) { out.textContent = e.message; out.className = 'error'; }
});

loadPlugins().then(loadDatasources).catch(e => say('ds-status', e.message, false));
loadJobs();
loadReports().catch(() => {});
