// The case library's page (案例汇编), served at GET /library: plain HTML and a little JavaScript over
// the /v1 API. The caller pastes a token (any government principal); it stays in this browser only.
// Text from the server goes in with textContent; the only HTML taken is the API's titleHtml and
// snippet, which the server escapes and marks up with <mark> alone.
export const LIBRARY_PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>案例汇编 Case library</title>
<style>
  body { font-family: system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1d2733; background: #f5f7fa; }
  header { background: #8b1a1a; color: #fff; padding: 12px 20px; display: flex; gap: 16px; align-items: baseline; flex-wrap: wrap; }
  header h1 { font-size: 20px; margin: 0; }
  header small { opacity: .85; }
  main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; padding: 16px 20px; }
  @media (max-width: 900px) { main { grid-template-columns: 1fr; } }
  form, section { background: #fff; border: 1px solid #dde3ea; border-radius: 6px; padding: 12px; }
  form { display: flex; flex-wrap: wrap; gap: 8px; align-items: end; grid-column: 1 / -1; }
  label { display: flex; flex-direction: column; font-size: 12px; color: #51606f; gap: 2px; }
  input, select, button { font: inherit; padding: 5px 8px; border: 1px solid #b8c2cc; border-radius: 4px; }
  button { background: #8b1a1a; color: #fff; border-color: #8b1a1a; cursor: pointer; }
  #q { width: 22em; }
  ul { list-style: none; padding: 0; margin: 0; }
  li.hit { padding: 10px 4px; border-bottom: 1px solid #eef1f4; cursor: pointer; }
  li.hit:hover { background: #fbf6f6; }
  .badge { display: inline-block; font-size: 11px; padding: 1px 6px; border-radius: 10px; margin-right: 6px; background: #e8edf2; }
  .badge.precedent { background: #fde8c8; } .badge.case { background: #d9ecff; } .badge.rule { background: #dff3e3; }
  .badge.elsewhere { background: #f3dcf5; }
  .title { font-weight: 600; }
  .snippet { color: #3c4a57; font-size: 14px; margin-top: 4px; }
  .meta { color: #6b7885; font-size: 12px; margin-top: 4px; }
  mark { background: #ffe27a; padding: 0 1px; }
  #status { color: #6b7885; font-size: 13px; margin: 6px 0; }
  #error { color: #a11; font-size: 13px; }
  dl { margin: 0; } dt { font-size: 12px; color: #6b7885; margin-top: 10px; } dd { margin: 2px 0 0; white-space: pre-wrap; }
  #detail h2 { font-size: 17px; margin: 0 0 6px; }
  .pager { display: flex; gap: 8px; margin-top: 8px; }
</style>
</head>
<body>
<header>
  <h1>案例汇编 <small>Case library</small></h1>
  <small>典型案例 precedents · 外地经验 practices elsewhere · 形成制度 rules · 办结案件 resolved cases</small>
</header>
<main>
  <form id="search">
    <label>令牌 Token <input id="token" type="password" autocomplete="off" placeholder="Bearer token"></label>
    <label>关键词 Search <input id="q" type="search" placeholder="如：消防、房产、养老机构 e.g. fire safety"></label>
    <label>范围 Scope
      <select id="scope">
        <option value="all">全部 All</option>
        <option value="precedents">典型案例 Precedents</option>
        <option value="cases">办结案件 Resolved cases</option>
        <option value="rules">制度 Rules</option>
      </select></label>
    <label>问题类型 Kind
      <select id="kind">
        <option value="">全部 Any</option>
        <option value="legacy">历史遗留 Legacy</option>
        <option value="cross_department">跨部门 Cross-department</option>
        <option value="no_precedent">本市无先例 No precedent</option>
        <option value="other">其他 Other</option>
      </select></label>
    <label>单位 Unit <select id="unit"><option value="">全部 Any</option></select></label>
    <label>类别 Category <input id="category" size="10"></label>
    <label>来源 Source
      <select id="source">
        <option value="">全部 Any</option>
        <option value="local_case">本市案例 Local</option>
        <option value="elsewhere">外地经验 Elsewhere</option>
      </select></label>
    <label>排序 Sort
      <select id="sort">
        <option value="relevance">相关度 Relevance</option>
        <option value="cited">引用次数 Most cited</option>
        <option value="recent">最新 Newest</option>
      </select></label>
    <button type="submit">检索 Search</button>
  </form>
  <section>
    <div id="status">输入令牌后检索或浏览 · Enter a token, then search or browse.</div>
    <div id="error"></div>
    <ul id="results"></ul>
    <div class="pager"><button id="prev" type="button" hidden>上一页 Prev</button><button id="next" type="button" hidden>下一页 Next</button></div>
  </section>
  <section id="detail"><p class="meta">点击条目查看详情 · Select an entry for details.</p></section>
</main>
<script>
(() => {
  const $ = (id) => document.getElementById(id);
  const KIND = { legacy: '历史遗留 legacy', cross_department: '跨部门 cross-department', no_precedent: '本市无先例 no precedent', other: '其他 other' };
  const TYPE = { precedent: '典型案例 precedent', case: '办结案件 case', rule: '制度 rule' };
  const PAGE = 20;
  let offset = 0;
  $('token').value = localStorage.getItem('library.token') || '';

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  async function api(path) {
    const token = $('token').value.trim();
    localStorage.setItem('library.token', token);
    const res = await fetch(path, { headers: token ? { authorization: 'Bearer ' + token } : {} });
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw new Error((body.code ? body.code + ': ' : '') + (body.detail || res.statusText));
    return body;
  }
  function show(err) { $('error').textContent = err ? String(err.message || err) : ''; }

  async function loadUnits() {
    try {
      const us = await api('/v1/units');
      const sel = $('unit');
      sel.length = 1;
      for (const u of us) { const o = el('option', '', u.name + ' ' + u.id); o.value = u.id; sel.append(o); }
    } catch (e) { /* no token yet */ }
  }

  function query() {
    const p = new URLSearchParams();
    const q = $('q').value.trim();
    const scope = $('scope').value;
    for (const k of ['kind', 'category']) if ($(k).value.trim()) p.set(k, $(k).value.trim());
    if ($('unit').value) p.set('unitId', $('unit').value);
    p.set('limit', PAGE); p.set('offset', offset);
    if (q) {
      p.set('q', q);
      if (scope === 'precedents' || $('source').value) {
        if ($('source').value) p.set('source', $('source').value);
        if ($('sort').value !== 'relevance') p.set('sort', $('sort').value);
        return '/v1/precedents?' + p;
      }
      if (scope === 'rules') return '/v1/rules?' + p;
      p.set('scope', scope);
      return '/v1/precedents/search?' + p;
    }
    if (scope === 'rules') return '/v1/rules?' + p;
    if ($('source').value) p.set('source', $('source').value);
    p.set('sort', $('sort').value === 'relevance' ? 'recent' : $('sort').value);
    return '/v1/precedents?' + p;
  }

  async function search() {
    show();
    try {
      const page = await api(query());
      const list = $('results');
      list.replaceChildren();
      const how = { index: '全文索引 full-text index', substring: '短词逐字匹配 substring (short terms)', mixed: '索引+逐字 index + substring', browse: '浏览 browse' }[page.mode];
      $('status').textContent = '共 ' + page.total + ' 条 · ' + page.total + ' found · ' + how;
      for (const h of page.items) {
        const li = el('li', 'hit');
        const head = el('div');
        head.append(el('span', 'badge ' + h.type, TYPE[h.type]));
        if (h.sourceKind === 'elsewhere') head.append(el('span', 'badge elsewhere', '外地经验 ' + (h.place || '')));
        const t = el('span', 'title'); t.innerHTML = h.titleHtml; head.append(t);
        const sn = el('div', 'snippet'); sn.innerHTML = h.snippet;
        const meta = [];
        if (h.kind) meta.push(KIND[h.kind]);
        if (h.category) meta.push('类别 ' + h.category);
        if (h.unitIds && h.unitIds.length) meta.push('单位 ' + h.unitIds.join('、'));
        if (h.citeCount !== undefined) meta.push('引用 ' + h.citeCount + ' 次 cited');
        if (h.date) meta.push(h.date.slice(0, 10));
        li.append(head, sn, el('div', 'meta', meta.join(' · ')));
        li.addEventListener('click', () => detail(h.type, h.id));
        list.append(li);
      }
      $('prev').hidden = offset === 0;
      $('next').hidden = offset + PAGE >= page.total;
    } catch (e) { show(e); }
  }

  function field(dl, label, value) {
    if (value === undefined || value === null || value === '') return;
    dl.append(el('dt', '', label));
    const dd = el('dd');
    if (value instanceof Node) dd.append(value); else dd.textContent = String(value);
    dl.append(dd);
  }
  function links(items, fmt, type) {
    const ul = el('ul');
    for (const x of items) {
      const li = el('li', '', fmt(x));
      if (type) { li.style.cursor = 'pointer'; li.style.textDecoration = 'underline'; li.addEventListener('click', () => detail(type, x.id)); }
      ul.append(li);
    }
    return items.length ? ul : null;
  }

  async function detail(type, id) {
    show();
    const box = $('detail');
    try {
      if (type === 'case') {
        box.replaceChildren(el('h2', '', '办结案件 Resolved case ' + id));
        const sim = await api('/v1/cases/' + encodeURIComponent(id) + '/similar-precedents').catch(() => null);
        const dl = el('dl');
        if (sim) field(dl, '相似典型案例 Similar precedents', links(sim.items, (s) => s.title + (s.place ? '（' + s.place + '）' : ''), 'precedent'));
        box.append(dl);
        location.hash = 'case=' + id;
        return;
      }
      if (type === 'rule') {
        const r = await api('/v1/rules/' + encodeURIComponent(id));
        const dl = el('dl');
        field(dl, '发布单位 Issuing unit', r.issuingUnit.name);
        field(dl, '发布日期 Issued', r.issuedOn);
        field(dl, '文号 Document no.', r.documentNo);
        field(dl, '内容 Content', r.content);
        field(dl, '来源案件 From cases', links(r.cases, (c) => c.id + ' ' + c.title));
        field(dl, '来源典型案例 From precedents', links(r.precedents, (p) => p.title + (p.place ? '（' + p.place + '）' : ''), 'precedent'));
        box.replaceChildren(el('h2', '', '制度 ' + r.title), dl);
        location.hash = 'rule=' + id;
        return;
      }
      const p = await api('/v1/precedents/' + encodeURIComponent(id));
      const dl = el('dl');
      field(dl, '问题类型 Kind', KIND[p.kind]);
      field(dl, '类别 Category', p.category);
      field(dl, '来源 Source', p.source.kind === 'elsewhere'
        ? '外地经验 ' + p.source.place + '；见 ' + p.source.documentedIn
        : '本市案例 local case ' + p.source.caseId + ' ' + (p.source.caseTitle || ''));
      field(dl, '问题 Problem', p.problem);
      field(dl, '解决办法 Solution', p.solution);
      field(dl, '涉及单位 Units', p.units.map((u) => u.name).join('、'));
      field(dl, '参照 Built on', links(p.builtOn, (b) => b.title + (b.place ? '（' + b.place + '）' : ''), 'precedent'));
      field(dl, '形成制度 Rules formed', links(p.rules, (r) => r.title + ' ' + r.issuedOn, 'rule'));
      field(dl, '引用 Cited', p.citeCount + ' 次 times, ' + p.citedByCases + ' 件案件 cases');
      field(dl, '引用记录 Citations', links(p.citations, (c) => c.at.slice(0, 10) + ' ' + c.caseId + ' ' + (c.caseTitle || '') + ' (' + c.action + ')'));
      box.replaceChildren(el('h2', '', p.title), dl);
      location.hash = 'precedent=' + id;
    } catch (e) { show(e); }
  }

  $('search').addEventListener('submit', (ev) => { ev.preventDefault(); offset = 0; loadUnits(); search(); });
  $('prev').addEventListener('click', () => { offset = Math.max(0, offset - PAGE); search(); });
  $('next').addEventListener('click', () => { offset += PAGE; search(); });
  if ($('token').value) {
    loadUnits();
    search();
    const m = /^#(precedent|rule|case)=(.+)$/.exec(location.hash);
    if (m) detail(m[1], decodeURIComponent(m[2]));
  }
})();
</script>
</body>
</html>
`;
