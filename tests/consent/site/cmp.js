/*
 * The site's set-up of vanilla-cookieconsent (orestbida, installed from npm), as its docs show it.
 * The query string picks how the site passes consent on (the page's URL is the scenario's `url`):
 *   ?tell=clarity  (default) consentv2 from the consent manager's onConsent / onChange callbacks
 *   ?tell=gcm      gtag('consent', 'update', ...) from the callbacks: Google Consent Mode
 *   ?tell=none     the consent manager never passes consent on (the tag is only unblocked)
 *   &withdraw=none on a change, the consent manager clears the cookies but does not tell the tag
 */
(function () {
  "use strict";
  var params = new URLSearchParams(location.search);
  var tell = params.get("tell") || "clarity";
  var tellWithdrawal = params.get("withdraw") !== "none";

  function toClarity(granted) {
    var value = granted ? "granted" : "denied";
    if (typeof window.clarity !== "function") {
      if (!granted) return;
      // Clarity's own queue, as its snippet defines it: the call waits until the tag has loaded.
      window.clarity = function () { (window.clarity.q = window.clarity.q || []).push(arguments); };
    }
    window.clarity("consentv2", { ad_Storage: value, analytics_Storage: value });
  }

  function toGoogle(granted) {
    var value = granted ? "granted" : "denied";
    window.gtag("consent", "update", { ad_storage: value, analytics_storage: value });
  }

  function passOn(cookie) {
    var granted = cookie.categories.indexOf("analytics") >= 0;
    if (tell === "clarity") toClarity(granted);
    if (tell === "gcm") toGoogle(granted);
  }

  window.CookieConsent.run({
    categories: {
      necessary: { enabled: true, readOnly: true },
      analytics: { autoClear: { cookies: [{ name: /^_cl(ck|sk)$/ }] } }
    },
    onConsent: function (event) { passOn(event.cookie); },
    onChange: function (event) {
      if (tellWithdrawal && event.changedCategories.indexOf("analytics") >= 0) passOn(event.cookie);
    },
    language: {
      default: "en",
      translations: {
        en: {
          consentModal: {
            title: "We use cookies",
            description: "Analytics cookies help us improve the shop.",
            acceptAllBtn: "Accept all",
            acceptNecessaryBtn: "Reject all",
            showPreferencesBtn: "Manage preferences"
          },
          preferencesModal: {
            title: "Cookie preferences",
            acceptAllBtn: "Accept all",
            acceptNecessaryBtn: "Reject all",
            savePreferencesBtn: "Save preferences",
            sections: [
              { title: "Necessary", linkedCategory: "necessary" },
              { title: "Analytics", description: "Microsoft Clarity", linkedCategory: "analytics" }
            ]
          }
        }
      }
    }
  });
})();
