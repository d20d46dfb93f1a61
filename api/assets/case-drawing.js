// One case drawn on the process: the elements it passed through, where it stands, time spent at each
// task (the current one counting down its deadline) and the timers that fired. Shared by the process
// page (/cases/{id}) and the officer's workbench (/app). Needs bpmn-js' viewer (window.BpmnJS), dom.js, and
// a case (GET /v1/cases/{id}) with its trace (GET /v1/cases/{id}/trace).
(function () {
  'use strict';

  var el = window.Dom.el;

  function duration(ms) {
    var m = Math.round(ms / 60000);
    if (ms < 60000) return Math.max(0, Math.round(ms / 1000)) + 's';
    if (m < 60) return m + 'm';
    var h = Math.floor(m / 60);
    if (h < 24) return h + 'h ' + (m % 60) + 'm';
    return Math.floor(h / 24) + 'd ' + (h % 24) + 'h';
  }

  function badge(viewer, id, text, cls, position) {
    if (!viewer.get('elementRegistry').get(id)) return;
    var b = el('span', 'case-badge ' + (cls || ''), text);
    viewer.get('overlays').add(id, 'case', { position: position, html: b });
  }

  /** Marks the way the case went, where it stands, and badges time and timers. */
  function decorate(viewer, state, trace) {
    var canvas = viewer.get('canvas');
    var registry = viewer.get('elementRegistry');
    trace.visited.forEach(function (id) { if (registry.get(id)) canvas.addMarker(id, 'case-visited'); });
    if (trace.current && registry.get(trace.current)) canvas.addMarker(trace.current, 'case-current');
    var now = Date.now();
    Object.keys(trace.timeSpentMs).forEach(function (id) {
      var text = '用时 ' + duration(trace.timeSpentMs[id]);
      var cls = '';
      if (id === trace.current) {
        cls = 'current';
        if (state.deadlineAt) {
          var left = Date.parse(state.deadlineAt) - now;
          text += left >= 0 ? ' · 剩 ' + duration(left) : ' · 超时 ' + duration(-left);
        }
      }
      badge(viewer, id, text, cls, { bottom: -6, left: 0 });
    });
    Object.keys(trace.fired).forEach(function (id) {
      var n = trace.fired[id];
      var reminder = /Reminder$/.test(id);
      canvas.addMarker(id, 'case-fired');
      badge(viewer, id, (reminder ? '提醒' : id === 'Timer_Rating' ? '期满' : '超时') + (n > 1 ? ' ×' + n : ''), reminder ? 'reminder' : 'lapsed', { top: -12, left: 28 });
    });
  }

  /** Frames the part of the diagram the case went through, with a little of what lies ahead. */
  function frame(viewer, trace) {
    var registry = viewer.get('elementRegistry');
    var ids = trace.visited.concat(trace.current ? [trace.current] : []);
    var box = null;
    ids.forEach(function (id) {
      var e = registry.get(id);
      if (!e || e.waypoints) return;
      var b = { x1: e.x, y1: e.y, x2: e.x + e.width, y2: e.y + e.height };
      box = box ? { x1: Math.min(box.x1, b.x1), y1: Math.min(box.y1, b.y1), x2: Math.max(box.x2, b.x2), y2: Math.max(box.y2, b.y2) } : b;
    });
    var canvas = viewer.get('canvas');
    if (!box) { canvas.zoom('fit-viewport'); return; }
    var x = box.x1 - 60;
    var y = Math.min(box.y1, 40) - 30;
    var width = Math.max(box.x2 + 320 - x, 900);
    var height = Math.max(box.y2, 520) + 30 - y;
    canvas.viewbox({ x: x, y: y, width: width, height: height });
  }

  window.CaseDrawing = { duration: duration, decorate: decorate, frame: frame };
})();
