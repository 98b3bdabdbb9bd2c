/*
 * Click-to-load embeds in a story's body (articles/reader/embeds.py): nothing is fetched from a video
 * or social site until the reader asks. The card's button is a link to our own embed page, which
 * holds the provider's player; here a click puts that page in a frame where the card was. Without
 * JavaScript the link opens it. Listens on the document, so stories added by scroll-for-next work too.
 */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-embed-load]") : null;
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    var figure = link.closest("[data-embed-card]");
    var card = figure && figure.querySelector(".embed__card");
    if (!card) return;
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.className = "embed__frame";
    frame.title = link.getAttribute("data-embed-title") || "";
    frame.setAttribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    frame.src = link.getAttribute("href");
    card.replaceWith(frame);
    figure.classList.add("embed--loaded");
    frame.focus();
  });
})();
