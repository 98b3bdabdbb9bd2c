/*
 * Scroll for next: when the reader nears the end of a story, the next story of the section (or,
 * once the section runs out, the newest of the site) is fetched and added below, after a visible
 * "Next story in <section>" divider, and the address bar follows whichever story is being read.
 * Without JavaScript (or if anything here fails) the "Next story" link is an ordinary link.
 */
(function () {
  "use strict";
  var stream = document.querySelector("[data-story-stream]");
  if (!stream || !("IntersectionObserver" in window) || !window.fetch || !window.history.replaceState) {
    return;
  }
  var MAX_STORIES = 10;
  var loaded = new Set([window.location.pathname]);
  var loading = false;

  // The story whose top part is in the reading zone owns the address bar.
  var readingObserver = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (!entry.isIntersecting) return;
      var url = entry.target.getAttribute("data-story-url");
      if (url && url !== window.location.pathname) {
        window.history.replaceState({ storyUrl: url }, "", url);
        document.title = entry.target.getAttribute("data-story-title") || document.title;
      }
    });
  }, { rootMargin: "-30% 0px -60% 0px" });

  var nextObserver = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        nextObserver.unobserve(entry.target);
        loadNext(entry.target);
      }
    });
  }, { rootMargin: "0px 0px 600px 0px" });

  function watch(article) {
    readingObserver.observe(article);
    var link = article.querySelector("a[data-next-story]");
    if (link && stream.querySelectorAll("article.story").length < MAX_STORIES) {
      nextObserver.observe(link);
    }
  }

  function loadNext(link) {
    var url = new URL(link.href, window.location.href);
    if (loading || url.origin !== window.location.origin || loaded.has(url.pathname)) return;
    loading = true;
    loaded.add(url.pathname);
    link.setAttribute("aria-busy", "true");
    fetch(url.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var article = page.querySelector("[data-story-stream] article.story");
        if (!article) throw new Error("no story in " + url.href);
        article = document.importNode(article, true);
        article.classList.add("story--appended");
        // "More headlines" and "Related" are the first story's: under every added story they would
        // repeat the same cards between stories (1,500 px of them on a phone).
        article.querySelectorAll(".story__aside").forEach(function (aside) { aside.remove(); });
        // The heading level stays right for screen readers: one h1 per page.
        var headline = article.querySelector("h1");
        if (headline) {
          var h2 = document.createElement("h2");
          h2.className = headline.className;
          h2.innerHTML = headline.innerHTML;
          headline.replaceWith(h2);
        }
        // Landmark names stay unique on the page: the added story's ("More to read", "Next story")
        // say which story they follow.
        var title = headline ? headline.textContent.trim() : "";
        article.querySelectorAll("aside[aria-label], nav[aria-label], section[aria-label]").forEach(function (landmark) {
          landmark.setAttribute("aria-label", landmark.getAttribute("aria-label") + ", after " + title);
        });
        link.closest(".next-story").classList.add("next-story--loaded");
        stream.appendChild(article);
        watch(article);
      })
      .catch(function () {
        loaded.delete(url.pathname); // leave the plain link to do its job
      })
      .finally(function () {
        loading = false;
        link.removeAttribute("aria-busy");
      });
  }

  stream.querySelectorAll("article.story").forEach(watch);
})();
