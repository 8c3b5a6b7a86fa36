/* The focal point: click on the picture, or type the two numbers; the marker follows both. */
"use strict";
(function () {
  function clamp(value) {
    return Math.min(1, Math.max(0, value));
  }

  function setUp(picker) {
    const image = picker.querySelector("img");
    const marker = picker.querySelector(".focal-marker");
    const inputX = document.getElementById("id_focal_x");
    const inputY = document.getElementById("id_focal_y");

    function place(x, y) {
      if (Number.isNaN(x) || Number.isNaN(y)) {
        return;
      }
      marker.style.left = (clamp(x) * 100) + "%";
      marker.style.top = (clamp(y) * 100) + "%";
      picker.classList.add("has-marker");
    }

    if (!inputX || !inputY) {  // read-only: show where it is
      place(parseFloat(picker.dataset.focalX), parseFloat(picker.dataset.focalY));
      return;
    }
    picker.classList.add("is-editable");
    place(parseFloat(inputX.value), parseFloat(inputY.value));

    image.addEventListener("click", function (event) {
      const box = image.getBoundingClientRect();
      const x = clamp((event.clientX - box.left) / box.width);
      const y = clamp((event.clientY - box.top) / box.height);
      inputX.value = x.toFixed(3);
      inputY.value = y.toFixed(3);
      inputX.dispatchEvent(new Event("change", { bubbles: true }));
      inputY.dispatchEvent(new Event("change", { bubbles: true }));
      place(x, y);
    });
    [inputX, inputY].forEach(function (input) {
      input.addEventListener("input", function () {
        place(parseFloat(inputX.value), parseFloat(inputY.value));
      });
    });
  }

  function start() {
    document.querySelectorAll(".focal-picker").forEach(setUp);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
