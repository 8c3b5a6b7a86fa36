/* Reorder a gallery's photos by dragging their rows (or with the ↑ ↓ buttons); the order
 * numbers are rewritten to match. Without this script, the numbers can be typed. */
"use strict";
(function () {
  function rows(body) {
    return Array.from(body.querySelectorAll("tr.form-row:not(.empty-form)"));
  }

  function renumber(body) {
    rows(body).forEach(function (row, index) {
      const input = row.querySelector('input[name$="-order"]');
      if (input) {
        input.value = String(index);
      }
    });
  }

  function button(label, text, onClick) {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "order-move";
    element.setAttribute("aria-label", label);
    element.title = label;
    element.textContent = text;
    element.addEventListener("click", onClick);
    return element;
  }

  function prepare(row, body) {
    if (row.dataset.orderReady || row.classList.contains("empty-form")) {
      return;
    }
    const cell = row.querySelector("td.field-order");
    if (!cell) {
      return;
    }
    row.dataset.orderReady = "1";
    const handle = document.createElement("span");
    handle.className = "drag-handle";
    handle.title = "Drag to move this photo";
    handle.textContent = "⠿";
    // Only the handle starts a drag, so text in the row can still be selected and edited.
    handle.addEventListener("mousedown", function () { row.draggable = true; });
    handle.addEventListener("mouseup", function () { row.draggable = false; });
    cell.prepend(handle);
    cell.append(
      button("Move up", "↑", function () {
        const previous = row.previousElementSibling;
        if (previous && previous.matches("tr.form-row:not(.empty-form)")) {
          body.insertBefore(row, previous);
          renumber(body);
        }
      }),
      button("Move down", "↓", function () {
        const next = row.nextElementSibling;
        if (next && next.matches("tr.form-row:not(.empty-form)")) {
          body.insertBefore(next, row);
          renumber(body);
        }
      })
    );
  }

  function setUp(group) {
    const body = group.querySelector("tbody");
    if (!body) {
      return;
    }
    let dragged = null;
    rows(body).forEach(function (row) { prepare(row, body); });

    body.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("tr.form-row");
      if (!dragged) {
        return;
      }
      dragged.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", "");
    });
    body.addEventListener("dragover", function (event) {
      if (!dragged) {
        return;
      }
      event.preventDefault();
      const target = event.target.closest("tr.form-row:not(.empty-form)");
      if (!target || target === dragged) {
        return;
      }
      const box = target.getBoundingClientRect();
      const after = event.clientY > box.top + box.height / 2;
      body.insertBefore(dragged, after ? target.nextSibling : target);
    });
    body.addEventListener("drop", function (event) {
      event.preventDefault();
    });
    body.addEventListener("dragend", function () {
      if (dragged) {
        dragged.classList.remove("is-dragging");
        dragged.draggable = false;
        dragged = null;
        renumber(body);
      }
    });
    document.addEventListener("formset:added", function (event) {
      const row = event.target;
      if (row && body.contains(row)) {
        prepare(row, body);
        renumber(body);
      }
    });
  }

  function start() {
    document.querySelectorAll("fieldset.gallery-photos, .gallery-photos").forEach(function (group) {
      if (!group.dataset.orderReady) {
        group.dataset.orderReady = "1";
        setUp(group);
      }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
