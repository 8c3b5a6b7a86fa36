/* Autosave: while someone types on a change page, send the whole form to the item's
 * autosave address about every 15 seconds, and at once when the page is hidden or closed
 * (sendBeacon). The server keeps it apart from the item: nothing is saved for readers, and
 * the version the page was opened at travels with it. Loaded from a static file: the
 * site's CSP forbids inline script. */
(function () {
  "use strict";
  var status = document.getElementById("autosave-status");
  if (!status || !status.dataset.url) {
    return;
  }
  var form = status.closest("form");
  if (!form) {
    return;
  }
  var url = status.dataset.url;
  var EVERY_MS = 15000;
  var dirty = false;
  var sending = false;
  var submitting = false;

  function formData() {
    var data = new FormData(form);
    ["_save", "_continue", "_addanother", "_saveasnew", "discard"].forEach(function (name) {
      data.delete(name);
    });
    /* Words only: a chosen picture is never sent every 15 seconds (nor kept). */
    Array.from(data.keys()).forEach(function (name) {
      if (data.getAll(name).some(function (value) { return value instanceof File; })) {
        data.delete(name);
      }
    });
    return data;
  }

  function send() {
    if (!dirty || sending || submitting) {
      return;
    }
    dirty = false;
    sending = true;
    fetch(url, {
      method: "POST",
      body: formData(),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.json().catch(function () {
          return null;
        });
      })
      .then(function (answer) {
        if (answer && answer.text) {
          status.textContent = answer.text;
        }
      })
      .catch(function () {
        dirty = true; /* offline for a moment: try again at the next tick */
        status.textContent = "Not autosaved: the desk cannot be reached. Keep this page open.";
      })
      .finally(function () {
        sending = false;
      });
  }

  function sendNow() {
    if (dirty && !submitting && navigator.sendBeacon) {
      navigator.sendBeacon(url, formData());
      dirty = false;
    }
  }

  form.addEventListener("input", function () {
    dirty = true;
  });
  form.addEventListener("change", function () {
    dirty = true;
  });
  form.addEventListener("submit", function () {
    submitting = true;
  });
  window.setInterval(send, EVERY_MS);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      sendNow();
    }
  });
  window.addEventListener("pagehide", sendNow);
})();
