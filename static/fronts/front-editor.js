/* The front page arrangement: drag zones and placements by their handles (or use the ↑ ↓
 * buttons); the order numbers are rewritten to match. Placements are listed zone by zone, in
 * the zones' order: a placement dropped among another zone's placements joins that zone (its
 * Zone menu says so, and can be changed by hand or keyboard too). Without this script the
 * numbers and menus can be typed. */
"use strict";
(function () {
  function rows(body) {
    return Array.from(body.querySelectorAll("tr.form-row:not(.empty-form)"));
  }

  function value(row, suffix) {
    const field = row.querySelector('[name$="-' + suffix + '"]');
    return field ? field.value : "";
  }

  // The zones table: each zone's key ("lead", "section:4") in its order on the page.
  function zoneOrder() {
    const body = document.querySelector(".front-zones tbody");
    const order = {};
    if (!body) {
      return order;
    }
    rows(body).forEach(function (row, index) {
      const kind = value(row, "kind");
      const key = kind === "section" ? "section:" + value(row, "section") : kind;
      if (kind && !(key in order)) {
        order[key] = index;
      }
    });
    return order;
  }

  function zoneOf(row) {
    return value(row, "zone_key");
  }

  function setZone(row, key) {
    const select = row.querySelector('select[name$="-zone_key"]');
    if (select && select.value !== key) {
      select.value = key;
      row.classList.add("moved-zone");
    }
  }

  // Order numbers: zones count from 0 down the table; placements count within their zone.
  function renumber(body, kind) {
    const counts = {};
    rows(body).forEach(function (row, index) {
      const input = row.querySelector('input[name$="-' + (kind === "zones" ? "position" : "order") + '"]');
      if (!input) {
        return;
      }
      if (kind === "zones") {
        input.value = String(index);
        return;
      }
      const zone = zoneOf(row);
      counts[zone] = (counts[zone] || 0);
      input.value = String(counts[zone]);
      counts[zone] += 1;
    });
    if (kind === "placements") {
      markGroups(body);
    }
  }

  function markGroups(body) {
    let previous = null;
    rows(body).forEach(function (row) {
      const zone = zoneOf(row);
      row.classList.toggle("zone-start", zone !== previous);
      previous = zone;
    });
  }

  // A placement dropped between two rows of another zone joins it; at the boundary of two
  // zones it keeps its own if a neighbour shares it, else joins the zone above.
  function adoptZone(row) {
    const before = row.previousElementSibling;
    const after = row.nextElementSibling;
    const above = before && before.matches("tr.form-row:not(.empty-form)") ? zoneOf(before) : null;
    const below = after && after.matches("tr.form-row:not(.empty-form)") ? zoneOf(after) : null;
    const mine = zoneOf(row);
    if (mine === above || mine === below) {
      return;
    }
    if (above !== null) {
      setZone(row, above);
    } else if (below !== null) {
      setZone(row, below);
    }
  }

  function sortPlacements(body) {
    const order = zoneOrder();
    const sorted = rows(body).map(function (row, index) {
      const zone = zoneOf(row);
      return {
        row: row,
        zone: zone in order ? order[zone] : 1000,
        order: parseInt(value(row, "order"), 10) || 0,
        index: index,
      };
    });
    sorted.sort(function (a, b) {
      return a.zone - b.zone || a.order - b.order || a.index - b.index;
    });
    const anchor = body.querySelector("tr.empty-form") || null;
    sorted.forEach(function (item) { body.insertBefore(item.row, anchor); });
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

  function prepare(row, body, kind) {
    if (row.dataset.orderReady || row.classList.contains("empty-form")) {
      return;
    }
    const cell = row.querySelector(kind === "zones" ? "td.field-position" : "td.field-order");
    if (!cell) {
      return;
    }
    row.dataset.orderReady = "1";
    const noun = kind === "zones" ? "zone" : "item";
    const handle = document.createElement("span");
    handle.className = "drag-handle";
    handle.title = "Drag to move this " + noun;
    handle.textContent = "⠿";
    // Only the handle starts a drag, so text in the row can still be selected and edited.
    handle.addEventListener("mousedown", function () { row.draggable = true; });
    handle.addEventListener("mouseup", function () { row.draggable = false; });
    cell.prepend(handle);
    function moved() {
      if (kind === "placements") {
        adoptZone(row);
      }
      renumber(body, kind);
    }
    cell.append(
      button("Move this " + noun + " up", "↑", function () {
        const previous = row.previousElementSibling;
        if (previous && previous.matches("tr.form-row:not(.empty-form)")) {
          body.insertBefore(row, previous);
          moved();
        }
      }),
      button("Move this " + noun + " down", "↓", function () {
        const next = row.nextElementSibling;
        if (next && next.matches("tr.form-row:not(.empty-form)")) {
          body.insertBefore(next, row);
          moved();
        }
      })
    );
    const zoneSelect = row.querySelector('select[name$="-zone_key"]');
    if (zoneSelect) {
      zoneSelect.addEventListener("change", function () { renumber(body, kind); });
    }
  }

  function setUp(group, kind) {
    const body = group.querySelector("tbody");
    if (!body) {
      return;
    }
    if (kind === "placements") {
      sortPlacements(body);
    }
    let dragged = null;
    rows(body).forEach(function (row) { prepare(row, body, kind); });
    renumber(body, kind);

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
        if (kind === "placements") {
          adoptZone(dragged);
        }
        dragged = null;
        renumber(body, kind);
      }
    });
    document.addEventListener("formset:added", function (event) {
      const row = event.target;
      if (row && body.contains(row)) {
        prepare(row, body, kind);
        renumber(body, kind);
      }
    });
  }

  function start() {
    [["zones", ".front-zones"], ["placements", ".front-placements"]].forEach(function (pair) {
      document.querySelectorAll(pair[1]).forEach(function (group) {
        if (!group.dataset.orderReady) {
          group.dataset.orderReady = "1";
          setUp(group, pair[0]);
        }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
