// Airlock dashboard: polls the admin port's JSON API every 2 s and draws what it gets. Event data (locations,
// user names, paths) is client-influenced text, so it only ever reaches the page through textContent and SVG
// attributes, never parsed as markup. No library, nothing loaded from elsewhere.
'use strict';

(function () {
  const POLL_MS = 2000;
  const FEED_ROWS = 500;
  const SVG = 'http://www.w3.org/2000/svg';

  // On a non-loopback admin port the page is opened as /?token=…: the API calls carry it as a bearer token.
  const token = new URLSearchParams(location.search).get('token');
  const headers = token ? { Authorization: 'Bearer ' + token } : {};

  let after = 0;
  let windowName = 'hour';
  let summary = null;
  let setupShown = false;

  function $(id) {
    return document.getElementById(id);
  }

  function el(tag, className, text) {
    const e = document.createElement(tag);
    if (className) {
      e.className = className;
    }
    if (text !== undefined && text !== null) {
      e.textContent = String(text);
    }
    return e;
  }

  async function api(path) {
    const res = await fetch(path, { headers: headers, cache: 'no-store', credentials: 'omit' });
    if (!res.ok) {
      throw new Error(path + ': HTTP ' + res.status);
    }
    return res.json();
  }

  function setStatus(ok, text) {
    const s = $('status');
    s.className = 'status ' + (ok ? 'live' : 'down');
    s.textContent = text;
  }

  function timeText(iso) {
    const d = new Date(iso);
    const today = new Date();
    const t = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    return d.toDateString() === today.toDateString() ? t : d.toLocaleDateString() + ' ' + t;
  }

  // ---- live feed ----

  function actionOf(e) {
    return e.findingCount === 0 && e.unscanned ? 'unscanned' : e.action;
  }

  function feedRow(e, fresh) {
    const tr = el('tr', fresh ? 'new' : null);
    tr.dataset.seq = String(e.seq);
    tr.appendChild(el('td', 'mono', timeText(e.time)));
    const action = actionOf(e);
    const badgeCell = el('td');
    const badge = el('span', 'badge badge-' + action, action);
    badge.title = 'event ' + e.event + (e.status ? ', answered ' + e.status : ', forwarded');
    badgeCell.appendChild(badge);
    tr.appendChild(badgeCell);

    const rules = el('td', 'mono');
    const locations = el('td', 'mono');
    const previews = el('td', 'mono');
    if (e.findings.length === 0) {
      rules.textContent = e.unscanned ? 'unscanned: ' + e.unscanned : '';
      locations.textContent = e.path || '';
    }
    e.findings.forEach(function (f, i) {
      if (i > 0) {
        rules.appendChild(el('br'));
        locations.appendChild(el('br'));
        previews.appendChild(el('br'));
      }
      rules.appendChild(document.createTextNode(f.rule));
      const loc = el('span', null, f.location);
      loc.title = f.length + ' characters, fingerprint ' + f.fingerprint;
      locations.appendChild(loc);
      previews.appendChild(document.createTextNode(f.preview));
    });
    if (e.findingCount > e.findings.length) {
      rules.appendChild(el('br'));
      rules.appendChild(document.createTextNode('… ' + (e.findingCount - e.findings.length) + ' more'));
    }
    tr.appendChild(rules);
    tr.appendChild(el('td', null, e.provider));
    tr.appendChild(el('td', 'mono', e.client));
    tr.appendChild(el('td', null, e.user || '—'));
    tr.appendChild(locations);
    tr.appendChild(previews);
    return tr;
  }

  function addEvents(answer) {
    const body = $('feed');
    if (answer.latest < after) {
      // Airlock restarted: its feed starts again at 1.
      body.textContent = '';
    }
    const fresh = after > 0; // the first answer fills the feed; later ones flash what they add
    const rows = answer.events.map(function (e) { return feedRow(e, fresh); }); // newest first
    for (let i = rows.length - 1; i >= 0; i--) {
      body.insertBefore(rows[i], body.firstChild);
    }
    while (body.childElementCount > FEED_ROWS) {
      body.removeChild(body.lastChild);
    }
    after = answer.latest;
    $('feed-empty').classList.toggle('hidden', body.childElementCount > 0);
  }

  // ---- charts ----

  function bars(container, counts) {
    const box = $(container);
    box.textContent = '';
    if (counts.length === 0) {
      box.appendChild(el('p', 'empty', 'Nothing in this window.'));
      return;
    }
    const max = Math.max.apply(null, counts.map(function (c) { return c.count; }));
    counts.forEach(function (c) {
      const row = el('div', 'bar-row');
      const label = el('span', 'bar-label', c.key);
      label.title = c.key;
      const track = el('span', 'bar-track');
      const fill = el('span', 'bar-fill bar');
      fill.style.width = (max === 0 ? 0 : Math.max(1, Math.round(100 * c.count / max))) + '%';
      track.appendChild(fill);
      row.appendChild(label);
      row.appendChild(track);
      row.appendChild(el('span', 'bar-count', c.count));
      box.appendChild(row);
    });
  }

  function svg(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    Object.keys(attrs).forEach(function (k) {
      e.setAttribute(k, String(attrs[k]));
    });
    return e;
  }

  function timeline(win) {
    const chart = $('timeline');
    chart.textContent = '';
    // Drawn in the chart's own pixels, so that text keeps its size and the bars fill the width.
    const W = Math.max(320, Math.round(chart.getBoundingClientRect().width));
    const H = 160;
    chart.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    const left = 36;
    const bottom = 20;
    const top = 8;
    const slots = win.timeline;
    const totals = slots.map(function (s) { return s.blocked + s.redacted + s.other; });
    const max = Math.max(1, Math.max.apply(null, totals));
    const step = (W - left) / slots.length;
    const scale = (H - bottom - top) / max;
    chart.appendChild(svg('line', { class: 'axis', x1: left, y1: H - bottom, x2: W, y2: H - bottom }));
    chart.appendChild(svg('text', { x: 0, y: top + 10 }));
    chart.lastChild.textContent = String(max);
    chart.appendChild(svg('text', { x: 0, y: H - bottom }));
    chart.lastChild.textContent = '0';
    slots.forEach(function (s, i) {
      let y = H - bottom;
      [['blocked', 'bar-block'], ['redacted', 'bar-redact'], ['other', 'bar-other']].forEach(function (part) {
        const n = s[part[0]];
        if (n > 0) {
          const h = Math.max(2, n * scale);
          y -= h;
          const r = svg('rect', { class: 'bar ' + part[1], x: left + i * step + 1, y: y, width: Math.max(1, step - 2), height: h });
          const title = svg('title', {});
          title.textContent = timeText(s.start) + ': ' + n + ' ' + part[0];
          r.appendChild(title);
          chart.appendChild(r);
        }
      });
      const every = slots.length > 30 ? 10 : 4;
      if (i % every === 0) {
        const label = svg('text', { x: left + i * step, y: H - 4 });
        const d = new Date(s.start);
        label.textContent = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
        chart.appendChild(label);
      }
    });
  }

  function render() {
    if (!summary) {
      return;
    }
    ['blocked', 'redacted', 'unscanned', 'events'].forEach(function (k) {
      $(k + '-hour').textContent = String(summary.hour[k]);
      $(k + '-day').textContent = String(summary.day[k]);
    });
    const win = summary[windowName];
    $('timeline-title').textContent = windowName === 'hour' ? 'Last hour, per minute' : 'Last 24 hours, per hour';
    timeline(win);
    bars('by-rule', win.byRule);
    bars('by-provider', win.byProvider);
    bars('by-client', win.byClient);
    bars('unscanned-reasons', win.unscannedByReason);
    $('unscanned-count').textContent = String(win.unscanned);
    $('unscanned-window').textContent = windowName === 'hour' ? 'last hour' : 'last 24 hours';

    const top = $('top-clients');
    top.textContent = '';
    summary.day.byClient.forEach(function (c) {
      const tr = el('tr');
      tr.appendChild(el('td', 'mono', c.key));
      tr.appendChild(el('td', 'num', c.count));
      tr.appendChild(el('td', 'num', c.blocked));
      tr.appendChild(el('td', 'num', c.redacted));
      top.appendChild(tr);
    });
    $('top-clients-empty').classList.toggle('hidden', summary.day.byClient.length > 0);
  }

  function choose(name) {
    windowName = name;
    $('window-hour').classList.toggle('on', name === 'hour');
    $('window-day').classList.toggle('on', name === 'day');
    render();
  }

  // ---- set-up panel ----

  function setup(s) {
    $('setup-base').textContent = s.baseUrl.join('\n');
    $('setup-forward').textContent = s.forward.join('\n');
    $('setup-pac').textContent = location.origin + s.pac;
    $('setup-ca').href = s.ca;
    $('setup-ca').textContent = location.origin + s.ca;
    $('setup-ca-lines').textContent = 'curl -fsS -o "$HOME/airlock-ca.pem" ' + location.origin + s.ca + '\n'
        + 'export NODE_EXTRA_CA_CERTS="$HOME/airlock-ca.pem"';
    const clients = $('setup-clients');
    clients.textContent = '';
    s.clients.forEach(function (c, i) {
      if (i > 0) {
        clients.appendChild(document.createTextNode(', '));
      }
      clients.appendChild(el('code', null, c));
    });
  }

  async function tick() {
    try {
      if (!setupShown) {
        setup(await api('/api/setup'));
        setupShown = true;
      }
      const answers = await Promise.all([api('/api/events?after=' + after), api('/api/summary')]);
      addEvents(answers[0]);
      summary = answers[1];
      render();
      setStatus(true, 'live · updated ' + new Date().toLocaleTimeString());
    } catch (e) {
      setStatus(false, 'cannot reach Airlock (' + e.message + '); retrying');
    }
    setTimeout(tick, POLL_MS);
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('window-hour').addEventListener('click', function () { choose('hour'); });
    $('window-day').addEventListener('click', function () { choose('day'); });
    window.addEventListener('resize', render);
    tick();
  });
})();
