// The officer's workbench (办件工作台, /app): sign in with a token, the inbox, one case with its
// timeline, its drawing on the process, its parts and directives, and the decision form. Plain DOM
// JavaScript over the /v1 API. The token lives in sessionStorage (this tab only) and never in an
// address the server sees. What the form offers comes from the API's own rule check
// (GET /v1/cases/{id}/allowed-decisions), its labels from GET /v1/tier-rules: no rule is copied here.
// Server text goes in with textContent only.
(function () {
  'use strict';

  var TOKEN_KEY = 'workbench.token';
  var STATUS = {
    in_progress: '办理中 in progress', awaiting_materials: '待补正 awaiting materials', coordinating: '协调中 coordinating',
    at_city: '市级研究 at city', resolved: '已办结 resolved', refused: '不予办理 refused', withdrawn: '已撤回 withdrawn',
  };
  var KINDS = { case: '案件 case', part: '协办 unit part', directive: '交办 directive', rectification: '差评整改 rectification' };
  var EXTENSION_STATUS = { pending: '待审批 awaiting a decision', granted: '已批准 granted', refused: '未批准 refused', lapsed: '未审批 not decided', overtaken: '已失效 overtaken' };
  var PART_STATUS = { open: '办理中 open', answered: '已答复 answered', lapsed: '逾期 lapsed', withdrawn: '已撤回 withdrawn' };
  var URGENT_MS = 4 * 3600 * 1000;
  var SOON_MS = 24 * 3600 * 1000;

  var $ = window.Dom.byId;
  var el = window.Dom.el;
  var rules = null; // GET /v1/tier-rules
  var me = null; // GET /v1/me
  var units = {}; // id -> unit
  var current = null; // { state, trace, allowed }
  var chosen = null; // the action whose form is open
  var cited = []; // precedents cited in the open form: { id, title }
  var decisionKey = null; // Idempotency-Key of the form as filled in; kept across retries
  var decisionFiles = []; // files uploaded for the decision being written: { id, sha256, size, name }
  var opinionKey = null;
  var viewer = null;
  var xml = null;

  // ---------- small helpers ----------
  function when(iso) { return iso ? window.Dom.when(iso) : '—'; }
  function tierName(t) {
    var r = rules && rules.tiers.find(function (x) { return x.tier === t; });
    return r ? (t === 'city' ? '市级' : t + '级') + ' ' + r.label + ' · ' + r.labelEn : t;
  }
  function actionLabel(a) {
    var r = rules && rules.actions.find(function (x) { return x.action === a; });
    return r ? r.label + ' ' + r.labelEn : a;
  }
  function unitName(id) { return units[id] ? units[id].name : id; }
  function token() { return sessionStorage.getItem(TOKEN_KEY); }
  function notice(text) {
    var n = $('notice');
    n.textContent = text;
    n.hidden = !text;
  }

  /** Deadline class and words: how close it is, lapsed ones marked in words as well as colour. */
  function dueOf(iso, overdue) {
    if (!iso) return { cls: 'none', text: '无时限 no deadline' };
    var left = Date.parse(iso) - Date.now();
    var d = window.CaseDrawing.duration(Math.abs(left));
    if (overdue || left < 0) return { cls: 'lapsed', text: '已超时 lapsed ' + d };
    if (left < URGENT_MS) return { cls: 'urgent', text: '剩 ' + d + ' left' };
    if (left < SOON_MS) return { cls: 'soon', text: '剩 ' + d + ' left' };
    return { cls: 'ok', text: '剩 ' + d + ' left' };
  }

  function Failure(status, body) {
    this.status = status;
    this.body = body;
    this.problem = window.Problems.describe(status, body);
  }

  async function api(method, path, body, extraHeaders, raw) {
    var headers = { accept: 'application/json' };
    var t = token();
    if (t) headers.authorization = 'Bearer ' + t;
    var form = body instanceof FormData;
    if (body !== undefined && !form) headers['content-type'] = 'application/json';
    Object.keys(extraHeaders || {}).forEach(function (k) { headers[k] = extraHeaders[k]; });
    var res;
    try {
      res = await fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : form ? body : JSON.stringify(body) });
    } catch (e) {
      throw new Failure(0, null);
    }
    if (raw && res.ok) return res.blob();
    var data = null;
    try { data = await res.json(); } catch (e) { /* not JSON */ }
    if (!res.ok) {
      if (res.status === 401 && t) signedOut('UNAUTHENTICATED');
      throw new Failure(res.status, data);
    }
    return data;
  }
  var get = function (path) { return api('GET', path); };

  // ---------- signing in ----------
  /** A token given as #token=… moves into this tab's storage; replacing another one is asked first. */
  function tokenFromHash() {
    var hash = new URLSearchParams(location.hash.slice(1));
    var offered = hash.get('token');
    if (!offered) return;
    hash.delete('token');
    history.replaceState(null, '', location.pathname + location.search + (hash.toString() ? '#' + hash.toString() : ''));
    if (token() && token() !== offered) {
      askToReplace(offered);
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, offered);
  }

  var offeredToken = null;
  function replaceText() {
    $('replace-text').textContent = '本标签页已登录为 ' + (me ? me.name + '（' + me.id + '）' : '另一位用户') +
      '。链接带来了另一个令牌，要换成它吗？ Signed in as ' + (me ? me.id : 'someone else') + ' in this tab; the link carries another token. Switch to it?';
  }
  function askToReplace(offered) {
    offeredToken = offered;
    replaceText();
    $('replace').hidden = false;
    $('replace-yes').focus();
  }
  $('replace-yes').addEventListener('click', function () {
    sessionStorage.setItem(TOKEN_KEY, offeredToken);
    offeredToken = null;
    $('replace').hidden = true;
    me = null;
    start();
  });
  $('replace-no').addEventListener('click', function () {
    offeredToken = null;
    $('replace').hidden = true;
    route();
  });

  function signedOut(code) {
    sessionStorage.removeItem(TOKEN_KEY);
    me = null;
    showOnly('signin');
    $('nav').hidden = true;
    $('who').hidden = true;
    if (code) window.Problems.show($('signin-error'), window.Problems.describe(401, { code: code }));
    $('token').focus();
  }

  $('signin-form').addEventListener('submit', async function (ev) {
    ev.preventDefault();
    $('signin-error').hidden = true;
    var t = $('token').value.trim();
    if (!t) {
      window.Problems.show($('signin-error'), { code: 'TOKEN_REQUIRED', zh: '请粘贴令牌。', en: 'Paste your token.', errors: [] });
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, t);
    $('token').value = '';
    start();
  });
  $('sign-out').addEventListener('click', function () {
    signedOut(null);
    notice('已退出 Signed out.');
  });

  function showOnly(id) {
    ['signin', 'inbox-view', 'case-view'].forEach(function (s) { $(s).hidden = s !== id; });
  }

  // ---------- the inbox ----------
  async function showInbox() {
    showOnly('inbox-view');
    document.title = '待办 Inbox · 办件工作台';
    var data = await get('/v1/inbox?limit=200');
    var body = $('inbox').querySelector('tbody');
    body.textContent = '';
    $('inbox-count').textContent = '(' + data.total + ')';
    $('inbox-empty').hidden = data.items.length > 0;
    data.items.forEach(function (item) {
      var tr = el('tr', 'item');
      tr.dataset.caseId = item.id;
      tr.dataset.kind = item.kind;
      var due = dueOf(item.deadlineAt, item.overdue);
      var td = el('td', 'due ' + due.cls);
      td.dataset.due = due.cls;
      td.appendChild(el('span', 'due-text', due.text));
      td.appendChild(el('small', null, when(item.deadlineAt)));
      tr.appendChild(td);
      var what = el('td');
      var a = el('a', 'case-link', item.title);
      a.href = '#/case/' + encodeURIComponent(item.id);
      what.appendChild(a);
      what.appendChild(el('small', 'id', item.id));
      if (item.task) what.appendChild(el('div', 'task', '交办：' + item.task));
      // An open 督办 stays on the item until its holder decides.
      if (item.supervision) what.appendChild(el('div', 'supervision', item.supervision.label + '（限' + when(item.supervision.dueAt) + '前）：' + item.supervision.note));
      tr.appendChild(what);
      tr.appendChild(el('td', null, KINDS[item.kind] + (item.unitId && item.kind !== 'case' ? ' · ' + unitName(item.unitId) : '')));
      tr.appendChild(el('td', null, tierName(item.tier)));
      tr.appendChild(el('td', null, STATUS[item.status] || item.status));
      body.appendChild(tr);
    });
    if (me.role === 'city_leader') await showCityPanel();
    document.body.dataset.view = 'inbox';
    document.body.dataset.ready = 'true';
  }

  /** City leaders: every case at the city, their own first, with where the consultation stands. */
  async function showCityPanel() {
    var data = await get('/v1/cases?tier=city&limit=100');
    var list = $('city-list');
    list.textContent = '';
    var items = data.items.filter(function (c) { return ['resolved', 'refused', 'withdrawn'].indexOf(c.status) < 0; });
    items.sort(function (a, b) { return (b.assignee && b.assignee.principalId === me.id ? 1 : 0) - (a.assignee && a.assignee.principalId === me.id ? 1 : 0); });
    items.forEach(function (c) {
      var li = el('li');
      var a = el('a', null, c.title);
      a.href = '#/case/' + encodeURIComponent(c.id);
      li.appendChild(a);
      li.appendChild(document.createTextNode(' · ' + (STATUS[c.status] || c.status) + ' · ' + unitName(c.leadUnitId)));
      if (c.assignee && c.assignee.principalId === me.id) li.appendChild(el('span', 'tag', '我的 mine'));
      list.appendChild(li);
    });
    $('city-panel').hidden = items.length === 0;
  }

  $('refresh').addEventListener('click', function () { route(); });
  $('open-case').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var id = $('open-id').value.trim();
    if (id) location.hash = '#/case/' + encodeURIComponent(id);
  });

  // ---------- one case ----------
  async function showCase(id) {
    showOnly('case-view');
    var got = await Promise.all([
      get('/v1/cases/' + encodeURIComponent(id)),
      get('/v1/cases/' + encodeURIComponent(id) + '/trace'),
      get('/v1/cases/' + encodeURIComponent(id) + '/allowed-decisions'),
    ]);
    current = { state: got[0], trace: got[1], allowed: got[2] };
    renderCase();
    await loadFiles();
    await drawCase();
    document.body.dataset.view = 'case';
    document.body.dataset.ready = 'true';
  }

  function renderCase() {
    var c = current.state;
    document.title = c.title + ' · 办件工作台';
    $('case-title').textContent = c.title;
    var facts = $('case-facts');
    facts.textContent = '';
    var add = function (k, v, cls) {
      var d = el('div');
      d.appendChild(el('dt', null, k));
      d.appendChild(el('dd', cls, v));
      facts.appendChild(d);
    };
    add('编号 Case no.', c.id);
    add('状态 Status', STATUS[c.status] || c.status);
    add('层级 Tier', tierName(c.tier));
    add('承办人 Holder', c.assignee ? c.assignee.name + ' · ' + c.assignee.principalId : '—');
    var due = dueOf(c.deadlineAt, c.overdue);
    add('时限 Deadline', c.deadlineAt ? when(c.deadlineAt) + ' · ' + due.text : '—', 'due ' + due.cls);
    add('牵头单位 Lead unit', unitName(c.leadUnitId));
    add('办事人 Requester', c.requester.name + (c.requester.phone ? ' · ' + c.requester.phone : '') + ' (' + (c.requester.kind === 'enterprise' ? '企业 company' : '个人 person') + ')');
    if (c.materials && c.status === 'awaiting_materials') add('待补正材料 Materials asked for', c.materials.items.join('、'));
    $('case-description').textContent = c.description;
    renderNotice();
    renderDecide();
    renderExtension();
    renderOpinion();
    renderOutcome();
    renderCoordination();
    renderConsultation();
    renderDirectives();
    renderTimeline();
  }

  // ---------- supervision: the open 督办 and the request for more time ----------
  /** The open 督办 on the case (or on my unit's part of it): shown until the holder decides. */
  function renderNotice() {
    var c = current.state;
    var open = (c.supervisionNotices || []).filter(function (n) { return n.status === 'open' && (n.unitId === null || n.unitId === me.unitId); });
    $('supervision-pane').hidden = open.length === 0;
    $('supervision-text').textContent = open.map(function (n) {
      var lapsing = Date.parse(n.dueAt) < Date.now() ? '，已逾期 overdue' : '';
      return (n.label || n.level) + '：' + (n.note || '') + '（请于' + when(n.dueAt) + '前办理' + lapsing + '）';
    }).join('\n');
  }

  /** The holder asks for more time beside the decision form; what became of earlier requests shows above it. */
  function renderExtension() {
    var c = current.state;
    var mine = c.assignee && c.assignee.principalId === me.id && current.allowed.actions.length > 0;
    var xs = c.extensions || [];
    var last = xs[xs.length - 1];
    $('extension').hidden = !mine && !last;
    $('extension-status').hidden = !last;
    $('extension-status').textContent = last
      ? '延期申请 Extension: ' + last.workingDays + ' 个工作日 working days · ' + (EXTENSION_STATUS[last.status] || last.status) + (last.status === 'granted' && last.to ? ' · 新时限 new deadline ' + when(last.to) : '')
      : '';
    var pending = xs.some(function (x) { return x.status === 'pending'; });
    $('ask-extension').hidden = !mine || pending;
    closeExtension();
  }
  function closeExtension() {
    $('extension-form').hidden = true;
    $('extension-error').hidden = true;
    $('ask-extension').setAttribute('aria-expanded', 'false');
  }
  var extensionKey = null;
  $('ask-extension').addEventListener('click', function () {
    extensionKey = window.Dom.newKey();
    $('x-days').value = '';
    $('x-reason').value = '';
    $('extension-form').hidden = false;
    $('ask-extension').setAttribute('aria-expanded', 'true');
    $('x-days').focus();
  });
  $('extension-cancel').addEventListener('click', function () { closeExtension(); $('ask-extension').focus(); });
  $('extension-form').addEventListener('input', function () { $('extension-error').hidden = true; });
  $('extension-form').addEventListener('submit', async function (ev) {
    ev.preventDefault();
    var days = Number(val('x-days'));
    var reason = val('x-reason');
    if (!Number.isInteger(days) || days < 1 || !reason) {
      window.Problems.show($('extension-error'), { code: 'VALIDATION_FAILED', zh: '请填写延长的工作日数和理由。', en: 'Please give the working days and the reason.', errors: [] });
      $('extension-error').focus();
      return;
    }
    var btn = $('extension-submit');
    btn.disabled = true;
    try {
      var id = current.state.id;
      await api('POST', '/v1/cases/' + encodeURIComponent(id) + '/extensions', { workingDays: days, reason: reason }, { 'idempotency-key': extensionKey });
      extensionKey = null;
      notice('延期申请已提交，待效能办审批。 Extension asked; the efficiency office decides.');
      await showCase(id);
      $('extension-status').focus();
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      if (e.status) extensionKey = window.Dom.newKey();
      window.Problems.show($('extension-error'), e.problem);
      $('extension-error').focus();
    } finally {
      btn.disabled = false;
    }
  });

  // ---------- the decision form ----------
  function renderDecide() {
    var allowed = current.allowed;
    var rule = rules.tiers.find(function (t) { return t.tier === current.state.tier; });
    var buttons = $('action-buttons');
    buttons.textContent = '';
    closeForm();
    $('decide').hidden = false;
    $('decide-duty').textContent = rule ? rule.label + '（' + rule.labelEn + '）：' + rule.duty : '';
    if (!allowed.actions.length) {
      $('decide-blocked').hidden = false;
      $('decide-blocked').textContent = allowed.blocked
        ? (function (p) { return p.zh + ' ' + p.en; })(window.Problems.describe(422, allowed.blocked))
        : '现在没有可作出的决定。 Nothing to decide now.';
      $('action-buttons').hidden = true;
      // Someone else holds it, or it is closed: nothing to decide here, the rest still shows.
      $('decide').hidden = !current.state.assignee || current.state.assignee.principalId !== me.id;
      return;
    }
    $('decide-blocked').hidden = true;
    $('action-buttons').hidden = false;
    allowed.actions.forEach(function (a) {
      var b = el('button', 'action action-' + a, actionLabel(a));
      b.type = 'button';
      b.dataset.action = a;
      b.setAttribute('aria-pressed', 'false');
      b.setAttribute('aria-controls', 'decision-form');
      b.addEventListener('click', function () { openForm(a); });
      buttons.appendChild(b);
    });
  }

  function field(container, id, label, labelEn, kind, opts) {
    opts = opts || {};
    var l = el('label', null, label + ' ');
    l.htmlFor = id;
    l.appendChild(el('small', null, labelEn + (opts.required ? '' : '（可选 optional）')));
    container.appendChild(l);
    var input;
    if (kind === 'textarea') input = el('textarea');
    else if (kind === 'select') input = el('select');
    else { input = el('input'); input.type = kind; }
    input.id = id;
    input.name = id;
    if (opts.max) input.maxLength = opts.max;
    if (opts.required) input.required = true;
    if (opts.placeholder) input.placeholder = opts.placeholder;
    container.appendChild(input);
    return input;
  }

  /** The unit choices for coordination and directives: every unit but the lead. */
  function otherUnits() {
    return Object.keys(units).map(function (k) { return units[k]; }).filter(function (u) { return u.id !== current.state.leadUnitId; });
  }

  var directiveRows = 0;
  function directiveRow(list) {
    var n = ++directiveRows;
    var li = el('li', 'directive-row');
    var base = 'directive-' + n;
    var unit = field(li, base + '-unit', '交办单位 ' + n, 'Unit', 'select', { required: true });
    Object.keys(units).forEach(function (k) {
      var o = el('option', null, units[k].name);
      o.value = k;
      unit.appendChild(o);
    });
    field(li, base + '-task', '任务', 'Task', 'textarea', { required: true, max: 1000 });
    field(li, base + '-due', '完成时限', 'Due', 'datetime-local', { required: true });
    var rm = el('button', 'secondary', '删除此项 Remove');
    rm.type = 'button';
    rm.addEventListener('click', function () { li.remove(); });
    li.appendChild(rm);
    list.appendChild(li);
    return li;
  }

  function openForm(action) {
    chosen = action;
    decisionKey = window.Dom.newKey();
    decisionFiles = [];
    renderDecisionFiles();
    cited = [];
    renderCited();
    $('precedent-hits').textContent = '';
    $('decision-error').hidden = true;
    Array.prototype.forEach.call($('action-buttons').children, function (b) { b.setAttribute('aria-pressed', String(b.dataset.action === action)); });
    var f = $('decision-fields');
    f.textContent = '';
    var h = el('h4', null, actionLabel(action));
    f.appendChild(h);
    if (action === 'resolve') {
      field(f, 'f-result', '办理结果（或说"行"的方案及日期）', 'What was done, or the "yes" plan with its date', 'textarea', { required: true, max: 4000 });
    } else if (action === 'request_materials') {
      field(f, 'f-items', '需补正的材料（每行一项）', 'Materials to ask for, one per line', 'textarea', { required: true });
    } else if (action === 'escalate') {
      var reason = field(f, 'f-reason', '提级原因', 'Reason', 'select', { required: true });
      rules.escalationReasons.forEach(function (r) {
        var o = el('option', null, r.label + ' ' + r.labelEn);
        o.value = r.reason;
        reason.appendChild(o);
      });
      field(f, 'f-note', '说明', 'Note for the next tier', 'textarea', { required: true, max: 2000 });
    } else if (action === 'coordinate') {
      var fs = el('fieldset', 'units');
      fs.appendChild(el('legend', null, '协调单位 Units to coordinate'));
      otherUnits().forEach(function (u) {
        var l = el('label', 'choice');
        var cb = el('input');
        cb.type = 'checkbox';
        cb.name = 'unit';
        cb.value = u.id;
        // Units named at intake are the likely ones; those already asked are not asked twice.
        var asked = (current.state.coordination ? current.state.coordination.parts : []).some(function (p) { return p.unitId === u.id && p.status === 'open'; });
        if ((current.state.involvedUnitIds || []).indexOf(u.id) >= 0 && !asked) cb.checked = true;
        l.appendChild(cb);
        l.appendChild(document.createTextNode(' ' + u.name + ' '));
        l.appendChild(el('small', null, u.nameEn));
        fs.appendChild(l);
      });
      f.appendChild(fs);
      field(f, 'f-question', '需协调的问题', 'What each unit should answer', 'textarea', { required: true, max: 2000 });
    } else if (action === 'consult_city') {
      field(f, 'f-note', '协调无果的原因', 'Why coordination failed (协调无果)', 'textarea', { required: true, max: 2000 });
    } else if (action === 'refuse') {
      f.appendChild(el('p', 'hint', '只有法律法规确实禁止时才能说"不"，并须给出让办事人信服的解释。Say no only where a law truly forbids it, with an explanation the requester can accept.'));
      field(f, 'f-legal', '法律法规依据（含条款）', 'The law or rule and article', 'text', { required: true, max: 500 });
      field(f, 'f-explanation', '给办事人的解释', 'Explanation for the requester', 'textarea', { required: true, max: 4000 });
    } else if (action === 'refer_to_city') {
      field(f, 'f-suggestions', '可行性建议', 'Feasibility suggestions for the city leaders', 'textarea', { required: true, max: 4000 });
    } else if (action === 'direct') {
      var list = el('ol', 'directives-edit');
      f.appendChild(list);
      directiveRow(list);
      var more = el('button', 'secondary', '再加一项 Add a directive');
      more.type = 'button';
      more.addEventListener('click', function () { directiveRow(list).querySelector('select').focus(); });
      f.appendChild(more);
    }
    if (action !== 'escalate' && action !== 'consult_city') field(f, 'f-note', '备注', 'Note', 'textarea', { max: 2000 });
    $('decision-submit').textContent = '提交：' + actionLabel(action);
    $('decision-form').hidden = false;
    $('precedent-q').value = '';
    var first = f.querySelector('input, select, textarea');
    if (first) first.focus();
  }

  function closeForm() {
    chosen = null;
    $('decision-form').hidden = true;
    Array.prototype.forEach.call($('action-buttons').children, function (b) { b.setAttribute('aria-pressed', 'false'); });
  }
  // An error shown for what was typed goes once the officer types again.
  $('decision-form').addEventListener('input', function () { $('decision-error').hidden = true; });
  $('opinion-form').addEventListener('input', function () { $('opinion-error').hidden = true; });
  $('decision-cancel').addEventListener('click', function () {
    var a = chosen;
    closeForm();
    var b = $('action-buttons').querySelector('[data-action="' + a + '"]');
    if (b) b.focus();
  });

  function val(id) { var e = $(id); return e ? e.value.trim() : ''; }
  function isoOf(local) {
    // datetime-local has no zone: the browser's own offset is the officer's.
    var d = new Date(local);
    return isNaN(d) ? null : d.toISOString();
  }

  /** The decision as the contract wants it; missing required fields listed in words. */
  function buildDecision() {
    var d = { action: chosen, expectedTier: current.state.tier };
    var missing = [];
    var need = function (id, name) { var v = val(id); if (!v) missing.push(name); return v; };
    if (chosen === 'resolve') d.result = need('f-result', '办理结果 result');
    if (chosen === 'request_materials') {
      d.items = val('f-items').split('\n').map(function (s) { return s.trim(); }).filter(Boolean);
      if (!d.items.length) missing.push('材料 items');
    }
    if (chosen === 'escalate') { d.reason = val('f-reason'); d.note = need('f-note', '说明 note'); }
    if (chosen === 'coordinate') {
      d.unitIds = Array.prototype.map.call($('decision-fields').querySelectorAll('input[name="unit"]:checked'), function (c) { return c.value; });
      if (!d.unitIds.length) missing.push('协调单位 units');
      d.question = need('f-question', '问题 question');
    }
    if (chosen === 'consult_city') d.note = need('f-note', '原因 reason');
    if (chosen === 'refuse') { d.legalBasis = need('f-legal', '依据 legal basis'); d.explanation = need('f-explanation', '解释 explanation'); }
    if (chosen === 'refer_to_city') d.suggestions = need('f-suggestions', '建议 suggestions');
    if (chosen === 'direct') {
      d.directives = Array.prototype.map.call($('decision-fields').querySelectorAll('.directive-row'), function (row) {
        var s = row.querySelector('select').value;
        var task = row.querySelector('textarea').value.trim();
        var due = isoOf(row.querySelector('input[type="datetime-local"]').value);
        if (!task || !due) missing.push('交办任务与时限 task and due date');
        return { unitId: s, task: task, dueAt: due };
      });
      if (!d.directives.length) missing.push('交办事项 directives');
    }
    if (chosen !== 'escalate' && chosen !== 'consult_city') { var note = val('f-note'); if (note) d.note = note; }
    if (cited.length) d.precedentIds = cited.map(function (p) { return p.id; });
    if (decisionFiles.length) d.attachments = decisionFiles.map(function (f) { return { id: f.id, sha256: f.sha256, size: f.size }; });
    return { decision: d, missing: missing };
  }

  $('decision-form').addEventListener('submit', async function (ev) {
    ev.preventDefault();
    if (!chosen) return;
    $('decision-error').hidden = true;
    var built = buildDecision();
    if (built.missing.length) {
      window.Problems.show($('decision-error'), { code: 'VALIDATION_FAILED', zh: '请填写：' + built.missing.join('、'), en: 'Please fill in the fields above.', errors: [] });
      return;
    }
    var btn = $('decision-submit');
    btn.disabled = true;
    try {
      var id = current.state.id;
      var answer = await api('POST', '/v1/cases/' + encodeURIComponent(id) + '/decisions', built.decision, { 'idempotency-key': decisionKey });
      var label = actionLabel(built.decision.action);
      decisionKey = null;
      notice('已提交：' + label + '。案件现在：' + (STATUS[answer.status] || answer.status) + '，' + tierName(answer.tier) + '。 Submitted.');
      await showCase(id);
      $('case-title').focus();
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      // A definite answer ends this submission; a network failure keeps the key for the retry.
      if (e.status) decisionKey = window.Dom.newKey();
      window.Problems.show($('decision-error'), e.problem);
      $('decision-error').focus();
    } finally {
      btn.disabled = false;
    }
  });

  // ---------- precedents: search and cite ----------
  function renderCited() {
    var ul = $('cited');
    ul.textContent = '';
    $('cited-none').hidden = cited.length > 0;
    cited.forEach(function (p, i) {
      var li = el('li', 'chip', p.title + ' ');
      var rm = el('button', 'link', '移除 Remove');
      rm.type = 'button';
      rm.setAttribute('aria-label', '移除引用 Remove ' + p.title);
      rm.addEventListener('click', function () { cited.splice(i, 1); renderCited(); $('precedent-q').focus(); });
      li.appendChild(rm);
      li.dataset.precedentId = p.id;
      ul.appendChild(li);
    });
  }
  function renderHits(items) {
    var ul = $('precedent-hits');
    ul.textContent = '';
    if (!items.length) { ul.appendChild(el('li', 'muted', '没有找到 Nothing found.')); return; }
    items.forEach(function (h) {
      var li = el('li');
      li.appendChild(el('span', null, h.title + (h.place ? '（' + h.place + '）' : '')));
      var b = el('button', 'secondary', '引用 Cite');
      b.type = 'button';
      b.dataset.precedentId = h.id;
      b.setAttribute('aria-label', '引用 Cite ' + h.title);
      b.addEventListener('click', function () {
        if (!cited.some(function (p) { return p.id === h.id; })) cited.push({ id: h.id, title: h.title });
        renderCited();
      });
      li.appendChild(b);
      ul.appendChild(li);
    });
  }
  async function searchPrecedents() {
    var q = val('precedent-q');
    try {
      var data = q
        ? await get('/v1/precedents/search?scope=precedents&limit=10&q=' + encodeURIComponent(q))
        : await get('/v1/cases/' + encodeURIComponent(current.state.id) + '/similar-precedents?limit=5');
      renderHits(data.items);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      window.Problems.show($('decision-error'), e.problem);
    }
  }
  $('precedent-search').addEventListener('click', searchPrecedents);
  $('precedent-q').addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') { ev.preventDefault(); searchPrecedents(); }
  });

  // ---------- a unit's part: its opinion, or escalation inside the unit ----------
  function myPart() {
    var co = current.state.coordination;
    if (!co || !me.unitId) return null;
    return co.parts.find(function (p) { return p.unitId === me.unitId && p.status === 'open' && p.holder && p.holder.principalId === me.id; }) || null;
  }

  function renderOpinion() {
    var part = myPart();
    $('opinion').hidden = !part;
    $('opinion-error').hidden = true;
    $('part-escalate-fields').hidden = true;
    if (!part) return;
    opinionKey = window.Dom.newKey();
    $('opinion-question').textContent = current.state.coordination.question;
    var rule = rules.tiers.find(function (t) { return t.tier === part.tier; });
    // A unit's "cannot" follows the same rule as a refusal: only where the tier may refuse.
    var mayRefuse = !!(rule && rule.mayRefuse);
    $('stance-cannot').hidden = !mayRefuse;
    if (!mayRefuse) $('opinion-form').querySelector('input[value="can_do"]').checked = true;
    $('part-escalate').hidden = !(rule && rule.actions.indexOf('escalate') >= 0);
    var reason = $('part-reason');
    reason.textContent = '';
    rules.escalationReasons.forEach(function (r) {
      var o = el('option', null, r.label + ' ' + r.labelEn);
      o.value = r.reason;
      reason.appendChild(o);
    });
    syncStance();
  }
  function syncStance() {
    var cannot = $('opinion-form').querySelector('input[name="stance"]:checked').value === 'cannot';
    $('opinion-can').hidden = cannot;
    $('opinion-cannot').hidden = !cannot;
  }
  Array.prototype.forEach.call(document.querySelectorAll('input[name="stance"]'), function (r) { r.addEventListener('change', syncStance); });

  async function sendPart(path, body, button) {
    $('opinion-error').hidden = true;
    button.disabled = true;
    try {
      await api('POST', '/v1/cases/' + encodeURIComponent(current.state.id) + '/parts/' + encodeURIComponent(me.unitId) + path, body, { 'idempotency-key': opinionKey });
      opinionKey = null;
      notice('已提交 Sent to the lead unit.');
      await showCase(current.state.id);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      if (e.status) opinionKey = window.Dom.newKey();
      window.Problems.show($('opinion-error'), e.problem);
    } finally {
      button.disabled = false;
    }
  }
  $('opinion-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var cannot = $('opinion-form').querySelector('input[name="stance"]:checked').value === 'cannot';
    var body;
    if (cannot) body = { stance: 'cannot', legalBasis: val('opinion-basis'), explanation: val('opinion-explanation') };
    else {
      body = { stance: 'can_do', plan: val('opinion-plan') };
      var due = isoOf($('opinion-due').value);
      if (due) body.dueAt = due;
      if (!body.plan) {
        window.Problems.show($('opinion-error'), { code: 'VALIDATION_FAILED', zh: '请填写办理方案。', en: 'Write the plan.', errors: [] });
        return;
      }
    }
    sendPart('/opinion', body, $('opinion-submit'));
  });
  $('part-escalate').addEventListener('click', function () {
    $('part-escalate-fields').hidden = false;
    $('part-reason').focus();
  });
  $('part-escalate-submit').addEventListener('click', function () {
    var note = val('part-note');
    if (!note) {
      window.Problems.show($('opinion-error'), { code: 'VALIDATION_FAILED', zh: '请写明提级说明。', en: 'Write a note for the next tier.', errors: [] });
      return;
    }
    sendPart('/decisions', { action: 'escalate', reason: $('part-reason').value, note: note }, $('part-escalate-submit'));
  });

  // ---------- what else the case shows ----------
  function renderOutcome() {
    var o = current.state.outcome;
    $('outcome-pane').hidden = !o;
    if (!o) return;
    var box = $('outcome');
    box.textContent = '';
    box.appendChild(el('p', null, (o.kind === 'resolved' ? '已办结 Resolved' : o.kind === 'refused' ? '说"不"并说明理由 Refused with reasons' : '已撤回 Withdrawn') + ' · ' + tierName(o.tier) + ' · ' + when(o.at)));
    if (o.result) box.appendChild(el('p', 'description', o.result));
    if (o.legalBasis) box.appendChild(el('p', null, '依据 Legal basis: ' + o.legalBasis));
    if (o.explanation) box.appendChild(el('p', 'description', o.explanation));
    if (current.state.rating) {
      var r = rules.ratings.find(function (x) { return x.rating === current.state.rating.rating; });
      box.appendChild(el('p', null, '评价 Rating: ' + (r ? r.label + ' ' + r.labelEn : current.state.rating.rating)));
    }
  }

  function renderCoordination() {
    var co = current.state.coordination;
    $('coordination-pane').hidden = !co;
    if (!co) return;
    $('coordination-question').textContent = co.question + (co.back ? ' · 各单位均已答复 every unit has answered' : '');
    var body = $('parts').querySelector('tbody');
    body.textContent = '';
    co.parts.forEach(function (p) {
      var tr = el('tr');
      tr.dataset.unitId = p.unitId;
      tr.appendChild(el('td', null, unitName(p.unitId)));
      tr.appendChild(el('td', null, PART_STATUS[p.status] || p.status));
      tr.appendChild(el('td', null, p.tier ? tierName(p.tier) : '—'));
      tr.appendChild(el('td', null, p.holder ? p.holder.name : '—'));
      var due = dueOf(p.status === 'open' ? p.deadlineAt : null, false);
      tr.appendChild(el('td', 'due ' + (p.status === 'open' ? due.cls : 'none'), p.status === 'open' && p.deadlineAt ? when(p.deadlineAt) + ' · ' + due.text : '—'));
      var a = p.answer;
      tr.appendChild(el('td', null, !a ? '—' : a.stance === 'can_do' ? '能办 can do: ' + (a.plan || '') : a.stance === 'cannot' ? '不能办 cannot: ' + (a.legalBasis || '') + ' ' + (a.explanation || '') : '逾期未答 lapsed'));
      body.appendChild(tr);
    });
  }

  function renderConsultation() {
    var c = current.state.consultation;
    $('consultation-pane').hidden = !c;
    if (!c) return;
    var dl = $('consultation');
    dl.textContent = '';
    var add = function (k, v) { var d = el('div'); d.appendChild(el('dt', null, k)); d.appendChild(el('dd', null, v)); dl.appendChild(d); };
    add('市级领导 City leader', c.cityLeaderId);
    add('方式 Session', c.session === 'saturday' ? '星期六会商 Saturday session' : '即时会商 at once');
    add('原因 Why', actionLabel(c.reason === 'part_lapsed' ? 'consult_city' : c.reason));
    if (c.convenedAt) add('召开 Convened', when(c.convenedAt));
    add('参会单位 Units', (c.unitIds || []).map(unitName).join('、'));
  }

  function renderDirectives() {
    var ds = current.state.directives || [];
    $('directives-pane').hidden = ds.length === 0;
    $('directive-error').hidden = true;
    var ul = $('directives');
    ul.textContent = '';
    ds.forEach(function (d) {
      var li = el('li', 'directive');
      li.dataset.unitId = d.unitId;
      var due = dueOf(d.doneAt ? null : d.dueAt, false);
      li.appendChild(el('strong', null, unitName(d.unitId)));
      li.appendChild(el('span', null, '：' + d.task + ' '));
      li.appendChild(el('span', 'due ' + (d.doneAt ? 'none' : due.cls), d.doneAt ? '已落实 done ' + when(d.doneAt) : '时限 due ' + when(d.dueAt) + ' · ' + due.text));
      if (!d.doneAt && me.unitId === d.unitId && ['first_contact', 'section_chief', 'deputy_head', 'principal_head'].indexOf(me.role) >= 0) {
        var b = el('button', null, '报告落实 Report done');
        b.type = 'button';
        var key = window.Dom.newKey();
        b.addEventListener('click', async function () {
          b.disabled = true;
          try {
            await api('POST', '/v1/cases/' + encodeURIComponent(current.state.id) + '/directives/' + encodeURIComponent(d.unitId) + '/done', {}, { 'idempotency-key': key });
            notice('已报告落实 Reported done.');
            await showCase(current.state.id);
          } catch (e) {
            if (!(e instanceof Failure)) throw e;
            if (e.status) key = window.Dom.newKey();
            window.Problems.show($('directive-error'), e.problem);
          } finally {
            b.disabled = false;
          }
        });
        li.appendChild(b);
      }
      ul.appendChild(li);
    });
  }

  // ---------- files: the case's attachments, and those of the decision being written ----------
  var PURPOSES = { case: '办件 case', materials: '补正材料 materials', decision: '决定 decision' };

  async function upload(file, purpose, errorBox) {
    errorBox.hidden = true;
    var fd = new FormData();
    fd.append('purpose', purpose);
    fd.append('file', file, file.name);
    try {
      return await api('POST', '/v1/cases/' + encodeURIComponent(current.state.id) + '/attachments', fd);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      window.Problems.show(errorBox, e.problem);
      return null;
    }
  }

  async function download(a) {
    try {
      var blob = await api('GET', '/v1/cases/' + encodeURIComponent(current.state.id) + '/attachments/' + encodeURIComponent(a.id), undefined, null, true);
      window.Dom.saveBlob(blob, a.fileName);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      window.Problems.show($('files-error'), e.problem);
    }
  }

  async function loadFiles() {
    var body = $('files').querySelector('tbody');
    body.textContent = '';
    var list;
    try { list = await get('/v1/cases/' + encodeURIComponent(current.state.id) + '/attachments'); } catch (e) {
      if (!(e instanceof Failure)) throw e;
      $('files-pane').hidden = true; // not this reader's to see (e.g. an administrator)
      return;
    }
    $('files-pane').hidden = false;
    list.items.forEach(function (a) {
      var tr = el('tr');
      tr.dataset.attachmentId = a.id;
      var name = el('td');
      name.appendChild(el('span', null, a.fileName));
      name.appendChild(el('small', null, ' ' + window.Dom.bytes(a.size) + (a.processing === 'reencoded' ? ' · 已去除照片位置信息 metadata removed' : '')));
      tr.appendChild(name);
      tr.appendChild(el('td', null, PURPOSES[a.purpose] + (a.item ? '：' + a.item : '')));
      tr.appendChild(el('td', null, a.uploaderKind === 'requester' ? '办事人 requester' : a.uploadedBy));
      tr.appendChild(el('td', null, when(a.createdAt)));
      var cell = el('td');
      var b = el('button', 'secondary', '下载 Download');
      b.type = 'button';
      b.setAttribute('aria-label', '下载 Download ' + a.fileName);
      b.addEventListener('click', function () { download(a); });
      cell.appendChild(b);
      tr.appendChild(cell);
      body.appendChild(tr);
    });
    $('files-none').hidden = list.items.length > 0;
  }

  $('file-add').addEventListener('change', async function () {
    var input = this;
    var file = input.files && input.files[0];
    if (!file) return;
    $('files-status').textContent = '正在上传… Uploading…';
    var a = await upload(file, 'case', $('files-error'));
    input.value = '';
    $('files-status').textContent = a ? '已上传 Uploaded: ' + a.fileName : '';
    if (a) await loadFiles();
  });

  function renderDecisionFiles() {
    var ul = $('decision-attached');
    ul.textContent = '';
    decisionFiles.forEach(function (f, i) {
      var li = el('li', 'chip', f.name + ' ');
      var rm = el('button', 'link', '移除 Remove');
      rm.type = 'button';
      rm.setAttribute('aria-label', '移除 Remove ' + f.name);
      rm.addEventListener('click', function () { decisionFiles.splice(i, 1); renderDecisionFiles(); $('decision-file').focus(); });
      li.appendChild(rm);
      ul.appendChild(li);
    });
  }

  $('decision-file').addEventListener('change', async function () {
    var input = this;
    var file = input.files && input.files[0];
    if (!file) return;
    var a = await upload(file, 'decision', $('decision-error'));
    input.value = '';
    if (!a) return;
    decisionFiles.push({ id: a.id, sha256: a.sha256, size: a.size, name: a.fileName });
    renderDecisionFiles();
    loadFiles();
  });

  function renderTimeline() {
    var list = $('timeline');
    list.textContent = '';
    var labels = {};
    current.trace.steps.forEach(function (s) { labels[s.seq] = s; });
    // The steps, and the text messages the requester was sent, where they fall.
    var entries = current.state.timeline.map(function (st) { return { at: st.at, step: st }; });
    (current.state.notices || []).forEach(function (n) { entries.push({ at: n.at, notice: n }); });
    entries.sort(function (a, b) { return a.at < b.at ? -1 : a.at > b.at ? 1 : 0; });
    entries.forEach(function (e) {
      if (e.notice) {
        var li = el('li', 'notice');
        li.dataset.action = 'notice';
        li.appendChild(el('div', 'when', when(e.at)));
        var what = el('div', 'what', '短信通知办事人 ');
        what.appendChild(el('small', null, '(text message to the requester)'));
        li.appendChild(what);
        li.appendChild(el('div', 'note', e.notice.text));
        list.appendChild(li);
        return;
      }
      var st = e.step;
      var t = labels[st.seq] || {};
      var li = el('li', st.actor === 'system' ? 'system' : '');
      li.dataset.action = st.action;
      li.appendChild(el('div', 'when', '#' + st.seq + ' · ' + when(st.at) + ' · ' + tierName(st.tier)));
      var what = el('div', 'what', t.label || st.action);
      what.appendChild(document.createTextNode(' '));
      what.appendChild(el('small', null, '(' + (t.labelEn || st.action) + ')'));
      li.appendChild(what);
      li.appendChild(el('div', 'who', st.actor === 'system' ? '系统 system' : st.actor));
      if (st.note) li.appendChild(el('div', 'note', st.note));
      list.appendChild(li);
    });
  }

  async function drawCase() {
    if (!window.BpmnJS) return;
    if (!xml) xml = await (await fetch('/v1/process.bpmn')).text();
    if (!viewer) viewer = new window.BpmnJS({ container: $('canvas') });
    await viewer.importXML(xml, 'Diagram_Case');
    window.CaseDrawing.decorate(viewer, current.state, current.trace);
    window.CaseDrawing.frame(viewer, current.trace);
  }

  // ---------- routing ----------
  async function route() {
    document.body.dataset.ready = 'false';
    notice('');
    var m = /^#\/case\/(.+)$/.exec(location.hash);
    try {
      // The heading of what is shown takes the focus, so a screen reader announces the new view.
      if (m) { await showCase(decodeURIComponent(m[1])); $('case-title').focus(); }
      else { await showInbox(); $('inbox-title').focus(); }
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      if (e.status === 401) return;
      showOnly(m ? 'case-view' : 'inbox-view');
      notice(e.problem.zh + ' ' + e.problem.en + ' (' + e.problem.code + ')');
      document.body.dataset.ready = 'error';
    }
  }

  async function start() {
    try {
      if (!rules) rules = await get('/v1/tier-rules');
      if (!token()) { signedOut(null); $('signin-error').hidden = true; document.body.dataset.ready = 'signin'; return; }
      me = await get('/v1/me');
      var list = await get('/v1/units');
      units = {};
      list.forEach(function (u) { units[u.id] = u; });
      if (offeredToken) replaceText();
      $('me').textContent = me.name + ' · ' + me.id + (me.unitId ? ' · ' + unitName(me.unitId) : '');
      $('who').hidden = false;
      $('nav').hidden = false;
      $('signin').hidden = true;
      await route();
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      if (e.status === 401) { document.body.dataset.ready = 'signin'; return; }
      notice(e.problem.zh + ' ' + e.problem.en);
      document.body.dataset.ready = 'error';
    }
  }

  window.addEventListener('hashchange', function () {
    if (new URLSearchParams(location.hash.slice(1)).get('token')) {
      var had = token();
      tokenFromHash();
      if (!had) start();
      return;
    }
    if (me) route();
  });

  tokenFromHash();
  start();
})();
