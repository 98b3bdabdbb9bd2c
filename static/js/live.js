/*
 * Live coverage: while a live story's page is open, ask for what changed every
 * NEWSROOM_LIVE_POLL_SECONDS (the section's data-live-poll), less and less often while the tab is
 * hidden and at once when it comes back. Plain GETs of a cacheable address (articles/reader/live.py):
 * the browser revalidates with the ETag it holds, and any cache or CDN in between may answer.
 *
 * New entries wait behind an "N new updates" button (and a count in the tab's title), so nothing
 * arrives under the reader's eyes; the button puts them at the top of the entries. Entries edited,
 * corrected or deleted, and the key points and key events, change in place, and the page keeps the
 * reader's place: what is being read stays where it is on the screen. Without JavaScript the page
 * shows every entry, newest first, with links to the older ones.
 */
(function () {
  "use strict";
  var live = document.querySelector("[data-live]");
  if (!live || !window.fetch || live.hasAttribute("data-live-watching")) return;
  live.setAttribute("data-live-watching", "");

  var HIDDEN_MAX = 120000;  // a hidden tab asks at most every two minutes...
  var ERROR_MAX = 300000;   // ...and a failing server is asked at most every five
  var address = live.getAttribute("data-live-url");
  var cursor = live.getAttribute("data-live-cursor") || "0";
  var interval = Math.max(1, parseInt(live.getAttribute("data-live-poll"), 10) || 15) * 1000;
  var list = live.querySelector("[data-live-entries]");
  var top = live.querySelector("[data-live-top]");
  var bar = live.querySelector("[data-live-new]");
  var button = live.querySelector("[data-live-show]");
  var status = live.querySelector("[data-live-status]");
  var pending = [];        // new entries not shown yet, newest first: {id, time, html}
  var reloadNeeded = false;
  var delay = interval;
  var timer = null;
  var lastAsked = Date.now();
  var asking = false;
  var ended = false;

  // The page keeps the reader's place itself (keepingPlace), not the browser's scroll anchoring too.
  document.documentElement.style.overflowAnchor = "none";

  function schedule(wait) {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, wait);
  }

  function ask() {
    if (ended || asking) return;
    asking = true;
    lastAsked = Date.now();
    fetch(address + "?since=" + encodeURIComponent(cursor), { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (answer) {
        apply(answer);
        delay = document.hidden ? Math.min(delay * 2, HIDDEN_MAX) : interval;
      })
      .catch(function () {
        delay = Math.min(Math.max(delay, interval) * 2, ERROR_MAX);
      })
      .then(function () {
        asking = false;
        if (!ended) schedule(delay);
      });
  }

  document.addEventListener("visibilitychange", function () {
    if (document.hidden || ended) return;
    delay = interval;
    if (Date.now() - lastAsked >= interval) ask();
    else schedule(interval - (Date.now() - lastAsked));
  });

  function element(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html.trim();
    return holder.firstElementChild;
  }

  function shownEntry(id) {
    return list.querySelector('[data-live-entry="' + id + '"]');
  }

  // The first block still on the screen (the key points and events, an entry, or the story's body
  // after them): whatever changes above it, its top stays where it is on the screen.
  function readingAnchor() {
    var blocks = [top].concat(Array.prototype.slice.call(list.children), [live.parentNode.querySelector(".story__body")]);
    for (var i = 0; i < blocks.length; i++) {
      if (blocks[i] && blocks[i].getBoundingClientRect().bottom > 0) return blocks[i];
    }
    return null;
  }

  function keepingPlace(change) {
    var anchor = readingAnchor();
    var before = anchor ? anchor.getBoundingClientRect().top : 0;
    var replaced = change() || {};
    var id = anchor && anchor.getAttribute("data-live-entry");
    if (id && replaced[id]) anchor = replaced[id];
    if (anchor && anchor.isConnected) {
      var shift = anchor.getBoundingClientRect().top - before;
      // At once: the site scrolls smoothly otherwise, and the reader would see the page glide.
      if (shift) window.scrollBy({ top: shift, behavior: "instant" });
    }
  }

  function apply(answer) {
    cursor = String(answer.cursor);
    keepingPlace(function () {
      var replaced = {};
      (answer.removed || []).forEach(function (id) {
        var shown = shownEntry(id);
        if (shown) shown.remove();
        pending = pending.filter(function (entry) { return entry.id !== id; });
      });
      (answer.entries || []).forEach(function (entry) {
        var shown = shownEntry(entry.id);
        if (shown) {
          var fresh = element(entry.html);
          shown.replaceWith(fresh);
          replaced[String(entry.id)] = fresh;
        } else {
          pending = pending.filter(function (waiting) { return waiting.id !== entry.id; });
          pending.push(entry);
        }
      });
      if (typeof answer.top === "string") {
        top.innerHTML = answer.top;
        // A key event whose entry this page does not hold (an older page's) is listed, not linked.
        top.querySelectorAll('a[href^="#entry-"]').forEach(function (link) {
          if (!document.getElementById(link.getAttribute("href").slice(1))) {
            link.replaceWith(document.createTextNode(link.textContent));
          }
        });
      }
      return replaced;
    });
    pending.sort(function (a, b) { return a.time < b.time ? 1 : a.time > b.time ? -1 : b.id - a.id; });
    if (answer.more) reloadNeeded = true;
    offer();
    if (!answer.live) {
      ended = true;
      window.clearTimeout(timer);
      status.textContent = "The live coverage has ended. Reload the page for its final version.";
      live.classList.remove("live--running");
    }
  }

  function offer() {
    var count = pending.length;
    // The title as it is now: scrolling to the next story below may have changed it.
    var title = document.title.replace(/^\(\S+\) /, "");
    if (!count && !reloadNeeded) {
      bar.hidden = true;
      document.title = title;
      return;
    }
    if (reloadNeeded) button.textContent = "Many new updates: reload the page";
    else button.textContent = count === 1 ? "1 new update" : count + " new updates";
    bar.hidden = false;
    document.title = "(" + (count || "+") + ") " + title;
  }

  button.addEventListener("click", function () {
    if (reloadNeeded) {
      window.location.reload();
      return;
    }
    var none = list.querySelector("[data-live-none]");
    if (none) none.remove();
    var first = null;
    var batch = document.createDocumentFragment();
    pending.forEach(function (entry) {
      var arrived = element(entry.html);
      arrived.classList.add("live-entry--arrived");
      first = first || arrived;
      batch.appendChild(arrived);
    });
    list.insertBefore(batch, list.firstChild);
    pending = [];
    offer();
    if (first) {
      // Keyboard and screen-reader users continue from the newest entry; the screen does not jump.
      first.setAttribute("tabindex", "-1");
      first.focus({ preventScroll: true });
    }
  });

  schedule(interval);
})();
