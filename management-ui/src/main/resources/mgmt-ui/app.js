'use strict';
// Warren management UI: a small single-page app over the RabbitMQ-compatible HTTP API. No build step.
// Credentials live in sessionStorage (as RabbitMQ's UI keeps them), sent as HTTP basic auth on every call.

const POLL_MS = 5000;
const COLORS = ['#e8710a', '#1a73e8', '#188038', '#a142f4', '#d93025'];
// The charts draw the broker's own history (RabbitMQ's samples): the last 10 minutes at the 5-second sampling
// interval, so a page shows them as soon as it opens.
const HISTORY = 'msg_rates_age=600&msg_rates_incr=5&lengths_age=600&lengths_incr=5';
let timer = null;

// ---- DOM and HTTP helpers ----

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) el.append(c instanceof Node ? c : document.createTextNode(c ?? ''));
  return el;
}

function showError(msg) {
  const e = document.getElementById('error');
  e.textContent = msg;
  e.hidden = !msg;
}

const enc = encodeURIComponent;

async function api(method, path, body) {
  const headers = { 'X-Requested-With': 'XMLHttpRequest' };
  const auth = sessionStorage.getItem('auth');
  if (auth) headers.Authorization = 'Basic ' + auth;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch('/api' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  // 401 not_authorised: logged in, but this user may not see that (another vhost, administrators only): an error
  // to show. Any other 401 means the credentials no longer work.
  if (res.status === 401 && path !== '/whoami' && !(data && data.error === 'not_authorised')) {
    logout('Session expired or not allowed: please log in again.'); throw new Error('unauthorized');
  }
  if (!res.ok) throw new Error((data && (data.reason || data.error)) || res.status + ' ' + res.statusText);
  return data;
}

async function act(fn) {
  try { showError(''); await fn(); } catch (e) { if (e.message !== 'unauthorized') showError(e.message); }
}

function fmt(n) { return n === undefined || n === null ? '' : typeof n === 'number' ? n.toLocaleString() : String(n); }
function rate(d) { return d && d.rate !== undefined ? d.rate.toFixed(1) + '/s' : ''; }

// ---- login ----

function logout(msg) {
  sessionStorage.removeItem('auth');
  clearInterval(timer);
  document.getElementById('nav').hidden = true;
  document.getElementById('logout').hidden = true;
  document.getElementById('whoami').textContent = '';
  document.getElementById('view').replaceChildren();
  document.getElementById('login').hidden = false;
  showError(msg || '');
}

async function login(user, pass) {
  sessionStorage.setItem('auth', btoa(unescape(encodeURIComponent(user + ':' + pass))));
  try {
    const me = await api('GET', '/whoami');
    document.getElementById('login').hidden = true;
    document.getElementById('nav').hidden = false;
    document.getElementById('logout').hidden = false;
    document.getElementById('whoami').textContent = me.name + (me.tags.length ? ' (' + me.tags.join(', ') + ')' : '');
    showError('');
    route();
  } catch (e) {
    logout('Login failed: ' + e.message);
  }
}

// ---- charts (hand-drawn SVG) ----

function chart(title, series, points) {
  const W = 460, H = 160, P = 28;
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('width', W); svg.setAttribute('height', H); svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('data-points', points.length);
  const max = Math.max(1, ...points.flatMap(p => series.map(s => p[s] || 0)));
  const t0 = points.length ? points[0].t : 0, t1 = points.length ? points[points.length - 1].t : 1;
  const x = t => P + (W - 2 * P) * (t1 === t0 ? 1 : (t - t0) / (t1 - t0));
  const y = v => H - P + 8 - (H - 2 * P) * v / max;
  const ns = 'http://www.w3.org/2000/svg';
  const label = document.createElementNS(ns, 'text');
  label.setAttribute('x', 4); label.setAttribute('y', 14); label.setAttribute('font-size', 11);
  label.textContent = max.toFixed(max < 10 ? 1 : 0);
  svg.append(label);
  series.forEach((s, i) => {
    const line = document.createElementNS(ns, 'polyline');
    line.setAttribute('fill', 'none'); line.setAttribute('stroke', COLORS[i]); line.setAttribute('stroke-width', 2);
    line.setAttribute('points', points.map(p => `${x(p.t).toFixed(1)},${y(p[s] || 0).toFixed(1)}`).join(' '));
    svg.append(line);
  });
  const legend = h('div', { class: 'legend' }, series.map((s, i) => {
    const sw = h('span', { class: 'swatch' }); sw.style.background = COLORS[i];
    return h('span', {}, sw, s.replaceAll('_', ' '));
  }));
  return h('div', { class: 'chart card' }, h('h3', {}, title), svg, legend);
}

// Chart points, oldest first, from *_details with samples (newest first): counters become per-second rates
// between consecutive samples; lengths (rates = false) are drawn as they are.
function fromSamples(series, rates) {
  const keys = Object.keys(series);
  const lists = keys.map(k => (series[k] && series[k].samples) || []);
  const n = Math.min(...lists.map(l => l.length));
  const points = [];
  for (let i = n - 1; i >= (rates ? 1 : 0); i--) {
    const p = { t: lists[0][rates ? i - 1 : i].timestamp };
    keys.forEach((k, j) => {
      const l = lists[j];
      p[k] = rates ? Math.max(0, (l[i - 1].sample - l[i].sample) * 1000 / Math.max(1, l[i - 1].timestamp - l[i].timestamp)) : l[i].sample;
    });
    points.push(p);
  }
  return points;
}

// ---- tables: sortable, filterable, paginated through the API ----

function listView(title, path, columns, opts = {}) {
  const state = { page: 1, size: 50, sort: opts.sort || 'name', reverse: false, name: '' };
  const body = h('tbody');
  const info = h('span', { class: 'muted' });
  const filter = h('input', { placeholder: 'Filter by name', id: 'filter', oninput: () => { state.name = filter.value; state.page = 1; load(); } });
  const headRow = h('tr', {}, columns.map(c => h('th', { class: (c.num ? 'num ' : '') + (c.key === state.sort ? 'sorted' : ''), 'data-key': c.key,
    onclick: e => { const k = c.key; state.reverse = state.sort === k ? !state.reverse : false; state.sort = k; load(); mark(); } }, c.label)));
  const mark = () => headRow.querySelectorAll('th').forEach(th => {
    th.classList.toggle('sorted', th.dataset.key === state.sort); th.classList.toggle('reverse', th.dataset.key === state.sort && state.reverse); });
  const prev = h('button', { class: 'plain', onclick: () => { if (state.page > 1) { state.page--; load(); } } }, '‹ Prev');
  const next = h('button', { class: 'plain', onclick: () => { state.page++; load(); } }, 'Next ›');
  async function load() {
    await act(async () => {
      const q = `?page=${state.page}&page_size=${state.size}&sort=${enc(state.sort)}&sort_reverse=${state.reverse}` + (state.name ? '&name=' + enc(state.name) : '');
      const res = await api('GET', path + q);
      body.replaceChildren(...res.items.map(item => h('tr', { 'data-name': item.name },
        columns.map(c => h('td', { class: c.num ? 'num' : '' }, c.render ? c.render(item) : fmt(item[c.key]))))));
      info.textContent = `${res.filtered_count} of ${res.total_count} · page ${res.page} of ${Math.max(1, res.page_count)}`;
      prev.disabled = res.page <= 1; next.disabled = res.page >= res.page_count;
    });
  }
  load();
  return { el: h('div', {}, h('h2', {}, title), h('div', { class: 'toolbar' }, filter, prev, next, info), h('table', {}, h('thead', {}, headRow), body), opts.extra || ''), refresh: load };
}

const link = (href, text) => h('a', { href }, text);

// ---- views ----

async function overview(view) {
  const totals = h('div', { class: 'totals' });
  const charts = h('div', { class: 'charts' });
  view.append(h('h2', {}, 'Overview'), totals, charts);
  async function poll() {
    await act(async () => {
      const o = await api('GET', '/overview?' + HISTORY);
      const ms = o.message_stats, qt = o.queue_totals;
      const rates = fromSamples({ publish: ms.publish_details, deliver_get: ms.deliver_get_details, ack: ms.ack_details }, true);
      const queued = fromSamples({ ready: qt.messages_ready_details, unacked: qt.messages_unacknowledged_details }, false);
      const ot = o.object_totals;
      totals.replaceChildren(...[['Connections', ot.connections], ['Channels', ot.channels], ['Exchanges', ot.exchanges], ['Queues', ot.queues],
        ['Consumers', ot.consumers], ['Messages', o.queue_totals.messages], ['Ready', o.queue_totals.messages_ready], ['Unacked', o.queue_totals.messages_unacknowledged]]
        .map(([k, v]) => h('div', {}, k, h('b', {}, fmt(v)))));
      charts.replaceChildren(chart('Message rates (msg/s)', ['publish', 'deliver_get', 'ack'], rates),
        chart('Queued messages', ['ready', 'unacked'], queued),
        h('div', { class: 'card' }, h('h3', {}, 'Node'), h('p', {}, `${o.product_name} ${o.product_version} · node ${o.node} · cluster ${o.cluster_name}`),
          h('p', { class: 'muted' }, o.listeners.map(l => `${l.protocol} on ${l.ip_address}:${l.port}`).join(' · '))));
    });
  }
  await poll();
  timer = setInterval(poll, POLL_MS);
}

function connections(view) {
  const l = listView('Connections', '/connections', [
    { key: 'name', label: 'Name' }, { key: 'user', label: 'User' }, { key: 'vhost', label: 'Vhost' }, { key: 'state', label: 'State' },
    { key: 'ssl', label: 'TLS', render: c => c.ssl ? c.ssl_protocol : 'no' },
    { key: 'channels', label: 'Channels', num: true },
    { key: 'message_stats.publish', label: 'Published', num: true, render: c => fmt(c.message_stats.publish) },
    { key: 'close', label: '', render: c => h('button', { class: 'danger', onclick: () => act(async () => {
      if (confirm('Close connection ' + c.name + '?')) { await api('DELETE', '/connections/' + enc(c.name)); l.refresh(); } }) }, 'Close') }]);
  view.append(l.el);
  timer = setInterval(l.refresh, POLL_MS);
}

function channels(view) {
  const l = listView('Channels', '/channels', [
    { key: 'name', label: 'Channel' }, { key: 'user', label: 'User' }, { key: 'vhost', label: 'Vhost' },
    { key: 'consumer_count', label: 'Consumers', num: true }, { key: 'prefetch_count', label: 'Prefetch', num: true },
    { key: 'messages_unacknowledged', label: 'Unacked', num: true }, { key: 'confirm', label: 'Confirm' },
    { key: 'message_stats.publish_details.rate', label: 'Publish', num: true, render: c => rate(c.message_stats.publish_details) },
    { key: 'message_stats.deliver_get_details.rate', label: 'Deliver/get', num: true, render: c => rate(c.message_stats.deliver_get_details) },
    { key: 'message_stats.ack_details.rate', label: 'Ack', num: true, render: c => rate(c.message_stats.ack_details) }]);
  view.append(l.el);
  timer = setInterval(l.refresh, POLL_MS);
}

function exchanges(view) {
  const name = h('input', { id: 'new-exchange', placeholder: 'name', required: true });
  const type = h('select', { id: 'new-exchange-type' }, ['direct', 'fanout', 'topic', 'headers'].map(t => h('option', {}, t)));
  const vhost = h('input', { value: '/', size: 8 });
  const l = listView('Exchanges', '/exchanges', [
    { key: 'name', label: 'Name', render: x => link(`#/exchange/${enc(x.vhost)}/${enc(x.name || 'amq.default')}`, x.name || '(AMQP default)') },
    { key: 'vhost', label: 'Vhost' }, { key: 'type', label: 'Type' }, { key: 'durable', label: 'Durable' }, { key: 'internal', label: 'Internal' },
    { key: 'policy', label: 'Policy' },
    { key: 'message_stats.publish_in_details.rate', label: 'In', num: true, render: x => rate(x.message_stats.publish_in_details) },
    { key: 'message_stats.publish_out_details.rate', label: 'Out', num: true, render: x => rate(x.message_stats.publish_out_details) }],
  { extra: h('form', { class: 'card', onsubmit: e => { e.preventDefault(); act(async () => {
    await api('PUT', `/exchanges/${enc(vhost.value)}/${enc(name.value)}`, { type: type.value, durable: true }); name.value = ''; l.refresh(); }); } },
  h('h3', {}, 'Add exchange'), 'Vhost ', vhost, ' Name ', name, ' Type ', type, ' ', h('button', {}, 'Add')) });
  view.append(l.el);
  timer = setInterval(l.refresh, POLL_MS);
}

function queues(view) {
  const name = h('input', { id: 'new-queue', placeholder: 'name', required: true });
  const vhost = h('input', { value: '/', size: 8 });
  const durable = h('input', { id: 'new-queue-durable', type: 'checkbox', checked: true });
  // As RabbitMQ's form: a quorum queue or a stream is always durable, and its type goes in x-queue-type.
  const type = h('select', { id: 'new-queue-type', onchange: () => {
    durable.disabled = type.value !== 'classic'; if (durable.disabled) durable.checked = true; } },
  ['classic', 'quorum', 'stream'].map(t => h('option', {}, t)));
  const l = listView('Queues', '/queues', [
    { key: 'name', label: 'Name', render: q => link(`#/queue/${enc(q.vhost)}/${enc(q.name)}`, q.name) },
    { key: 'vhost', label: 'Vhost' }, { key: 'type', label: 'Type' }, { key: 'policy', label: 'Policy' },
    { key: 'messages_ready', label: 'Ready', num: true }, { key: 'messages_unacknowledged', label: 'Unacked', num: true },
    { key: 'messages', label: 'Total', num: true }, { key: 'consumers', label: 'Consumers', num: true },
    { key: 'message_stats.publish_details.rate', label: 'In', num: true, render: q => rate(q.message_stats.publish_details) },
    { key: 'message_stats.deliver_get_details.rate', label: 'Out', num: true, render: q => rate(q.message_stats.deliver_get_details) }],
  { extra: h('form', { class: 'card', onsubmit: e => { e.preventDefault(); act(async () => {
    const args = type.value === 'classic' ? {} : { 'x-queue-type': type.value };
    await api('PUT', `/queues/${enc(vhost.value)}/${enc(name.value)}`, { durable: durable.checked, arguments: args }); name.value = ''; l.refresh(); }); } },
  h('h3', {}, 'Add queue'), 'Vhost ', vhost, ' Name ', name, ' Type ', type, ' Durable ', durable, ' ', h('button', { id: 'add-queue' }, 'Add')) });
  view.append(l.el);
  timer = setInterval(l.refresh, POLL_MS);
}

function publishForm(vhost, exchange, defaultKey) {
  const key = h('input', { id: 'publish-key', value: defaultKey || '' });
  const payload = h('textarea', { id: 'publish-payload' });
  const persistent = h('input', { type: 'checkbox', id: 'publish-persistent' });
  const result = h('span', { id: 'publish-result', class: 'muted' });
  return h('form', { class: 'card', onsubmit: e => { e.preventDefault(); act(async () => {
    const r = await api('POST', `/exchanges/${enc(vhost)}/${enc(exchange || 'amq.default')}/publish`, { routing_key: key.value, payload: payload.value,
      payload_encoding: 'string', properties: persistent.checked ? { delivery_mode: 2 } : {} });
    result.textContent = r.routed ? 'Message published.' : 'Message published, but not routed.'; }); } },
  h('h3', {}, 'Publish message'), h('label', {}, 'Routing key ', key), h('label', {}, 'Payload', payload),
  h('label', {}, persistent, ' Persistent'), h('button', { id: 'publish-btn' }, 'Publish'), ' ', result);
}

function bindingsTable(list) {
  return h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'From'), h('th', {}, 'To'), h('th', {}, 'Routing key'))),
    h('tbody', {}, list.map(b => h('tr', {}, h('td', {}, b.source || '(default)'), h('td', {}, `${b.destination_type} ${b.destination}`), h('td', {}, b.routing_key)))));
}

