/* The front editor's drag and drop (templates/admin/articles/front/edit.html).
 *
 * Pinned stories can be dragged within their slot, or into another slot; on drop the slot's pins are
 * posted in their new order as the same "arrange" action a person without a mouse reaches with the
 * Up and Down buttons (plain forms, which work without this script). Automatic stories stay after
 * the pinned ones: they are not the editor's to move.
 */
(function () {
  "use strict";

  const editor = document.querySelector("[data-front-editor]");
  const form = document.getElementById("front-arrange-form");
  if (!editor || !form) {
    return;
  }
  let dragged = null;

  function pinsOf(list) {
    return Array.from(list.querySelectorAll(":scope > li[data-pin]"));
  }

  function placeBefore(list, y) {
    // The first pinned story whose middle is below the pointer; else the first automatic one.
    for (const item of pinsOf(list)) {
      if (item === dragged) {
        continue;
      }
      const box = item.getBoundingClientRect();
      if (y < box.top + box.height / 2) {
        return item;
      }
    }
    return list.querySelector(":scope > li:not([data-pin])");
  }

  function post(list) {
    form.elements.slot.value = list.dataset.slot;
    form.querySelectorAll("input[name=pin]").forEach((input) => input.remove());
    for (const item of pinsOf(list)) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = "pin";
      input.value = item.dataset.pin;
      form.appendChild(input);
    }
    form.submit();
  }

  editor.querySelectorAll("li[data-pin]").forEach((item) => {
    item.addEventListener("dragstart", (event) => {
      dragged = item;
      item.classList.add("is-dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.dataset.pin);
    });
    item.addEventListener("dragend", () => {
      item.classList.remove("is-dragging");
      dragged = null;
    });
  });

  editor.querySelectorAll("ol[data-slot]").forEach((list) => {
    list.addEventListener("dragover", (event) => {
      if (!dragged) {
        return;
      }
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      const before = placeBefore(list, event.clientY);
      if (before !== dragged && before !== dragged.nextElementSibling) {
        list.insertBefore(dragged, before);
      } else if (!before && dragged.parentElement !== list) {
        list.appendChild(dragged);
      }
    });
    list.addEventListener("drop", (event) => {
      if (!dragged) {
        return;
      }
      event.preventDefault();
      post(list);
    });
  });
})();
