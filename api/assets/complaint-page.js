// The complaint form a window's QR code opens (/w/{code}): files the complaint through POST /v1/complaints,
// and where the unit asks for it, confirms it with the code sent by SMS.
(function () {
  var $ = window.Dom.byId;
  var form = $('complaint-form');
  var ctx = { windowCode: form.getAttribute('data-window-code') };
  var btn = $('submit');
  var errBox = $('error');
  // One key per filled-in form: a double tap or a retry after a dropped connection files it once.
  var key = window.Dom.newKey();
  var pendingId = null;
  function showError(text) { errBox.textContent = text; errBox.hidden = false; }
  function showAck(data) {
    $('verify-card').hidden = true;
    $('ack-id').textContent = data.id;
    $('ack-message').textContent = data.message || '';
    $('ack').hidden = false;
  }
  $('verify-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var vErr = $('verify-error');
    vErr.hidden = true;
    fetch('/v1/complaints/' + encodeURIComponent(pendingId) + '/verify', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code: $('code').value.trim() })
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
        $('form-card').hidden = true;
        $('verify-message').textContent = r.data.message || '';
        $('verify-card').hidden = false;
        pendingId = r.data.id;
        return;
      }
      if (r.res.ok) {
        $('form-card').hidden = true;
        $('ack-id').textContent = r.data.id;
        $('ack-message').textContent = r.data.message || '';
        if (r.data.contactDueAt) {
          var due = $('ack-due');
          due.textContent = '单位须在此前联系您 The unit must contact you by: ' + new Date(r.data.contactDueAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' });
          due.hidden = false;
        }
        $('ack').hidden = false;
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