async function queuePage(view, vhost, name) {
  const base = `/queues/${enc(vhost)}/${enc(name)}`;
  const details = h('div', { class: 'totals', id: 'queue-totals' });
  const charts = h('div', { class: 'charts' });
  const consumers = h('div', { class: 'card' });
  const bindings = h('div', { class: 'card' });
  const count = h('input', { id: 'get-count', type: 'number', value: 1, min: 1, size: 4 });
  const mode = h('select', { id: 'get-ackmode' }, h('option', { value: 'ack_requeue_true' }, 'Nack message, requeue true'),
    h('option', { value: 'ack_requeue_false' }, 'Automatic ack'), h('option', { value: 'reject_requeue_true' }, 'Reject, requeue true'),
    h('option', { value: 'reject_requeue_false' }, 'Reject, requeue false'));
  const got = h('div', { id: 'get-results' });
  view.append(h('h2', {}, `Queue ${name}`, h('span', { class: 'muted' }, ` in vhost ${vhost}`)), details, charts,
    h('div', { class: 'row' }, consumers, bindings),
    h('div', { class: 'row' }, publishForm(vhost, '', name),
      h('form', { class: 'card', onsubmit: e => { e.preventDefault(); act(async () => {
        const msgs = await api('POST', base + '/get', { count: Number(count.value), ackmode: mode.value, encoding: 'auto', truncate: 50000 });
        got.replaceChildren(msgs.length ? '' : h('p', {}, 'Queue is empty.'), ...msgs.map((m, i) => h('div', { class: 'message' },
          h('p', {}, `Message ${i + 1} · routing key ${m.routing_key} · redelivered ${m.redelivered} · ${m.message_count} left`),
          h('pre', { class: 'payload' }, m.payload))));
        poll(); }); } },
      h('h3', {}, 'Get messages'), h('label', {}, 'Ack mode ', mode), h('label', {}, 'Messages ', count), h('button', { id: 'get-btn' }, 'Get messages'), got)),
    h('div', { class: 'card' }, h('button', { id: 'purge-btn', onclick: () => act(async () => {
      if (confirm('Purge all ready messages?')) { await api('DELETE', base + '/contents'); poll(); } }) }, 'Purge messages'), ' ',
    h('button', { class: 'danger', id: 'delete-queue-btn', onclick: () => act(async () => {
      if (confirm('Delete queue ' + name + '?')) { await api('DELETE', base); location.hash = '#/queues'; } }) }, 'Delete queue')));
  async function poll() {
    await act(async () => {
      const q = await api('GET', base + '?' + HISTORY);
      details.replaceChildren(...[['Ready', q.messages_ready], ['Unacked', q.messages_unacknowledged], ['Total', q.messages], ['Consumers', q.consumers],
        ['Durable', String(q.durable)], ['Type', q.type],
        ['Policy', q.policy || 'none', definitionText(q.effective_policy_definition)],
        ['Operator policy', q.operator_policy || 'none', definitionText(q.effective_policy_definition)]].concat(q.stream ? [['First offset', q.stream.first_offset],
        ['Last offset', q.stream.last_offset], ['Size (bytes)', q.stream.size_bytes], ['Segments', q.stream.segments]]
        .concat(Object.entries(q.stream.consumer_groups).map(([g, o]) => ['Group ' + g, o])) : [])
        .map(([k, v, title]) => h('div', { title }, k, h('b', { 'data-field': k.toLowerCase() }, fmt(v)))));
      const ms = q.message_stats;
      charts.replaceChildren(
        chart('Message rates (msg/s)', ['publish', 'deliver_get', 'ack'], fromSamples({ publish: ms.publish_details, deliver_get: ms.deliver_get_details, ack: ms.ack_details }, true)),
        chart('Queued messages', ['ready', 'unacked'], fromSamples({ ready: q.messages_ready_details, unacked: q.messages_unacknowledged_details }, false)));
      consumers.replaceChildren(h('h3', {}, 'Consumers'), q.consumer_details.length ? h('table', {}, h('tbody', {}, q.consumer_details.map(c =>
        h('tr', {}, h('td', {}, c.consumer_tag), h('td', {}, c.channel_details.name), h('td', {}, 'prefetch ' + c.prefetch_count))))) : h('p', { class: 'muted' }, 'No consumers.'));
      bindings.replaceChildren(h('h3', {}, 'Bindings'), bindingsTable(await api('GET', base + '/bindings')));
    });
  }
  await poll();
  timer = setInterval(poll, POLL_MS);
}

