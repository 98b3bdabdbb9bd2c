/*
 * No lost typing on the story form (articles/admin/story_autosave.py, story_preview.py):
 * - every few seconds, when the form differs from what was last kept, its fields are posted to the
 *   autosave address (files left out), and once more when the page goes away (sendBeacon on pagehide)
 *   or when story_lock.js reports that someone else took over;
 * - leaving a changed form asks first (beforeunload), except by its own buttons;
 * - the "Preview" link at the top previews the form as typed (the "Preview unsaved changes" button
 *   at the bottom, which works without this script too).
 * No dependencies.
 */
(function () {
  "use strict";

  var config = document.getElementById("story-autosave");
  var form = document.getElementById("story_form");
  if (!config || !form) {
    return;
  }
  var every = Math.max(1, Number(config.dataset.everySeconds) || 30) * 1000;
  var status = document.getElementById("story-autosave-status");

  // The form's text fields as posted (a file input's File is left out: an autosave keeps no upload).
  function fields() {
    var data = new FormData(form);
    var names = [];
    data.forEach(function (value, name) {
      if (typeof value !== "string") {
        names.push(name);
      }
    });
    names.forEach(function (name) {
      data.delete(name);
    });
    return data;
  }

  function serialised(data) {
    var text = new URLSearchParams();
    data.forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") {
        text.append(name, value);
      }
    });
    return text.toString();
  }

  var opened = serialised(fields()); // the form as shown
  var kept = opened; // what the server holds: the story, or the last autosave
  var restored = config.dataset.restored === "true"; // shown from an autosave: not the story yet
  var submitting = false;

  function changed() {
    return restored || serialised(fields()) !== opened;
  }

  function autosave() {
    var data = fields();
    var now = serialised(data);
    if (now === kept) {
      return;
    }
    window
      .fetch(config.dataset.url, { method: "POST", credentials: "same-origin", body: data })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (answer) {
        if (answer) {
          kept = now;
          if (status) {
            status.textContent = answer.message;
          }
        }
      })
      .catch(function () {
        // Offline for a moment: the next round tries again.
      });
  }

  window.setInterval(autosave, every);
  document.addEventListener("story:lock-lost", autosave);

  form.addEventListener("submit", function (event) {
    // A button opening another tab (the preview) does not leave this page.
    var submitter = event.submitter;
    if (!submitter || submitter.getAttribute("formtarget") !== "_blank") {
      submitting = true;
    }
  });

  window.addEventListener("beforeunload", function (event) {
    if (!submitting && changed()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  window.addEventListener("pagehide", function () {
    if (submitting) {
      return;
    }
    var data = fields();
    if (serialised(data) !== kept) {
      navigator.sendBeacon(config.dataset.url, data);
    }
  });

  var previewLink = document.getElementById("story-preview-link");
  var previewButton = document.getElementById("story-preview-button");
  if (previewLink && previewButton) {
    previewLink.addEventListener("click", function (event) {
      event.preventDefault();
      previewButton.click();
    });
  }
})();
