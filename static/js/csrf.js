// Adds Django's CSRF token (from <meta name="csrf-token">) to htmx's unsafe requests, and only to this site's
// own URLs: the token never travels in a body-wide hx-headers attribute that injected markup could reuse.
(function () {
  "use strict";
  var SAFE_METHODS = ["get", "head", "options", "trace"];
  document.addEventListener("htmx:configRequest", function (event) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (!meta || SAFE_METHODS.indexOf(String(event.detail.verb).toLowerCase()) !== -1) {
      return;
    }
    var url;
    try {
      url = new URL(event.detail.path, window.location.href);
    } catch (error) {
      return;
    }
    if (url.origin === window.location.origin) {
      event.detail.headers["X-CSRFToken"] = meta.content;
    }
  });
})();
