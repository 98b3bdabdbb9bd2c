/*
 * The picture chooser: a modal over the admin page with a searchable, paged grid of the photo
 * library (caption, credit, keywords, date) and upload in place.
 *
 *   window.NewsroomPhotoChooser.open({onChoose: function (photo) {...}})
 *
 * ``photo`` is {id, caption, credit, thumbnail, label, ...} as the server's chooser view sends it
 * (articles/admin/photo_chooser.py). The server searches, pages and checks permissions; an upload
 * goes through the library's own validated upload path, and a picture already in the library is
 * offered instead ("Use the existing photo"). The same script runs the story form's photo fields
 * (templates/admin/articles/widgets/photo_chooser.html), including inline rows added later, and the
 * body editor's "Insert picture" button (prose_photo_embed.js). No dependencies.
 */
(function () {
  "use strict";

  var gettext = window.gettext || function (text) { return text; };
  var dialog = null;
  var current = null; // {onChoose, page, query, added}

  function urls() {
    var holder = document.querySelector("[data-photo-chooser]");
    if (holder) {
      return { chooser: holder.getAttribute("data-chooser-url"), upload: holder.getAttribute("data-upload-url") };
    }
    // The Photo admin's own addresses, for a page without a photo field.
    return { chooser: "/admin/articles/photo/chooser/", upload: "/admin/articles/photo/chooser/upload/" };
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) {
      return input.value;
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function element(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      if (name === "text") {
        node.textContent = attributes[name];
      } else if (attributes[name] !== null && attributes[name] !== undefined) {
        node.setAttribute(name, attributes[name]);
      }
    });
    (children || []).forEach(function (child) {
      node.append(child);
    });
    return node;
  }

  function field(label, control) {
    return element("div", { class: "photo-chooser-field" }, [element("label", { for: control.id, text: label }), control]);
  }

  function build() {
    var search = element("input", {
      type: "search", name: "q", id: "photo-chooser-q", class: "vTextField",
      placeholder: gettext("Caption, credit, keywords…"), "aria-label": gettext("Search the library"),
    });
    var added = element("select", { name: "added", id: "photo-chooser-added", "aria-label": gettext("Added") }, [
      element("option", { value: "", text: gettext("Any time") }),
      element("option", { value: "today", text: gettext("Today") }),
      element("option", { value: "week", text: gettext("Past 7 days") }),
      element("option", { value: "month", text: gettext("Past month") }),
    ]);
    var uploadFields = [
      field(gettext("Picture file"), element("input", {
        type: "file", name: "files", id: "photo-chooser-file", required: "",
        accept: "image/jpeg,image/png,image/webp,image/avif,image/gif",
      })),
      field(gettext("Caption"), element("textarea", { name: "caption", id: "photo-chooser-caption", rows: "2", class: "vLargeTextField" })),
      field(gettext("Alt text"), element("input", { type: "text", name: "alt_text", id: "photo-chooser-alt", class: "vTextField", maxlength: "500" })),
      field(gettext("Credit"), element("input", { type: "text", name: "credit", id: "photo-chooser-credit", class: "vTextField", maxlength: "200" })),
      field(gettext("Usage terms"), element("textarea", { name: "usage_terms", id: "photo-chooser-terms", rows: "2", class: "vLargeTextField" })),
      field(gettext("Usage expires"), element("input", { type: "date", name: "expires_at_0", id: "photo-chooser-expires" })),
    ];
    dialog = element("dialog", { class: "photo-chooser-dialog", "aria-labelledby": "photo-chooser-title" }, [
      element("div", { class: "photo-chooser-header" }, [
        element("h2", { id: "photo-chooser-title", text: gettext("Choose a picture") }),
        element("button", { type: "button", class: "photo-chooser-close", "aria-label": gettext("Close"), text: "×" }),
      ]),
      element("div", { class: "photo-chooser-tabs", role: "tablist" }, [
        element("button", { type: "button", role: "tab", class: "photo-chooser-tab", "data-tab": "library", "aria-selected": "true", text: gettext("Library") }),
        element("button", { type: "button", role: "tab", class: "photo-chooser-tab", "data-tab": "upload", "aria-selected": "false", text: gettext("Upload") }),
      ]),
      element("section", { class: "photo-chooser-library", "data-panel": "library" }, [
        element("form", { class: "photo-chooser-search", role: "search" }, [
          search, added, element("button", { type: "submit", class: "button", text: gettext("Search") }),
        ]),
        element("p", { class: "photo-chooser-status", "aria-live": "polite" }),
        element("ul", { class: "photo-chooser-grid" }),
        element("nav", { class: "photo-chooser-pages", "aria-label": gettext("Pages") }, [
          element("button", { type: "button", class: "button photo-chooser-previous", text: "‹ " + gettext("Previous") }),
          element("span", { class: "photo-chooser-page" }),
          element("button", { type: "button", class: "button photo-chooser-next", text: gettext("Next") + " ›" }),
        ]),
      ]),
      element("section", { class: "photo-chooser-upload", "data-panel": "upload", hidden: "" }, [
        element("form", { class: "photo-chooser-upload-form", enctype: "multipart/form-data" }, uploadFields.concat([
          element("ul", { class: "errorlist photo-chooser-errors", role: "alert" }),
          element("div", { class: "photo-chooser-look-alike", hidden: "" }, [
            element("p", { class: "photo-chooser-look-alike-message" }),
            element("img", { class: "photo-chooser-look-alike-picture", alt: "" }),
            element("p", {}, [
              element("button", { type: "button", class: "button default photo-chooser-use-existing", text: gettext("Use the existing photo") }),
              " ",
              element("button", { type: "button", class: "button photo-chooser-upload-anyway", text: gettext("Upload it as a new photo") }),
            ]),
          ]),
          element("div", { class: "submit-row" }, [
            element("input", { type: "submit", class: "default", value: gettext("Upload and choose") }),
          ]),
        ])),
      ]),
    ]);
    document.body.append(dialog);

    dialog.querySelector(".photo-chooser-close").addEventListener("click", close);
    dialog.addEventListener("close", function () { current = null; });
    dialog.querySelectorAll(".photo-chooser-tab").forEach(function (tab) {
      tab.addEventListener("click", function () { showTab(tab.getAttribute("data-tab")); });
    });
    dialog.querySelector(".photo-chooser-search").addEventListener("submit", function (event) {
      event.preventDefault();
      current.query = search.value;
      current.added = added.value;
      load(1);
    });
    added.addEventListener("change", function () {
      current.added = added.value;
      load(1);
    });
    dialog.querySelector(".photo-chooser-previous").addEventListener("click", function () { load(current.page - 1); });
    dialog.querySelector(".photo-chooser-next").addEventListener("click", function () { load(current.page + 1); });
    dialog.querySelector(".photo-chooser-grid").addEventListener("click", function (event) {
      var item = event.target.closest(".photo-chooser-item");
      if (item && item.photo) {
        choose(item.photo);
      }
    });
    dialog.querySelector(".photo-chooser-upload-form").addEventListener("submit", function (event) {
      event.preventDefault();
      upload(false);
    });
    dialog.querySelector(".photo-chooser-upload-anyway").addEventListener("click", function () { upload(true); });
  }

  function showTab(name) {
    dialog.querySelectorAll(".photo-chooser-tab").forEach(function (tab) {
      tab.setAttribute("aria-selected", String(tab.getAttribute("data-tab") === name));
    });
    dialog.querySelectorAll("[data-panel]").forEach(function (panel) {
      panel.hidden = panel.getAttribute("data-panel") !== name;
    });
  }

  function tile(photo) {
    var button = element("button", { type: "button", class: "photo-chooser-item", "data-photo-id": photo.id, title: photo.label }, [
      element("img", { src: photo.thumbnail, alt: "", loading: "lazy", width: "160" }),
      element("span", { class: "photo-chooser-caption", text: photo.caption || gettext("(no caption)") }),
      element("span", { class: "photo-chooser-credit", text: photo.credit || gettext("No credit") }),
      element("span", { class: "photo-chooser-date", text: photo.date }),
      element("span", { class: "photo-chooser-keywords", text: (photo.keywords || []).join(", ") }),
    ]);
    if (photo.expired) {
      button.classList.add("photo-chooser-expired");
      button.append(element("span", { class: "photo-flag photo-flag-expired", text: gettext("Rights expired") }));
    }
    button.photo = photo;
    return element("li", {}, [button]);
  }

  function load(page) {
    var status = dialog.querySelector(".photo-chooser-status");
    var grid = dialog.querySelector(".photo-chooser-grid");
    var address = new URL(urls().chooser, window.location.href);
    address.searchParams.set("page", String(page));
    if (current.query) {
      address.searchParams.set("q", current.query);
    }
    if (current.added) {
      address.searchParams.set("added", current.added);
    }
    status.textContent = gettext("Searching…");
    return fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status === 403 ? gettext("You may not see the photo library.") : gettext("The library did not answer."));
        }
        return response.json();
      })
      .then(function (answer) {
        current.page = answer.page;
        grid.replaceChildren.apply(grid, answer.results.map(tile));
        status.textContent = answer.count
          ? interpolate(gettext("%s pictures"), [answer.count])
          : gettext("No picture in the library matches.");
        dialog.querySelector(".photo-chooser-page").textContent = interpolate(gettext("Page %s of %s"), [answer.page, answer.pages]);
        dialog.querySelector(".photo-chooser-previous").disabled = !answer.has_previous;
        dialog.querySelector(".photo-chooser-next").disabled = !answer.has_next;
      })
      .catch(function (error) {
        status.textContent = error.message;
      });
  }

  function interpolate(text, values) {
    if (window.interpolate) {
      return window.interpolate(text, values);
    }
    values.forEach(function (value) { text = text.replace("%s", value); });
    return text;
  }

  function upload(asNewPhoto) {
    var form = dialog.querySelector(".photo-chooser-upload-form");
    var errors = dialog.querySelector(".photo-chooser-errors");
    var lookAlike = dialog.querySelector(".photo-chooser-look-alike");
    var data = new FormData(form);
    if (data.get("expires_at_0")) {
      data.set("expires_at_1", "23:59:59"); // the end of the day the rights run to
    }
    if (asNewPhoto) {
      data.set("store_look_alikes", "on");
    }
    errors.replaceChildren();
    lookAlike.hidden = true;
    fetch(urls().upload, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    })
      .then(function (response) {
        if (response.status === 403) {
          throw new Error(gettext("You may not add photos to the library."));
        }
        return response.json();
      })
      .then(function (answer) {
        if (answer.photo) {
          form.reset();
          choose(answer.photo);
        } else if (answer.existing && answer.same_file) {
          form.reset();
          choose(answer.existing);
        } else if (answer.existing) {
          // The same picture in another file: the desk decides.
          lookAlike.querySelector(".photo-chooser-look-alike-message").innerHTML = answer.message; // the server's escaped HTML
          lookAlike.querySelector(".photo-chooser-look-alike-picture").src = answer.existing.thumbnail;
          lookAlike.existing = answer.existing;
          lookAlike.hidden = false;
        } else {
          var messages = [];
          Object.keys(answer.errors || {}).forEach(function (name) {
            messages = messages.concat(answer.errors[name]);
          });
          errors.replaceChildren.apply(errors, messages.map(function (text) { return element("li", { text: text }); }));
        }
      })
      .catch(function (error) {
        errors.replaceChildren(element("li", { text: error.message }));
      });
  }

  function choose(photo) {
    var callback = current && current.onChoose;
    close();
    if (callback) {
      callback(photo);
    }
  }

  function close() {
    if (dialog && dialog.open) {
      dialog.close();
    }
  }

  function open(options) {
    if (!dialog) {
      build();
      dialog.querySelector(".photo-chooser-use-existing").addEventListener("click", function () {
        choose(dialog.querySelector(".photo-chooser-look-alike").existing);
      });
    }
    current = { onChoose: options && options.onChoose, page: 1, query: "", added: "" };
    dialog.querySelector("#photo-chooser-q").value = "";
    dialog.querySelector("#photo-chooser-added").value = "";
    dialog.querySelector(".photo-chooser-look-alike").hidden = true;
    dialog.querySelector(".photo-chooser-errors").replaceChildren();
    showTab("library");
    dialog.showModal();
    dialog.querySelector("#photo-chooser-q").focus();
    return load(1);
  }

  // A photo by its id ({id, caption, credit, thumbnail...} or null), for labelling chosen pictures.
  var described = {};
  function describe(id) {
    if (!described[id]) {
      var address = new URL(urls().chooser, window.location.href);
      address.searchParams.set("id", String(id));
      described[id] = fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (answer) { return answer.results[0] || null; })
        .catch(function () { return null; });
    }
    return described[id];
  }

  // The story form's photo fields: every [data-photo-chooser] widget, including rows added later.
  function fieldOf(button) {
    return button.closest("[data-photo-chooser]");
  }

  function show(widget, photo) {
    var input = widget.querySelector(".photo-chooser-input");
    var picture = widget.querySelector(".photo-chooser-thumbnail");
    input.value = photo ? String(photo.id) : "";
    picture.hidden = !photo;
    picture.src = photo ? photo.thumbnail : "";
    widget.querySelector(".photo-chooser-label").textContent = photo ? photo.label : "";
    widget.querySelector(".photo-chooser-clear").hidden = !photo;
    widget.classList.toggle("photo-chooser-has-photo", Boolean(photo));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  document.addEventListener("click", function (event) {
    var opener = event.target.closest(".photo-chooser-open");
    var clearer = event.target.closest(".photo-chooser-clear");
    if (opener && fieldOf(opener)) {
      event.preventDefault();
      var widget = fieldOf(opener);
      open({ onChoose: function (photo) { show(widget, photo); } });
    } else if (clearer && fieldOf(clearer)) {
      event.preventDefault();
      show(fieldOf(clearer), null);
    }
  });

  document.documentElement.classList.add("photo-chooser-ready");
  window.NewsroomPhotoChooser = { open: open, close: close, describe: describe };
})();
