/* Filling in a questionnaire: htmx saves each answer; this file only handles the edges.
 * - Validation errors (422), conflicts (409), closed campaigns (410) and throttling (429) are shown, not dropped.
 * - A lost connection or a server error says the answer is not saved yet.
 * - The page buttons wait for pending autosaves, so the page save never races them.
 * - Text typed just before leaving is not lost: when the tab is hidden, pending answers are saved at once
 *   (htmx, so the page gets the new answer versions); when the page goes away (closed, navigated), what is
 *   still unsaved leaves with navigator.sendBeacon, a plain form POST the autosave URL accepts.
 */
(function () {
  "use strict";

  var form = document.getElementById("respond-form");
  if (!form) {
    return;
  }
  var pending = 0;
  var waiting = null;

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 409 || status === 410 || status === 422 || status === 403 || status === 429) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  function showProblem(event, message) {
    var target = event.detail.target;
    if (target && target.classList && target.classList.contains("feedback")) {
      target.textContent = "";
      var span = document.createElement("span");
      span.className = "text-danger";
      span.setAttribute("role", "alert");
      span.textContent = message;
      target.appendChild(span);
    }
  }

  document.body.addEventListener("htmx:sendError", function (event) {
    showProblem(event, form.dataset.offlineMessage);
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    showProblem(event, form.dataset.errorMessage);
  });

  document.body.addEventListener("htmx:beforeRequest", function () {
    pending += 1;
  });
  document.body.addEventListener("htmx:afterRequest", function () {
    pending = Math.max(0, pending - 1);
    if (pending === 0 && waiting) {
      var submitter = waiting;
      waiting = null;
      // Let htmx finish swapping the new answer versions into the form first.
      window.setTimeout(function () {
        form.requestSubmit(submitter);
      }, 30);
    }
  });

  // Questions typed into but not yet saved (the 800 ms typing delay, or a save still on its way).
  var dirty = new Set();
  var beaconSent = false;

  form.addEventListener("input", function (event) {
    var fieldset = event.target.closest("fieldset[hx-post]");
    if (fieldset) {
      dirty.add(fieldset);
    }
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful && event.detail.elt) {
      dirty.delete(event.detail.elt);
    }
  });

  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && window.htmx) {
      dirty.forEach(function (fieldset) {
        window.htmx.trigger(fieldset, "change");
      });
    }
  });

  window.addEventListener("pagehide", function () {
    if (!navigator.sendBeacon) {
      return;
    }
    dirty.forEach(function (fieldset) {
      // The whole form, as htmx sends it: the CSRF token field, the answer and its version token.
      navigator.sendBeacon(fieldset.getAttribute("hx-post"), new FormData(form));
      beaconSent = true;
    });
    dirty.clear();
  });

  window.addEventListener("pageshow", function (event) {
    // Back from the browser's cache after a beacon: the page's answer versions are old, reload them.
    if (event.persisted && beaconSent) {
      window.location.reload();
    }
  });

  form.addEventListener("submit", function (event) {
    if (pending > 0) {
      event.preventDefault();
      waiting = event.submitter || null;
    }
  });
})();
