/*
  Followed groups, with no account (see reader.js, whose helpers this uses): a topic, tag or
  category page gets a Follow button; /my/ (My digest) lists the newest papers of everything
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
  var save = reader.save;
  var followKey = "digest-follow:" + root.pathname;
  var GROUP = /^((?:topics|tags|categories)\/[^/]+\/)(?:page-\d+\/)?$/;

  function follows() {
    try {
      var kept = JSON.parse(localStorage.getItem(followKey) || "{}");
      var groups = Array.isArray(kept.groups) ? kept.groups.filter(validGroup) : [];
      var seen = Array.isArray(kept.seen) ? kept.seen.filter(function (slug) {
        return typeof slug === "string";
      }) : [];
      return { groups: groups, seen: seen };
    } catch (error) {
      return { groups: [], seen: [] };
    }
  }

  function validGroup(group) {
    return group && typeof group.path === "string" && GROUP.test(group.path) &&
      typeof group.label === "string";
  }

  function storeFollows(state) {
    localStorage.setItem(followKey, JSON.stringify(state));
  }

  function groupData(path) {
    // A group's newest papers as the build wrote them (publish/followed.py); null when gone.
    return fetch(new URL(path + "papers.json", root).href)
      .then(function (response) { return response.ok ? response.json() : null; })
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
          state.groups.push({ path: group.path, label: (found[index] || group).label });
          ((found[index] || {}).papers || []).forEach(function (row) { seen[row[0]] = true; });
        });
        state.seen = Object.keys(seen).sort();
        storeFollows(state);
      });
  }

  function unfollow(path) {
    var state = follows();
    state.groups = state.groups.filter(function (group) { return group.path !== path; });
    storeFollows(state);
  }

  function groupPage(heading, path) {
    // The button ends the line under the heading (its count and links), so nothing moves.
    var line = heading.nextElementSibling;
    var row = line && line.tagName === "P" ? line : element("p");
    var label = heading.textContent.trim();
    var toggle = button("md-button digest-follow", false, "", "");
    toggle.title = "List this group's new papers on My digest (kept in this browser)";
    var show = function (on) {
      toggle.setAttribute("aria-pressed", String(on));
      toggle.classList.toggle("md-button--primary", on);
      toggle.textContent = on ? "\u2605 Following" : "\u2606 Follow";
      toggle.removeAttribute("data-digest-busy");
    };
    show(follows().groups.some(function (group) { return group.path === path; }));
    toggle.addEventListener("click", function () {
      toggle.setAttribute("data-digest-busy", "");
      if (toggle.getAttribute("aria-pressed") === "true") {
        unfollow(path);
        show(false);
      } else {
        follow([{ path: path, label: label }]).then(function () { show(true); });
      }
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

  function myPage(box) {
    var state = follows();
    box.textContent = "";
    var actions = element("p", "digest-saved-actions");
    var exportButton = button("md-button", false, "", "Export follows");
    var importButton = button("md-button", false, "", "Import follows");
    var opmlButton = button("md-button", false, "", "Feeds as OPML");
    var picker = element("input");
    picker.type = "file";
    picker.accept = "application/json,.json";
    picker.hidden = true;
    picker.setAttribute("aria-label", "A file of follows to import");
    [exportButton, importButton, opmlButton].forEach(function (control) {
      control.removeAttribute("aria-pressed");
    });
    importButton.addEventListener("click", function () { picker.click(); });
    picker.addEventListener("change", function () {
      var file = picker.files && picker.files[0];
      if (!file) return;
      file.text().then(function (text) {
        var groups = imported(text);
        if (!groups) {
          box.insertBefore(element("p", "digest-my-error",
            "That file is not a list of follows exported from this site."), box.firstChild);
          return;
        }
        follow(groups).then(function () { myPage(box); });
      });
    });
    if (!state.groups.length) {
      box.appendChild(element("p", "", "You follow nothing yet. Follow a topic, tag or " +
        "category with the Follow button on its page; its new papers are then listed here."));
      actions.appendChild(importButton);
      actions.appendChild(picker);
      box.appendChild(actions);
      return box.setAttribute("data-digest-ready", "");
    }
    Promise.all(state.groups.map(function (group) { return groupData(group.path); }))
      .then(function (data) {
        var seen = {};
        state.seen.forEach(function (slug) { seen[slug] = true; });
        var papers = {};
        data.forEach(function (found, index) {
          ((found || {}).papers || []).forEach(function (row) {
            var paper = papers[row[0]] || (papers[row[0]] = {
              slug: row[0], title: row[1], arrived: row[2], groups: []
            });
            paper.groups.push(found.label);
          });
        });
        var listed = Object.keys(papers).map(function (slug) { return papers[slug]; })
          .sort(function (a, b) {
            return a.arrived < b.arrived ? 1 : a.arrived > b.arrived ? -1 :
              (a.slug < b.slug ? -1 : 1);
          });
        var fresh = listed.filter(function (paper) { return !seen[paper.slug]; });
        box.appendChild(element("p", "digest-my-count", fresh.length + " new since your last " +
          "visit · " + listed.length + " papers, newest arrival first, from " +
          state.groups.length + " followed"));
        exportButton.addEventListener("click", function () {
          save("followed.json", "application/json", JSON.stringify({
            site: root.href, follows: follows().groups
          }, null, 1) + "\n");
        });
        opmlButton.addEventListener("click", function () {
          save("followed.opml", "text/x-opml", opml(state.groups, data));
        });
        [exportButton, importButton, opmlButton, picker].forEach(function (control) {
          actions.appendChild(control);
        });
        box.appendChild(actions);
        box.appendChild(element("h2", "", "Followed"));
        box.appendChild(followedList(box, state.groups, data));
        box.appendChild(element("h2", "", "Their newest papers"));
        var list = element("ul", "digest-my-list");
        listed.forEach(function (paper) {
          var entry = element("li", seen[paper.slug] ? "" : "digest-new");
          if (!seen[paper.slug]) entry.appendChild(element("span", "digest-new-mark", "new"));
          var link = element("a", "", paper.title);
          link.href = new URL("papers/" + paper.slug + "/", root).href;
          entry.appendChild(link);
          entry.appendChild(document.createTextNode(" · " + paper.arrived.slice(0, 10) + " · "));
          entry.appendChild(element("small", "", paper.groups.join(", ")));
          list.appendChild(entry);
        });
        box.appendChild(list);
        // Seen now: the next visit counts only what arrives after this one. Where every group
        // answered, what it lists is all there is to remember (a paper that left a group's
        // newest never comes back to it), so the list stays as small as the groups.
        var now = follows();
        var shown = {};
        if (data.some(function (found) { return !found; })) shown = seen;
        listed.forEach(function (paper) { shown[paper.slug] = true; });
        now.seen = Object.keys(shown).sort();
        storeFollows(now);
        box.setAttribute("data-digest-ready", "");
      });
  }

  function followedList(box, groups, data) {
    var list = element("ul", "digest-followed");
    groups.forEach(function (group, index) {
      var entry = element("li");
      var link = element("a", "", (data[index] || group).label);
      link.href = new URL(group.path, root).href;
      entry.appendChild(link);
      if (!data[index]) entry.appendChild(document.createTextNode(" (no longer has a page) "));
      var remove = button("digest-remove", false, "Unfollow " + group.label, "Unfollow");
      remove.removeAttribute("aria-pressed");
      remove.addEventListener("click", function () {
        unfollow(group.path);
        myPage(box);
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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start, { once: true });
  } else {
    start();
  }
})();
