/*
 * Focal-point picker for the photo desk. Clicking the picture (or pressing the arrow keys while it
 * has focus) sets the photo's focal point, as fractions of its width and height, into the
 * focal_point_x / focal_point_y inputs of the same form, and moves the marker. Typing in those
 * inputs moves the marker too, so the numbers and the picture never disagree. The crop previews
 * (.crop-previews, articles/admin/photo_framing.py) move with it: each window shows the part of the
 * picture its crop keeps, worked out as the renditions do (renditions.crop_box).
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

  // The largest box of the crop's ratio inside the picture, centred on the focal point as far as the
  // edges allow: the same integer arithmetic as renditions.crop_box.
  function cropBox(width, height, ratio, x, y) {
    var boxWidth, boxHeight;
    if (width / height > ratio) {
      boxHeight = height;
      boxWidth = Math.max(1, Math.min(width, Math.round(height * ratio)));
    } else {
      boxWidth = width;
      boxHeight = Math.max(1, Math.min(height, Math.round(width / ratio)));
    }
    var left = Math.min(Math.max(Math.round(x * width - boxWidth / 2), 0), width - boxWidth);
    var top = Math.min(Math.max(Math.round(y * height - boxHeight / 2), 0), height - boxHeight);
    return { left: left, top: top, width: boxWidth, height: boxHeight };
  }

  function frameCrops(previews, x, y) {
    var width = parseInt(previews.getAttribute("data-width"), 10);
    var height = parseInt(previews.getAttribute("data-height"), 10);
    if (!width || !height) {
      return;
    }
    previews.querySelectorAll(".crop-preview").forEach(function (preview) {
      var box = cropBox(width, height, parseFloat(preview.getAttribute("data-ratio")), x, y);
      var image = preview.querySelector("img");
      image.style.width = (width * 100 / box.width).toFixed(3) + "%";
      image.style.left = (-box.left * 100 / box.width).toFixed(3) + "%";
      image.style.top = (-box.top * 100 / box.height).toFixed(3) + "%";
    });
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
      form.querySelectorAll(".crop-previews").forEach(function (previews) {
        frameCrops(previews, x, y);
      });
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
