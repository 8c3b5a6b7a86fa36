/* Putting an admin table's rows in order by dragging them by a handle, or with ↑ ↓ buttons
 * (for the keyboard), written once for every list the desk orders: a gallery's photos
 * (media_gallery/gallery-order.js), a front page's zones and placements (fronts/front-editor.js).
 * The page's own script says what a move means (rewrite the order numbers, change a zone):
 *
 *   Newsroom.rowOrder.enable(tbody, {
 *     cell: "td.field-order",       // where the handle and the buttons go
 *     noun: "photo",                // "Drag to move this photo"
 *     labels: ["Move up", "Move down"],
 *     between: "tr.form-row:not(.empty-form)",  // rows a row may pass and be dropped on
 *     dropAfter: "",                // rows a dragged row always lands below (drop areas)
 *     moved: function (row) {},     // after a row moved, by a button or a drag
 *     added: function (row) {},     // after "Add another" made a row (default: moved)
 *   });
 *
 * Without JavaScript the order numbers can still be typed. */
"use strict";
(function () {
  const FORM_ROWS = "tr.form-row:not(.empty-form)";

  function rows(body) {
    return Array.from(body.querySelectorAll(FORM_ROWS));
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

  function prepare(row, body, options) {
    if (row.dataset.orderReady || !row.matches(FORM_ROWS)) {
      return;
    }
    const cell = row.querySelector(options.cell);
    if (!cell) {
      return;
    }
    row.dataset.orderReady = "1";
    const handle = document.createElement("span");
    handle.className = "drag-handle";
    handle.title = "Drag to move this " + options.noun;
    handle.textContent = "⠿";
    // Only the handle starts a drag, so text in the row can still be selected and edited.
    handle.addEventListener("mousedown", function () { row.draggable = true; });
    handle.addEventListener("mouseup", function () { row.draggable = false; });
    cell.prepend(handle);
    cell.append(
      button(options.labels[0], "↑", function () {
        const previous = row.previousElementSibling;
        if (previous && previous.matches(options.between)) {
          body.insertBefore(row, previous);
          options.moved(row);
        }
      }),
      button(options.labels[1], "↓", function () {
        const next = row.nextElementSibling;
        if (next && next.matches(options.between)) {
          body.insertBefore(next, row);
          options.moved(row);
        }
      })
    );
  }

  function enable(body, given) {
    const options = Object.assign(
      {
        cell: "td.field-order",
        noun: "row",
        labels: ["Move up", "Move down"],
        between: FORM_ROWS,
        dropAfter: "",
        moved: function () {},
      },
      given
    );
    const added = options.added || options.moved;
    let dragged = null;
    rows(body).forEach(function (row) { prepare(row, body, options); });

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
      const target = event.target.closest(options.between);
      if (!target || target === dragged) {
        return;
      }
      if (options.dropAfter && target.matches(options.dropAfter)) {
        body.insertBefore(dragged, target.nextSibling);
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
        const row = dragged;
        row.classList.remove("is-dragging");
        row.draggable = false;
        dragged = null;
        options.moved(row);
      }
    });
    document.addEventListener("formset:added", function (event) {
      const row = event.target;
      if (row && body.contains(row)) {
        prepare(row, body, options);
        added(row);
      }
    });
  }

  window.Newsroom = window.Newsroom || {};
  window.Newsroom.rowOrder = { enable: enable, rows: rows };
})();
