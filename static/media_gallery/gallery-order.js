/* Reorder a gallery's photos by dragging their rows (or with the ↑ ↓ buttons); the order
 * numbers are rewritten to match. The dragging is publishing/row-order.js's. Without this
 * script, the numbers can be typed. */
"use strict";
(function () {
  function renumber(body) {
    Newsroom.rowOrder.rows(body).forEach(function (row, index) {
      const input = row.querySelector('input[name$="-order"]');
      if (input) {
        input.value = String(index);
      }
    });
  }

  function start() {
    document.querySelectorAll("fieldset.gallery-photos, .gallery-photos").forEach(function (group) {
      const body = group.querySelector("tbody");
      if (group.dataset.orderReady || !body) {
        return;
      }
      group.dataset.orderReady = "1";
      Newsroom.rowOrder.enable(body, {
        cell: "td.field-order",
        noun: "photo",
        labels: ["Move up", "Move down"],
        moved: function () { renumber(body); },
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