async function exchangePage(view, vhost, name) {
  const real = name === 'amq.default' ? '' : name;
  const details = h('div', { class: 'totals', id: 'exchange-totals' });
  const charts = h('div', { class: 'charts' });
  const bindings = h('div', { class: 'card' });
  const dest = h('input', { placeholder: 'queue name', id: 'bind-queue' });
  const key = h('input', { placeholder: 'routing key', id: 'bind-key' });
  async function load() {
    await act(async () => {
      const x = await api('GET', `/exchanges/${enc(vhost)}/${enc(name)}?` + HISTORY);
      const ms = x.message_stats;
      details.replaceChildren(...[['Type', x.type], ['Published in', ms.publish_in], ['In', rate(ms.publish_in_details)],
        ['Routed out', ms.publish_out], ['Out', rate(ms.publish_out_details)]]
        .map(([k, v]) => h('div', {}, k, h('b', { 'data-field': k.toLowerCase() }, fmt(v)))));
      charts.replaceChildren(chart('Message rates (msg/s)', ['publish_in', 'publish_out'],
        fromSamples({ publish_in: ms.publish_in_details, publish_out: ms.publish_out_details }, true)));
      const list = await api('GET', `/exchanges/${enc(vhost)}/${enc(name)}/bindings/source`);
      bindings.replaceChildren(h('h3', {}, `Bindings (${x.type})`), list.length ? bindingsTable(list) : h('p', { class: 'muted' }, 'No bindings.'));
    });
  }
  view.append(h('h2', {}, `Exchange ${real || '(AMQP default)'}`, h('span', { class: 'muted' }, ` in vhost ${vhost}`)),
    details, charts, h('div', { class: 'row' }, bindings, publishForm(vhost, name, '')),
    real ? h('form', { class: 'card', onsubmit: e => { e.preventDefault(); act(async () => {
      await api('POST', `/bindings/${enc(vhost)}/e/${enc(name)}/q/${enc(dest.value)}`, { routing_key: key.value, arguments: {} }); load(); }); } },
    h('h3', {}, 'Add binding to a queue'), dest, ' ', key, ' ', h('button', {}, 'Bind')) : '',
    real && !real.startsWith('amq.') ? h('button', { class: 'danger', onclick: () => act(async () => {
      if (confirm('Delete exchange ' + real + '?')) { await api('DELETE', `/exchanges/${enc(vhost)}/${enc(name)}`); location.hash = '#/exchanges'; } }) }, 'Delete exchange') : '');
  await load();
  timer = setInterval(load, POLL_MS);
}

