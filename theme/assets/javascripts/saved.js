/*
  /saved/ (see reader.js, whose helpers and saved list this uses): what this reader saved,
  newest first, with its BibTeX (the paper pages' own Cite entries) to download and a
  Markdown list to copy. Kept in this browser's localStorage, never sent anywhere.
*/
(function () {
  "use strict";
  var reader = window.digestReader;
  if (!reader) return;
  var root = reader.root;
  var element = reader.element;
  var plain = reader.plain;
  var load = reader.saved;
  var store = reader.store;
  var plainTitle = reader.plainTitle;
  var ready = reader.ready;
  var save = reader.save;

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

  function start() {
    var box = document.getElementById("digest-saved");
    if (box) savedPage(box);
  }

  reader.whenReady(start);
})();
