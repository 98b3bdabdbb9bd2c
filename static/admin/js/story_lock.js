/*
 * The story form's edit lock (articles/admin/story_locks.py). While this tab holds the lock it tells
 * the server it is still open every few seconds (the heartbeat; a lock not heard from lapses), and lets
 * go of it when the page goes away (navigator.sendBeacon on pagehide: closing the tab, leaving, saving).
 * When someone else has taken over, the heartbeat says so: the tab stops claiming the lock, shows who
 * took it, and asks story_autosave.js to keep what was typed ("story:lock-lost").
 * Read-only forms (someone else holds the lock) send nothing. No dependencies.
 */
(function () {
  "use strict";

  var config = document.getElementById("story-edit-lock");
  var form = document.getElementById("story_form");
  if (!config || !form || config.dataset.holding !== "true") {
    return;
  }
  var every = Math.max(1, Number(config.dataset.heartbeatSeconds) || 30) * 1000;
  var lost = false;

  function csrfToken() {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function showLost(message) {
    lost = true;
    window.clearInterval(timer);
    var notice = document.getElementById("edit-lock-lost");
    if (notice) {
      notice.textContent = message;
      notice.hidden = false;
    }
    document.dispatchEvent(new CustomEvent("story:lock-lost"));
  }

  function keepAlive() {
    if (lost) {
      return;
    }
    window
      .fetch(config.dataset.keepAliveUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrfToken() },
      })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        if (answer && !answer.held) {
          showLost(answer.message);
        }
      })
      .catch(function () {
        // Offline for a moment: the next beat tries again, and the lock outlives a short gap.
      });
  }

  var timer = window.setInterval(keepAlive, every);

  window.addEventListener("pagehide", function () {
    if (lost) {
      return;
    }
    var goodbye = new FormData();
    goodbye.append("csrfmiddlewaretoken", csrfToken());
    navigator.sendBeacon(config.dataset.releaseUrl, goodbye);
  });

  // Back from the browser's page cache after pagehide let go of the lock: claim it again at once.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      keepAlive();
    }
  });

  // Back to a tab left in the background (whose timers the browser slows down): ask at once, so a
  // take-over shows before any more typing.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") {
      keepAlive();
    }
  });
})();
