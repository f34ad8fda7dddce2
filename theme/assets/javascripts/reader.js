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
  if (!script || !window.localStorage) return;
  var root = new URL("../../", script.src); // this file is assets/javascripts/reader.js
  var storeKey = "digest-saved:" + root.pathname;

  function load() {
    try {
      var items = JSON.parse(localStorage.getItem(storeKey) || "[]");
      return Array.isArray(items) ? items.filter(function (item) {
        return item && typeof item.path === "string" && typeof item.title === "string";
      }) : [];
    } catch (error) {
      return [];
    }
  }

  function store(items) {
    localStorage.setItem(storeKey, JSON.stringify(items));
  }

  function pathOf(href) {
    // A paper page's path from the site root ("papers/slug/"), or "" for any other link.
    var url = new URL(href, location.href);
    if (url.origin !== root.origin || url.pathname.indexOf(root.pathname) !== 0) return "";
    var path = url.pathname.slice(root.pathname.length);
    return /^papers\/[^/]+\/$/.test(path) ? path : "";
  }

  function pathOfPage() {
    // This page's path from the site root ("tags/x/page-2/"), or "" outside the site.
    var here = location.pathname;
    return here.indexOf(root.pathname) === 0 ? here.slice(root.pathname.length) : "";
  }

  function isSaved(path) {
    return load().some(function (item) { return item.path === path; });
  }

  function toggle(paper) {
    var items = load();
    var kept = items.filter(function (item) { return item.path !== paper.path; });
    if (kept.length === items.length) {
      kept.unshift({
        path: paper.path,
        title: paper.title,
        bibtex: paper.bibtex || "",
        saved: new Date().toISOString().slice(0, 10)
      });
    }
    store(kept);
    return kept.length > items.length;
  }

  function button(className, pressed, label, text) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.setAttribute("aria-pressed", String(pressed));
    if (label) element.setAttribute("aria-label", label);
    element.textContent = text;
    return element;
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
    var save = button("md-button digest-save", false, "", "");
    save.title = "Keep this paper in this browser's saved list (Saved tab)";
    var show = function (saved) {
      save.setAttribute("aria-pressed", String(saved));
      save.classList.toggle("md-button--primary", saved);
      save.textContent = saved ? "\u2605 Saved" : "\u2606 Save";
    };
    show(isSaved(path));
    save.addEventListener("click", function () { show(toggle(paper)); });
    read.appendChild(save);
  }

  function paperLists() {
    document.querySelectorAll("ul.digest-papers > li").forEach(function (item) {
      var link = item.querySelector("a");
      var path = link && pathOf(link.getAttribute("href"));
      if (!path) return;
      var title = link.textContent.trim();
      var saved = isSaved(path);
      var star = button("digest-star", saved, "Save " + title, saved ? "\u2605" : "\u2606");
      star.addEventListener("click", function () {
        var now = toggle({ path: path, title: title });
        star.setAttribute("aria-pressed", String(now));
        star.textContent = now ? "\u2605" : "\u2606";
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
      var title = item.title.replace(/([\\\[\]])/g, "\\$1");
      return "- [" + title + "](" + new URL(item.path, root).href + ")";
    }).join("\n") + "\n";
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function savedPage(box, fetched) {
    var items = load();
    box.textContent = "";
    if (!items.length) {
      box.appendChild(element("p", "", "Nothing saved yet. Save a paper with the Save button on " +
        "its page, or the star beside it in any list; it is kept in this browser only."));
      return box.setAttribute("data-digest-ready", "");
    }
    box.appendChild(element("p", "digest-saved-count", items.length + " saved paper" +
      (items.length === 1 ? "" : "s") + ", newest saved first; kept in this browser only."));
    var actions = element("p", "digest-saved-actions");
    var download = button("md-button md-button--primary", false, "", "Download BibTeX");
    download.removeAttribute("aria-pressed");
    var copy = button("md-button", false, "", "Copy as Markdown");
    copy.removeAttribute("aria-pressed");
    actions.appendChild(download);
    actions.appendChild(copy);
    box.appendChild(actions);
    var list = element("ul", "digest-saved-list");
    items.forEach(function (item) {
      var entry = element("li");
      var link = element("a", "", item.title);
      link.href = new URL(item.path, root).href;
      var remove = button("digest-remove", false, "Remove " + item.title, "Remove");
      remove.removeAttribute("aria-pressed");
      remove.addEventListener("click", function () {
        store(load().filter(function (other) { return other.path !== item.path; }));
        savedPage(box);
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
      var done = function () { copy.textContent = "Copied"; };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(markdown(load())).then(done, function () {
          details.open = true;
        });
      } else {
        details.open = true;
      }
    });
    download.addEventListener("click", function () {
      save("saved-papers.bib", "application/x-bibtex", bibliography(load()));
    });
    // Papers saved from a list have no Cite entry yet: take each from its page, once.
    var missing = items.filter(function (item) { return !item.bibtex; });
    if (!missing.length || fetched) return box.setAttribute("data-digest-ready", "");
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

  function save(name, type, text) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob([text], { type: type }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  window.digestReader = {
    root: root, element: element, button: button, save: save, pathOfPage: pathOfPage
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