async function admin(view) {
  const users = h('div', { class: 'card' }), vhosts = h('div', { class: 'card' }), perms = h('div', { class: 'card' });
  const un = h('input', { placeholder: 'username' }), pw = h('input', { type: 'password', placeholder: 'password' });
  const tags = h('input', { placeholder: 'tags, e.g. management', value: 'management' });
  const vn = h('input', { placeholder: 'vhost name' });
  const pu = h('input', { placeholder: 'user' }), pv = h('input', { placeholder: 'vhost', value: '/' });
  const pc = h('input', { value: '.*', size: 6 }), pwr = h('input', { value: '.*', size: 6 }), pr = h('input', { value: '.*', size: 6 });
  async function load() {
    await act(async () => {
      const [us, vs, ps, lims, ulims] = await Promise.all([api('GET', '/users'), api('GET', '/vhosts'), api('GET', '/permissions'),
        api('GET', '/vhost-limits'), api('GET', '/user-limits')]);
      const limitsIn = (list, field, name) => Object.entries((list.find(l => l[field] === name) || { value: {} }).value).map(([k, v]) => k + ' ' + v).join(', ');
      const limitsOf = name => limitsIn(lims, 'vhost', name);
      users.replaceChildren(h('h3', {}, 'Users'), h('table', {}, h('tbody', {}, us.map(u => h('tr', { 'data-user': u.name }, h('td', {}, u.name), h('td', {}, u.tags.join(', ')),
        h('td', { class: 'limits', title: 'user limits (set through /api/user-limits)' }, limitsIn(ulims, 'user', u.name)),
        h('td', {}, h('button', { class: 'danger', onclick: () => act(async () => { if (confirm('Delete user ' + u.name + '?')) { await api('DELETE', '/users/' + enc(u.name)); load(); } }) }, 'Delete')))))),
      h('form', { onsubmit: e => { e.preventDefault(); act(async () => { await api('PUT', '/users/' + enc(un.value), { password: pw.value, tags: tags.value }); un.value = pw.value = ''; load(); }); } },
        un, ' ', pw, ' ', tags, ' ', h('button', {}, 'Add / update user')));
      vhosts.replaceChildren(h('h3', {}, 'Virtual hosts'), h('table', {}, h('tbody', {}, vs.map(v => h('tr', { 'data-vhost': v.name }, h('td', {}, v.name), h('td', { class: 'num' }, fmt(v.messages)),
        h('td', { class: 'limits', title: 'vhost limits (set through /api/vhost-limits)' }, limitsOf(v.name)),
        h('td', {}, v.name === '/' ? '' : h('button', { class: 'danger', onclick: () => act(async () => { if (confirm('Delete vhost ' + v.name + ' and everything in it?')) { await api('DELETE', '/vhosts/' + enc(v.name)); load(); } }) }, 'Delete')))))),
      h('form', { onsubmit: e => { e.preventDefault(); act(async () => { await api('PUT', '/vhosts/' + enc(vn.value), {}); vn.value = ''; load(); }); } }, vn, ' ', h('button', {}, 'Add vhost')));
      perms.replaceChildren(h('h3', {}, 'Permissions'), h('table', {}, h('thead', {}, h('tr', {}, ['User', 'Vhost', 'Configure', 'Write', 'Read', ''].map(t => h('th', {}, t)))),
        h('tbody', {}, ps.map(p => h('tr', {}, h('td', {}, p.user), h('td', {}, p.vhost), h('td', {}, p.configure), h('td', {}, p.write), h('td', {}, p.read),
          h('td', {}, h('button', { class: 'danger', onclick: () => act(async () => { await api('DELETE', `/permissions/${enc(p.vhost)}/${enc(p.user)}`); load(); }) }, 'Clear')))))),
      h('form', { onsubmit: e => { e.preventDefault(); act(async () => { await api('PUT', `/permissions/${enc(pv.value)}/${enc(pu.value)}`, { configure: pc.value, write: pwr.value, read: pr.value }); load(); }); } },
        pu, ' ', pv, ' configure ', pc, ' write ', pwr, ' read ', pr, ' ', h('button', {}, 'Set permission')));
    });
  }
  view.append(adminTabs('users'), h('h2', {}, 'Admin'), h('div', { class: 'row' }, users, vhosts), perms);
  await load();
}

