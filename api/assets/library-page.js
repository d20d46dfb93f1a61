// The case library page (/library) over /v1/precedents, /v1/rules and /v1/units.
(() => {
  const $ = window.Dom.byId;
  const el = window.Dom.el;
  const KIND = { legacy: '历史遗留 legacy', cross_department: '跨部门 cross-department', no_precedent: '本市无先例 no precedent', other: '其他 other' };
  const TYPE = { precedent: '典型案例 precedent', case: '办结案件 case', rule: '制度 rule' };
  const PAGE = 20;
  let offset = 0;
  $('token').value = window.PageToken.adopt() || '';

  async function api(path) {
    const token = $('token').value.trim();
    window.PageToken.set(token);
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
