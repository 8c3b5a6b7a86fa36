/* Soft edit locks: while a change page is open, tell the server every 30 seconds (the lock
 * goes stale after two minutes without a heartbeat) and show who else has the item open.
 * Never blocks anything. Loaded from a static file: the site's CSP forbids inline script. */
(function () {
  "use strict";
  var box = document.getElementById("edit-lock");
  if (!box || !box.dataset.url) {
    return;
  }
  var url = box.dataset.url;
  var tokenInput = document.querySelector("input[name=csrfmiddlewaretoken]");
  var token = tokenInput ? tokenInput.value : "";
  var submitting = false;
  var EVERY_MS = 30000;

  function show(others) {
    box.replaceChildren();
    others.forEach(function (other) {
      var line = document.createElement("p");
      line.className = "publishing-lock";
      line.textContent = other.text;
      box.appendChild(line);
    });
  }

  function body(extra) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token);
    if (extra) {
      data.append(extra, "1");
    }
    return data;
  }

  function beat() {
    fetch(url, {
      method: "POST",
      body: body(),
      credentials: "same-origin",
      headers: { "X-CSRFToken": token },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        if (answer && answer.others) {
          show(answer.others);
        }
      })
      .catch(function () {
        /* Offline for a moment: the next heartbeat tries again. */
      });
  }

  document.addEventListener("submit", function () {
    submitting = true;
  });
  window.addEventListener("pagehide", function () {
    // Leaving without saving: let the others know at once rather than in two minutes.
    if (!submitting && navigator.sendBeacon) {
      navigator.sendBeacon(url, body("release"));
    }
  });
  window.setInterval(beat, EVERY_MS);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      beat();
    }
  });
})();
