// The case library's page (案例汇编), served at GET /library: plain HTML and a little JavaScript over
// the /v1 API. The caller pastes a token (any government principal) or opens a #token=… link; it stays
// in this tab's session only. Script and styles are api/assets/library-page.{js,css} (no inline script).
// Text from the server goes in with textContent; the only HTML taken is the API's titleHtml and
// snippet, which the server escapes and marks up with <mark> alone.
export const LIBRARY_PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>案例汇编 Case library</title>
<link rel="stylesheet" href="/assets/library-page.css">
<script src="/assets/dom.js" defer></script>
<script src="/assets/token-store.js" defer></script>
<script src="/assets/library-page.js" defer></script>
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
</body>
</html>
`;
