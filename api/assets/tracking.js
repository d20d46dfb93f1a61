// The requester's tracking page (/t/{caseId}#code=…), made for a phone. The tracking code stays in the
// address's fragment, which browsers never send, and goes to the API in the X-Tracking-Code header,
// so no request line (the part servers and proxies log) ever carries it. Where the case stands is
// said in plain words, by tier, never by person (the API's requester view holds nothing else). Labels
// of the tiers and the five 好差评 levels come from GET /v1/tier-rules. Where a mobile phone is on file,
// withdrawing and rating also take the one-time code the API sends there. Server text goes in with
// textContent only.
(function () {
  'use strict';

  var $ = window.Dom.byId;
  var el = window.Dom.el;
  var match = /^\/t\/([^/]+)\/?$/.exec(location.pathname);
  var caseId = match ? decodeURIComponent(match[1]) : '';
  var rules = null;
  var state = null;
  var keys = {}; // one Idempotency-Key per form as filled in, kept across retries of it
  var uploaded = {}; // requested item -> the files uploaded for it ({ id, sha256, size, item })

  function code() { return new URLSearchParams(location.hash.slice(1)).get('code') || ''; }
  function when(iso) { return window.Dom.when(iso, { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' }); }
  function bilingual(zh, en) {
    var p = el('p', null, zh + ' ');
    p.appendChild(el('span', 'en', en));
    return p;
  }
  function tierRule(t) { return rules.tiers.find(function (x) { return x.tier === t; }); }
  function tierWords(t) {
    var r = tierRule(t);
    if (!r) return { zh: t, en: t };
    return t === 'city' ? { zh: '市级（' + r.label + '）', en: 'the city (' + r.labelEn + 's)' } : { zh: '第' + t + '级（' + r.label + '）', en: 'tier ' + t + ' (' + r.labelEn + ')' };
  }

  function Failure(status, body) { this.status = status; this.problem = window.Problems.describe(status, body); }

  /** `opts.smsCode`: the code sent to the phone on file; `opts.raw`: answer the body as a Blob (a download). */
  async function api(method, path, body, key, opts) {
    var smsCode = opts && opts.smsCode;
    var raw = opts && opts.raw;
    var headers = { accept: 'application/json' };
    // Only the case's own routes get the code.
    if (path.indexOf('/v1/cases/') === 0) headers['x-tracking-code'] = code();
    var form = body instanceof FormData;
    if (body !== undefined && !form) headers['content-type'] = 'application/json';
    if (key) headers['idempotency-key'] = key;
    if (smsCode) headers['x-sms-code'] = smsCode;
    var res;
    try {
      res = await fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : form ? body : JSON.stringify(body), referrerPolicy: 'no-referrer' });
    } catch (e) {
      throw new Failure(0, null);
    }
    if (raw && res.ok) return res.blob();
    var data = null;
    try { data = await res.json(); } catch (e) { /* not JSON */ }
    if (!res.ok) throw new Failure(res.status, data);
    return data;
  }
  function keyFor(form) { return (keys[form] = keys[form] || window.Dom.newKey()); }

  // ---------- where the case stands ----------
  function stageWords(c) {
    var t = tierWords(c.tier);
    if (c.status === 'withdrawn') return ['您已撤回此事项。', 'You withdrew this request.'];
    if (c.status === 'resolved') return ['已办结，办理结果见下。', 'Done: the answer is below.'];
    if (c.status === 'refused') return ['经' + tierWords(c.outcome ? c.outcome.tier : c.tier).zh + '审查，依法不能办理，理由见下。', 'Reviewed at ' + tierWords(c.outcome ? c.outcome.tier : c.tier).en + ': a law forbids it; the reasons are below.'];
    if (c.status === 'awaiting_materials') return ['需要您补充材料，补齐后继续办理。', 'We need some materials from you; work resumes once they arrive.'];
    if (c.status === 'coordinating') return ['涉及多个部门，正在由' + t.zh + '牵头协调办理。', 'Several departments are working on it together, led at ' + t.en + '.'];
    if (c.status === 'at_city' || c.tier === 'city') return ['已提请市级领导研究办理。', 'The city leaders are working on it.'];
    var zh = '正在' + t.zh + '办理。';
    var en = 'Being handled at ' + t.en + '.';
    if (c.tier !== '1') { zh += '已在单位内部逐级提级，您无需再跑。'; en += ' It went up inside the government; you need not do anything.'; }
    if (c.reopened) { zh += '因您不满意，已由上一级重新办理。'; en += ' Reopened one tier up because you were not satisfied.'; }
    return [zh, en];
  }

  function renderStatus() {
    var c = state;
    document.title = c.title + ' · 办件进度';
    $('title').textContent = c.title;
    $('case-id').textContent = c.id;
    var s = stageWords(c);
    var stage = $('stage');
    stage.textContent = '';
    stage.appendChild(document.createTextNode(s[0] + ' '));
    stage.appendChild(el('span', 'en', s[1]));
    stage.dataset.status = c.status;
    stage.dataset.tier = c.tier;

    // The ladder of tiers: where it is, and how far it climbed.
    var ladder = $('ladder');
    ladder.textContent = '';
    var at = c.outcome ? c.outcome.tier : c.tier;
    var reached = rules.tiers.findIndex(function (r) { return r.tier === at; });
    rules.tiers.forEach(function (r, i) {
      var li = el('li', i < reached ? 'done' : i === reached ? 'here' : 'ahead');
      // The state in words (and a mark), not only in colour.
      li.appendChild(el('span', 'state', i < reached ? '✓ 已过' : i === reached ? '▶ 当前' : '待'));
      li.appendChild(el('span', 'tier', r.tier === 'city' ? '市级' : r.tier + '级'));
      li.appendChild(el('span', 'who', r.label));
      if (i === reached) li.setAttribute('aria-current', 'step');
      ladder.appendChild(li);
    });

    var due = $('due');
    due.hidden = true;
    var closed = ['resolved', 'refused', 'withdrawn'].indexOf(c.status) >= 0;
    if (c.status === 'awaiting_materials' && c.materials && c.materials.dueAt) {
      due.textContent = '请于 ' + when(c.materials.dueAt) + ' 前补充材料。 Please supply them by ' + new Date(c.materials.dueAt).toISOString().slice(0, 16).replace('T', ' ') + ' UTC.';
      due.hidden = false;
    } else if (!closed && c.deadlineAt) {
      due.textContent = '承诺答复时间：' + when(c.deadlineAt) + (c.deadlineProvisional ? '（暂按工作日估算）' : '') + '。 We promise an answer (or the next step) by then; if this level cannot, it goes up by itself.';
      due.dataset.deadline = c.deadlineAt;
      due.hidden = false;
    }
    $('status-card').hidden = false;
  }

  function renderFeedback() {
    var o = state.outcome;
    $('feedback-card').hidden = !o || o.kind === 'withdrawn';
    if (!o || o.kind === 'withdrawn') return;
    var box = $('feedback');
    box.textContent = '';
    var t = tierWords(o.tier);
    box.appendChild(bilingual((o.kind === 'resolved' ? '办结' : '不予办理') + '：' + t.zh + ' · ' + when(o.at), (o.kind === 'resolved' ? 'Resolved' : 'Refused') + ' at ' + t.en));
    if (o.result) box.appendChild(el('p', 'answer', o.result));
    if (o.legalBasis) box.appendChild(el('p', 'basis', '依据 Legal basis：' + o.legalBasis));
    if (o.explanation) box.appendChild(el('p', 'answer', o.explanation));
  }

  function renderMaterials() {
    var m = state.materials;
    var open = state.status === 'awaiting_materials' && m && !m.suppliedAt;
    $('materials-card').hidden = !open;
    if (!open) return;
    $('materials-due').textContent = m.requestedAt ? '提出时间 Asked on ' + when(m.requestedAt) : '';
    var box = $('materials-items');
    box.textContent = '';
    m.items.forEach(function (item, i) {
      var l = el('label', 'choice');
      var cb = el('input');
      cb.type = 'checkbox';
      cb.name = 'item';
      cb.value = item;
      cb.id = 'item-' + i;
      l.htmlFor = cb.id;
      l.appendChild(cb);
      l.appendChild(document.createTextNode(' ' + item));
      box.appendChild(l);
      // A photo or scan of this item: uploaded at once, and the item ticked.
      var fl = el('label', 'item-file');
      var input = el('input');
      input.type = 'file';
      input.accept = 'application/pdf,image/jpeg,image/png';
      input.id = 'item-file-' + i;
      input.dataset.item = item;
      fl.htmlFor = input.id;
      fl.appendChild(document.createTextNode('拍照或上传「' + item + '」 '));
      fl.appendChild(el('span', 'en', 'Photo or scan of it'));
      box.appendChild(fl);
      box.appendChild(input);
      var got = el('p', 'muted item-got');
      got.id = 'item-got-' + i;
      got.setAttribute('aria-live', 'polite');
      if (uploaded[item]) got.textContent = '已上传 Uploaded: ' + uploaded[item].map(function (u) { return u.name; }).join('、');
      box.appendChild(got);
      input.addEventListener('change', function () { uploadForItem(input, cb, got); });
    });
  }

  /** Sends one chosen file to the case; answers its reference, or shows why not. */
  async function upload(file, fields, errorBox) {
    errorBox.hidden = true;
    var fd = new FormData();
    Object.keys(fields).forEach(function (k) { fd.append(k, fields[k]); });
    fd.append('file', file, file.name);
    try {
      return await api('POST', '/v1/cases/' + encodeURIComponent(caseId) + '/attachments', fd);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      window.Problems.show(errorBox, e.problem);
      return null;
    }
  }

  async function uploadForItem(input, checkbox, got) {
    var file = input.files && input.files[0];
    if (!file) return;
    var item = input.dataset.item;
    got.textContent = '正在上传… Uploading…';
    var a = await upload(file, { purpose: 'materials', item: item }, $('materials-error'));
    input.value = '';
    if (!a) { got.textContent = ''; return; }
    (uploaded[item] = uploaded[item] || []).push({ id: a.id, sha256: a.sha256, size: a.size, item: item, name: a.fileName });
    checkbox.checked = true;
    got.textContent = '已上传 Uploaded: ' + uploaded[item].map(function (u) { return u.name; }).join('、');
    loadFiles();
  }


  async function download(a) {
    try {
      var blob = await api('GET', '/v1/cases/' + encodeURIComponent(caseId) + '/attachments/' + encodeURIComponent(a.id), undefined, null, { raw: true });
      window.Dom.saveBlob(blob, a.fileName);
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      window.Problems.show($('files-error'), e.problem);
    }
  }

  async function loadFiles() {
    var list;
    try { list = await api('GET', '/v1/cases/' + encodeURIComponent(caseId) + '/attachments'); } catch (e) { if (!(e instanceof Failure)) throw e; return; }
    var ul = $('files');
    ul.textContent = '';
    list.items.forEach(function (a) {
      var li = el('li');
      li.dataset.attachmentId = a.id;
      li.appendChild(el('span', 'name', a.fileName));
      li.appendChild(el('span', 'muted', window.Dom.bytes(a.size) + ' · ' + (a.uploaderKind === 'requester' ? '您上传 from you' : '办理单位 from the office') + (a.item ? ' · ' + a.item : '') + ' · ' + when(a.createdAt)));
      var b = el('button', 'secondary', '下载 Download');
      b.type = 'button';
      b.setAttribute('aria-label', '下载 Download ' + a.fileName);
      b.addEventListener('click', function () { download(a); });
      li.appendChild(b);
      ul.appendChild(li);
    });
    $('files-none').hidden = list.items.length > 0;
    $('files-card').hidden = false;
  }

  function renderSms() {
    var t = state.textMessages;
    $('sms-card').hidden = !t || !t.mobile;
    if (!t || !t.mobile) return;
    $('sms-state').textContent = t.stopped
      ? '已停止短信通知。您仍可随时打开本页查看进度。 Text messages are stopped; this page still shows the progress.'
      : '办理进度会以短信告知您（每天最多3条）。回复TD或点下面的按钮可停止。 We text you the progress (at most 3 a day). Reply TD, or use the button, to stop.';
    $('sms-stop').hidden = t.stopped;
  }

  function ratingLabel(r) {
    var x = rules.ratings.find(function (y) { return y.rating === r; });
    return x ? x.label + ' ' + x.labelEn : r;
  }

  function renderRating() {
    var open = state.phase === 'feedback';
    $('rating-card').hidden = !open;
    $('rated-card').hidden = !(state.rating && !open);
    if (state.rating && !open) {
      $('rated').textContent = '您的评价 Your rating：' + ratingLabel(state.rating.rating) + (state.reviewRequested ? '。本事项将进入倒查复盘。 The case goes to a review.' : '');
    }
    if (!open) return;
    var box = $('rating-levels');
    box.textContent = '';
    rules.ratings.forEach(function (r) {
      var l = el('label', 'choice level ' + (r.unsatisfied ? 'bad' : 'good'));
      var radio = el('input');
      radio.type = 'radio';
      radio.name = 'rating';
      radio.value = r.rating;
      radio.id = 'rating-' + r.rating;
      l.htmlFor = radio.id;
      l.appendChild(radio);
      l.appendChild(document.createTextNode(' ' + r.label + ' '));
      l.appendChild(el('small', null, r.labelEn));
      box.appendChild(l);
    });
    $('reopen-note').textContent = state.reopened
      ? '本事项已重新办理过一次；如仍不满意，将转入倒查复盘。 It was already reopened once; if you are still not satisfied, the case goes to a review.'
      : '如选择"不满意"或"非常不满意"，将由上一级重新办理（仅一次）。 If you are not satisfied, the case is reopened one tier up (once).';
  }

  function renderHistory() {
    var list = $('history');
    list.textContent = '';
    // The requester's view: what happened and at which tier, never who (the API leaves the rest out);
    // and the text messages sent, where they fall.
    var entries = state.timeline.map(function (st) { return { at: st.at, step: st }; });
    (state.notices || []).forEach(function (n) { entries.push({ at: n.at, notice: n }); });
    entries.sort(function (a, b) { return a.at < b.at ? -1 : a.at > b.at ? 1 : 0; });
    entries.forEach(function (e) {
      var li = el('li', e.notice ? 'notice' : null);
      li.appendChild(el('span', 'when', when(e.at)));
      if (e.notice) {
        var sms = el('span', 'what', '短信通知 ');
        sms.appendChild(el('small', null, 'Text message'));
        li.appendChild(sms);
        li.appendChild(el('span', 'tier', e.notice.text));
      } else {
        var st = e.step;
        var what = el('span', 'what', (st.label || st.action) + ' ');
        what.appendChild(el('small', null, st.labelEn || st.action));
        li.appendChild(what);
        li.appendChild(el('span', 'tier', tierWords(st.tier).zh));
      }
      list.appendChild(li);
    });
    $('history-card').hidden = false;
  }

  async function load() {
    if (!caseId || !code()) {
      $('loading').hidden = true;
      window.Problems.show($('problem'), { code: 'TRACKING_CODE_REQUIRED', zh: '链接不完整：缺少办件编号或查询码。请使用受理时给您的完整链接。', en: 'The link is incomplete: use the full link you were given at intake.', errors: [] });
      document.body.dataset.ready = 'error';
      return;
    }
    try {
      if (!rules) rules = await api('GET', '/v1/tier-rules');
      state = await api('GET', '/v1/cases/' + encodeURIComponent(caseId));
      $('loading').hidden = true;
      $('problem').hidden = true;
      renderStatus();
      renderFeedback();
      renderMaterials();
      renderRating();
      renderWithdraw();
      renderSms();
      renderHistory();
      await loadFiles();
      document.body.dataset.ready = 'true';
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      $('loading').hidden = true;
      window.Problems.show($('problem'), e.problem);
      document.body.dataset.ready = 'error';
    }
  }

  async function submit(form, button, errorBox, path, body, done, smsCode) {
    errorBox.hidden = true;
    button.disabled = true;
    try {
      await api('POST', path, body, keyFor(form), { smsCode: smsCode });
      delete keys[form];
      // A code serves once: the next action asks for its own.
      if ($(form + '-code')) {
        $(form + '-code').value = '';
        $(form + '-code-note').textContent = '';
      }
      await load();
      if (done) done();
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      if (e.status) delete keys[form]; // a definite answer ends this submission
      window.Problems.show(errorBox, e.problem);
    } finally {
      button.disabled = false;
    }
  }

  $('materials-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var items = Array.prototype.map.call(document.querySelectorAll('#materials-items input:checked'), function (c) { return c.value; });
    if (!items.length) {
      window.Problems.show($('materials-error'), { code: 'VALIDATION_FAILED', zh: '请至少勾选一项您已补充的材料。', en: 'Tick at least one item you are supplying.', errors: [] });
      return;
    }
    var body = { items: items };
    var files = [];
    items.forEach(function (item) { (uploaded[item] || []).forEach(function (u) { files.push({ id: u.id, sha256: u.sha256, size: u.size, item: u.item }); }); });
    if (files.length) body.attachments = files;
    var note = $('materials-note').value.trim();
    if (note) body.note = note;
    submit('materials', $('materials-submit'), $('materials-error'), '/v1/cases/' + encodeURIComponent(caseId) + '/materials', body, function () {
      $('stage').focus();
    });
  });

  $('rating-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var chosen = document.querySelector('#rating-levels input:checked');
    if (!chosen) {
      window.Problems.show($('rating-error'), { code: 'VALIDATION_FAILED', zh: '请选择一个评价。', en: 'Choose one of the levels.', errors: [] });
      return;
    }
    var body = { rating: chosen.value };
    var comment = $('rating-comment').value.trim();
    if (comment) body.comment = comment;
    var sms = smsCodeOf('rating');
    if (sms === false) return;
    submit('rating', $('rating-submit'), $('rating-error'), '/v1/cases/' + encodeURIComponent(caseId) + '/rating', body, function () {
      $('stage').focus();
    }, sms);
  });

  // ---------- withdrawing, and the SMS code a withdrawal or a rating takes ----------
  function renderWithdraw() {
    var open = ['resolved', 'refused', 'withdrawn'].indexOf(state.status) < 0;
    $('withdraw-card').hidden = !open;
    $('withdraw-sms').hidden = !state.requester.smsCodeRequired;
    $('rating-sms').hidden = !state.requester.smsCodeRequired;
  }

  /** The code typed for a purpose: '' where none is needed, false (and a word why) where it is missing. */
  function smsCodeOf(purpose) {
    if (!state.requester.smsCodeRequired) return '';
    var v = $(purpose + '-code').value.replace(/\s/g, '');
    if (/^\d{6}$/.test(v)) return v;
    window.Problems.show($(purpose + '-error'), { code: 'SMS_CODE_REQUIRED', zh: '请先获取短信验证码，并填写收到的6位数字。', en: 'Get the code by SMS and enter its six digits.', errors: [] });
    return false;
  }

  /** The code's field, its button and where it was sent: one block, in the rating and the withdrawal forms. */
  function smsBlock(purpose) {
    var box = $(purpose + '-sms');
    var label = el('label', null, '短信验证码 ');
    label.htmlFor = purpose + '-code';
    label.appendChild(el('small', null, 'Code sent to your phone'));
    var input = el('input');
    input.id = purpose + '-code';
    input.inputMode = 'numeric';
    input.autocomplete = 'one-time-code';
    input.maxLength = 6;
    var send = el('button', 'secondary', '获取验证码 Get a code');
    send.type = 'button';
    send.id = purpose + '-code-send';
    var row = el('div', 'sms-row');
    row.appendChild(input);
    row.appendChild(send);
    var note = el('p', 'muted');
    note.id = purpose + '-code-note';
    note.setAttribute('aria-live', 'polite');
    box.appendChild(label);
    box.appendChild(row);
    box.appendChild(note);
  }

  ['rating', 'withdraw'].forEach(function (purpose) {
    smsBlock(purpose);
    $(purpose + '-code-send').addEventListener('click', async function () {
      var button = this;
      var note = $(purpose + '-code-note');
      $(purpose + '-error').hidden = true;
      button.disabled = true;
      try {
        var sent = await api('POST', '/v1/cases/' + encodeURIComponent(caseId) + '/requester-code', { purpose: purpose }, keyFor(purpose + '-code'));
        delete keys[purpose + '-code'];
        note.textContent = '验证码已发送至 ' + sent.sentTo + '，请在' + when(sent.expiresAt) + '前填写。 A code was sent to ' + sent.sentTo + '.';
        $(purpose + '-code').focus();
      } catch (e) {
        if (!(e instanceof Failure)) throw e;
        if (e.status) delete keys[purpose + '-code']; // a definite answer ends this request
        window.Problems.show($(purpose + '-error'), e.problem);
      } finally {
        button.disabled = false;
      }
    });
  });

  $('withdraw-open').addEventListener('click', function () {
    var form = $('withdraw-form');
    form.hidden = !form.hidden;
    this.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) $('withdraw-reason').focus();
  });
  $('withdraw-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var body = {};
    var reason = $('withdraw-reason').value.trim();
    if (reason) body.reason = reason;
    var sms = smsCodeOf('withdraw');
    if (sms === false) return;
    submit('withdraw', $('withdraw-submit'), $('withdraw-error'), '/v1/cases/' + encodeURIComponent(caseId) + '/withdraw', body, function () {
      $('withdraw-form').hidden = true;
      $('stage').focus();
    }, sms);
  });

  $('file-add').addEventListener('change', async function () {
    var input = this;
    var file = input.files && input.files[0];
    if (!file) return;
    $('files-status').textContent = '正在上传… Uploading…';
    var a = await upload(file, { purpose: 'case' }, $('files-error'));
    input.value = '';
    $('files-status').textContent = a ? '已上传 Uploaded: ' + a.fileName : '';
    if (a) await loadFiles();
  });

  $('sms-stop').addEventListener('click', async function () {
    $('sms-error').hidden = true;
    try {
      state.textMessages = await api('POST', '/v1/cases/' + encodeURIComponent(caseId) + '/text-messages/stop', undefined, keyFor('sms'));
      delete keys.sms;
      renderSms();
      $('sms-state').focus();
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      window.Problems.show($('sms-error'), e.problem);
    }
  });
  $('sms-state').tabIndex = -1;

  $('complain-open').addEventListener('click', function () {
    var form = $('complaint-form');
    form.hidden = !form.hidden;
    this.setAttribute('aria-expanded', String(!form.hidden));
    if (!form.hidden) $('c-name').focus();
  });
  $('complaint-form').addEventListener('submit', async function (ev) {
    ev.preventDefault();
    // The tracking code proves the case is the complainant's (in the body, never in the address).
    var body = { caseId: caseId, trackingCode: code(), contact: { name: $('c-name').value.trim(), phone: $('c-phone').value.trim() }, content: $('c-content').value.trim() };
    if (!body.contact.name || !body.contact.phone || !body.content) {
      window.Problems.show($('complaint-error'), { code: 'VALIDATION_FAILED', zh: '请填写姓名、电话和投诉内容。', en: 'Please fill in your name, phone and what happened.', errors: [] });
      return;
    }
    $('complaint-error').hidden = true;
    $('complaint-submit').disabled = true;
    try {
      var filed = await api('POST', '/v1/complaints', body, keyFor('complaint'));
      delete keys.complaint;
      $('complaint-form').hidden = true;
      $('complain-open').hidden = true;
      var ack = $('complaint-ack');
      ack.textContent = '';
      ack.appendChild(bilingual('投诉已受理，编号 ' + filed.id + '。', 'Complaint received: ' + filed.id + '.'));
      if (filed.message) ack.appendChild(el('p', null, filed.message));
      ack.hidden = false;
    } catch (e) {
      if (!(e instanceof Failure)) throw e;
      if (e.status) delete keys.complaint;
      window.Problems.show($('complaint-error'), e.problem);
    } finally {
      $('complaint-submit').disabled = false;
    }
  });

  ['materials', 'rating', 'withdraw', 'complaint'].forEach(function (f) {
    $(f + '-form').addEventListener('input', function () { $(f + '-error').hidden = true; });
  });
  window.addEventListener('hashchange', load);
  $('stage').tabIndex = -1;
  load();
})();
