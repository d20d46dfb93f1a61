// The statistics page (/stats): charts drawn as SVG from GET /v1/stats with the caller's token.
(function () {
  var $ = window.Dom.byId;
  var NS = 'http://www.w3.org/2000/svg';
  var STATUS = { in_progress: '办理中 in progress', awaiting_materials: '待补材料 awaiting materials', coordinating: '协调中 coordinating', at_city: '市级研究 at city', resolved: '已办结 resolved', refused: '说"不" refused', withdrawn: '已撤回 withdrawn' };
  var TIER = { '1': '首问 1', '2': '科室 2', '3': '分管 3', '4': '主要负责人 4', city: '市级 city' };
  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  // Never drawn wider than designed, so labels keep their size on a wide screen. Each chart is named
  // by its card's heading and says its numbers in words, for whoever cannot see the picture.
  function svg(w, h, target, words) {
    var heading = target.closest('section').querySelector('h2');
    var s = el('svg', { viewBox: '0 0 ' + w + ' ' + h, width: '100%', role: 'img', 'aria-label': (heading ? heading.textContent + '：' : '') + words.join('；') });
    s.style.maxWidth = w + 'px';
    s.style.display = 'block';
    return s;
  }
  function pct(r) { return r === null || r === undefined ? '—' : Math.round(r * 1000) / 10 + '%'; }
  /** Horizontal bars; each row may carry stacked parts. */
  function hbars(target, rows, colors, legend) {
    var rowH = 28, left = 200, w = 560, h = rows.length * rowH + (legend ? 26 : 4);
    var max = Math.max(1, Math.max.apply(null, rows.map(function (r) { return r.parts.reduce(function (a, b) { return a + b; }, 0); })));
    var s = svg(w, h, target, rows.map(function (r) {
      return r.label + ' ' + (legend && r.parts.length > 1 ? r.parts.map(function (v, j) { return legend[j] + ' ' + v; }).join('，') : r.parts.reduce(function (a, b) { return a + b; }, 0));
    }));
    rows.forEach(function (r, i) {
      var y = i * rowH + 4, x = left;
      s.appendChild(el('text', { x: left - 8, y: y + 15, 'text-anchor': 'end', 'font-size': 13, fill: '#1d2733' }, r.label));
      r.parts.forEach(function (v, j) {
        var bw = (w - left - 50) * v / max;
        if (bw > 0) s.appendChild(el('rect', { x: x, y: y, width: bw, height: rowH - 8, fill: colors[j], rx: 3, 'data-value': v }));
        x += bw;
      });
      s.appendChild(el('text', { x: x + 6, y: y + 15, 'font-size': 13, fill: '#5b6875' }, String(r.parts.reduce(function (a, b) { return a + b; }, 0))));
    });
    if (legend) legend.forEach(function (name, j) {
      s.appendChild(el('rect', { x: left + j * 120, y: h - 16, width: 12, height: 12, fill: colors[j] }));
      s.appendChild(el('text', { x: left + j * 120 + 16, y: h - 6, 'font-size': 12, fill: '#5b6875' }, name));
    });
    target.replaceChildren(s);
  }
  function dials(target, rates) {
    var items = [['response', '响应率 response'], ['resolution', '解决率 resolution'], ['satisfaction', '满意率 satisfaction']];
    var s = svg(520, 180, target, items.map(function (it) { var r = rates[it[0]]; return it[1] + ' ' + pct(r.rate) + '（' + r.numerator + '/' + r.denominator + '）'; }));
    items.forEach(function (it, i) {
      var r = rates[it[0]], cx = 90 + i * 170, cy = 80, R = 56, frac = r.rate || 0;
      s.appendChild(el('circle', { cx: cx, cy: cy, r: R, fill: 'none', stroke: '#e3e8ed', 'stroke-width': 14 }));
      var len = 2 * Math.PI * R;
      s.appendChild(el('circle', { cx: cx, cy: cy, r: R, fill: 'none', stroke: frac >= 0.9 ? '#2e7d32' : frac >= 0.7 ? '#f9a825' : '#b3261e', 'stroke-width': 14,
        'stroke-dasharray': (len * frac) + ' ' + len, transform: 'rotate(-90 ' + cx + ' ' + cy + ')', 'data-rate': r.rate === null ? '' : r.rate }));
      s.appendChild(el('text', { x: cx, y: cy + 7, 'text-anchor': 'middle', 'font-size': 20, 'font-weight': 700 }, pct(r.rate)));
      s.appendChild(el('text', { x: cx, y: cy + R + 24, 'text-anchor': 'middle', 'font-size': 13 }, it[1]));
      s.appendChild(el('text', { x: cx, y: cy + R + 41, 'text-anchor': 'middle', 'font-size': 12, fill: '#5b6875' }, r.numerator + ' / ' + r.denominator));
    });
    target.replaceChildren(s);
  }
  function columns(target, weeks) {
    var w = 520, h = 200, left = 30, bottom = 30, n = weeks.length;
    var max = Math.max(1, Math.max.apply(null, weeks.map(function (x) { return x.count; })));
    var s = svg(w, h, target, weeks.map(function (wk) { return wk.weekStart + ' ' + wk.count; })), bw = (w - left - 10) / n;
    weeks.forEach(function (wk, i) {
      var bh = (h - bottom - 20) * wk.count / max, x = left + i * bw;
      s.appendChild(el('rect', { x: x + 3, y: h - bottom - bh, width: bw - 6, height: bh, fill: '#b3261e', rx: 2, 'data-value': wk.count }));
      if (wk.count) s.appendChild(el('text', { x: x + bw / 2, y: h - bottom - bh - 4, 'text-anchor': 'middle', 'font-size': 12 }, String(wk.count)));
      // Label every other week, always including the current one.
      if ((n - 1 - i) % 2 === 0) s.appendChild(el('text', { x: x + bw / 2, y: h - 12, 'text-anchor': 'middle', 'font-size': 11, fill: '#5b6875' }, wk.weekStart.slice(5)));
    });
    s.appendChild(el('line', { x1: left, x2: w - 10, y1: h - bottom, y2: h - bottom, stroke: '#c4ccd4' }));
    target.replaceChildren(s);
  }
  function kpis(d) {
    var list = [
      [d.totals.cases, '办件总数 cases'], [d.totals.open, '在办 open'], [d.overdueNow, '当前超期 overdue now'],
      [d.complaints.perWeek.length ? d.complaints.perWeek[d.complaints.perWeek.length - 1].count : 0, '本周投诉 complaints this week'],
      [d.complaints.contactLapsed, '投诉超时未联系 contact lapsed'], [d.accountability.total, '通报问责 accountability']
    ];
    var box = $('kpis');
    box.replaceChildren();
    list.forEach(function (k) {
      var div = window.Dom.el('div', 'kpi');
      div.appendChild(window.Dom.el('b', null, k[0]));
      div.appendChild(window.Dom.el('span', null, k[1]));
      box.appendChild(div);
    });
  }
  function render(d) {
    $('generated').textContent = new Date(d.generatedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });
    kpis(d);
    dials($('chart-rates'), d.rates);
    hbars($('chart-status'), Object.keys(STATUS).map(function (k) { return { label: STATUS[k], parts: [d.byStatus[k] || 0] }; }), ['#1565c0']);
    hbars($('chart-tier'), d.byClosingTier.map(function (t) { return { label: TIER[t.tier] || t.tier, parts: [t.resolved, t.refused] }; }), ['#2e7d32', '#b3261e'], ['办结 resolved', '说"不" refused']);
    columns($('chart-weeks'), d.complaints.perWeek);
    hbars($('chart-units'), d.byUnit.map(function (u) { return { label: u.name, parts: [u.total - u.open, u.open - u.overdue, u.overdue] }; }), ['#90a4ae', '#1565c0', '#b3261e'], ['已结 closed', '在办 open', '超期 overdue']);
    $('login').hidden = true;
    $('dash').hidden = false;
  }
  function load(token) {
    fetch('/v1/stats', { headers: { Authorization: 'Bearer ' + token } }).then(function (res) {
      return res.json().then(function (data) { return { res: res, data: data }; });
    }).then(function (r) {
      if (!r.res.ok) throw new Error(r.data.detail || ('HTTP ' + r.res.status));
      window.PageToken.set(token);
      render(r.data);
    }).catch(function (e) {
      window.PageToken.clear();
      $('login').hidden = false;
      var box = $('error'); box.textContent = '无法加载 Could not load: ' + e.message; box.hidden = false;
    });
  }
  var token = window.PageToken.adopt();
  $('go').addEventListener('click', function () { load($('token').value.trim()); });
  if (token) load(token); else $('login').hidden = false;
})();
