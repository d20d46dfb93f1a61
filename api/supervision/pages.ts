// Two small pages served by the API, self-contained (no CDN, no build step): the complaint form a
// window's QR code opens (效能铜都, made for a phone), and the statistics page for leaders, which
// draws its charts as inline SVG from GET /v1/stats. Their scripts and styles are files under
// api/assets (served at /assets): the Content-Security-Policy allows no inline script.

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}


export interface ComplaintPageInput {
  window: { code: string; name: string };
  unit: { id: string; name: string; nameEn: string };
}

export function complaintPage(p: ComplaintPageInput): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>效能铜都 投诉 Complaint · ${escapeHtml(p.window.name)}</title><link rel="stylesheet" href="/assets/pages.css"><link rel="stylesheet" href="/assets/elder.css">
<script src="/assets/dom.js" defer></script><script src="/assets/elder.js" defer></script><script src="/assets/complaint-page.js" defer></script></head>
<body>
<header><h1>效能铜都 · 我要投诉 <span class="light">File a complaint</span></h1>
<p>${escapeHtml(p.unit.name)} <span>${escapeHtml(p.unit.nameEn)}</span> · ${escapeHtml(p.window.name)} (${escapeHtml(p.window.code)})</p>
<button type="button" class="elder-toggle" data-elder-toggle aria-pressed="false">长辈版 <span class="light">Large text</span></button></header>
<main>
<section class="card" id="form-card">
<p class="muted">办事遇到推诿、说"不"、办不成？告诉我们。投诉将同时送达被投诉单位、市数据资源管理局和市效能办，单位主要负责人会收到短信。<br>
Were you turned away or told "no"? Your complaint reaches the unit, the Data Resources Bureau and the Efficiency Office at once, and the unit's head gets a text message.</p>
<form id="complaint-form" novalidate data-window-code="${escapeHtml(p.window.code)}">
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
<div class="err" id="error" role="alert" aria-live="assertive" hidden></div>
</form>
</section>
<section class="card" id="verify-card" hidden aria-live="polite">
<h2>短信验证 Confirm by SMS</h2>
<p id="verify-message"></p>
<form id="verify-form" novalidate>
<label for="code">验证码 <small>6-digit code</small></label>
<input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required>
<button type="submit" id="verify-submit">确认提交 Confirm</button>
<div class="err" id="verify-error" role="alert" aria-live="assertive" hidden></div>
</form>
</section>
<section class="card ack" id="ack" hidden aria-live="polite">
<h2>投诉已受理 Complaint received</h2>
<p>投诉编号 Complaint no.<br><span class="no" id="ack-id"></span></p>
<p id="ack-message"></p>
<p class="muted" id="ack-due" hidden></p>
</section>
</main>
</body></html>`;
}

export function notFoundPage(title: string, detail: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="stylesheet" href="/assets/pages.css"></head><body><header><h1>${escapeHtml(title)}</h1></header>
<main><section class="card"><p>${escapeHtml(detail)}</p></section></main></body></html>`;
}

