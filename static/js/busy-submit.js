/* Forms marked data-busy-form: once sent, their submit button is disabled and shows a spinner and its
   data-busy-label, so that a slow answer (a report being rendered) is visibly under way and is not sent
   twice. Without JavaScript the form works as usual; the server refuses a second send all the same. */
(function () {
  "use strict";

  function busy(button) {
    button.dataset.idleLabel = button.textContent;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    var spinner = document.createElement("span");
    spinner.className = "spinner-border spinner-border-sm me-2";
    spinner.setAttribute("aria-hidden", "true");
    button.textContent = button.dataset.busyLabel || button.textContent;
    button.prepend(spinner);
  }

  function idle(button) {
    if (button.dataset.idleLabel === undefined) {
      return;
    }
    button.textContent = button.dataset.idleLabel;
    delete button.dataset.idleLabel;
    button.disabled = false;
    button.removeAttribute("aria-busy");
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-busy-form") || event.defaultPrevented) {
      return;
    }
    var button = event.submitter || form.querySelector("button[type=submit]");
    if (!button) {
      return;
    }
    if (button.getAttribute("aria-busy") === "true") {
      event.preventDefault();
      return;
    }
    // After this event, so that the button's own name and value (if any) are still sent with the form.
    window.setTimeout(function () {
      busy(button);
    }, 0);
    button.setAttribute("aria-busy", "true");
  });

  // Back to the page from the browser's history: the button works again.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-busy-form] button[type=submit]").forEach(idle);
    }
  });
})();
