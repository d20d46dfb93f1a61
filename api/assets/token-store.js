// Where our pages keep the caller's bearer token: sessionStorage, so it lives as long as this tab and
// is gone once the browser session ends (counter PCs are shared). A link carrying #token=… (the
// fragment never reaches the server or its logs) does not silently replace a token already held:
// the page asks first. Shared by the process, library and statistics pages.
(function () {
  'use strict';
  var KEY = 'escalate.token';
  // Older versions of the pages kept tokens in localStorage, which outlives the session: drop them.
  try {
    ['escalate.token', 'library.token'].forEach(function (k) { window.localStorage.removeItem(k); });
  } catch (e) { /* storage disabled */ }

  function get() {
    try { return window.sessionStorage.getItem(KEY); } catch (e) { return null; }
  }
  function set(token) {
    try {
      if (token) window.sessionStorage.setItem(KEY, token);
      else window.sessionStorage.removeItem(KEY);
    } catch (e) { /* storage disabled: the token lives in the page only */ }
  }

  /**
   * Reads #token=… from the address, takes it out of the address bar, and stores it, unless another
   * token is already stored and the user declines to replace it. Returns the token now in use.
   */
  function adopt() {
    var hash = new URLSearchParams(location.hash.slice(1));
    var offered = hash.get('token');
    if (!offered) return get();
    hash.delete('token');
    history.replaceState(null, '', location.pathname + location.search + (hash.toString() ? '#' + hash.toString() : ''));
    var held = get();
    if (held && held !== offered &&
        !window.confirm('此链接带有另一个访问令牌，是否替换当前令牌？\nThis link carries a different access token. Replace the one this tab holds?')) {
      return held;
    }
    set(offered);
    return offered;
  }

  window.PageToken = { get: get, set: set, clear: function () { set(null); }, adopt: adopt };
})();