// The Admin pages: users, vhosts and permissions (administrators only), policies (policymakers too), operator
// policies (listed for all, changed by administrators).
function adminTabs(active) {
  const tabs = [['users', '#/admin', 'Users, vhosts and permissions'], ['policies', '#/admin/policies', 'Policies'],
    ['operator-policies', '#/admin/operator-policies', 'Operator policies']];
  return h('div', { class: 'tabs' },
    tabs.map(([k, href, text]) => h('a', { href, class: k === active ? 'active' : '' }, text)));
}

// A value from a key=value line: JSON when it reads as JSON (numbers, true/false, lists, "quoted strings"), else
// the text as it is.
function typed(v) {
  try { const j = JSON.parse(v); return j === null ? v : j; } catch (e) { return v; }
}

// A policy definition as the form's key=value lines: a string that would read back as something else is quoted.
function definitionText(def) {
  const value = v => typeof v === 'string' && v.trim() === v && typeof typed(v) === 'string' ? v : JSON.stringify(v);
  return Object.entries(def || {}).map(([k, v]) => k + '=' + value(v)).join('\n');
}

// The form's definition: a JSON object, or one key=value a line.
function parseDefinition(text) {
  const t = text.trim();
  if (t.startsWith('{')) {
    try { return JSON.parse(t); } catch (e) { throw new Error('Definition is not valid JSON: ' + e.message); }
  }
  const def = {};
  for (const line of t.split('\n').map(l => l.trim()).filter(l => l)) {
    const i = line.indexOf('=');
    if (i < 1) throw new Error(`Definition line "${line}" is not key=value`);
    def[line.slice(0, i).trim()] = typed(line.slice(i + 1).trim());
  }
  return def;
}

