/* Filling in a questionnaire: htmx saves each answer; this file only handles the edges.
 * - Validation errors (422), conflicts (409), closed campaigns (410) and throttling (429) are shown, not dropped.
 * - A lost connection or a server error says the answer is not saved yet.
 * - The page buttons wait for pending autosaves, so the page save never races them.
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

  form.addEventListener("submit", function (event) {
    if (pending > 0) {
      event.preventDefault();
      waiting = event.submitter || null;
    }
  });
})();
