// The administrators' calendar page (/calendar): one year as a month grid with its holidays and
// make-up working days (调休上班), where it came from and its load history, and, for administrators, a
// form to load the notice. Plain browser JavaScript over the /v1 API; a token given as #token=… (the
// fragment never reaches the server) or pasted into the form stays in this tab's session (token-store.js).
// Server text goes in with textContent only.
(function () {
  'use strict';

  var tokens = window.PageToken;
  var WEEK = ['一', '二', '三', '四', '五', '六', '日'];
  var WEEKDAY_NAMES = ['日 Sun', '一 Mon', '二 Tue', '三 Wed', '四 Thu', '五 Fri', '六 Sat'];
  var SOURCES = {
    official: '国务院通知 official notice',
    package: '内置数据 package data (chinese-days)',
    none: '未载入 not loaded',
  };
  var $ = window.Dom.byId;
  var el = window.Dom.el;

  tokens.adopt();

  function row(cells) {
    var tr = el('tr');
    cells.forEach(function (c) { tr.appendChild(el('td', null, c)); });
    return tr;
  }
  function when(iso) { return window.Dom.when(iso, { timeZone: 'Asia/Shanghai' }); }
  function iso(y, m, d) {
    return y + '-' + String(m).padStart(2, '0') + '-' + String(d).padStart(2, '0');
  }
  function dayCount(from, to) {
    return Math.round((Date.parse(to + 'T00:00:00Z') - Date.parse(from + 'T00:00:00Z')) / 86400000) + 1;
  }

  async function api(method, path, body, type) {
    var headers = {};
    var token = tokens.get();
    if (token) headers.authorization = 'Bearer ' + token;
    if (body !== undefined) headers['content-type'] = type;
    var res = await fetch(path, { method: method, headers: headers, body: body });
    var json = null;
    try { json = await res.json(); } catch (e) { /* not JSON */ }
    if (!res.ok) {
      var err = new Error((json && json.detail) || res.statusText);
      err.status = res.status;
      err.body = json;
      throw err;
    }
    return json;
  }

  function showError(msg) {
    $('error').hidden = !msg;
    $('error').textContent = msg || '';
  }

  function render(cal) {
    var facts = $('facts');
    facts.replaceChildren();
    function fact(k, v, cls) { facts.appendChild(el('dt', null, k)); facts.appendChild(el('dd', cls, v)); }
    fact('来源 Source', SOURCES[cal.source] || cal.source);
    fact('状态 Status', cal.provisional ? '临时（按周一至周五计算）provisional: plain Mon–Fri rule' : '正式 firm', cal.provisional ? 'provisional' : null);
    if (cal.documentNo) fact('文号 Document', cal.documentNo);
    if (cal.loadedBy) fact('载入 Loaded', cal.loadedBy + ' · ' + when(cal.loadedAt));
    $('warning').hidden = !cal.provisional;
    $('warning').textContent = cal.provisional
      ? cal.year + '年的放假安排尚未载入：跨入该年的办理时限均为临时计算。The ' + cal.year + ' notice is not loaded: deadlines reaching into it are provisional.'
      : '';

    var kind = {};
    cal.holidays.forEach(function (h) {
      for (var t = Date.parse(h.from + 'T00:00:00Z'); t <= Date.parse(h.to + 'T00:00:00Z'); t += 86400000) kind[new Date(t).toISOString().slice(0, 10)] = { cls: 'holiday', title: h.name };
    });
    cal.workdays.forEach(function (w) { kind[w.date] = { cls: 'workday', title: '调休上班 make-up working day' + (w.name ? ' · ' + w.name : '') }; });

    var months = $('months');
    months.replaceChildren();
    for (var m = 1; m <= 12; m++) {
      var box = el('section', 'month');
      box.appendChild(el('h3', null, m + '月 ' + new Date(Date.UTC(cal.year, m - 1, 1)).toLocaleString('en', { month: 'long', timeZone: 'UTC' })));
      var table = el('table');
      var head = el('tr');
      WEEK.forEach(function (w) { head.appendChild(el('th', null, w)); });
      table.appendChild(head);
      var first = (new Date(Date.UTC(cal.year, m - 1, 1)).getUTCDay() + 6) % 7; // Monday first
      var days = new Date(Date.UTC(cal.year, m, 0)).getUTCDate();
      var tr = el('tr');
      for (var i = 0; i < first; i++) tr.appendChild(el('td'));
      for (var d = 1; d <= days; d++) {
        var date = iso(cal.year, m, d);
        var wd = new Date(Date.UTC(cal.year, m - 1, d)).getUTCDay();
        var k = kind[date];
        var td = el('td', k ? k.cls : (wd === 0 || wd === 6 ? 'weekend' : null), d);
        td.title = date + (k ? ' · ' + k.title : '');
        td.dataset.date = date;
        tr.appendChild(td);
        if ((first + d) % 7 === 0) { table.appendChild(tr); tr = el('tr'); }
      }
      if (tr.children.length) table.appendChild(tr);
      box.appendChild(table);
      months.appendChild(box);
    }

    var hb = $('holidays').tBodies[0];
    hb.replaceChildren();
    cal.holidays.forEach(function (h) { hb.appendChild(row([h.name, h.from, h.to, dayCount(h.from, h.to)])); });
    var wb = $('workdays').tBodies[0];
    wb.replaceChildren();
    cal.workdays.forEach(function (w) { wb.appendChild(row([w.date, WEEKDAY_NAMES[new Date(w.date + 'T00:00:00Z').getUTCDay()], w.name || ''])); });
    var sb = $('history').tBodies[0];
    sb.replaceChildren();
    cal.history.forEach(function (l) {
      sb.appendChild(row([
        l.documentNo, l.loadedBy, when(l.loadedAt),
        SOURCES[l.replaced.source] + (l.replaced.documentNo ? ' · ' + l.replaced.documentNo : ''),
        l.retiming.status === 'done' ? '完成 done (' + l.retiming.signalled + ')' : '进行中 pending' + (l.retiming.error ? ' · ' + l.retiming.error : ''),
      ]));
    });
    document.body.dataset.ready = 'true';
  }

  var year = Number(new URLSearchParams(location.search).get('year')) || new Date().getFullYear() + 1;

  async function load() {
    $('year').value = year;
    history.replaceState(null, '', location.pathname + '?year=' + year + location.hash);
    try {
      showError('');
      render(await api('GET', '/v1/calendar/' + year));
      $('auth').hidden = true;
    } catch (e) {
      if (e.status === 401) $('auth').hidden = false;
      showError(e.message);
    }
  }

  async function checkAdmin() {
    try {
      var me = await api('GET', '/v1/me');
      $('load').hidden = me.role !== 'admin';
    } catch (e) { $('load').hidden = true; }
  }

  $('prev').addEventListener('click', function () { year--; load(); });
  $('next').addEventListener('click', function () { year++; load(); });
  $('year').addEventListener('change', function () { var y = Number($('year').value); if (y) { year = y; load(); } });
  $('auth').addEventListener('submit', function (ev) {
    ev.preventDefault();
    tokens.set($('token').value.trim());
    load();
    checkAdmin();
  });
  $('submit').addEventListener('click', async function () {
    var file = $('ics').files[0];
    var body, type;
    if (file) { body = await file.text(); type = 'text/calendar'; }
    else { body = $('notice').value; type = 'application/json'; }
    $('result').textContent = '…';
    try {
      var cal = await api('PUT', '/v1/calendar/' + year, body, type);
      $('result').textContent = cal.unchanged ? '未变化 unchanged' : '已载入 loaded';
      render(cal);
    } catch (e) {
      var detail = e.body && e.body.errors ? e.body.errors.map(function (x) { return x.path + ': ' + x.message; }).join('；') : '';
      $('result').textContent = (e.body && e.body.code ? e.body.code + ' · ' : '') + e.message + (detail ? ' — ' + detail : '');
    }
  });

  load();
  checkAdmin();
})();