/** The statistics page: a token from the URL fragment (never sent to the server) or typed in; charts from /v1/stats. */
export function statsPage(): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>办件统计 City statistics · 说"不"提级管理</title>
<link rel="stylesheet" href="/assets/pages.css"><link rel="stylesheet" href="/assets/stats-page.css">
<script src="/assets/dom.js" defer></script><script src="/assets/token-store.js" defer></script><script src="/assets/stats-page.js" defer></script></head>
<body>
<header><h1>办件统计 <span class="light">City statistics</span></h1><p>说"不"提级管理 · 效能铜都 · <span id="generated"></span></p></header>
<main>
<section class="card" id="login" hidden>
<label for="token">访问令牌 <small>Access token (supervisor or city leader)</small></label>
<input id="token" type="password" autocomplete="off"><button id="go">查看 Show</button>
<div class="err" id="error" role="alert" aria-live="assertive" hidden></div>
</section>
<div id="dash" hidden>
<div class="kpis" id="kpis"></div>
<div class="grid">
<section class="card"><h2>三率 <small>The three rates (12345)</small></h2><div id="chart-rates"></div></section>
<section class="card"><h2>办件状态 <small>Cases by status</small></h2><div id="chart-status"></div></section>
<section class="card"><h2>办结层级 <small>Tier that closed the case</small></h2><div id="chart-tier"></div></section>
<section class="card"><h2>投诉周趋势 <small>Complaints per week ("办不成")</small></h2><div id="chart-weeks"></div></section>
<section class="card wide"><h2>各单位 <small>By lead unit (open · overdue)</small></h2><div id="chart-units"></div></section>
</div></div>
</main>
</body></html>`;
}

/**
 * The monthly bulletin (效能通报) for one month (?month=YYYY-MM): the ranking, each unit's three rates
 * with a chart, the month's topic, the cases shelved and the accountability records. It prints on A4.
 * It holds no figure: every number comes from /v1/reports/* with the reader's token.
 */
export function bulletinPage(): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>效能通报 Monthly bulletin · 说"不"提级管理</title>
<link rel="stylesheet" href="/assets/pages.css"><link rel="stylesheet" href="/assets/bulletin-page.css">
<script src="/assets/dom.js" defer></script><script src="/assets/token-store.js" defer></script><script src="/assets/bulletin-page.js" defer></script></head>
<body>
<header><h1>铜陵市效能办 · <span id="title-month"></span>效能通报 <span class="light">Monthly bulletin</span></h1>
<p>说"不"提级管理 · <span id="generated"></span> <span id="running" hidden>（本月尚未结束，数据仍在变化 The month is still running）</span></p></header>
<main>
<section class="card no-print" id="controls">
<label for="month">月份 <small>Month (Beijing time)</small></label>
<input id="month" type="month"><button id="show">查看 Show</button>
<button id="print" type="button">打印 Print (A4)</button>
</section>
<section class="card no-print" id="login" hidden>
<label for="token">访问令牌 <small>Access token (efficiency office, city leader or admin)</small></label>
<input id="token" type="password" autocomplete="off"><button id="go">查看 Show</button>
</section>
<div class="err" id="error" role="alert" hidden></div>
<div id="bulletin" hidden>
<section class="sheet"><h2>一、综合排名 <small>Ranking</small></h2>
<p class="muted" id="policy"></p>
<table id="ranking"><thead><tr><th>名次</th><th>单位</th><th>综合得分</th><th>较上月</th><th>响应率</th><th>按时办结率</th><th>解决率</th><th>满意率</th><th>受理</th><th>投诉属实</th><th>通报问责</th></tr></thead><tbody></tbody></table>
</section>
<section class="sheet"><h2>二、三率 <small>Response, resolution and satisfaction by unit</small></h2>
<div id="chart-rates"></div>
<table id="rates"><thead><tr><th>单位</th><th>响应率</th><th>解决率</th><th>满意率</th><th>提级率</th><th>超时</th><th>搁置案件</th><th>投诉</th></tr></thead><tbody></tbody></table>
</section>
<section class="sheet"><h2>三、每月一题 <small>The month's topic</small></h2><div id="topic"></div></section>
<section class="sheet"><h2>四、搁置案件 <small>Cases left on the shelf</small></h2>
<table id="shelved"><thead><tr><th>办件编号</th><th>事项</th><th>单位</th><th>经办人</th><th>层级</th><th>超时时间</th></tr></thead><tbody></tbody></table>
<p class="muted" id="shelved-none" hidden>本月无搁置案件。No case was left on the shelf.</p>
</section>
<section class="sheet"><h2>五、通报问责 <small>Accountability records</small></h2>
<table id="accountability"><thead><tr><th>等级</th><th>问题</th><th>人员</th><th>单位</th><th>事由</th><th>记录时间</th></tr></thead><tbody></tbody></table>
<p class="muted" id="accountability-none" hidden>本月无通报问责记录。No accountability record this month.</p>
</section>
<p class="muted foot" id="absent"></p>
</div>
</main>
</body></html>`;
}
