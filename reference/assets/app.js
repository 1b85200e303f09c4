// statuskit reference: filters the list as you type and runs "Try it".
// The pages work without this script; it only enhances them. The search
// rules mirror reference/search.go, so the list filtered here and the one
// the server renders for /?q= are the same.
"use strict";

(function () {
  // tokens splits text the way search.go's tokens does: lower-case ASCII
  // words, apostrophes joining, hyphenated words giving their parts and
  // their joined form.
  function tokens(s) {
    var out = [];
    s.toLowerCase().split(/[^a-z0-9'-]+/).forEach(function (f) {
      if (!f) return;
      var parts = f.replace(/'/g, "").split("-").filter(Boolean);
      out.push.apply(out, parts);
      if (parts.length > 1) out.push(parts.join(""));
    });
    return out;
  }

  function squash(s) {
    return s.toLowerCase().replace(/[^a-z0-9]/g, "");
  }

  function parseQuery(text) {
    var q = { text: text.trim(), words: [], classes: [] };
    tokens(q.text).forEach(function (w) {
      if (/^[1-5]xx$/.test(w)) {
        if (q.classes.indexOf(w) < 0) q.classes.push(w);
      } else {
        q.words.push(w);
      }
    });
    return q;
  }

  function allPrefix(toks, words) {
    return words.every(function (w) {
      return toks.some(function (t) { return t.lastIndexOf(w, 0) === 0; });
    });
  }

  function isTyping(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }

  // "/" focuses the search box on every page (aria-keyshortcuts="/").
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || isTyping(document.activeElement)) return;
    var box = document.getElementById("q");
    if (!box) return;
    e.preventDefault();
    box.focus();
    box.select();
  });

  setupList();
  setupTry();
  setupCopy();

  function setupList() {
    var list = document.getElementById("codes");
    var box = document.getElementById("q");
    if (!list || !box) return;
    var items = Array.prototype.map.call(list.querySelectorAll("li.code"), function (li) {
      var link = li.querySelector("a");
      return {
        li: li,
        link: link,
        cls: li.className.match(/\bk([1-5]xx)\b/)[1],
        toks: li.getAttribute("data-s").split(" "),
        names: li.getAttribute("data-x").split(" "),
        head: tokens(link.textContent)
      };
    });
    var sections = list.querySelectorAll("section.class");
    var count = document.getElementById("count");
    var best = document.getElementById("best");
    var bestLink = best.querySelector("a");
    var empty = document.getElementById("empty");
    var emptyQ = document.getElementById("empty-q");
    var current = null;

    function match(item, q) {
      if (q.classes.length && q.classes.indexOf(item.cls) < 0) return false;
      return allPrefix(item.toks, q.words);
    }

    function bestOf(shown, q) {
      if (!q.words.length || !shown.length) return null;
      var whole = squash(q.words.join(" "));
      var i;
      for (i = 0; i < shown.length; i++) {
        if (shown[i].names.indexOf(whole) >= 0) return shown[i];
      }
      for (i = 0; i < shown.length; i++) {
        if (allPrefix(shown[i].head, q.words)) return shown[i];
      }
      return shown.length === 1 ? shown[0] : null;
    }

    function apply() {
      var q = parseQuery(box.value);
      var shown = [];
      items.forEach(function (item) {
        var ok = match(item, q);
        item.li.hidden = !ok;
        if (ok) shown.push(item);
      });
      Array.prototype.forEach.call(sections, function (sec) {
        var any = sec.querySelector("li.code:not([hidden])") !== null;
        sec.hidden = !any;
        var chip = document.querySelector('[data-class-link="' + sec.id + '"]');
        if (chip) chip.hidden = !any;
      });
      current = bestOf(shown, q);
      best.hidden = !current;
      if (current) {
        bestLink.href = current.link.getAttribute("href");
        bestLink.textContent = current.link.textContent;
      }
      var text = q.text ? shown.length + " of " + items.length + " codes match \u201c" + q.text + "\u201d" : items.length + " codes";
      if (count.textContent !== text) count.textContent = text;
      empty.hidden = shown.length > 0;
      emptyQ.textContent = "\u201c" + q.text + "\u201d";
      document.title = (q.text ? q.text + " \u2014 " : "") + "HTTP status codes \u00b7 statuskit";
      // Keep the query in the address, so a filtered view can be shared.
      var url = q.text ? "/?q=" + encodeURIComponent(q.text).replace(/%20/g, "+") : "/";
      if (location.pathname + location.search !== url) history.replaceState(null, "", url + location.hash);
      return shown;
    }

    box.addEventListener("input", apply);
    box.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && box.value) {
        box.value = "";
        apply();
        e.preventDefault();
      } else if (e.key === "ArrowDown") {
        var first = list.querySelector("li.code:not([hidden]) a");
        if (first) {
          first.focus();
          e.preventDefault();
        }
      }
    });
    box.form.addEventListener("submit", function (e) {
      e.preventDefault();
      apply();
      if (current) location.href = current.link.getAttribute("href");
    });
    // The server rendered the list for the URL's query; the box may hold
    // something else when the browser restored it on back/forward.
    apply();
  }

  function setupTry() {
    var form = document.getElementById("try");
    if (!form) return;
    var out = document.getElementById("try-result");
    var button = document.getElementById("try-button");
    form.hidden = false;

    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text !== undefined) e.textContent = text;
      return e;
    }

    function canonical(name) {
      return name.split("-").map(function (p) { return p.charAt(0).toUpperCase() + p.slice(1); }).join("-");
    }

    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var method = form.elements.namedItem("method").value;
      var accept = form.elements.namedItem("accept").value;
      var query = form.elements.namedItem("query").value.trim().replace(/^\?/, "");
      var url = form.getAttribute("data-path") + (query ? "?" + query : "");
      var init = { method: method, headers: { Accept: accept }, credentials: "omit", cache: "no-store", redirect: "follow" };
      if (method === "POST" || method === "PUT" || method === "PATCH") {
        init.body = "hello from the statuskit reference\n";
        init.headers["Content-Type"] = "text/plain";
      }
      var ctrl = typeof AbortController === "function" ? new AbortController() : null;
      if (ctrl) init.signal = ctrl.signal;
      var timer = setTimeout(function () { if (ctrl) ctrl.abort(); }, 30000);
      var started = performance.now();
      button.disabled = true;
      out.textContent = "";
      out.appendChild(el("p", "pending", method + " " + url + " \u2026"));
      fetch(url, init).then(function (res) {
        return (method === "HEAD" ? Promise.resolve("") : res.text()).then(function (body) {
          show(res, body, method, url, performance.now() - started);
        });
      }).catch(function (err) {
        out.textContent = "";
        out.appendChild(el("p", "status-line", "No response"));
        out.appendChild(el("p", "", "The browser could not complete " + method + " " + url + ": " + err.message +
          ". Browsers refuse some answers outright (a 407 from an origin server, an upgrade); the curl examples below show them."));
      }).then(function () {
        clearTimeout(timer);
        button.disabled = false;
      });
    });

    function show(res, body, method, url, ms) {
      out.textContent = "";
      var line = el("p", "status-line");
      line.id = "try-status";
      line.appendChild(el("span", "", res.status + (res.statusText ? " " + res.statusText : "")));
      line.appendChild(el("span", "took", " \u00b7 " + method + " " + url + " \u00b7 " + Math.round(ms) + " ms"));
      out.appendChild(line);
      if (res.redirected) {
        out.appendChild(el("p", "note", "The browser followed a redirect to " + res.url.replace(location.origin, "") + "; this is where it landed."));
      }
      var lines = [];
      res.headers.forEach(function (value, name) { lines.push(canonical(name) + ": " + value); });
      lines.sort();
      out.appendChild(el("h3", "", "Headers"));
      var hdrs = el("pre", "response-headers", lines.join("\n"));
      hdrs.id = "try-headers";
      out.appendChild(hdrs);
      out.appendChild(el("h3", "", "Body"));
      var shown = body.length > 4096 ? body.slice(0, 4096) + "\n\u2026 (" + body.length + " characters)" : body;
      var pre = el("pre", "response-body", shown || "(no content)");
      pre.id = "try-body";
      out.appendChild(pre);
    }
  }

  function setupCopy() {
    Array.prototype.forEach.call(document.querySelectorAll(".examples pre"), function (pre) {
      var wrap = document.createElement("div");
      wrap.className = "copyable";
      pre.parentNode.insertBefore(wrap, pre);
      wrap.appendChild(pre);
      var btn = document.createElement("button");
      btn.type = "button";
      btn.className = "copy";
      btn.textContent = "Copy";
      btn.setAttribute("aria-label", "Copy: " + pre.textContent);
      wrap.appendChild(btn);
      btn.addEventListener("click", function () {
        var text = pre.textContent;
        var done = function (msg) {
          btn.textContent = msg;
          setTimeout(function () { btn.textContent = "Copy"; }, 1500);
        };
        var selectIt = function () {
          var range = document.createRange();
          range.selectNodeContents(pre);
          var sel = window.getSelection();
          sel.removeAllRanges();
          sel.addRange(range);
          done("Selected");
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(text).then(function () { done("Copied"); }, selectIt);
        } else {
          selectIt();
        }
      });
    });
  }
})();
