// The complaint form a window's QR code opens (/w/{code}): files the complaint through POST /v1/complaints,
// and where the unit asks for it, confirms it with the code sent by SMS.
(function () {
  var form = document.getElementById('complaint-form');
  var ctx = { windowCode: form.getAttribute('data-window-code') };
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