// Policies, or operator policies (queue limits only, set by administrators) with the same list and form.
function policies(view, operator = false) {
  const base = operator ? '/operator-policies' : '/policies';
  const tab = operator ? 'operator-policies' : 'policies';
  const noun = operator ? 'operator policy' : 'policy';
  const id = suffix => (operator ? 'operator-policy-' : 'policy-') + suffix;
  const vhost = h('select', { id: id('vhost') });
  const name = h('input', { id: id('name'), placeholder: 'name', required: true });
  const pattern = h('input', { id: id('pattern'), placeholder: 'e.g. ^orders\\.', size: 30, required: true });
  const applyTo = h('select', { id: id('apply-to') },
    [['all', 'Exchanges and queues'], ['queues', 'Queues'], ['exchanges', 'Exchanges']]
      .map(([value, text]) => h('option', { value }, text)));
  const priority = h('input', { id: id('priority'), type: 'number', step: 1, value: 0, size: 4 });
  const definition = h('textarea', { id: id('definition'), rows: 4,
    placeholder: operator ? 'max-length=100000\nmessage-ttl=86400000' : 'message-ttl=60000\ndead-letter-exchange=dlx' });
  const edit = p => {
    vhost.value = p.vhost; name.value = p.name; pattern.value = p.pattern; applyTo.value = p['apply-to'];
    priority.value = p.priority; definition.value = definitionText(p.definition); name.focus();
  };
  const remove = p => act(async () => {
    if (confirm(`Delete ${noun} ${p.name} in vhost ${p.vhost}?`)) {
      await api('DELETE', `${base}/${enc(p.vhost)}/${enc(p.name)}`); l.refresh();
    }
  });
  const save = e => { e.preventDefault(); act(async () => {
    const body = { pattern: pattern.value, 'apply-to': applyTo.value, definition: parseDefinition(definition.value) };
    if (priority.value !== '') body.priority = Number(priority.value);
    await api('PUT', `${base}/${enc(vhost.value)}/${enc(name.value)}`, body); l.refresh();
  }); };
  const form = h('form', { class: 'card', id: id('form'), onsubmit: save }, h('h3', {}, `Add / update ${operator ? 'an' : 'a'} ${noun}`),
    h('label', {}, 'Virtual host ', vhost), h('label', {}, 'Name ', name), h('label', {}, 'Pattern ', pattern),
    h('label', {}, 'Apply to ', applyTo), h('label', {}, 'Priority ', priority),
    h('label', {}, 'Definition', h('span', { class: 'muted' },
      ' (one key=value a line, numbers, true/false and "quoted strings" read as JSON; or a JSON object)'), definition),
    h('button', { id: id('save') }, `Add / update ${noun}`));
  const l = listView(operator ? 'Operator policies' : 'Policies', base, [
    { key: 'vhost', label: 'Vhost' },
    { key: 'name', label: 'Name', render: p => h('a', { href: '#/admin/' + tab, title: 'Edit in the form below',
      onclick: e => { e.preventDefault(); edit(p); } }, p.name) },
    { key: 'pattern', label: 'Pattern', render: p => h('code', {}, p.pattern) },
    { key: 'apply-to', label: 'Apply to' },
    { key: 'definition', label: 'Definition',
      render: p => h('pre', { class: 'definition' }, definitionText(p.definition)) },
    { key: 'priority', label: 'Priority', num: true },
    { key: 'delete', label: '', render: p => h('button', { class: 'danger', onclick: () => remove(p) }, 'Delete') }],
  { extra: form });
  act(async () => { vhost.replaceChildren(...(await api('GET', '/vhosts')).map(v => h('option', {}, v.name))); });
  view.append(adminTabs(tab), l.el);
}

