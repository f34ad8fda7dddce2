/*
  What a reader keeps, with no account, in this browser's localStorage under keys of this
  site's own (two digests on one github.io origin keep two lists); never sent anywhere.
  This file: saved papers. A paper page gets a Save button beside its Read buttons, a paper
  list a star per paper; /saved/ lists what is saved, with its BibTeX (the paper pages' own
  Cite entries) to download and a Markdown list to copy. It also lends follow.js its helpers
  (window.digestReader). Without JavaScript none of it shows, and nothing else on the site
  depends on it.
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

  function paperLists() {
    document.querySelectorAll("ul.digest-papers > li").forEach(function (item) {
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

  function fromPage(path) {
    // What a paper saved from a list lacks, read from its page as that page shows it: the
    // Cite entry, and the title as text (a list's link may hold math markup).
    return fetch(new URL(path, root).href)
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (text) {
        var page = new DOMParser().parseFromString(text, "text/html");
        var code = page.querySelector("code.language-bibtex");
        return code ? { bibtex: code.textContent, title: plainTitle(page) } : null;
      })
      .catch(function () { return null; });
  }

  function bibliography(items) {
    // Every entry once; a key two entries share gets a letter, so the file stays valid BibTeX.
    var seen = {};
    return items.map(function (item) {
      return item.bibtex.replace(/^(\s*@\w+\{)([^,]*),/, function (all, head, key) {
        seen[key] = (seen[key] || 0) + 1;
        return head + key + (seen[key] > 1 ? String.fromCharCode(96 + seen[key]) : "") + ",";
      });
    }).filter(Boolean).join("\n\n") + "\n";
  }

  function markdown(items) {
    return items.map(function (item) {
      // What Markdown or HTML would read as markup escaped, whitespace collapsed: a title
      // stays one line of text wherever the list is pasted.
      var title = item.title.replace(/\s+/g, " ").replace(/([\\`*_\[\]<>|~#!&])/g, "\\$1");
      return "- [" + title + "](" + new URL(item.path, root).href + ")";
    }).join("\n") + "\n";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function savedPage(box, fetched, focus) {
    // `fetched`: missing Cite entries were asked for already; `focus`: a Remove took the
    // focused button away, so the count line takes the focus.
    var items = load();
    box.textContent = "";
    if (!items.length) {
      box.appendChild(element("p", "", "Nothing saved yet. Save a paper with the Save button on " +
        "its page, or the star beside it in any list; it is kept in this browser only."));
      return ready(box);
    }
    var uncited = items.filter(function (item) { return !item.bibtex; }).length;
    var count = element("p", "digest-saved-count", items.length + " saved paper" +
      (items.length === 1 ? "" : "s") + ", newest saved first; kept in this browser only." +
      (uncited && fetched ? " " + uncited + " without BibTeX: their page could not be read." : ""));
    count.tabIndex = -1;
    box.appendChild(count);
    var actions = element("p", "digest-saved-actions");
    var download = plain("Download BibTeX", "md-button md-button--primary");
    var copy = plain("Copy as Markdown");
    var status = element("span", "digest-status");
    status.setAttribute("role", "status");
    actions.appendChild(download);
    actions.appendChild(copy);
    actions.appendChild(status);
    box.appendChild(actions);
    var list = element("ul", "digest-saved-list");
    items.forEach(function (item) {
      var entry = element("li");
      var link = element("a", "", item.title);
      link.href = new URL(item.path, root).href;
      var remove = plain("Remove", "digest-remove", "Remove " + item.title);
      remove.addEventListener("click", function () {
        store(load().filter(function (other) { return other.path !== item.path; }));
        savedPage(box, true, true);
      });
      entry.appendChild(link);
      entry.appendChild(document.createTextNode(" · saved " + (item.saved || "") + " "));
      entry.appendChild(remove);
      list.appendChild(entry);
    });
    box.appendChild(list);
    var details = element("details");
    details.appendChild(element("summary", "", "Markdown"));
    var text = element("pre", "digest-saved-markdown", markdown(items));
    details.appendChild(text);
    box.appendChild(details);
    copy.addEventListener("click", function () {
      var failed = function () {
        details.open = true;
        status.textContent = "Copying was refused: the list is shown under Markdown.";
      };
      if (!navigator.clipboard) return failed();
      navigator.clipboard.writeText(markdown(load())).then(function () {
        copy.textContent = "Copied";
        status.textContent = "The list is copied as Markdown.";
      }, failed);
    });
    download.addEventListener("click", function () {
      save("saved-papers.bib", "application/x-bibtex", bibliography(load()));
    });
    // Papers saved from a list have no Cite entry yet: take each from its page, once.
    if (focus) count.focus();
    var missing = items.filter(function (item) { return !item.bibtex; });
    if (!missing.length || fetched) return ready(box);
    box.setAttribute("aria-busy", "true");
    Promise.all(missing.map(function (item) { return fromPage(item.path); }))
      .then(function (found) {
        var filled = {};
        missing.forEach(function (item, index) { filled[item.path] = found[index]; });
        store(load().map(function (item) {
          var page = !item.bibtex && filled[item.path];
          return page ? Object.assign({}, item, page) : item;
        }));
        savedPage(box, true);
      });
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

  window.digestReader = {
    root: root, read: read, write: write, element: element, button: button, plain: plain,
    pressed: pressed, save: save, ready: ready, pathOfPage: pathOfPage
  };

  function start() {
    var box = document.getElementById("digest-saved");
    if (box) return savedPage(box);
    var read = document.querySelector("p.digest-read");
    var cite = document.querySelector("code.language-bibtex");
    if (read && cite) paperPage(read, cite);
    paperLists();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
