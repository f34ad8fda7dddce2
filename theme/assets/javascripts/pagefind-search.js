// The header search box, answered by Pagefind instead of lunr (only on sites built in Pagefind
// mode; see generator/search.py). Pagefind's index is split into small chunks fetched per query,
// so a reader downloads a few kilobytes per search instead of one search_index.json of the
// whole corpus. Results go into Material's own result markup, so the look and the keyboard
// handling (arrows, Enter, Escape) stay Material's.
(function () {
  var form = document.querySelector("form.md-search__form");
  var input = document.querySelector(".md-search__input");
  var meta = document.querySelector(".md-search-result__meta");
  var list = document.querySelector(".md-search-result__list");
  if (!form || !input || !meta || !list) { return; }

  // Material's bundle (loaded right after this script) fetches search/search_index.json on every
  // page when a form named "search" exists. There is no such file here: un-name the form. The
  // search component still mounts (toggle, focus, keys); its lunr worker just never gets an index.
  form.removeAttribute("name");

  var config = JSON.parse(document.getElementById("__config").textContent);
  var base = new URL(config.base, location.href);  // the site root, wherever it is served
  var t = config.translations;
  var PAGE = 10;  // results rendered at once; each costs one small fragment download
  var pagefind = null;
  var latest = 0;  // the newest query: answers to older ones are dropped

  function load() {
    // Loaded on first use only, so pages where nobody searches download nothing extra.
    if (!pagefind) {
      // Result URLs come back relative to the folder above pagefind/, i.e. this site's root.
      // Big corpora are indexed in shards (generator/search.py): pagefind-shards.json lists
      // the bundles; the first holds the API, the others are merged into it.
      var shards = fetch(new URL("pagefind-shards.json", base)).then(function (response) {
        if (!response.ok) { throw new Error("pagefind-shards.json: HTTP " + response.status); }
        return response.json();
      });
      var api = import(new URL("pagefind/pagefind.js", base).href);
      pagefind = Promise.all([api, shards]).then(function (loaded) {
        var module = loaded[0];
        var merged = loaded[1].bundles.slice(1).map(function (bundle) {
          return module.mergeIndex(new URL(bundle, base).href);
        });
        return Promise.all(merged).then(function () { return module.init(); }).then(function () { return module; });
      });
    }
    return pagefind;
  }

  function count(n) {
    if (n === 0) { return t["search.result.none"]; }
    if (n === 1) { return t["search.result.one"]; }
    return t["search.result.other"].replace("#", n);
  }

  // Pagefind escapes page text in excerpts, so its <mark> highlights are the only markup; keep
  // exactly those anyway (defense in depth, like mkdocs_hooks.sanitize): the rest becomes text.
  function excerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = html;  // inert: nothing inside a template loads or runs
    var p = document.createElement("p");
    template.content.childNodes.forEach(function (node) {
      var mark = node.nodeName === "MARK" ? document.createElement("mark") : null;
      if (mark) { mark.textContent = node.textContent; }
      p.append(mark || node.textContent);
    });
    return p;
  }

  // Material's markup for one result: li > a.md-search-result__link > article[data-md-score].
  // Enter in the box follows the best data-md-score, as with lunr.
  function item(data, score) {
    var li = document.createElement("li");
    li.className = "md-search-result__item";
    var link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = data.url;
    link.tabIndex = -1;
    var article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    article.setAttribute("data-md-score", String(score));
    var icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    var title = document.createElement("h1");
    title.textContent = data.meta.title || data.url;
    article.append(icon, title, excerpt(data.excerpt));
    link.append(article);
    li.append(link);
    return li;
  }

  function render(query, results, start) {
    var batch = results.slice(start, start + PAGE);
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
      if (query !== latest) { return; }
      pages.forEach(function (data, i) { list.append(item(data, batch[i].score)); });
      if (start + PAGE < results.length) { more(query, results, start + PAGE); }
    });
  }

  // The next batch when the last rendered result scrolls into view, like Material's lunr list.
  function more(query, results, start) {
    var watcher = new IntersectionObserver(function (entries) {
      if (!entries.some(function (entry) { return entry.isIntersecting; })) { return; }
      watcher.disconnect();
      if (query === latest) { render(query, results, start); }
    });
    watcher.observe(list.lastElementChild);
  }

  function search() {
    var query = ++latest;
    var term = input.value.trim();
    if (!term) {
      list.replaceChildren();
      meta.textContent = t["search.result.placeholder"];
      return;
    }
    load().then(function (module) {
      return module.debouncedSearch(term, {}, 150);
    }).then(function (answer) {
      if (!answer || query !== latest) { return; }  // null: a newer keystroke superseded it
      list.replaceChildren();
      meta.textContent = count(answer.results.length);
      return render(query, answer.results, 0);
    }).catch(function (error) {
      console.warn("pagefind search failed:", error);
    });
  }

  input.addEventListener("focus", function () { load(); });  // warm up while the reader types
  input.addEventListener("input", search);
  form.addEventListener("reset", function () { setTimeout(search); });  // the box's clear (x) button
})();