function definitions(view) {
  const file = h('input', { type: 'file', accept: '.json,application/json', id: 'definitions-file' });
  const status = h('span', { class: 'muted' });
  view.append(h('h2', {}, 'Definitions'),
    h('div', { class: 'card' }, h('h3', {}, 'Export'), h('p', {}, 'Users, vhosts, permissions, policies, exchanges, queues and bindings, in RabbitMQ\'s format.'),
      h('button', { onclick: () => act(async () => {
        const d = await api('GET', '/definitions');
        const a = h('a', { href: URL.createObjectURL(new Blob([JSON.stringify(d, null, 2)], { type: 'application/json' })), download: 'warren-definitions.json' });
        document.body.append(a); a.click(); a.remove(); }) }, 'Download definitions')),
    h('form', { class: 'card', onsubmit: e => { e.preventDefault(); act(async () => {
      if (!file.files.length) throw new Error('Choose a definitions file first.');
      await api('POST', '/definitions', JSON.parse(await file.files[0].text()));
      status.textContent = 'Definitions imported.'; }); } },
    h('h3', {}, 'Import'), h('p', {}, 'A RabbitMQ or Warren definitions file; it is merged with what exists.'), file, ' ', h('button', {}, 'Upload'), ' ', status));
}

// ---- routing ----

