// Dashboard: live charts (uPlot, served from its WebJar) fed by /api/metrics/stream, backfilled from
// /api/metrics/history, and a Database view of /api/db/insights. The admin key is asked for on the page and kept
// in sessionStorage for this tab only; it travels in the X-API-Key header (the stream is read with fetch, not
// EventSource, so it never goes into a URL). The stream is resumed with Last-Event-ID so no alert event is lost.
(function () {
  'use strict';
  var KEY_STORAGE = 'rdl-admin-key';
  var KEEP_SECONDS = 900;
  var CHART_HEIGHT = 200;
  var css = getComputedStyle(document.documentElement);
  var color = function (name) { return css.getPropertyValue(name).trim(); };
  var $ = function (id) { return document.getElementById(id); };

  var columns = ['t', 'qps', 'eps', 'p50', 'p95', 'p99', 'acquired', 'idle', 'pending', 'max', 'hits', 'misses'];
  var data = {};
  columns.forEach(function (c) { data[c] = []; });
  var charts = [];
  var key = null;
  var controller = null;
  var lastEventId = null;
  var retryMs = 3000;
  var reconnectTimer = null;
  var insightsTimer = null;

  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function fmt(v) {
    if (v == null || isNaN(v)) { return '–'; }
    var a = Math.abs(v);
    if (a >= 1e6) { return (v / 1e6).toFixed(1) + 'M'; }
    if (a >= 1e3) { return (v / 1e3).toFixed(1) + 'k'; }
    if (a >= 100) { return v.toFixed(0); }
    if (a >= 10) { return v.toFixed(1); }
    return v.toFixed(2);
  }

  function count(v) { return v == null ? '–' : Math.round(v).toLocaleString(); }

  function tick(v) {
    if (v == null) { return ''; }
    if (Math.abs(v) >= 1000) { return fmt(v); }
    return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(3)));
  }

  function clock(seconds) {
    var d = new Date(seconds * 1000);
    var range = Number($('range').value);
    return d.toLocaleTimeString([], range > 300 ? { hour: '2-digit', minute: '2-digit' }
      : { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  }

  // Without a cursor on the chart, the legend shows the latest values.
  function latestLegend(u) {
    if (u.cursor.idx == null && u.data[0].length) { u.setLegend({ idx: u.data[0].length - 1 }); }
  }

  function bytes(b) {
    if (b == null) { return '–'; }
    var units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
    var i = 0;
    while (b >= 1024 && i < units.length - 1) { b /= 1024; i++; }
    return (i === 0 ? b.toFixed(0) : b.toFixed(1)) + ' ' + units[i];
  }

  function setStatus(text, cls) { var s = $('status'); s.textContent = text; s.className = 'status ' + (cls || ''); }

  function setValue(id, value) {
    var el = $(id);
    el.textContent = value == null ? 'no data' : value;
    el.classList.toggle('nodata', value == null);
  }

  // ---- charts ----
  function chart(elementId, series) {
    var el = $(elementId);
    var opts = {
      width: Math.max(200, el.clientWidth),
      height: CHART_HEIGHT,
      scales: { x: { time: true } },
      cursor: { drag: { x: false, y: false } },
      legend: { live: true },
      hooks: { setCursor: [latestLegend] },
      series: [{ label: 'time', value: function (u, v) { return v == null ? '–' : new Date(v * 1000).toLocaleTimeString(); } }]
        .concat(series.map(function (s) {
          return { label: s.label, stroke: color(s.color), width: 1.5, spanGaps: false,
            value: function (u, v) { return v == null ? 'no data' : (s.integer ? count(v) : fmt(v)) + (s.unit || ''); } };
        })),
      axes: [
        { stroke: color('--muted'), grid: { stroke: color('--line'), width: 1 }, ticks: { stroke: color('--line') }, space: 70,
          values: function (u, ticks) { return ticks.map(clock); } },
        { stroke: color('--muted'), grid: { stroke: color('--line'), width: 1 }, ticks: { stroke: color('--line') }, size: 52,
          values: function (u, ticks) { return ticks.map(tick); } }
      ]
    };
    var empty = [[]].concat(series.map(function () { return []; }));
    var plot = new uPlot(opts, empty, el);
    var overlay = document.createElement('div');
    overlay.className = 'empty-overlay';
    overlay.textContent = 'no data';
    el.appendChild(overlay);
    var entry = { plot: plot, el: el, keys: series.map(function (s) { return s.key; }), overlay: overlay };
    new ResizeObserver(function () { plot.setSize({ width: Math.max(200, el.clientWidth), height: CHART_HEIGHT }); }).observe(el);
    charts.push(entry);
  }

  function redraw() {
    var range = Number($('range').value);
    var now = Date.now() / 1000;
    var from = 0;
    while (from < data.t.length && data.t[from] < now - range) { from++; }
    charts.forEach(function (c) {
      var cols = [data.t.slice(from)].concat(c.keys.map(function (k) { return data[k].slice(from); }));
      var any = cols.slice(1).some(function (col) { return col.some(function (v) { return v != null; }); });
      c.overlay.hidden = any;
      c.plot.setData(cols);
      c.plot.setScale('x', { min: now - range, max: now });
      latestLegend(c.plot);
    });
  }

  function add(s) {
    var t = Date.parse(s.timestamp) / 1000;
    if (data.t.length && t <= data.t[data.t.length - 1]) { return; }
    var q = s.queries, p = s.pool, c = s.cache;
    // The latency window is empty without traffic: that is "no data", not 0 ms.
    var latency = q.p99Ms > 0;
    var row = { t: t, qps: q.perSecond, eps: q.errorsPerSecond, p50: latency ? q.p50Ms : null,
      p95: latency ? q.p95Ms : null, p99: latency ? q.p99Ms : null, acquired: p.acquired, idle: p.idle,
      pending: p.pending, max: p.max, hits: c.hitsPerSecond, misses: c.missesPerSecond };
    columns.forEach(function (k) { data[k].push(row[k]); });
    while (data.t.length && data.t[0] < t - KEEP_SECONDS) { columns.forEach(function (k) { data[k].shift(); }); }
  }

  function cards(s) {
    var q = s.queries, p = s.pool, c = s.cache;
    var latency = q.p99Ms > 0;
    setValue('qps', fmt(q.perSecond));
    $('eps').textContent = 'errors/s ' + fmt(q.errorsPerSecond) + ' · slow ' + q.slow;
    setValue('p99', latency ? fmt(q.p99Ms) + ' ms' : null);
    $('p50p95').textContent = latency ? 'p50 ' + fmt(q.p50Ms) + ' · p95 ' + fmt(q.p95Ms) + ' ms' : 'no queries in the window';
    setValue('pool', p.acquired + ' / ' + p.max);
    $('poolsub').textContent = 'idle ' + p.idle + ' · pending ' + p.pending + ' · acquire p99 '
      + (p.acquireP99Ms > 0 ? fmt(p.acquireP99Ms) + ' ms' : 'no data');
    setValue('hit', c.hitRatio == null ? null : (c.hitRatio * 100).toFixed(1) + '%');
    $('cachesub').textContent = 'circuit ' + c.circuit + ' · errors ' + c.errors;
    replicas(s.replicas || []);
    var list = $('alerts');
    list.innerHTML = s.alerts.length ? '' : '<li class="empty">none</li>';
    s.alerts.forEach(function (a) {
      var li = document.createElement('li');
      li.innerHTML = '<span class="' + esc(a.severity) + '">' + esc(a.name) + '</span> ' + esc(a.message)
        + ' <span class="sub">since ' + esc(new Date(a.since).toLocaleTimeString()) + '</span>';
      list.appendChild(li);
    });
  }

  // Each read replica's lag as the routing's last poll found it; an unhealthy one serves no reads.
  function replicas(list) {
    $('replicas').innerHTML = list.length
      ? table(['replica', 'state', '#lag bytes', '#lag seconds'], list.map(function (r) {
        return [esc(r.name), r.healthy ? '<span class="green">serving reads</span>' : '<span class="red">skipped</span>',
          bytes(r.lagBytes), fmt(r.lagSeconds) + ' s'];
      }))
      : '<p class="sub">no replicas configured</p>';
  }

  function item(listId, html, max) {
    var list = $(listId);
    var empty = list.querySelector('.empty');
    if (empty) { list.removeChild(empty); }
    var li = document.createElement('li');
    li.innerHTML = html;
    list.insertBefore(li, list.firstChild);
    while (list.children.length > max) { list.removeChild(list.lastChild); }
  }

  // ---- server-sent events over fetch ----
  function handle(event, payload) {
    if (event === 'snapshot') {
      add(payload); cards(payload); redraw();
    }
    else if (event === 'alert') {
      var cls = payload.state === 'RESOLVED' ? 'resolved' : payload.severity;
      item('alert-events', '<span class="' + esc(cls) + '">' + esc(payload.state) + ' ' + esc(payload.name) + '</span> '
        + esc(payload.message) + ' <span class="sub">' + esc(new Date(payload.time).toLocaleTimeString()) + '</span>', 50);
    }
    else if (event === 'slow-query') {
      item('slow', '<b>' + fmt(payload.durationMs) + ' ms</b> · ' + payload.rows + ' rows · ' + esc(payload.correlationId || '–')
        + '<br><code>' + esc(payload.sql) + '</code>', 50);
    }
  }

  function dispatch(block) {
    var event = 'message', lines = [], id = null;
    block.split(/\r?\n/).forEach(function (line) {
      if (!line || line.charAt(0) === ':') { return; }
      var i = line.indexOf(':');
      var field = i < 0 ? line : line.slice(0, i);
      var value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
      if (field === 'event') { event = value; }
      else if (field === 'data') { lines.push(value); }
      else if (field === 'id') { id = value; }
      else if (field === 'retry' && /^\d+$/.test(value)) { retryMs = Number(value); }
    });
    if (id !== null) { lastEventId = id; }
    if (lines.length) { handle(event, JSON.parse(lines.join('\n'))); }
  }

  function stream() {
    var headers = { 'X-API-Key': key, 'Accept': 'text/event-stream' };
    if (lastEventId !== null) { headers['Last-Event-ID'] = lastEventId; }
    controller = new AbortController();
    var signal = controller.signal;
    fetch('/api/metrics/stream?intervalMs=1000', { headers: headers, signal: signal, cache: 'no-store' })
      .then(function (response) {
        if (response.status === 401 || response.status === 403) {
          setStatus('the key was refused (' + response.status + '): enter an admin key', 'error');
          return null;
        }
        if (!response.ok) { throw new Error('HTTP ' + response.status); }
        setStatus('live', 'live');
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        var buffer = '';
        var pump = function () {
          return reader.read().then(function (chunk) {
            if (chunk.done) { throw new Error('the stream ended'); }
            buffer += decoder.decode(chunk.value, { stream: true });
            var blocks = buffer.split(/\r?\n\r?\n/);
            buffer = blocks.pop();
            blocks.forEach(dispatch);
            return pump();
          });
        };
        return pump();
      })
      .catch(function (error) {
        if (signal.aborted) { return; }
        setStatus('reconnecting in ' + Math.round(retryMs / 1000) + ' s (' + error.message + ')', 'error');
        reconnectTimer = setTimeout(stream, retryMs);
      });
  }

  function api(path) {
    return fetch(path, { headers: { 'X-API-Key': key, 'Accept': 'application/json' }, cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) { throw new Error(path + ': HTTP ' + response.status); }
        return response.json();
      });
  }

  function connect(newKey) {
    if (controller) { controller.abort(); }
    clearTimeout(reconnectTimer);
    key = newKey;
    lastEventId = null;
    columns.forEach(function (k) { data[k] = []; });
    setStatus('loading history…');
    api('/api/metrics/history?minutes=15')
      .then(function (history) {
        history.snapshots.forEach(add);
        if (history.snapshots.length) { cards(history.snapshots[history.snapshots.length - 1]); }
        redraw();
      })
      .catch(function (error) { setStatus('history unavailable (' + error.message + ')', 'error'); })
      .then(stream);
    if (!$('database').hidden) { loadInsights(); }
  }

  // ---- database view ----
  var CHECKS = [
    ['unusedIndexes', 'Unused indexes'], ['duplicateIndexes', 'Duplicate indexes'], ['invalidIndexes', 'Invalid indexes'],
    ['missingIndexes', 'Missing indexes'], ['tableBloat', 'Table bloat'], ['indexBloat', 'Index bloat'],
    ['cacheHitRatio', 'Cache hit ratio'], ['blockingQueries', 'Blocking queries'], ['longRunningQueries', 'Long-running queries'],
    ['deadlocks', 'Deadlocks'], ['wraparound', 'Transaction ID wraparound'], ['sequences', 'Sequences'],
    ['vacuum', 'Vacuum'], ['connections', 'Connections'], ['topQueries', 'Query statistics'], ['growth', 'Table growth'],
    ['replication', 'Replication']
  ];
  var SERIOUS = { blockingQueries: true, wraparound: true, sequences: true, invalidIndexes: true };

  function checkColor(name, check) {
    if (check.status === 'OK') { return 'green'; }
    if (check.status === 'WARN') { return SERIOUS[name] ? 'red' : 'amber'; }
    return 'grey';
  }

  function checkState(check) {
    return { OK: 'OK', WARN: check.findings.length + ' to look at', NOT_ENOUGH_DATA: 'not enough data yet',
      UNAVAILABLE: 'unavailable' }[check.status] || check.status;
  }

  function checkSummary(name, check, report) {
    var f = check.findings;
    if (name === 'cacheHitRatio' && f.length && f[0].tables != null) {
      return 'tables ' + (f[0].tables * 100).toFixed(1) + '% · indexes '
        + (f[0].indexes == null ? '–' : (f[0].indexes * 100).toFixed(1) + '%');
    }
    if (name === 'deadlocks' && f.length) {
      return f[0].count + ' since the statistics were reset'
        + (f[0].history.length ? ', last seen ' + new Date(f[0].history[f[0].history.length - 1].seenAt).toLocaleString() : '');
    }
    if (name === 'connections' && f.length) {
      var total = Object.keys(f[0].byState).reduce(function (sum, k) { return sum + f[0].byState[k]; }, 0);
      return total + ' of ' + f[0].maxConnections;
    }
    if (name === 'wraparound' && f.length) { return 'age ' + fmt(f[0].age) + ' transactions'; }
    if (name === 'replication') { return f.length ? f.length + ' replicas' : 'no replicas'; }
    if (check.status === 'WARN' && f.length) {
      return f.slice(0, 3).map(function (x) { return x.index || x.table || x.sequence || x.relation || x.query || ''; }).join(', ');
    }
    return '';
  }

  function table(headers, rows) {
    if (!rows.length) { return '<p class="sub">none</p>'; }
    return '<div class="table-wrap"><table><thead><tr>' + headers.map(function (h) {
      return '<th class="' + (h.charAt(0) === '#' ? 'num' : '') + '">' + esc(h.replace(/^#/, '')) + '</th>';
    }).join('') + '</tr></thead><tbody>' + rows.map(function (r) {
      return '<tr>' + r.map(function (cell, i) {
        return '<td class="' + (headers[i].charAt(0) === '#' ? 'num' : '') + '">' + cell + '</td>';
      }).join('') + '</tr>';
    }).join('') + '</tbody></table></div>';
  }

  function when(instant) { return instant ? esc(new Date(instant).toLocaleString()) : '<span class="grey">never</span>'; }

  function renderInsights(r) {
    $('db-status').textContent = r.database + ' · PostgreSQL ' + r.serverVersion + ' · statistics since '
      + new Date(r.statistics.since).toLocaleString() + ' (' + r.statistics.source + ') · report '
      + new Date(r.generatedAt).toLocaleTimeString();
    $('checks').innerHTML = CHECKS.map(function (entry) {
      var check = r[entry[0]];
      if (!check) { return ''; }
      var detail = check.reason || check.evidence || '';
      return '<div class="check ' + checkColor(entry[0], check) + '" data-check="' + entry[0] + '"><b>' + esc(entry[1])
        + '</b><span class="state ' + checkColor(entry[0], check) + '">' + esc(checkState(check)) + '</span>'
        + '<div class="sub">' + esc(checkSummary(entry[0], check, r)) + '</div>'
        + (detail ? '<div class="sub">' + esc(detail) + '</div>' : '') + '</div>';
    }).join('');
    $('recommendations').innerHTML = r.recommendations.length ? r.recommendations.map(function (x) {
      return '<li><span class="' + esc(x.severity) + '">' + esc(x.severity) + '</span> ' + esc(x.message) + '</li>';
    }).join('') : '<li class="empty">nothing to do</li>';
    $('indexes').innerHTML = r.missingIndexes.status === 'OK' && !r.missingIndexes.findings.length
      ? '<p class="sub">no table is read mostly by sequential scans (' + esc(r.missingIndexes.evidence || '') + ')</p>'
      : table(['table', 'columns', 'suggestion', '#cost before', '#cost after', '#reduction', 'verification'],
        r.missingIndexes.findings.map(function (m) {
          var reduction = (m.costBefore && m.costAfter != null) ? ((1 - m.costAfter / m.costBefore) * 100).toFixed(0) + '%' : '–';
          return [esc(m.schema + '.' + m.table), esc(m.columns.join(', ') || '–'), m.createIndex ? '<code>' + esc(m.createIndex) + '</code>' : '–',
            fmt(m.costBefore), fmt(m.costAfter), reduction, esc(m.verification)];
        }));
    var top = r.topQueries;
    $('top-queries').innerHTML = top.status === 'UNAVAILABLE' ? '<p class="sub">' + esc(top.reason) + '</p>'
      : table(['#mean ms', '#calls', '#total ms', 'statement'], top.findings.map(function (q) {
        return [fmt(q.meanMs), count(q.calls), fmt(q.totalMs), '<code>' + esc(q.query) + '</code>'
          + '<details><summary>plan</summary>' + (q.plan ? '<pre>' + esc(q.plan) + '</pre>' : '') + '<div class="sub">'
          + esc(q.planNote) + '</div></details>'];
      }));
    var sizes = r.sizes.findings[0];
    var growth = {};
    r.growth.findings.forEach(function (g) { growth[g.schema + '.' + g.table] = g; });
    $('space').innerHTML = sizes ? '<p>Database <b>' + bytes(sizes.databaseBytes) + '</b></p>'
      + table(['table', '#total', '#indexes', '#rows', '#growth/h'], sizes.largestTables.map(function (t) {
        var g = growth[t.schema + '.' + t.table];
        return [esc(t.schema + '.' + t.table), bytes(t.totalBytes), bytes(t.indexBytes), count(t.liveRows),
          g ? bytes(g.bytesPerHour) : '<span class="grey">no data</span>'];
      })) : '<p class="sub">unavailable</p>';
    var conn = r.connections.findings[0];
    $('connections').innerHTML = conn ? '<p>' + Object.keys(conn.byState).map(function (k) {
      return esc(k) + ' <b>' + conn.byState[k] + '</b>';
    }).join(' · ') + ' · max ' + conn.maxConnections + '</p>'
      + table(['state', 'wait event', '#sessions'], conn.sessions.map(function (s) {
        return [esc(s.state), s.waitEvent ? esc(s.waitEventType + ' / ' + s.waitEvent) : '<span class="grey">not waiting</span>', s.sessions];
      })) + (r.blockingQueries.findings.length ? '<h2>Blocking chains</h2>' + table(['chain', '#waiting ms', 'waiting statement'],
        r.blockingQueries.findings.map(function (b) {
          return [esc(b.chain.join(' ← ')), fmt(b.waitingMs), '<code>' + esc(b.query) + '</code>'];
        })) : '') : '<p class="sub">unavailable</p>';
    $('vacuum').innerHTML = table(['table', '#dead rows', '#modified since analyze', 'last vacuum', 'last analyze'],
      r.vacuum.findings.map(function (v) {
        return [esc(v.schema + '.' + v.table), count(v.deadRows), count(v.modifiedSinceAnalyze), when(v.lastVacuum), when(v.lastAnalyze)];
      }));
    $('replication').innerHTML = r.replication.findings.length
      ? table(['replica', 'state', '#lag bytes', '#lag ms'], r.replication.findings.map(function (x) {
        return [esc(x.name + (x.clientAddress ? ' (' + x.clientAddress + ')' : '')), esc(x.state), bytes(x.replayLagBytes), fmt(x.replayLagMs)];
      }))
      : '<p class="sub">' + esc(r.replication.status === 'UNAVAILABLE' ? r.replication.reason : 'no replicas are connected') + '</p>';
  }

  function loadInsights() {
    if (!key) { $('db-status').textContent = 'enter the admin key first'; return; }
    $('db-status').textContent = 'loading insights…';
    api('/api/db/insights').then(renderInsights).catch(function (error) { $('db-status').textContent = error.message; });
  }

  function show(view) {
    var db = view === 'database';
    $('live').hidden = db;
    $('database').hidden = !db;
    $('tab-live').classList.toggle('active', !db);
    $('tab-db').classList.toggle('active', db);
    $('tab-live').setAttribute('aria-selected', String(!db));
    $('tab-db').setAttribute('aria-selected', String(db));
    clearInterval(insightsTimer);
    if (db) {
      loadInsights();
      insightsTimer = setInterval(loadInsights, 60000);
    }
    else {
      redraw();
    }
  }

  chart('chart-qps', [{ key: 'qps', label: 'queries/s', color: '--c0' }, { key: 'eps', label: 'errors/s', color: '--c3' }]);
  chart('chart-latency', [{ key: 'p50', label: 'p50', color: '--c0', unit: ' ms' }, { key: 'p95', label: 'p95', color: '--c1', unit: ' ms' },
    { key: 'p99', label: 'p99', color: '--c3', unit: ' ms' }]);
  chart('chart-pool', [{ key: 'acquired', label: 'acquired', color: '--c0', integer: true },
    { key: 'idle', label: 'idle', color: '--c1', integer: true }, { key: 'pending', label: 'pending', color: '--c3', integer: true },
    { key: 'max', label: 'max', color: '--c2', integer: true }]);
  chart('chart-cache', [{ key: 'hits', label: 'hits/s', color: '--c0' }, { key: 'misses', label: 'misses/s', color: '--c1' }]);

  $('tab-live').addEventListener('click', function () { show('live'); });
  $('tab-db').addEventListener('click', function () { show('database'); });
  $('refresh-db').addEventListener('click', loadInsights);
  $('range').addEventListener('change', redraw);
  $('connect').addEventListener('submit', function (e) {
    e.preventDefault();
    var entered = $('key').value.trim();
    if (!entered) { return; }
    window.sessionStorage.setItem(KEY_STORAGE, entered);
    connect(entered);
  });
  var saved = window.sessionStorage.getItem(KEY_STORAGE);
  if (saved) {
    $('key').value = saved;
    connect(saved);
  }
  redraw();
}());
