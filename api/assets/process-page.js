// The process page (/process) and one case on the process (/cases/{id}). Plain browser JavaScript over
// bpmn-js' prebuilt navigated viewer (window.BpmnJS), case-drawing.js (shared with the workbench) and the
// /v1 API. A token given as #token=… (the fragment never reaches the server or its logs) or pasted into
// the form stays in this tab's session (token-store.js); ?trackingCode=… works for the requester.
// Server text goes in with textContent only.
(function () {
  'use strict';

  var DIAGRAMS = [
    { id: 'Diagram_Case', label: '办理流程 Case process' },
    { id: 'Diagram_UnitPart', label: '单位协办 Unit part' },
    { id: 'Diagram_Consultation', label: '市级会商 City consultation' },
  ];
  // Call activities open the drawing of the process they call.
  var CALLS = { CallActivity_Coordination: 'Diagram_UnitPart', CallActivity_ConsultCity: 'Diagram_Consultation' };
  var TIERS = { '1': '一级', '2': '二级', '3': '三级', '4': '四级', city: '市级' };
  var STATUS = {
    in_progress: '办理中 in progress', awaiting_materials: '待补正 awaiting materials', coordinating: '协调中 coordinating',
    at_city: '市级研究 at city', resolved: '已办结 resolved', refused: '不予办理 refused', withdrawn: '已撤回 withdrawn',
  };

  var $ = window.Dom.byId;
  var el = window.Dom.el;
  var when = window.Dom.when;
  var match = /^\/cases\/([^/]+)\/?$/.exec(location.pathname);
  var caseId = match ? decodeURIComponent(match[1]) : null;
  var trackingCode = new URLSearchParams(location.search).get('trackingCode');

  var tokens = window.PageToken;
  tokens.adopt();

  var viewer = new window.BpmnJS({ container: $('canvas') });
  var xml = null;
  var imported = false;
  var shown = null;
  var state = null;
  var trace = null;

  async function api(path) {
    var headers = {};
    var token = tokens.get();
    if (token) headers.authorization = 'Bearer ' + token;
    var url = trackingCode ? path + (path.indexOf('?') >= 0 ? '&' : '?') + 'trackingCode=' + encodeURIComponent(trackingCode) : path;
    var res = await fetch(url, { headers: headers });
    var body = null;
    try { body = await res.json(); } catch (e) { /* not JSON */ }
    if (!res.ok) {
      var err = new Error((body && body.detail) || res.statusText);
      err.status = res.status;
      throw err;
    }
    return body;
  }

  function askForToken(message) {
    $('auth').hidden = false;
    $('error').textContent = message || '';
  }

  $('auth').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var t = $('token').value.trim();
    if (t) tokens.set(t);
    $('token').value = '';
    start();
  });

  function renderTabs() {
    var tabs = $('tabs');
    tabs.textContent = '';
    DIAGRAMS.forEach(function (d) {
      var b = el('button', null, d.label);
      b.type = 'button';
      b.setAttribute('role', 'tab');
      b.setAttribute('aria-selected', String(d.id === shown));
      b.dataset.diagram = d.id;
      b.addEventListener('click', function () { show(d.id); });
      tabs.appendChild(b);
    });
  }

  function renderFacts() {
    var c = state;
    $('title').textContent = c.title;
    $('subtitle').textContent = '案件 Case ' + c.id;
    document.title = c.title + ' · 流程图';
    var facts = $('facts');
    facts.textContent = '';
    var add = function (k, v, cls) {
      var d = el('div');
      d.appendChild(el('dt', null, k));
      var dd = el('dd', cls, v);
      d.appendChild(dd);
      facts.appendChild(d);
    };
    add('状态 Status', STATUS[c.status] || c.status);
    add('层级 Tier', (TIERS[c.tier] || c.tier) + ' (' + c.tier + ')');
    if (c.assignee) add('承办人 Holder', c.assignee.name + ' · ' + c.assignee.principalId);
    if (c.deadlineAt) add('时限 Deadline', when(c.deadlineAt) + (c.overdue ? ' · 已超时 overdue' : ''), c.overdue ? 'overdue' : '');
    var links = $('links');
    if (c.links && c.links.temporalUi && !$('temporal-link')) {
      var a = el('a', null, 'Temporal UI');
      a.id = 'temporal-link';
      a.href = c.links.temporalUi;
      a.target = '_blank';
      a.rel = 'noopener';
      links.insertBefore(a, links.firstChild);
    }
  }

  function renderTimeline() {
    $('timeline-pane').hidden = false;
    var list = $('timeline');
    list.textContent = '';
    var byseq = {};
    trace.steps.forEach(function (s) { byseq[s.seq] = s; });
    state.timeline.forEach(function (st, i) {
      var t = byseq[st.seq] || {};
      var li = el('li', (st.actor === 'system' ? 'system' : '') + (i === state.timeline.length - 1 ? ' last' : ''));
      li.dataset.seq = st.seq;
      li.appendChild(el('div', 'when', '#' + st.seq + ' · ' + when(st.at) + ' · ' + (TIERS[st.tier] || st.tier)));
      var what = el('div', 'what', t.label || st.action);
      what.appendChild(document.createTextNode(' '));
      what.appendChild(el('small', null, '(' + (t.labelEn || st.action) + ')'));
      li.appendChild(what);
      li.appendChild(el('div', 'who', st.actor === 'system' ? '系统 system' : st.actor));
      if (st.note) li.appendChild(el('div', 'note', st.note));
      if (t.elementId) {
        var b = el('button', 'el', t.elementId);
        b.type = 'button';
        b.title = 'Show on the diagram';
        b.addEventListener('mouseenter', function () { mark(t.elementId, 'case-hover', true); });
        b.addEventListener('mouseleave', function () { mark(t.elementId, 'case-hover', false); });
        b.addEventListener('click', function () {
          show('Diagram_Case').then(function () {
            var e = viewer.get('elementRegistry').get(t.elementId);
            if (e) viewer.get('canvas').scrollToElement(e);
          });
        });
        li.appendChild(b);
      }
      list.appendChild(li);
    });
  }

  function mark(id, cls, on) {
    if (shown !== 'Diagram_Case') return;
    var canvas = viewer.get('canvas');
    if (!viewer.get('elementRegistry').get(id)) return;
    if (on) canvas.addMarker(id, cls); else canvas.removeMarker(id, cls);
  }

  async function show(diagramId) {
    if (shown === diagramId) return;
    if (!imported) {
      await viewer.importXML(xml, diagramId);
      imported = true;
    } else {
      await viewer.open(diagramId);
    }
    shown = diagramId;
    renderTabs();
    if (diagramId === 'Diagram_Case' && trace) {
      window.CaseDrawing.decorate(viewer, state, trace);
      window.CaseDrawing.frame(viewer, trace);
      $('legend').hidden = false;
    } else {
      viewer.get('canvas').zoom('fit-viewport');
      $('legend').hidden = true;
    }
    document.body.dataset.diagram = diagramId;
  }

  viewer.on('element.click', function (e) {
    var target = CALLS[e.element.id];
    if (target) show(target);
  });
  $('fit').addEventListener('click', function () { viewer.get('canvas').zoom('fit-viewport'); });

  async function start() {
    try {
      if (!xml) {
        var res = await fetch('/v1/process.bpmn');
        xml = await res.text();
      }
      if (caseId) {
        if (!tokens.get() && !trackingCode) {
          askForToken('粘贴令牌以查看此案件 Paste a token to see this case.');
          return;
        }
        try {
          var both = await Promise.all([api('/v1/cases/' + encodeURIComponent(caseId)), api('/v1/cases/' + encodeURIComponent(caseId) + '/trace')]);
          state = both[0];
          trace = both[1];
        } catch (err) {
          if (err.status === 401 || err.status === 403 || err.status === 404) {
            askForToken((err.status === 404 ? '未找到，或无权查看 Not found or not yours to see' : '令牌无效 Token not accepted') + ': ' + err.message);
            return;
          }
          throw err;
        }
        $('auth').hidden = true;
        renderFacts();
        renderTimeline();
        shown = null;
        await show('Diagram_Case');
      } else {
        var wanted = location.hash.slice(1);
        await show(DIAGRAMS.some(function (d) { return d.id === wanted; }) ? wanted : 'Diagram_Case');
      }
      document.body.dataset.ready = 'true';
    } catch (err) {
      askForToken('出错了 Something went wrong: ' + err.message);
      document.body.dataset.ready = 'error';
    }
  }

  // A link with #token=… opened on a page that is already showing.
  window.addEventListener('hashchange', function () {
    if (new URLSearchParams(location.hash.slice(1)).get('token')) { tokens.adopt(); start(); }
  });

  start();
})();
