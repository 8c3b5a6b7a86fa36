/* Notes: add one without leaving the page, so nothing typed in the item's form is lost
 * (the plain form post still works without script). A static file: the CSP forbids inline
 * script. */
(function () {
  "use strict";
  var form = document.getElementById("desk-note-form");
  var list = document.getElementById("desk-note-list");
  if (!form || !list || !window.fetch) {
    return;
  }
  var status = form.querySelector(".desk-note-status");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    status.textContent = "Adding…";
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    })
      .then(function (response) {
        return response.json();
      })
      .then(function (answer) {
        if (answer.error) {
          status.textContent = answer.error;
          return;
        }
        list.insertAdjacentHTML("beforeend", answer.html);
        var empty = document.querySelector(".desk-notes-empty");
        if (empty) {
          empty.remove();
        }
        form.querySelector("textarea").value = "";
        status.textContent = "Note added.";
      })
      .catch(function () {
        status.textContent = "Not added: the desk cannot be reached. Your note is still here.";
      });
  });
})();
