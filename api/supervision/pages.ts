// Two small pages served by the API, self-contained (no CDN, no build step): the complaint form a
// window's QR code opens (效能铜都, made for a phone), and the statistics page for leaders, which
// draws its charts as inline SVG from GET /v1/stats.

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Safe to put inside a <script> block as a JS literal. */
function jsonForScript(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

const BASE_CSS = `
*{box-sizing:border-box}body{margin:0;font-family:-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;background:#f4f6f8;color:#1d2733;line-height:1.5}
header{background:#b3261e;color:#fff;padding:16px}header h1{margin:0;font-size:1.25rem}header p{margin:4px 0 0;opacity:.9;font-size:.9rem}
main{max-width:640px;margin:0 auto;padding:16px}.card{background:#fff;border-radius:10px;padding:16px;box-shadow:0 1px 3px rgba(0,0,0,.08);margin-bottom:16px}
label{display:block;font-weight:600;margin:12px 0 4px}label small{font-weight:400;color:#5b6875}
input,textarea{width:100%;font-size:1rem;padding:10px;border:1px solid #c4ccd4;border-radius:8px;background:#fff}textarea{min-height:140px}
button{margin-top:16px;width:100%;font-size:1.1rem;padding:14px;border:0;border-radius:8px;background:#b3261e;color:#fff;font-weight:600}
button:disabled{opacity:.6}.err{color:#b3261e;margin-top:12px}.muted{color:#5b6875;font-size:.9rem}
.ack{border-left:6px solid #2e7d32}.ack h2{margin-top:0;color:#2e7d32}.ack .no{font-size:1.3rem;font-weight:700;letter-spacing:.02em}
`;

export interface ComplaintPageInput {
  window: { code: string; name: string };
  unit: { id: string; name: string; nameEn: string };
}

export function complaintPage(p: ComplaintPageInput): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>效能铜都 投诉 Complaint · ${escapeHtml(p.window.name)}</title><style>${BASE_CSS}</style></head>
<body>
<header><h1>效能铜都 · 我要投诉 <span style="font-weight:400">File a complaint</span></h1>
<p>${escapeHtml(p.unit.name)} <span>${escapeHtml(p.unit.nameEn)}</span> · ${escapeHtml(p.window.name)} (${escapeHtml(p.window.code)})</p></header>
<main>
<section class="card" id="form-card">
<p class="muted">办事遇到推诿、说"不"、办不成？告诉我们。投诉将同时送达被投诉单位、市数据资源管理局和市效能办，单位主要负责人会收到短信。<br>
Were you turned away or told "no"? Your complaint reaches the unit, the Data Resources Bureau and the Efficiency Office at once, and the unit's head gets a text message.</p>
<form id="complaint-form" novalidate>
<label for="name">您的姓名 <small>Your name</small></label>
<input id="name" name="name" autocomplete="name" required maxlength="100">
<label for="phone">联系电话 <small>Phone (we will call you)</small></label>
<input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" required maxlength="20">
<label for="content">投诉内容 <small>What happened</small></label>
<textarea id="content" name="content" required maxlength="4000" placeholder="时间、事项、经办人员（如知道）… When, what, who (if you know)"></textarea>
<label for="caseId">办件编号（可选）<small>Case number, if you have one</small></label>
<input id="caseId" name="caseId" maxlength="64" autocomplete="off">
<label for="trackingCode">查询码（填写办件编号时必填）<small>Tracking code (needed with a case number)</small></label>
<input id="trackingCode" name="trackingCode" maxlength="64" autocomplete="off">
<button type="submit" id="submit">提交投诉 Submit</button>
<div class="err" id="error" role="alert" hidden></div>
</form>
</section>
<section class="card" id="verify-card" hidden aria-live="polite">
<h2>短信验证 Confirm by SMS</h2>
<p id="verify-message"></p>
<form id="verify-form" novalidate>
<label for="code">验证码 <small>6-digit code</small></label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required>
<button type="submit" id="verify-submit">确认提交 Confirm</button>
<div class="err" id="verify-error" role="alert" hidden></div>
</form>
</section>
<section class="card ack" id="ack" hidden aria-live="polite">
<h2>投诉已受理 Complaint received</h2>
<p>投诉编号 Complaint no.<br><span class="no" id="ack-id"></span></p>
<p id="ack-message"></p>
<p class="muted" id="ack-due" hidden></p>
</section>
</main>
<script>
(function () {
  var ctx = ${jsonForScript({ windowCode: p.window.code })};
  var form = document.getElementById('complaint-form');
  var btn = document.getElementById('submit');
  var errBox = document.getElementById('error');
  // One key per filled-in form: a double tap or a retry after a dropped connection files it once.
  function newKey() {
    var b = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
  }
  var key = newKey();
  var pendingId = null;
  function showError(text) { errBox.textContent = text; errBox.hidden = false; }
  function showAck(data) {
    document.getElementById('verify-card').hidden = true;
    document.getElementById('ack-id').textContent = data.id;
    document.getElementById('ack-message').textContent = data.message || '';
    document.getElementById('ack').hidden = false;
  }
  document.getElementById('verify-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var vErr = document.getElementById('verify-error');
    vErr.hidden = true;
    fetch('/v1/complaints/' + encodeURIComponent(pendingId) + '/verify', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: document.getElementById('code').value.trim() })
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) { return { res: res, data: data }; });
    }).then(function (r) {
      if (r.res.ok) return showAck(r.data);
      vErr.textContent = '未通过 Not confirmed: ' + (r.data.detail || ('HTTP ' + r.res.status));
      vErr.hidden = false;
    }).catch(function () {
      vErr.textContent = '网络异常，请重试。Network problem; try again.';
      vErr.hidden = false;
    });
  });
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    errBox.hidden = true;
    var body = {
      windowCode: ctx.windowCode,
      contact: { name: form.name.value.trim(), phone: form.phone.value.trim() },
      content: form.content.value.trim()
    };
    var caseId = form.caseId.value.trim();
    if (caseId) body.caseId = caseId;
    var trackingCode = form.trackingCode.value.trim();
    if (trackingCode) body.trackingCode = trackingCode;
    if (!body.contact.name || !body.contact.phone || !body.content) {
      showError('请填写姓名、电话和投诉内容。Please fill in your name, phone and what happened.');
      return;
    }
    btn.disabled = true;
    fetch('/v1/complaints', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify(body)
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) { return { res: res, data: data }; });
    }).then(function (r) {
      if (r.res.status === 202 && r.data.verification === 'required') {
        // The complaint counts once the code from the SMS is entered.
        document.getElementById('form-card').hidden = true;
        document.getElementById('verify-message').textContent = r.data.message || '';
        document.getElementById('verify-card').hidden = false;
        pendingId = r.data.id;
        return;
      }
      if (r.res.ok) {
        document.getElementById('form-card').hidden = true;
        document.getElementById('ack-id').textContent = r.data.id;
        document.getElementById('ack-message').textContent = r.data.message || '';
        if (r.data.contactDueAt) {
          var due = document.getElementById('ack-due');
          due.textContent = '单位须在此前联系您 The unit must contact you by: ' + new Date(r.data.contactDueAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });
          due.hidden = false;
        }
        document.getElementById('ack').hidden = false;
        return;
      }
      btn.disabled = false;
      var detail = r.data.detail || ('HTTP ' + r.res.status);
      if (r.data.errors && r.data.errors.length) detail += ' (' + r.data.errors.map(function (e) { return e.path + ': ' + e.message; }).join('; ') + ')';
      showError('提交未成功 Not filed: ' + detail);
    }).catch(function () {
      btn.disabled = false;
      showError('网络异常，请重试（不会重复提交）。Network problem; try again (it will not be filed twice).');
    });
  });
})();
</script>
</body></html>`;
}

export function notFoundPage(title: string, detail: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${BASE_CSS}</style></head><body><header><h1>${escapeHtml(title)}</h1></header>
<main><section class="card"><p>${escapeHtml(detail)}</p></section></main></body></html>`;
}

