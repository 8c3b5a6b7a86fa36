/* Bulk upload onto a gallery: one request per file, in order, with progress.
 *
 * Each file is posted alone to the form's data-file-url, so one refused file (its name and the
 * reason are listed) never costs the others. Without this script the form posts all files at
 * once and the server reports the same way.
 */
"use strict";
(function () {
  const form = document.getElementById("bulk-upload-form");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  const input = form.querySelector('input[type="file"]');
  const zone = document.getElementById("drop-zone");
  const section = document.getElementById("bulk-progress");
  const bar = document.getElementById("bulk-bar");
  const status = document.getElementById("bulk-status");
  const addedList = document.getElementById("bulk-added");
  const refusedList = document.getElementById("bulk-refused");
  const counter = document.getElementById("gallery-count");
  const submit = form.querySelector('[type="submit"]');
  const token = form.querySelector('input[name="csrfmiddlewaretoken"]').value;
  const fileUrl = form.dataset.fileUrl;
  const maxBytes = parseInt(form.dataset.maxBytes, 10);
  let busy = false;

  function megabytes(size) {
    const value = size / (1024 * 1024);
    return (value >= 10 ? value.toFixed(0) : value.toFixed(1)) + " MB";
  }

  function listItem(list, name, text, href) {
    const item = document.createElement("li");
    const label = document.createElement(href ? "a" : "strong");
    label.textContent = name;
    if (href) {
      label.href = href;
    }
    item.appendChild(label);
    if (text) {
      item.appendChild(document.createTextNode(": " + text));
    }
    list.appendChild(item);
  }

  async function sendOne(file) {
    if (file.size > maxBytes) {
      return {
        error: "This file is " + megabytes(file.size) + "; the limit is " +
          form.dataset.maxSize + ". Export a smaller version and upload that.",
      };
    }
    const body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    body.append("file", file, file.name);
    try {
      const response = await fetch(fileUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": token },
      });
      const data = await response.json().catch(function () { return null; });
      if (!response.ok) {
        return { error: (data && data.error) || "The server answered " + response.status + "; try this file again." };
      }
      return data;
    } catch (failure) {
      return { error: "The connection failed; try this file again." };
    }
  }

  async function uploadAll(fileList) {
    const files = Array.from(fileList || []);
    if (busy || !files.length) {
      return;
    }
    busy = true;
    submit.disabled = true;
    section.hidden = false;
    addedList.replaceChildren();
    refusedList.replaceChildren();
    bar.max = files.length;
    bar.value = 0;
    let added = 0;
    let refused = 0;
    for (let index = 0; index < files.length; index += 1) {
      const file = files[index];
      status.textContent = "Uploading " + (index + 1) + " of " + files.length + ": " + file.name;
      const result = await sendOne(file);
      if (result.error) {
        refused += 1;
        listItem(refusedList, file.name, result.error);
      } else {
        added += 1;
        listItem(addedList, file.name, result.photo.caption || "", result.photo.change_url);
        if (counter) {
          counter.textContent = String(parseInt(counter.textContent, 10) + 1);
        }
      }
      bar.value = index + 1;
    }
    status.textContent = "Done: " + added + " added, " + refused + " refused.";
    form.reset();
    submit.disabled = false;
    busy = false;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    uploadAll(input.files);
  });

  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) {
      event.preventDefault();
      zone.classList.add("is-over");
    });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function () {
      zone.classList.remove("is-over");
    });
  });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    uploadAll(event.dataTransfer.files);
  });
})();
