// The codec session page (/codec): an administrator gives their bearer token once; the API answers
// with an HttpOnly cookie limited to /codec, which Temporal UI's codec calls then carry. The token
// is sent in one request and forgotten: it is never stored by the page.
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const ui = document.body.dataset.temporalUi;
  $('ui-link').href = ui;
  $('ui-link').textContent = ui;
  $('endpoint').textContent = `${location.origin}/codec`;
  const say = (text, ok) => {
    $('result').textContent = text;
    $('result').className = ok ? 'ok' : 'err';
  };
  $('signin').addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = $('token').value.trim();
    $('token').value = '';
    try {
      const r = await fetch('/codec/session', { method: 'POST', headers: { authorization: `Bearer ${token}` }, credentials: 'same-origin' });
      const b = await r.json().catch(() => ({}));
      if (r.ok) say(`会话已开启，有效至 ${new Date(b.expiresAt).toLocaleString('zh-CN')} · Session open until ${b.expiresAt}`, true);
      else say(`未开启 Refused: ${b.detail || r.status}`, false);
    } catch (err) {
      say(`无法连接 Cannot reach the API: ${err.message}`, false);
    }
  });
  $('signout').addEventListener('click', async () => {
    const r = await fetch('/codec/session', { method: 'DELETE', credentials: 'same-origin' });
    say(r.ok ? '会话已结束 Session ended' : `Sign-out failed: ${r.status}`, r.ok);
  });
  document.body.dataset.ready = 'true';
})();
