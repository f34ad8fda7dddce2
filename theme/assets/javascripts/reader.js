/*
  What a reader keeps, with no account, in this browser's localStorage under keys of this
  site's own (two digests on one github.io origin keep two lists); never sent anywhere.
  This file: saving papers. A paper page gets a Save button beside its Read buttons, a paper
  list a star per paper (saved.js lists what is saved). It also lends saved.js, follow.js and
  for_you.js their helpers (window.digestReader). Without JavaScript none of it shows, and
  nothing else on the site depends on it.
*/
(function () {
  "use strict";
  var script = document.currentScript;
  var storage = null;
  try {
    storage = window.localStorage; // reading it throws where the reader blocked storage
  } catch (error) {
    return;
  }
  if (!script || !storage) return;
  var root = new URL("../../", script.src); // this file is assets/javascripts/reader.js
  var storeKey = "digest-saved:" + root.pathname;
  // A page's path from the site root: only what the build writes (any other origin, folder
  // or scheme is refused, whoever wrote the stored value: another site on this origin too).
  var PAPER = /^papers\/[A-Za-z0-9_-][A-Za-z0-9._-]*\/$/;

  function read(key, fallback) {
    try {
      return JSON.parse(storage.getItem(key) || "null") || fallback;
    } catch (error) {
      return fallback;
    }
  }

  function write(key, value) {
    // False where the browser refuses (storage full or blocked): the caller leaves its button.
    try {
      storage.setItem(key, JSON.stringify(value));
      return true;
    } catch (error) {
      return false;
    }
  }

  function load() {
    var items = read(storeKey, []);
    return (Array.isArray(items) ? items : []).filter(function (item) {
      return item && typeof item.path === "string" && PAPER.test(item.path) &&
        typeof item.title === "string" && typeof (item.bibtex || "") === "string" &&
        typeof (item.saved || "") === "string";
    });
  }

  function store(items) {
    return write(storeKey, items);
  }

  function pathOf(href) {
    // A paper page's path from the site root ("papers/slug/"), or "" for any other link.
    var url = new URL(href, location.href);
    if (url.origin !== root.origin || url.pathname.indexOf(root.pathname) !== 0) return "";
    var path = url.pathname.slice(root.pathname.length);
    return PAPER.test(path) ? path : "";
  }

  function pathOfPage() {
    // This page's path from the site root ("tags/x/page-2/"), or "" outside the site.
    var here = location.pathname;
    return here.indexOf(root.pathname) === 0 ? here.slice(root.pathname.length) : "";
  }

  function isSaved(path) {
    return load().some(function (item) { return item.path === path; });
  }

  function setSaved(paper, wanted) {
    // Saved or not as the reader asked (what their button showed), whatever another tab did;
    // returns whether it is saved now.
    var items = load();
    var kept = items.filter(function (item) { return item.path !== paper.path; });
    if (wanted) {
      kept.unshift({
        path: paper.path,
        title: paper.title,
        bibtex: paper.bibtex || "",
        saved: new Date().toISOString().slice(0, 10)
      });
    }
    return store(kept) ? wanted : kept.length < items.length;
  }

  function pressed(control, on, text) {
    // A toggle shown on or off (Save, a list's star, Follow): its state is aria-pressed, its
    // name stays its label; the star is for the eye only, and a button shows "on" filled.
    control.setAttribute("aria-pressed", String(on));
    if (control.classList.contains("md-button")) control.classList.toggle("md-button--primary", on);
    var star = document.createElement("span");
    star.setAttribute("aria-hidden", "true");
    star.textContent = on ? "\u2605" : "\u2606";
    control.textContent = "";
    control.appendChild(star);
    if (text) control.appendChild(document.createTextNode(" " + text));
  }

  function button(className, on, label, text) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.setAttribute("aria-pressed", String(on));
    if (label) element.setAttribute("aria-label", label);
    element.textContent = text;
    return element;
  }

  function plain(text, className, label) {
    // A button that does one thing (no pressed state).
    var control = button(className || "md-button", false, label || "", text);
    control.removeAttribute("aria-pressed");
    return control;
  }

  function plainTitle(page) {
    // The title as text (ViT³, not its math markup): the chrome script's, else the heading's.
    var tagged = page.querySelector("script[data-title]");
    var heading = page.querySelector("article h1");
    return ((tagged && tagged.getAttribute("data-title")) ||
      (heading ? heading.textContent : page.title)).trim();
  }

  function paperPage(read, cite) {
    var path = pathOf(location.href);
    if (!path) return;
    var paper = { path: path, title: plainTitle(document), bibtex: cite.textContent };
    var save = button("md-button digest-save", false, "Save", "");
    save.title = "Keep this paper in this browser's saved list (Saved tab)";
    var show = function (saved) { pressed(save, saved, saved ? "Saved" : "Save"); };
    show(isSaved(path));
    save.addEventListener("click", function () {
      show(setSaved(paper, save.getAttribute("aria-pressed") !== "true"));
    });
    read.appendChild(save);
  }

  function paperLists(scope) {
    // A star before each paper of the lists in `scope` (the page, or a list a script made).
    scope.querySelectorAll("ul.digest-papers > li").forEach(function (item) {
      var link = item.querySelector("a");
      var path = link && pathOf(link.getAttribute("href"));
      if (!path) return;
      var title = link.textContent.trim();
      var saved = isSaved(path);
      var star = button("digest-star", saved, "Save " + title, "");
      pressed(star, saved, "");
      star.addEventListener("click", function () {
        var wanted = star.getAttribute("aria-pressed") !== "true";
        pressed(star, setSaved({ path: path, title: title }, wanted), "");
      });
      item.insertBefore(star, item.firstChild);
    });
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function ready(box) {
    // Filled in: tests wait on this mark, never on time.
    box.removeAttribute("aria-busy");
    box.setAttribute("data-digest-ready", "");
  }

  function save(name, type, text) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function whenReady(run) {
    // `run` once the page is parsed: the scripts sit in the page's head or its end.
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", run, { once: true });
    } else {
      run();
    }
  }

  window.digestReader = {
    root: root, read: read, write: write, element: element, button: button, plain: plain,
    pressed: pressed, save: save, ready: ready, pathOfPage: pathOfPage, pathOf: pathOf,
    saved: load, store: store, plainTitle: plainTitle, stars: paperLists, whenReady: whenReady
  };

  function start() {
    if (document.getElementById("digest-saved")) return; // saved.js fills it
    var read = document.querySelector("p.digest-read");
    var cite = document.querySelector("code.language-bibtex");
    if (read && cite) paperPage(read, cite);
    paperLists(document);
  }

  whenReady(start);
})();