function route() {
  clearInterval(timer);
  if (!sessionStorage.getItem('auth')) { logout(); return; }
  const view = document.getElementById('view');
  view.replaceChildren();
  const parts = (location.hash || '#/overview').slice(2).split('/').map(decodeURIComponent);
  document.querySelectorAll('#nav a').forEach(a => a.classList.toggle('active', a.getAttribute('href') === '#/' + parts[0]));
  const views = { overview, connections, channels, exchanges, queues, definitions,
    admin: v => parts[1] === 'policies' ? policies(v) : parts[1] === 'operator-policies' ? policies(v, true) : admin(v),
    queue: v => queuePage(v, parts[1], parts.slice(2).join('/')), exchange: v => exchangePage(v, parts[1], parts.slice(2).join('/')) };
  (views[parts[0]] || overview)(view);
}

document.addEventListener('DOMContentLoaded', () => {
  document.getElementById('login').addEventListener('submit', e => {
    e.preventDefault();
    login(document.getElementById('login-user').value, document.getElementById('login-pass').value);
  });
  document.getElementById('logout').addEventListener('click', () => logout());
  window.addEventListener('hashchange', route);
  if (sessionStorage.getItem('auth')) {
    api('GET', '/whoami').then(me => { document.getElementById('nav').hidden = false; document.getElementById('logout').hidden = false;
      document.getElementById('whoami').textContent = me.name; route(); }).catch(() => logout());
  } else {
    logout();
  }
});
