// The few DOM helpers every page script shares (workbench, tracking, process, library, calendar,
// statistics and complaint pages, and the case drawing): an element by id, an element holding text
// (server text goes in with textContent only, never as HTML), an instant in Chinese local time, a
// fresh key for one submission, and a fetched file handed to the browser's download. A plain script loaded before the page's own, from /assets like them,
// so it runs under the pages' Content-Security-Policy (script-src 'self').
(function () {
  'use strict';

  function byId(id) { return document.getElementById(id); }

  /** An element with an optional class and text. */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  /** An instant as zh-CN time on the 24-hour clock, with the page's own options; what is no date stays as given. */
  function when(iso, options) {
    var d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString('zh-CN', Object.assign({ hour12: false }, options));
  }

  /** A fresh key for one submission; kept while it is retried, so it applies once. */
  function newKey() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    return Array.prototype.map.call(b, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
  }

  /** Hands a downloaded file to the browser's own download, under its name (files are fetched with credentials in headers, never by a link). */
  function saveBlob(blob, name) {
    var link = el('a');
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
  }

  /** A file's size as people read it: 340 KB, 2.1 MB. */
  function bytes(n) { return n >= 1048576 ? (n / 1048576).toFixed(1) + ' MB' : Math.max(1, Math.round(n / 1024)) + ' KB'; }

  window.Dom = { byId: byId, el: el, when: when, newKey: newKey, saveBlob: saveBlob, bytes: bytes };
})();
