// The header search box, answered by Pagefind, not Material's lunr (see generator/search.py).
// Pagefind's index is split into small chunks fetched per query, and nothing of it is fetched
// before the reader first focuses the box. Results go into Material's own result markup, so the
// look and the keyboard handling ("/" to search, arrows, Enter, Escape) stay Material's.
(function () {
  var form = document.querySelector("form.md-search__form");
  var input = document.querySelector(".md-search__input");
  var meta = document.querySelector(".md-search-result__meta");
  var list = document.querySelector(".md-search-result__list");
  var script = document.getElementById("__config");
  if (!form || !input || !meta || !list || !script) { return; }

  // Material's bundle (loaded right after this script) fetches search/search_index.json on every
  // page when a form named "search" exists. There is no such file here: un-name the form. The
  // search component still mounts (toggle, focus, keys), and starts its lunr worker at once: point
  // it at an empty script, so its 40 kB never download (it would never get an index anyway).
  form.removeAttribute("name");
  var config = JSON.parse(script.textContent);
  config.search = URL.createObjectURL(new Blob([""], { type: "text/javascript" }));
  script.textContent = JSON.stringify(config);

  var base = new URL(config.base, location.href);  // the site root, wherever it is served
  var t = config.translations;
  var PAGE = 10;  // results rendered at once; each costs one small fragment download
  var OPTIONS = { excerptLength: 24 };  // words around the match
  var SNIPPET = 300;  // characters of an excerpt shown, at most
  // Words the indexer repeats after the word they are part of ("VLMs" after "LLMs/VLMs"), between
  // two WORD JOINERs, so that Pagefind finds them (generator/search.py: PART). Never shown.
  var PART = /\s*\u2060[^\u2060]*\u2060/g;
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
        return module.options(OPTIONS).then(function () {
          return Promise.all(loaded[1].bundles.slice(1).map(function (bundle) {
            return module.mergeIndex(new URL(bundle, base).href, OPTIONS);
          }));
        }).then(function () { return module.init(); }).then(function () { return module; });
      });
      pagefind.catch(function () { pagefind = null; });  // a failed load is tried again
    }
    return pagefind;
  }

  function count(n) {
    if (n === 0) { return t["search.result.none"]; }
    if (n === 1) { return t["search.result.one"]; }
    return t["search.result.other"].replace("#", n);
  }

  // A match on a repeated part highlights the word it was taken from: the last word shown.
  function markLastWord(p) {
    var last = p.lastChild;
    var word = last && last.nodeType === Node.TEXT_NODE && /(\S+)\s*$/.exec(last.data);
    if (!word) { return; }
    var mark = document.createElement("mark");
    mark.textContent = word[1];
    last.data = last.data.slice(0, word.index);
    p.append(mark);
  }

  // Pagefind escapes page text in excerpts, so its <mark> highlights are the only markup; keep
  // exactly those anyway (defense in depth, like mkdocs_hooks.sanitize): the rest becomes text.
  // Repeated parts are dropped, and the excerpt is cut to SNIPPET characters.
  function excerpt(html) {
    var template = document.createElement("template");
    template.innerHTML = html;  // inert: nothing inside a template loads or runs
    var p = document.createElement("p");
    var left = SNIPPET;
    template.content.childNodes.forEach(function (node) {
      var text = node.textContent.replace(PART, "");
      var marked = node.nodeName === "MARK";
      if (marked && !text.trim()) { markLastWord(p); return; }
      if (left <= 0 || !text) { return; }
      if (text.length > left) { text = text.slice(0, left - 1).replace(/\s+\S*$/, "") + "\u2026"; }
      left -= text.length;
      var mark = marked ? document.createElement("mark") : null;
      if (mark) { mark.textContent = text; }
      p.append(mark || text);
    });
    p.normalize();
    return p;
  }

  // Material's markup for one result: li > a.md-search-result__link > article[data-md-score],
  // with the title, the first authors and the excerpt. Enter in the box follows the best
  // data-md-score, as with lunr.
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
    article.append(icon, title);
    if (data.meta.authors) {
      var authors = document.createElement("p");
      authors.className = "digest-search-authors";
      authors.textContent = data.meta.authors;
      article.append(authors);
    }
    var text = excerpt(data.excerpt);
    text.className = "digest-search-excerpt";
    article.append(text);
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

  input.addEventListener("focus", function () { load().catch(function () {}); });  // warm up
  input.addEventListener("input", search);
  form.addEventListener("reset", function () { setTimeout(search); });  // the box's clear (x) button
})();
