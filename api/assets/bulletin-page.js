// The monthly bulletin (/bulletin?month=YYYY-MM): the ranking, the three rates per unit with a chart,
// the topic, the cases shelved and the accountability records, drawn from /v1/reports/* with the
// reader's token. It computes no figure: every number shown is one the API answered (rates are only
// written as percentages).
(function () {
  'use strict';
  var $ = window.Dom.byId;
  var el = window.Dom.el;
  var NS = 'http://www.w3.org/2000/svg';
  var RATES = [['response', '响应率', '#1565c0'], ['resolution', '解决率', '#2e7d32'], ['satisfaction', '满意率', '#f9a825']];
  var REASONS = { too_few_cases: '受理量不足，不排名', no_rates: '无可计比率，不排名' };
  var TIER = { '1': '首问', '2': '科室', '3': '分管', '4': '主要负责人', city: '市级' };

  function pct(r) { return r === null || r === undefined ? '—' : Math.round(r * 1000) / 10 + '%'; }
  function when(iso) { return iso ? window.Dom.when(iso, { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }) : '—'; }
  function cell(tr, text, cls) { var td = el('td', cls, text); tr.appendChild(td); return td; }
  /** A rate with the counts it was made of. */
  function rateCell(tr, ratio) {
    var td = cell(tr, pct(ratio.rate), 'num');
    if (ratio.denominator > 0) td.appendChild(el('span', 'ratio', ratio.numerator + '/' + ratio.denominator));
    td.dataset.rate = ratio.rate === null ? '' : String(ratio.rate);
    return td;
  }
  function svgEl(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /** The month asked for, else last month in Beijing time (a bulletin is about a month that ended). */
  function monthAsked() {
    var m = new URLSearchParams(location.search).get('month');
    if (m && /^\d{4}-(0[1-9]|1[0-2])$/.test(m)) return m;
    var parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(new Date()).split('-');
    var y = Number(parts[0]), mo = Number(parts[1]) - 1;
    if (mo === 0) { y -= 1; mo = 12; }
    return y + '-' + String(mo).padStart(2, '0');
  }

  function get(path, token) {
    return fetch(path, { headers: { authorization: 'Bearer ' + token } }).then(function (res) {
      return res.json().then(function (body) {
        if (!res.ok) throw new Error((body && body.detail) || ('HTTP ' + res.status));
        return body;
      });
    });
  }

  function ranking(r, monthly) {
    $('policy').textContent = '综合得分 = 响应率×' + r.policy.weights.response + '、按时办结率×' + r.policy.weights.onTime + '、解决率×' + r.policy.weights.resolution +
      '、满意率×' + r.policy.weights.satisfaction + ' 的加权平均×100，每件属实投诉扣 ' + r.policy.deductions.complaintUpheld + ' 分、每条通报问责扣 ' +
      r.policy.deductions.accountability + ' 分；受理不足 ' + r.policy.minCases + ' 件不排名。较上月：与 ' + r.previousMonth + ' 名次相比。';
    var body = $('ranking').tBodies[0];
    body.replaceChildren();
    r.units.forEach(function (u) {
      var tr = el('tr', u.ranked ? null : 'unranked');
      tr.dataset.unitId = u.unitId;
      cell(tr, u.rank === null ? '—' : u.rank, 'num rank');
      var name = cell(tr, u.name, 'name');
      if (u.createdAt && u.createdAt >= monthly.from && u.createdAt < monthly.to) name.appendChild(el('small', null, '（本月新设）'));
      cell(tr, u.score === null ? (REASONS[u.reason] || '—') : u.score, u.score === null ? 'text score' : 'num score');
      var ch = cell(tr, u.change === null ? '—' : u.change > 0 ? '↑' + u.change : u.change < 0 ? '↓' + (-u.change) : '持平', 'num');
      if (u.change > 0) ch.className += ' up';
      if (u.change < 0) ch.className += ' down';
      rateCell(tr, u.rates.response);
      rateCell(tr, u.rates.onTime);
      rateCell(tr, u.rates.resolution);
      rateCell(tr, u.rates.satisfaction);
      cell(tr, u.counts.received, 'num');
      cell(tr, u.counts.complaintsUpheld, 'num');
      cell(tr, u.counts.accountability, 'num');
      body.appendChild(tr);
    });
  }

  /** Each unit's three rates as bars, the city's first; units with none of them are left out of the chart, not the table. */
  function rates(m) {
    var rows = [{ name: '全市 City', f: m.city }].concat(m.units.map(function (u) { return { name: u.name, f: u, unitId: u.unitId }; }))
      .filter(function (r) { return RATES.some(function (k) { return r.f.rates[k[0]].denominator > 0; }); });
    var rowH = 46, left = 210, w = 720, h = rows.length * rowH + 30;
    var s = svgEl('svg', { viewBox: '0 0 ' + w + ' ' + h, width: '100%', role: 'img', 'aria-label': '各单位三率 three rates by unit' });
    s.style.maxWidth = w + 'px';
    rows.forEach(function (r, i) {
      var y = i * rowH + 4;
      s.appendChild(svgEl('text', { x: left - 8, y: y + 24, 'text-anchor': 'end', 'font-size': 13, fill: '#1d2733' }, r.name));
      RATES.forEach(function (k, j) {
        var ratio = r.f.rates[k[0]], bw = (w - left - 60) * (ratio.rate || 0);
        var bar = svgEl('rect', { x: left, y: y + j * 13, width: Math.max(bw, 0.5), height: 11, fill: k[2], rx: 2 });
        bar.dataset.unit = r.unitId || 'city';
        bar.dataset.rate = k[0];
        bar.dataset.value = ratio.rate === null ? '' : String(ratio.rate);
        s.appendChild(bar);
        s.appendChild(svgEl('text', { x: left + bw + 4, y: y + j * 13 + 10, 'font-size': 10, fill: '#5b6875' }, pct(ratio.rate)));
      });
    });
    RATES.forEach(function (k, j) {
      s.appendChild(svgEl('rect', { x: left + j * 130, y: h - 16, width: 12, height: 12, fill: k[2] }));
      s.appendChild(svgEl('text', { x: left + j * 130 + 16, y: h - 6, 'font-size': 12, fill: '#5b6875' }, k[1]));
    });
    $('chart-rates').replaceChildren(s);
    var body = $('rates').tBodies[0];
    body.replaceChildren();
    m.units.concat([{ unitId: 'city', name: '全市合计', rates: m.city.rates, counts: m.city.counts }]).forEach(function (u) {
      var tr = el('tr', u.unitId === 'city' ? 'city' : null);
      tr.dataset.unitId = u.unitId;
      cell(tr, u.name, 'name');
      rateCell(tr, u.rates.response);
      rateCell(tr, u.rates.resolution);
      rateCell(tr, u.rates.satisfaction);
      rateCell(tr, u.rates.escalation);
      cell(tr, u.counts.lapses, 'num');
      cell(tr, u.counts.shelved, 'num');
      cell(tr, u.counts.complaintsFiled, 'num');
      body.appendChild(tr);
    });
    var absent = m.figures.filter(function (f) { return !f.available; });
    $('absent').textContent = absent.length ? '未列入本通报（系统尚未记录）Not in this bulletin (not recorded yet): ' + absent.map(function (f) { return f.label + ' ' + f.labelEn; }).join('、') + '。' : '';
  }

  function topic(c) {
    var box = $('topic');
    box.replaceChildren();
    if (c.topic) {
      var t = el('div', 'topic');
      t.appendChild(el('b', null, c.topic.label));
      t.appendChild(el('span', null, '（' + c.topic.kindLabel + '，本月 ' + c.topic.cases + ' 件）'));
      if (c.topic.note) t.appendChild(el('p', null, c.topic.note));
      t.appendChild(el('p', 'muted', c.topic.rule ? '已形成制度 Rule formed: ' + c.topic.rule.title + (c.topic.rule.documentNo ? '（' + c.topic.rule.documentNo + '）' : '') : '尚未形成制度 No rule formed yet.'));
      box.appendChild(t);
    } else {
      box.appendChild(el('p', 'muted', '本月尚未选题。No topic picked yet.'));
    }
    var top = [].concat(c.byCategory.length ? c.byCategory : c.byEscalationReason).slice(0, 5);
    if (top.length) {
      var p = el('p', 'muted', '本月 ' + c.cases + ' 件，主要类别 Main classes: ' + top.map(function (x) { return x.label + ' ' + x.cases + ' 件'; }).join('；'));
      box.appendChild(p);
    }
  }

  function records(r) {
    var body = $('shelved').tBodies[0];
    body.replaceChildren();
    r.shelved.forEach(function (s) {
      var tr = el('tr');
      cell(tr, s.caseId + (s.part ? '（协办）' : ''), 'text');
      cell(tr, s.title || '—', 'text');
      cell(tr, s.unit.name, 'name');
      cell(tr, s.officer.name, 'name');
      cell(tr, TIER[s.tier] || s.tier || '—');
      cell(tr, when(s.at));
      body.appendChild(tr);
    });
    $('shelved').hidden = !r.shelved.length;
    $('shelved-none').hidden = !!r.shelved.length;
    var acc = $('accountability').tBodies[0];
    acc.replaceChildren();
    r.accountability.forEach(function (a) {
      var tr = el('tr');
      cell(tr, a.levelLabel);
      cell(tr, a.kindLabel);
      cell(tr, a.officer.name, 'name');
      cell(tr, a.unit ? a.unit.name : '—', 'name');
      cell(tr, a.summary, 'text');
      cell(tr, when(a.recordedAt));
      acc.appendChild(tr);
    });
    $('accountability').hidden = !r.accountability.length;
    $('accountability-none').hidden = !!r.accountability.length;
  }

  function load(token, month) {
    document.body.dataset.ready = 'loading';
    $('error').hidden = true;
    var q = '?month=' + encodeURIComponent(month);
    Promise.all([get('/v1/reports/monthly' + q, token), get('/v1/reports/rankings' + q, token), get('/v1/reports/categories' + q, token), get('/v1/reports/records' + q, token)])
      .then(function (d) {
        window.PageToken.set(token);
        $('title-month').textContent = month.replace('-', '年') + '月';
        $('generated').textContent = '生成于 ' + when(d[0].generatedAt) + '（北京时间）';
        $('running').hidden = d[0].complete;
        ranking(d[1], d[0]);
        rates(d[0]);
        topic(d[2]);
        records(d[3]);
        $('login').hidden = true;
        $('bulletin').hidden = false;
        document.body.dataset.ready = 'true';
      })
      .catch(function (e) {
        $('bulletin').hidden = true;
        var box = $('error');
        box.textContent = '无法加载 Could not load: ' + e.message;
        box.hidden = false;
        $('login').hidden = false;
        document.body.dataset.ready = 'error';
      });
  }

  var month = monthAsked();
  $('month').value = month;
  $('show').addEventListener('click', function () {
    var m = $('month').value;
    if (!m) return;
    history.replaceState(null, '', location.pathname + '?month=' + m);
    var t = window.PageToken.get();
    if (t) load(t, m); else $('login').hidden = false;
  });
  $('print').addEventListener('click', function () { window.print(); });
  $('go').addEventListener('click', function () { load($('token').value.trim(), $('month').value || month); });
  var token = window.PageToken.adopt();
  if (token) load(token, month); else { $('login').hidden = false; document.body.dataset.ready = 'signin'; }
})();
