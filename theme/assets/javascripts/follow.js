/*
  Followed groups, with no account (see reader.js, whose helpers this uses): a topic, tag,
  category or author page gets a Follow button; /my/ (My digest) lists the newest papers of everything
  followed, from each group's papers.json (publish/followed.py), marks those not seen on an
  earlier visit, and exports the follows as a file (to import in another browser) or as OPML
  of their feeds. Kept in this browser's localStorage, never sent anywhere.
*/
(function () {
  "use strict";
  var reader = window.digestReader;
  if (!reader) return;
  var root = reader.root;
  var element = reader.element;
  var button = reader.button;
  var plain = reader.plain;
  var save = reader.save;
  var followKey = "digest-follow:" + root.pathname;
  // A group page's path from the site root, its numbered pages too (group: the first part).
  // Slugs only as the build writes them: nothing that leaves the site's folder.
  var GROUP = /^((?:topics|tags|categories|authors)\/[A-Za-z0-9_-][A-Za-z0-9._-]*\/)(?:page-\d+\/)?$/;

  function follows() {
    var kept = reader.read(followKey, {});
    var groups = Array.isArray(kept.groups) ? kept.groups.filter(validGroup) : [];
    var seen = Array.isArray(kept.seen) ? kept.seen.filter(function (slug) {
      return typeof slug === "string";
    }) : [];
    return { groups: groups, seen: seen };
  }

  function validGroup(group) {
    var found = group && typeof group.path === "string" && GROUP.exec(group.path);
    return Boolean(found && found[1] === group.path && group.path.indexOf("..") < 0 &&
      typeof group.label === "string");
  }

  function storeFollows(state) {
    return reader.write(followKey, state);
  }

  function groupData(path) {
    // A group's newest papers as the build wrote them (publish/followed.py); {gone: true}
    // where the site has none (the group has no page any more), null where none answered.
    return fetch(new URL(path + "papers.json", root).href)
      .then(function (response) {
        if (response.status === 404) return { gone: true };
        return response.ok ? response.json() : null;
      })
      .catch(function () { return null; });
  }

  function follow(groups) {
    // Follow `groups` ({path, label}); what they hold now counts as seen: only papers that
    // arrive later are new. Resolves when stored.
    return Promise.all(groups.map(function (group) { return groupData(group.path); }))
      .then(function (found) {
        var state = follows();
        var seen = {};
        state.seen.forEach(function (slug) { seen[slug] = true; });
        groups.forEach(function (group, index) {
          if (state.groups.some(function (kept) { return kept.path === group.path; })) return;
          var data = found[index] && !found[index].gone ? found[index] : null;
          state.groups.push({ path: group.path, label: (data || group).label });
          ((data || {}).papers || []).forEach(function (row) { seen[row[0]] = true; });
        });
        state.seen = Object.keys(seen).sort();
        return storeFollows(state);
      });
  }

  function unfollow(path) {
    var state = follows();
    state.groups = state.groups.filter(function (group) { return group.path !== path; });
    return storeFollows(state);
  }

  function groupPage(heading, path) {
    // The button ends the line under the heading (its count and links), so nothing moves.
    var line = heading.nextElementSibling;
    var row = line && line.tagName === "P" ? line : element("p");
    var label = heading.textContent.trim();
    var toggle = button("md-button digest-follow", false, "Follow", "");
    toggle.title = "List this group's new papers on My digest (kept in this browser)";
    var show = function (on) {
      reader.pressed(toggle, on, on ? "Following" : "Follow");
      toggle.disabled = false;
      toggle.removeAttribute("aria-busy");
    };
    var following = function () {
      return follows().groups.some(function (group) { return group.path === path; });
    };
    show(following());
    toggle.addEventListener("click", function () {
      if (toggle.getAttribute("aria-pressed") === "true") return show(!unfollow(path));
      toggle.disabled = true;
      toggle.setAttribute("aria-busy", "true");
      follow([{ path: path, label: label }]).then(function () { show(following()); });
    });
    row.appendChild(document.createTextNode(" "));
    row.appendChild(toggle);
    if (row !== line) heading.insertAdjacentElement("afterend", row);
  }

  function xmlEscaped(text) {
    return text.replace(/[<>&"']/g, function (c) {
      return { "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" }[c];
    });
  }

  function opml(groups, data) {
    var site = document.title.split(" - ").pop();
    var lines = groups.map(function (group, index) {
      if (!data[index] || !data[index].feed) return "";
      var page = new URL(group.path, root).href;
      var label = xmlEscaped(data[index].label);
      return '    <outline type="rss" text="' + label + '" title="' + label + '" xmlUrl="' +
        xmlEscaped(page + "feed.xml") + '" htmlUrl="' + xmlEscaped(page) + '"/>';
    }).filter(Boolean);
    return '<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0">\n  <head><title>' +
      xmlEscaped("Followed on " + site) + "</title></head>\n  <body>\n" + lines.join("\n") +
      (lines.length ? "\n" : "") + "  </body>\n</opml>\n";
  }

  function imported(text) {
    // The groups of an exported file (exportFollows), or null for anything else.
    try {
      var file = JSON.parse(text);
      var groups = file && Array.isArray(file.follows) ? file.follows : null;
      return groups && groups.every(validGroup) ? groups.map(function (group) {
        return { path: group.path, label: group.label };
      }) : null;
    } catch (error) {
      return null;
    }
  }

  var visit = null; // slug -> true: what was new when this visit's page first showed
  var renders = 0;

  function myPage(box, focus) {
    // `focus`: an Unfollow took the focused button away, so the count line takes the focus.
    var state = follows();
    var rendering = ++renders;
    box.setAttribute("aria-busy", "true");
    var actions = element("p", "digest-saved-actions");
    var exportButton = plain("Export follows");
    var importButton = plain("Import follows");
    var opmlButton = plain("Feeds as OPML");
    var picker = element("input");
    picker.type = "file";
    picker.accept = "application/json,.json";
    picker.hidden = true;
    picker.setAttribute("aria-label", "A file of follows to import");
    importButton.addEventListener("click", function () { picker.click(); });
    picker.addEventListener("change", function () {
      var file = picker.files && picker.files[0];
      picker.value = ""; // the same file may be chosen again
      if (!file) return;
      file.text().then(function (text) {
        var groups = imported(text);
        if (groups) return follow(groups).then(function () { myPage(box); });
        var error = box.querySelector(".digest-my-error") || element("p", "digest-my-error");
        error.setAttribute("role", "alert");
        error.textContent = "That file is not a list of follows exported from this site.";
        box.insertBefore(error, box.firstChild);
      });
    });
    if (!state.groups.length) {
      box.textContent = "";
      box.appendChild(element("p", "", "You follow nothing yet. Follow a topic, tag, category " +
        "or author (the Follow button on its page); its new papers are then listed here."));
      actions.appendChild(importButton);
      actions.appendChild(picker);
      box.appendChild(actions);
      return reader.ready(box);
    }
    Promise.all(state.groups.map(function (group) { return groupData(group.path); }))
      .then(function (data) {
        if (rendering !== renders) return; // a later render took over
        var answered = data.map(function (found) { return found && !found.gone ? found : null; });
        var listed = newestPapers(answered);
        var seen = {};
        state.seen.forEach(function (slug) { seen[slug] = true; });
        if (!visit) {
          visit = {};
          listed.forEach(function (paper) { if (!seen[paper.slug]) visit[paper.slug] = true; });
        }
        var fresh = listed.filter(function (paper) { return visit[paper.slug]; });
        box.textContent = "";
        var count = element("p", "digest-my-count", fresh.length + " new since your last " +
          "visit · " + listed.length + " papers, newest arrival first, from " +
          state.groups.length + " followed");
        count.tabIndex = -1;
        box.appendChild(count);
        exportButton.addEventListener("click", function () {
          save("followed.json", "application/json", JSON.stringify({
            site: root.href, follows: follows().groups
          }, null, 1) + "\n");
        });
        opmlButton.addEventListener("click", function () {
          save("followed.opml", "text/x-opml", opml(state.groups, answered));
        });
        [exportButton, importButton, opmlButton, picker].forEach(function (control) {
          actions.appendChild(control);
        });
        box.appendChild(actions);
        box.appendChild(element("h2", "", "Followed"));
        box.appendChild(followedList(box, state.groups, data));
        box.appendChild(element("h2", "", "Their newest papers"));
        box.appendChild(paperList(listed, visit));
        remember(state, listed, seen, answered.indexOf(null) >= 0);
        if (focus) count.focus();
        reader.ready(box);
      });
  }

  function newestPapers(data) {
    // Every followed group's papers once, with the groups that list it; newest arrival first.
    var papers = {};
    data.forEach(function (found) {
      ((found || {}).papers || []).forEach(function (row) {
        var paper = papers[row[0]] || (papers[row[0]] = {
          slug: row[0], title: row[1], arrived: row[2], groups: []
        });
        paper.groups.push(found.label);
      });
    });
    return Object.keys(papers).map(function (slug) { return papers[slug]; })
      .sort(function (a, b) {
        return a.arrived < b.arrived ? 1 : a.arrived > b.arrived ? -1 : (a.slug < b.slug ? -1 : 1);
      });
  }

  function paperList(listed, fresh) {
    var list = element("ul", "digest-my-list");
    listed.forEach(function (paper) {
      var entry = element("li", fresh[paper.slug] ? "digest-new" : "");
      if (fresh[paper.slug]) entry.appendChild(element("span", "digest-new-mark", "new"));
      var link = element("a", "", paper.title);
      link.href = new URL("papers/" + paper.slug + "/", root).href;
      entry.appendChild(link);
      entry.appendChild(document.createTextNode(" · " + paper.arrived.slice(0, 10) + " · "));
      entry.appendChild(element("small", "", paper.groups.join(", ")));
      list.appendChild(entry);
    });
    return list;
  }

  function remember(state, listed, seen, partial) {
    // Seen now: the next visit counts only what arrives after this one. Where every group
    // answered, what they list is all there is to remember (a paper that left a group's
    // newest never comes back to it), so the list stays as small as the groups; where one
    // did not, or another tab changed the follows meanwhile, what was remembered stays too.
    var now = follows();
    var paths = function (groups) { return groups.map(function (g) { return g.path; }).join(); };
    var shown = partial || paths(now.groups) !== paths(state.groups) ? seen : {};
    now.seen.forEach(function (slug) { if (shown === seen) shown[slug] = true; });
    listed.forEach(function (paper) { shown[paper.slug] = true; });
    now.seen = Object.keys(shown).sort();
    storeFollows(now);
  }

  function followedList(box, groups, data) {
    var list = element("ul", "digest-followed");
    groups.forEach(function (group, index) {
      var found = data[index];
      var entry = element("li");
      var link = element("a", "", found && !found.gone ? found.label : group.label);
      link.href = new URL(group.path, root).href;
      entry.appendChild(link);
      if (!found || found.gone) {
        entry.appendChild(document.createTextNode(
          found ? " (no longer has a page) " : " (could not be read just now) "));
      }
      var remove = plain("Unfollow", "digest-remove", "Unfollow " + group.label);
      remove.addEventListener("click", function () {
        unfollow(group.path);
        myPage(box, true);
      });
      entry.appendChild(document.createTextNode(" "));
      entry.appendChild(remove);
      list.appendChild(entry);
    });
    return list;
  }

  function start() {
    var mine = document.getElementById("digest-my");
    if (mine) return myPage(mine);
    var group = GROUP.exec(reader.pathOfPage());
    var heading = document.querySelector("article h1");
    if (group && heading) groupPage(heading, group[1]);
  }

  reader.whenReady(start);
})();
