/*
 * Focal-point picker for the photo desk. Clicking the picture (or pressing the arrow keys while it
 * has focus) sets the photo's focal point, as fractions of its width and height, into the
 * focal_point_x / focal_point_y inputs of the same form, and moves the marker. Typing in those
 * inputs moves the marker too, so the numbers and the picture never disagree.
 * No dependencies; works on every picker on the page.
 */
(function () {
  "use strict";

  var KEY_STEP = 0.01;

  function clamp(value) {
    if (isNaN(value)) {
      return 0.5;
    }
    return Math.min(1, Math.max(0, value));
  }

  function rounded(value) {
    return Math.round(clamp(value) * 1000) / 1000;
  }

  function setUp(picker) {
    var form = picker.closest("form");
    if (!form) {
      return;
    }
    var inputX = form.querySelector("[data-focal-axis='x']");
    var inputY = form.querySelector("[data-focal-axis='y']");
    var marker = picker.querySelector(".focal-point-marker");
    var image = picker.querySelector("img");
    if (!inputX || !inputY || !marker || !image) {
      return;
    }

    function current() {
      return [clamp(parseFloat(inputX.value)), clamp(parseFloat(inputY.value))];
    }

    function show(x, y) {
      marker.style.left = x * 100 + "%";
      marker.style.top = y * 100 + "%";
      picker.setAttribute("data-focal-point", x.toFixed(3) + "," + y.toFixed(3));
    }

    function choose(x, y) {
      x = rounded(x);
      y = rounded(y);
      inputX.value = x.toFixed(3);
      inputY.value = y.toFixed(3);
      show(x, y);
      inputX.dispatchEvent(new Event("change", { bubbles: true }));
    }

    image.addEventListener("click", function (event) {
      var box = image.getBoundingClientRect();
      if (!box.width || !box.height) {
        return;
      }
      choose((event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height);
    });

    picker.addEventListener("keydown", function (event) {
      var point = current();
      var moves = {
        ArrowLeft: [-KEY_STEP, 0],
        ArrowRight: [KEY_STEP, 0],
        ArrowUp: [0, -KEY_STEP],
        ArrowDown: [0, KEY_STEP],
      };
      var move = moves[event.key];
      if (!move) {
        return;
      }
      event.preventDefault();
      choose(point[0] + move[0], point[1] + move[1]);
    });

    [inputX, inputY].forEach(function (input) {
      input.addEventListener("input", function () {
        var point = current();
        show(point[0], point[1]);
      });
    });

    var reset = picker.parentNode.querySelector(".focal-point-reset");
    if (reset) {
      reset.addEventListener("click", function () {
        choose(0.5, 0.5);
      });
    }

    var start = current();
    show(start[0], start[1]);
    picker.classList.add("focal-point-ready");
  }

  function setUpAll() {
    document.querySelectorAll(".focal-point-picker").forEach(setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
