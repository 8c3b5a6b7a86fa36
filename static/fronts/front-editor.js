/* The front page arrangement: drag zones and placements by their handles (or use the ↑ ↓
 * buttons); the order numbers are rewritten to match (the dragging is
 * publishing/row-order.js's). Placements are listed zone by zone, in the zones' order: a
 * placement dropped among another zone's placements joins that zone (its Zone menu says so,
 * and can be changed by hand or keyboard too). A zone with nothing placed in it yet shows a
 * drop area where its placements would be: an item dropped on it (or moved past it with the
 * buttons) joins that zone. Without this script the numbers and menus can be typed. */
"use strict";
(function () {
  const rows = function (body) { return Newsroom.rowOrder.rows(body); };
  const FORM_ROW = "tr.form-row:not(.empty-form)";

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
      const deleted = row.querySelector('input[name$="-DELETE"]');
      if (kind && !(key in order) && !(deleted && deleted.checked)) {
        order[key] = index;
      }
    });
    return order;
  }

  function zoneOf(row) {
    return row.matches("tr.zone-drop") ? row.dataset.zone : value(row, "zone_key");
  }

  function setZone(row, key) {
    const select = row.querySelector('select[name$="-zone_key"]');
    if (select && select.value !== key) {
      select.value = key;
      row.classList.add("moved-zone");
    }
  }

  // The name a placement's Zone menu gives a zone ("Top stories", "Section rail: World").
  function zoneLabel(body, key) {
    const select = body.querySelector('select[name$="-zone_key"]');
    const option = select && Array.from(select.options).find(function (o) { return o.value === key; });
    return option ? option.textContent : key;
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
  }

  function markGroups(body) {
    let previous = null;
    body.querySelectorAll(FORM_ROW + ", tr.zone-drop").forEach(function (row) {
      const zone = zoneOf(row);
      row.classList.toggle("zone-start", zone !== previous);
      previous = zone;
    });
  }

  // A placement moved right below an empty zone's drop area joins that zone. Dropped between
  // two rows of another zone it joins it; at the boundary of two zones it keeps its own if a
  // neighbour shares it, else joins the zone above.
  function adoptZone(row) {
    const before = row.previousElementSibling;
    const after = row.nextElementSibling;
    if (before && before.matches("tr.zone-drop")) {
      setZone(row, before.dataset.zone);
      return;
    }
    const above = before && before.matches(FORM_ROW) ? zoneOf(before) : null;
    const below = after && after.matches(FORM_ROW) ? zoneOf(after) : null;
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

  // Placements zone by zone, in the zones' order, each zone's by its order number; a zone
  // with none gets its drop area where they would be.
  function arrange(body) {
    body.querySelectorAll("tr.zone-drop").forEach(function (drop) { drop.remove(); });
    const order = zoneOrder();
    const entries = rows(body).map(function (row, index) {
      const zone = zoneOf(row);
      return {
        row: row,
        zone: zone in order ? order[zone] : 1000,
        order: parseInt(value(row, "order"), 10) || 0,
        index: index,
      };
    });
    const filled = new Set(entries.map(function (entry) { return zoneOf(entry.row); }));
    Object.keys(order).forEach(function (key) {
      if (!filled.has(key)) {
        entries.push({ row: dropArea(body, key), zone: order[key], order: -1, index: -1 });
      }
    });
    entries.sort(function (a, b) {
      return a.zone - b.zone || a.order - b.order || a.index - b.index;
    });
    // Only rows out of place are moved: a row moved with its buttons keeps the focus.
    let next = rows(body)[0] || body.querySelector("tr.empty-form");
    entries.forEach(function (entry) {
      if (entry.row === next) {
        next = next.nextElementSibling;
      } else {
        body.insertBefore(entry.row, next);
      }
    });
    markGroups(body);
  }

  function dropArea(body, key) {
    const row = document.createElement("tr");
    row.className = "zone-drop";
    row.dataset.zone = key;
    const cell = document.createElement("td");
    const columns = body.closest("table").querySelectorAll("thead th").length;
    cell.colSpan = Math.max(columns, 1);
    cell.textContent = zoneLabel(body, key) + ": nothing placed yet. Drag an item here to place it in this zone.";
    row.append(cell);
    return row;
  }

  function setUpZones(body, placements) {
    function changed() {
      renumber(body, "zones");
      if (placements) {
        arrange(placements);
      }
    }
    Newsroom.rowOrder.enable(body, {
      cell: "td.field-position",
      noun: "zone",
      labels: ["Move this zone up", "Move this zone down"],
      moved: changed,
    });
    renumber(body, "zones");
    // A zone's kind or section changed, or a zone marked for deletion: the drop areas follow.
    body.addEventListener("change", function () {
      if (placements) {
        arrange(placements);
      }
    });
  }

  function setUpPlacements(body) {
    arrange(body);
    Newsroom.rowOrder.enable(body, {
      cell: "td.field-order",
      noun: "item",
      labels: ["Move this item up", "Move this item down"],
      between: FORM_ROW + ", tr.zone-drop",
      dropAfter: "tr.zone-drop",
      moved: function (row) {
        adoptZone(row);
        renumber(body, "placements");
        arrange(body);
      },
      added: function () {
        renumber(body, "placements");
        markGroups(body);
      },
    });
    renumber(body, "placements");
    const menus = function (event) {
      if (event.target.matches('select[name$="-zone_key"]')) {
        renumber(body, "placements");
        markGroups(body);
      }
    };
    body.addEventListener("change", menus);
  }

  function start() {
    const zones = document.querySelector(".front-zones tbody");
    const placements = document.querySelector(".front-placements tbody");
    const group = document.querySelector(".front-placements") || document.querySelector(".front-zones");
    if (!group || group.dataset.orderReady) {
      return;
    }
    group.dataset.orderReady = "1";
    if (placements) {
      setUpPlacements(placements);
    }
    if (zones) {
      setUpZones(zones, placements);
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
