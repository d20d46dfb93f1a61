// 长辈版 (large-text mode) of the requester's pages: the tracking page, the complaint form and the
// window page. One switch, remembered on this device (localStorage holds nothing but "on"); the
// class on <html> lets elder.css do the rest. Plain script under the pages' CSP.
(function () {
  'use strict';
  var KEY = 'elder-mode';
  function stored() {
    try { return window.localStorage.getItem(KEY) === '1'; } catch (e) { return false; }
  }
  function apply(on) {
    document.documentElement.classList.toggle('elder', on);
    Array.prototype.forEach.call(document.querySelectorAll('[data-elder-toggle]'), function (b) {
      b.setAttribute('aria-pressed', String(on));
    });
  }
  function set(on) {
    try {
      if (on) window.localStorage.setItem(KEY, '1');
      else window.localStorage.removeItem(KEY);
    } catch (e) { /* storage off: the mode lasts for this page */ }
    apply(on);
  }
  apply(stored());
  Array.prototype.forEach.call(document.querySelectorAll('[data-elder-toggle]'), function (b) {
    b.addEventListener('click', function () { set(!document.documentElement.classList.contains('elder')); });
  });
  window.Elder = { on: function () { return document.documentElement.classList.contains('elder'); }, set: set };
})();
