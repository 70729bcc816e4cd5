/*
 * STAND-IN for Google's consent state (what gtag.js / Google Tag Manager set up), for tagprobe's tests only:
 * gtag.js cannot be downloaded on the machines the tests run on. It is not gtag.js and sends nothing.
 *
 * It implements exactly the interface clarity-js 0.8.70 calls (src/data/consent.ts, types/global.d.ts):
 *   window.google_tag_data.ics.addListener(keys, callback)  the callback runs after a consent update that
 *                                                            changes one of `keys`
 *   window.google_tag_data.ics.getConsentState(key)         1 granted, 2 denied, 0 not set (GCMConsent)
 *   window.google_tag_data.ics.usedUpdate                   true once gtag('consent', 'update', ...) ran
 * and what a page calls: gtag('consent', 'default' | 'update', {analytics_storage, ad_storage, ...}),
 * through window.dataLayer as gtag.js reads it (entries pushed before this file loads are replayed).
 *
 * Sites with internet access test the real gtag.js instead: run tagprobe with
 * --allow-host www.googletagmanager.com.
 */
(function () {
  "use strict";
  var GRANTED = 1, DENIED = 2, NOT_SET = 0;
  var state = {};
  var listeners = [];
  var ics = {
    usedDefault: false,
    usedUpdate: false,
    addListener: function (keys, callback) {
      listeners.push({ keys: Array.prototype.slice.call(keys), callback: callback });
    },
    getConsentState: function (key) {
      if (!Object.prototype.hasOwnProperty.call(state, key)) return NOT_SET;
      return state[key] === "granted" ? GRANTED : DENIED;
    }
  };
  window.google_tag_data = window.google_tag_data || {};
  window.google_tag_data.ics = ics;

  function consent(command, values) {
    var changed = [];
    Object.keys(values || {}).forEach(function (key) {
      var value = values[key];
      if (value !== "granted" && value !== "denied") return;
      if (command === "default" && ics.usedUpdate) return; // a default never overrides an update
      if (state[key] !== value) changed.push(key);
      state[key] = value;
    });
    if (command === "default") ics.usedDefault = true;
    if (command !== "update") return;
    ics.usedUpdate = true;
    listeners.slice().forEach(function (listener) {
      if (listener.keys.some(function (key) { return changed.indexOf(key) >= 0; })) listener.callback();
    });
  }

  function read(entry) {
    if (entry && entry[0] === "consent") consent(entry[1], entry[2]);
  }

  var dataLayer = (window.dataLayer = window.dataLayer || []);
  Array.prototype.slice.call(dataLayer).forEach(read);
  var push = dataLayer.push;
  dataLayer.push = function () {
    Array.prototype.forEach.call(arguments, read);
    return push.apply(dataLayer, arguments);
  };
})();
