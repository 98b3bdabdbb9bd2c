/*
 * Word and character counts under the story form's headline, SEO title, standfirst and body, kept
 * up to date as one types. A field opts in with data-count (articles/forms.py); one with
 * data-count-limit also shows its length against that limit (what search engines show of a title).
 * The body is the editor's HTML in its textarea, which the editor updates (with an "input" event)
 * on every change; it is parsed into an inert document, so nothing in it loads or runs.
 */
(function () {
  "use strict";
  var BLOCKS = "p, li, h1, h2, h3, h4, h5, h6, blockquote, td, th, figcaption, aside, br";
  var gettext = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, many, count) { return count === 1 ? one : many; };
  var interpolate = window.interpolate || function (text, values, named) {
    return text.replace(/%\((\w+)\)s/g, function (_, name) { return values[name]; });
  };

  function textOf(field) {
    if (field.tagName !== "TEXTAREA" || !field.hasAttribute("data-count-html")) return field.value;
    var body = new DOMParser().parseFromString(field.value, "text/html").body;
    // Blocks end words: "<p>end</p><p>start</p>" is two words, not "endstart".
    body.querySelectorAll(BLOCKS).forEach(function (block) { block.append(" "); });
    return body.textContent;
  }

  function countsOf(text) {
    var squeezed = text.replace(/\s+/g, " ").trim();
    var words = squeezed ? squeezed.split(" ").filter(function (word) { return /[\p{L}\p{N}]/u.test(word); }) : [];
    return { words: words.length, characters: Array.from(squeezed).length };
  }

  function describe(field) {
    var counts = countsOf(textOf(field));
    var words = interpolate(ngettext("%(count)s word", "%(count)s words", counts.words), { count: counts.words }, true);
    var limit = Number(field.getAttribute("data-count-limit") || 0);
    if (!limit) {
      var characters = interpolate(
        ngettext("%(count)s character", "%(count)s characters", counts.characters), { count: counts.characters }, true
      );
      return { text: words + ", " + characters, over: false };
    }
    var length = interpolate(gettext("%(length)s/%(limit)s characters"), { length: counts.characters, limit: limit }, true);
    var over = counts.characters > limit;
    var note = over ? " " + gettext("(search engines cut it short)") : "";
    return { text: length + note + ", " + words, over: over };
  }

  function show(field) {
    var shown = describe(field);
    field._storyCount.textContent = shown.text;
    field._storyCount.classList.toggle("story-count--over", shown.over);
  }

  function attach(field) {
    var count = document.createElement("div");
    count.className = "help story-count";
    count.id = field.id + "_count";
    count.setAttribute("aria-live", "polite");
    field._storyCount = count;
    // After the field's own box (the editor wraps the body's textarea in one when it starts).
    var row = field.closest(".form-row > div") || field.parentNode;
    row.append(count);
    show(field);
  }

  function start() {
    document.querySelectorAll("[data-count]").forEach(attach);
    document.addEventListener("input", function (event) {
      if (event.target._storyCount) show(event.target);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
