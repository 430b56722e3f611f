// Live dashboard: reads /api/metrics/stream with EventSource (the admin key goes in ?access_token= because
// EventSource cannot send headers) and draws small canvas line charts. No external libraries.
(function () {
  'use strict';
  var HISTORY = 120;
  var colors = { c0: '#5fb3f9', c1: '#a3d977', c2: '#8a96a3', c3: '#f07178' };
  var series = { qps: [[], []], latency: [[], [], []], pool: [[], [], [], []], cache: [[], []] };
  var source = null;
  var $ = function (id) { return document.getElementById(id); };

  function push(list, value) {
    list.push(value == null ? null : Number(value));
    if (list.length > HISTORY) { list.shift(); }
  }

  function draw(canvasId, lines, palette) {
    var canvas = $(canvasId);
    var ctx = canvas.getContext('2d');
    var w = canvas.width, h = canvas.height, pad = 28;
    ctx.clearRect(0, 0, w, h);
    var max = 0;
    lines.forEach(function (line) { line.forEach(function (v) { if (v != null && v > max) { max = v; } }); });
    max = max <= 0 ? 1 : max * 1.15;
    ctx.strokeStyle = '#243140'; ctx.fillStyle = '#8a96a3'; ctx.font = '10px system-ui'; ctx.lineWidth = 1;
    for (var g = 0; g <= 4; g++) {
      var y = pad / 2 + (h - pad) * g / 4;
      ctx.beginPath(); ctx.moveTo(pad, y); ctx.lineTo(w, y); ctx.stroke();
      ctx.fillText(format(max * (1 - g / 4)), 0, y + 3);
    }
    lines.forEach(function (line, i) {
      ctx.strokeStyle = colors[palette[i]]; ctx.lineWidth = 1.6; ctx.beginPath();
      var started = false;
      line.forEach(function (v, x) {
        if (v == null) { started = false; return; }
        var px = pad + (w - pad) * x / (HISTORY - 1);
        var py = pad / 2 + (h - pad) * (1 - v / max);
        if (started) { ctx.lineTo(px, py); } else { ctx.moveTo(px, py); started = true; }
      });
      ctx.stroke();
    });
  }

  function format(v) {
    if (v >= 1000) { return (v / 1000).toFixed(1) + 'k'; }
    return v >= 10 ? v.toFixed(0) : v.toFixed(1);
  }

  function text(id, value) { $(id).textContent = value; }

  function item(listId, html, max) {
    var list = $(listId);
    var empty = list.querySelector('.empty');
    if (empty) { list.removeChild(empty); }
    var li = document.createElement('li');
    li.innerHTML = html;
    list.insertBefore(li, list.firstChild);
    while (list.children.length > max) { list.removeChild(list.lastChild); }
  }

  function escapeHtml(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function onSnapshot(s) {
    var q = s.queries, p = s.pool, c = s.cache;
    text('qps', format(q.perSecond));
    text('eps', 'errors/s ' + format(q.errorsPerSecond) + ' · slow ' + q.slow);
    text('p99', q.p99Ms.toFixed(1) + ' ms');
    text('p50p95', 'p50 ' + q.p50Ms.toFixed(1) + ' · p95 ' + q.p95Ms.toFixed(1) + ' ms');
    text('pool', p.acquired + ' / ' + p.max);
    text('poolsub', 'idle ' + p.idle + ' · pending ' + p.pending + ' · acquire p99 ' + p.acquireP99Ms.toFixed(1) + ' ms');
    text('hit', c.hitRatio == null ? '–' : (c.hitRatio * 100).toFixed(1) + '%');
    text('cachesub', 'circuit ' + c.circuit + ' · errors ' + c.errors);
    push(series.qps[0], q.perSecond); push(series.qps[1], q.errorsPerSecond);
    push(series.latency[0], q.p50Ms); push(series.latency[1], q.p95Ms); push(series.latency[2], q.p99Ms);
    push(series.pool[0], p.acquired); push(series.pool[1], p.idle); push(series.pool[2], p.pending); push(series.pool[3], p.max);
    push(series.cache[0], c.hitsPerSecond); push(series.cache[1], c.missesPerSecond);
    draw('chart-qps', series.qps, ['c0', 'c3']);
    draw('chart-latency', series.latency, ['c0', 'c1', 'c3']);
    draw('chart-pool', series.pool, ['c0', 'c1', 'c3', 'c2']);
    draw('chart-cache', series.cache, ['c0', 'c1']);
    var alerts = $('alerts');
    alerts.innerHTML = '';
    if (!s.alerts.length) { alerts.innerHTML = '<li class="empty">none</li>'; }
    s.alerts.forEach(function (a) {
      var li = document.createElement('li');
      li.innerHTML = '<span class="' + escapeHtml(a.severity) + '">' + escapeHtml(a.name) + '</span> ' + escapeHtml(a.message);
      alerts.appendChild(li);
    });
  }

  function connect(key, interval) {
    if (source) { source.close(); }
    var status = $('status');
    source = new EventSource('/api/metrics/stream?intervalMs=' + interval + '&access_token=' + encodeURIComponent(key));
    status.textContent = 'connecting…'; status.className = 'status';
    source.onopen = function () { status.textContent = 'live'; status.className = 'status live'; };
    source.onerror = function () { status.textContent = 'reconnecting (check the admin key)'; status.className = 'status error'; };
    source.addEventListener('snapshot', function (e) { onSnapshot(JSON.parse(e.data)); });
    source.addEventListener('alert', function (e) {
      var a = JSON.parse(e.data);
      var cls = a.state === 'RESOLVED' ? 'resolved' : a.severity;
      item('alert-events', '<span class="' + escapeHtml(cls) + '">' + escapeHtml(a.state) + ' ' + escapeHtml(a.name) + '</span> '
        + escapeHtml(a.message) + ' <span class="sub">' + escapeHtml(a.time) + '</span>', 50);
    });
    source.addEventListener('slow-query', function (e) {
      var q = JSON.parse(e.data);
      item('slow', '<b>' + q.durationMs.toFixed(1) + ' ms</b> · ' + q.rows + ' rows · ' + escapeHtml(q.correlationId || '–')
        + '<br><code>' + escapeHtml(q.sql) + '</code>', 50);
    });
  }

  var params = new URLSearchParams(window.location.search);
  var saved = params.get('key') || window.localStorage.getItem('rdl-admin-key') || '';
  $('key').value = saved;
  $('connect').addEventListener('submit', function (e) {
    e.preventDefault();
    var key = $('key').value || 'demo-admin-key';
    window.localStorage.setItem('rdl-admin-key', key);
    connect(key, $('interval').value);
  });
  if (saved) { connect(saved, $('interval').value); }
}());