/** The statistics page: a token from the URL fragment (never sent to the server) or typed in; charts from /v1/stats. */
export function statsPage(): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>办件统计 City statistics · 说"不"提级管理</title>
<style>${BASE_CSS}
main{max-width:1200px}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,480px),1fr));gap:16px}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin-bottom:16px}
.kpi{background:#fff;border-radius:10px;padding:12px 16px;box-shadow:0 1px 3px rgba(0,0,0,.08)}.kpi b{display:block;font-size:1.8rem}.kpi span{color:#5b6875;font-size:.85rem}
.card h2{margin:0 0 8px;font-size:1.05rem}.card h2 small{font-weight:400;color:#5b6875}svg text{font-family:inherit}
#login{max-width:420px}#login button{width:auto;padding:10px 18px;font-size:1rem}
</style></head>
<body>
<header><h1>办件统计 <span style="font-weight:400">City statistics</span></h1><p>说"不"提级管理 · 效能铜都 · <span id="generated"></span></p></header>
<main>
<section class="card" id="login" hidden>
<label for="token">访问令牌 <small>Access token (supervisor or city leader)</small></label>
<input id="token" type="password" autocomplete="off"><button id="go">查看 Show</button>
<div class="err" id="error" role="alert" hidden></div>
</section>
<div id="dash" hidden>
<div class="kpis" id="kpis"></div>
<div class="grid">
<section class="card"><h2>三率 <small>The three rates (12345)</small></h2><div id="chart-rates"></div></section>
<section class="card"><h2>办件状态 <small>Cases by status</small></h2><div id="chart-status"></div></section>
<section class="card"><h2>办结层级 <small>Tier that closed the case</small></h2><div id="chart-tier"></div></section>
<section class="card"><h2>投诉周趋势 <small>Complaints per week ("办不成")</small></h2><div id="chart-weeks"></div></section>
<section class="card" style="grid-column:1/-1"><h2>各单位 <small>By lead unit (open · overdue)</small></h2><div id="chart-units"></div></section>
</div></div>
</main>
<script>
(function () {
  var NS = 'http://www.w3.org/2000/svg';
  var STATUS = { in_progress: '办理中 in progress', awaiting_materials: '待补材料 awaiting materials', coordinating: '协调中 coordinating', at_city: '市级研究 at city', resolved: '已办结 resolved', refused: '说"不" refused', withdrawn: '已撤回 withdrawn' };
  var TIER = { '1': '首问 1', '2': '科室 2', '3': '分管 3', '4': '主要负责人 4', city: '市级 city' };
  function el(name, attrs, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  // Never drawn wider than designed, so labels keep their size on a wide screen.
  function svg(w, h) { return el('svg', { viewBox: '0 0 ' + w + ' ' + h, width: '100%', style: 'max-width:' + w + 'px;display:block', role: 'img' }); }
  function pct(r) { return r === null || r === undefined ? '—' : Math.round(r * 1000) / 10 + '%'; }
  /** Horizontal bars; each row may carry stacked parts. */
  function hbars(target, rows, colors, legend) {
    var rowH = 28, left = 200, w = 560, h = rows.length * rowH + (legend ? 26 : 4);
    var max = Math.max(1, Math.max.apply(null, rows.map(function (r) { return r.parts.reduce(function (a, b) { return a + b; }, 0); })));
    var s = svg(w, h);
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
    var s = svg(520, 180);
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
    var s = svg(w, h), bw = (w - left - 10) / n;
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
    var box = document.getElementById('kpis');
    box.replaceChildren();
    list.forEach(function (k) {
      var div = document.createElement('div'); div.className = 'kpi';
      var b = document.createElement('b'); b.textContent = k[0];
      var span = document.createElement('span'); span.textContent = k[1];
      div.appendChild(b); div.appendChild(span); box.appendChild(div);
    });
  }
  function render(d) {
    document.getElementById('generated').textContent = new Date(d.generatedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });
    kpis(d);
    dials(document.getElementById('chart-rates'), d.rates);
    hbars(document.getElementById('chart-status'), Object.keys(STATUS).map(function (k) { return { label: STATUS[k], parts: [d.byStatus[k] || 0] }; }), ['#1565c0']);
    hbars(document.getElementById('chart-tier'), d.byClosingTier.map(function (t) { return { label: TIER[t.tier] || t.tier, parts: [t.resolved, t.refused] }; }), ['#2e7d32', '#b3261e'], ['办结 resolved', '说"不" refused']);
    columns(document.getElementById('chart-weeks'), d.complaints.perWeek);
    hbars(document.getElementById('chart-units'), d.byUnit.map(function (u) { return { label: u.name, parts: [u.total - u.open, u.open - u.overdue, u.overdue] }; }), ['#90a4ae', '#1565c0', '#b3261e'], ['已结 closed', '在办 open', '超期 overdue']);
    document.getElementById('login').hidden = true;
    document.getElementById('dash').hidden = false;
  }
  function load(token) {
    fetch('/v1/stats', { headers: { Authorization: 'Bearer ' + token } }).then(function (res) {
      return res.json().then(function (data) { return { res: res, data: data }; });
    }).then(function (r) {
      if (!r.res.ok) throw new Error(r.data.detail || ('HTTP ' + r.res.status));
      sessionStorage.setItem('statsToken', token);
      render(r.data);
    }).catch(function (e) {
      sessionStorage.removeItem('statsToken');
      document.getElementById('login').hidden = false;
      var box = document.getElementById('error'); box.textContent = '无法加载 Could not load: ' + e.message; box.hidden = false;
    });
  }
  var m = /(?:^|[#&])token=([^&]+)/.exec(location.hash);
  var token = m ? decodeURIComponent(m[1]) : sessionStorage.getItem('statsToken');
  if (m) history.replaceState(null, '', location.pathname);
  document.getElementById('go').addEventListener('click', function () { load(document.getElementById('token').value.trim()); });
  if (token) load(token); else document.getElementById('login').hidden = false;
})();
</script>
</body></html>`;
}
