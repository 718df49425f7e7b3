/// The page's style sheet and its one script. Kept as constants so the script's CSP hash is computed
/// from exactly what is embedded. The script builds every piece of text with `textContent`, never HTML.
enum HTMLAssets {
    static let style = #"""
:root{--ink:#1d2430;--muted:#5d6778;--line:#d9dee7;--bg:#f5f7fa;--card:#fff;--accent:#2f5fa7;--accent-soft:#e8f0fe;
--critical:#b3261e;--critical-bg:#f8d0d0;--high:#c25e00;--high-bg:#fde2c8;--medium:#8a7300;--medium-bg:#fff3c4;--low:#2e7d32;--low-bg:#dff3e3;--call:#7b52ab;--call-bg:#efe6fb}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 "DejaVu Sans",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:var(--bg)}
header{display:flex;align-items:center;gap:18px;padding:10px 24px;background:#1f2d44;color:#fff;position:sticky;top:0;z-index:2}
.brand{font-weight:700;letter-spacing:.02em}
.picker{font-size:13px;opacity:.9}
.picker select{margin-left:6px;font:inherit;padding:3px 6px;border-radius:6px;border:0}
nav{display:flex;gap:4px;margin-left:auto}
nav button{font:inherit;color:#dfe6f3;background:transparent;border:0;padding:7px 14px;border-radius:8px;cursor:pointer}
nav button[aria-selected=true]{background:#fff;color:#1f2d44;font-weight:600}
nav button:hover{background:rgba(255,255,255,.15)}
nav button[aria-selected=true]:hover{background:#fff}
main{max-width:1280px;margin:0 auto;padding:18px 24px 40px}
h1{font-size:22px;margin:4px 0 14px}
.card{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:20px 22px;box-shadow:0 1px 2px rgba(16,24,40,.05)}
.player-grid{display:grid;grid-template-columns:minmax(0,1fr) 320px;gap:18px;align-items:start}
.diagram-grid{display:grid;grid-template-columns:minmax(0,1fr) 320px;gap:18px;align-items:start}
@media (max-width:900px){.player-grid,.diagram-grid{grid-template-columns:1fr}}
.muted{color:var(--muted)}
.crumbs{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 14px;padding:0;list-style:none}
.crumbs li button{font:inherit;font-size:12.5px;border:1px solid var(--line);background:#f8fafc;border-radius:999px;padding:3px 10px;cursor:pointer;color:var(--ink);max-width:360px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.crumbs li button:hover{border-color:var(--accent)}
.crumbs .q{color:var(--muted)}
.step{font-size:12px;text-transform:uppercase;letter-spacing:.06em;color:var(--muted);margin-bottom:4px}
.question{font-size:21px;font-weight:600;margin:0 0 12px}
.guidance{background:#f3f7ff;border-left:4px solid var(--accent);padding:10px 14px;border-radius:6px;margin:0 0 16px;color:#243047}
.guidance b{display:block;font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--accent);margin-bottom:2px}
.answers{display:flex;flex-direction:column;gap:8px;margin:0 0 16px}
.answer{font:inherit;text-align:left;padding:11px 14px;border:1px solid var(--line);border-radius:10px;background:#fff;cursor:pointer;transition:border-color .1s,background .1s}
.answer:hover{border-color:var(--accent);background:var(--accent-soft)}
.answer.suggested{border-color:var(--accent);box-shadow:0 0 0 3px rgba(47,95,167,.25)}
.answer .hint{display:block;font-size:12px;color:var(--muted);margin-top:2px}
.answer code{font-size:12px}
.controls{display:flex;gap:8px}
.btn{font:inherit;font-size:14px;padding:7px 14px;border-radius:8px;border:1px solid var(--line);background:#fff;cursor:pointer}
.btn:hover{border-color:var(--accent)}
.btn.primary{background:var(--accent);border-color:var(--accent);color:#fff}
.btn:disabled{opacity:.45;cursor:default}
.outcome{border-radius:12px;padding:16px 18px;margin:0 0 16px;border:2px solid}
.outcome .sev{display:inline-block;font-size:12px;font-weight:700;text-transform:uppercase;letter-spacing:.06em;padding:2px 8px;border-radius:999px;color:#fff}
.outcome .title{font-size:20px;font-weight:600;margin:8px 0 0}
.sev-critical{background:var(--critical-bg);border-color:var(--critical)}.sev-critical .sev{background:var(--critical)}
.sev-high{background:var(--high-bg);border-color:var(--high)}.sev-high .sev{background:var(--high)}
.sev-medium{background:var(--medium-bg);border-color:var(--medium)}.sev-medium .sev{background:var(--medium)}
.sev-low{background:var(--low-bg);border-color:var(--low)}.sev-low .sev{background:var(--low)}
.sev-none{background:#f1f1f1;border-color:#777}.sev-none .sev{background:#777}
.path{font-family:"DejaVu Sans Mono",ui-monospace,monospace;font-size:13px;background:#f3f4f6;padding:6px 10px;border-radius:6px;display:block;overflow-x:auto;margin:4px 0 14px}
.held{margin:0 0 16px;padding-left:20px}.held li{margin:4px 0}.held code{font-size:12.5px;color:#374151;background:#f3f4f6;padding:1px 5px;border-radius:4px}
h2,h3{margin:18px 0 8px}
#examples h2{font-size:16px;margin:0 0 10px}
.example{border-top:1px solid var(--line);padding:10px 0}
.example:first-of-type{border-top:0}
.example .name{font-weight:600;margin-bottom:4px}
.example ul{margin:4px 0 8px;padding-left:18px;font-size:13px;color:var(--muted)}
.legend{font-size:13px;color:var(--muted);margin:0 0 10px}
.legend{display:flex;align-items:center;flex-wrap:wrap;gap:6px}
.key{display:inline-block;padding:2px 10px;border-radius:6px;border:1px solid;color:var(--ink);font-size:13px}
.k-question{background:#e8f0fe;border-color:#4a6fa5}.k-call{background:var(--call-bg);border-color:var(--call)}
.k-critical{background:var(--critical-bg);border-color:var(--critical)}.k-high{background:var(--high-bg);border-color:var(--high)}
.k-medium{background:var(--medium-bg);border-color:var(--medium)}.k-low{background:var(--low-bg);border-color:var(--low)}
.zoom{margin-left:auto;display:flex;gap:4px}
.zoom .btn{padding:3px 10px}
.diagrams{padding:10px}
.diagrams .svg{overflow:auto;max-height:76vh}
.diagrams svg{display:block;margin:0 auto}
.diagrams g.node{cursor:pointer}
.diagrams g.node:hover polygon,.diagrams g.node:hover path{stroke-width:2.5}
.diagrams g.node.selected polygon,.diagrams g.node.selected path{stroke:#111;stroke-width:3}
.note{background:#fff8e1;border:1px solid #f0d589;padding:8px 12px;border-radius:8px;font-size:13px}
#node-info h3{margin-top:0}
.handbook table{border-collapse:collapse;margin:8px 0 14px;font-size:13.5px}
.handbook th,.handbook td{border:1px solid var(--line);padding:5px 9px;text-align:left;vertical-align:top}
.handbook th{background:#f3f6fa}
.handbook h2{font-size:21px;border-bottom:1px solid var(--line);padding-bottom:4px}
.handbook h3{font-size:18px;margin-top:26px}
.handbook h4{font-size:15.5px;margin:20px 0 6px}
.handbook code{background:#f3f4f6;padding:1px 5px;border-radius:4px;font-size:13px}
.handbook li{margin:3px 0}
.quiz-facts{margin:6px 0 14px;padding-left:20px}.quiz-facts li{margin:6px 0}
.quiz-facts b{color:var(--accent)}
code{font-family:"DejaVu Sans Mono",ui-monospace,monospace;font-size:.88em;background:#f3f4f6;padding:1px 4px;border-radius:4px}
.answer.right{border-color:var(--low);background:var(--low-bg)}
.answer.wrong{border-color:var(--critical);background:var(--critical-bg)}
.feedback{padding:10px 14px;border-radius:8px;background:#f3f4f6;margin:0 0 14px}
.score{font-size:28px;font-weight:700;margin:6px 0}
.progress{height:6px;background:#e5e7eb;border-radius:999px;overflow:hidden;margin:0 0 16px}
.progress span{display:block;height:100%;background:var(--accent)}
"""#

    static let script = #"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("sop-data").textContent);
  var sops = data.sops, nodes = data.nodes, outcomes = data.outcomes;
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) for (var k in attrs) {
      if (k === "text") e.textContent = attrs[k];
      else if (k === "cls") e.className = attrs[k];
      else if (k === "on") e.addEventListener("click", attrs[k]);
      else e.setAttribute(k, attrs[k]);
    }
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return e;
  }
  // SOP prose as authored: backtick spans become code, the rest stays text.
  function prose(text) {
    var parts = String(text).split("`");
    if (parts.length < 3 || parts.length % 2 === 0) return document.createTextNode(text);
    var span = document.createElement("span");
    parts.forEach(function (p, i) { span.appendChild(i % 2 ? el("code", { text: p }) : document.createTextNode(p)); });
    return span;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }
  function sevClass(s) { return "sev-" + (["critical", "high", "medium", "low"].indexOf(s) >= 0 ? s : "none"); }
  var current = data.roots[0];

  // Names as a decision path spells them, from the SOP the case starts in.
  function nodeName(key, root) { var n = nodes[key]; return n.sop === sops[root].id ? n.id : n.sop + "." + n.id; }
  function outcomeName(key, root) { var o = outcomes[key]; return o.sop === sops[root].id ? o.id : o.qualified; }

  // ---- tabs and SOP picker
  var tabs = document.querySelectorAll("nav button");
  function showTab(name) {
    tabs.forEach(function (t) { t.setAttribute("aria-selected", t.dataset.tab === name ? "true" : "false"); });
    document.querySelectorAll(".tab").forEach(function (s) { s.hidden = s.id !== "tab-" + name; });
  }
  tabs.forEach(function (t) { t.addEventListener("click", function () { showTab(t.dataset.tab); }); });
  var picker = document.getElementById("sop-picker");
  Object.keys(sops).forEach(function (k) {
    if (sops[k].start) picker.appendChild(el("option", { value: k, text: sops[k].title }));
  });
  if (picker.options.length < 2) picker.parentNode.hidden = true;
  picker.addEventListener("change", function () { selectSOP(picker.value); });
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a[href^='#sop-']");
    if (!a) return;
    var id = a.getAttribute("href").slice(5);
    for (var k in sops) if (sops[k].id === id) { ev.preventDefault(); selectSOP(k); window.scrollTo(0, 0); return; }
  });
  function selectSOP(key) {
    current = key;
    picker.value = key;
    document.getElementById("sop-title").textContent = sops[key].title;
    document.querySelectorAll("[data-sop]").forEach(function (e) { e.hidden = e.dataset.sop !== key; });
    player.restart(null);
    renderExamples();
    quiz.start();
    clear(document.getElementById("node-info")).appendChild(el("p", { cls: "muted", text: "Click a question or an outcome in the diagram." }));
  }

  // ---- player
  var player = (function () {
    var box = document.getElementById("player");
    var trail = [], at = null, done = null, guide = null;
    function restart(example) { trail = []; at = sops[current].start; done = null; guide = example; render(); }
    function choose(i) {
      var node = nodes[at], to = node.branches[i].to;
      trail.push({ node: at, branch: i });
      if (to.charAt(0) === "n") at = to;
      else if (to.charAt(0) === "s") at = sops[to].start;
      else { done = to; at = null; }
      render();
    }
    function back(k) {
      var step = trail[k];
      trail = trail.slice(0, k); at = step.node; done = null; render();
    }
    function suggestion() {
      if (!guide) return -1;
      var s = guide.steps[trail.length];
      return s && s[0] === at ? s[1] : -1;
    }
    function render() {
      clear(box);
      var crumbs = el("ol", { cls: "crumbs", "aria-label": "Answers so far" });
      trail.forEach(function (s, k) {
        var n = nodes[s.node];
        crumbs.appendChild(el("li", null, [el("button", { title: "Go back to: " + n.question, on: function () { back(k); } },
          [el("span", { cls: "q", text: n.question.length > 48 ? n.question.slice(0, 47) + "\u2026 " : n.question + " " }), "\u2192 " + n.branches[s.branch].answer])]));
      });
      if (guide) box.appendChild(el("p", { cls: "note", text: "Showing the way for the worked example \u201C" + guide.name + "\u201D: the highlighted answer is the one it gives." }));
      if (trail.length) box.appendChild(crumbs);
      if (done) {
        var o = outcomes[done];
        box.appendChild(el("div", { cls: "outcome " + sevClass(o.severity), id: "player-outcome", "data-outcome": outcomeName(done, current) },
          [el("span", { cls: "sev", text: o.severity || "outcome" }), el("div", { cls: "title", text: o.title })]));
        box.appendChild(el("div", { cls: "step", text: "Path" }));
        var path = trail.map(function (s) { return nodeName(s.node, current); }).concat([outcomeName(done, current)]).join(" > ");
        box.appendChild(el("code", { cls: "path", id: "player-path", text: path }));
        box.appendChild(el("div", { cls: "step", text: "Conditions that held" }));
        var held = el("ol", { cls: "held" });
        trail.forEach(function (s) {
          var n = nodes[s.node], b = n.branches[s.branch];
          held.appendChild(el("li", null, [n.question + " \u2192 ", el("strong", { text: b.answer }), b.when ? " " : "", b.when ? el("code", { text: b.when }) : null]));
        });
        box.appendChild(held);
      } else if (at) {
        var node = nodes[at];
        box.appendChild(el("div", { cls: "step", text: "Question " + (trail.length + 1) + (node.sop !== sops[current].id ? " \u00B7 " + node.sop : "") }));
        box.appendChild(el("h2", { cls: "question", id: "player-question", "data-node": at, text: node.question }));
        if (node.guidance) box.appendChild(el("div", { cls: "guidance" }, [el("b", { text: "Guidance" }), prose(node.guidance)]));
        if (node.first) box.appendChild(el("p", { cls: "muted", text: "Take the first answer that applies." }));
        var answers = el("div", { cls: "answers", role: "group", "aria-label": "Answers" });
        var suggested = suggestion();
        node.branches.forEach(function (b, i) {
          answers.appendChild(el("button", { cls: "answer" + (i === suggested ? " suggested" : ""), "data-branch": String(i), on: function () { choose(i); } },
            [b.answer]));
        });
        box.appendChild(answers);
      }
      var controls = el("div", { cls: "controls" });
      var backBtn = el("button", { cls: "btn", id: "player-back", text: "\u2190 Back", on: function () { back(trail.length - 1); } });
      backBtn.disabled = trail.length === 0;
      controls.appendChild(backBtn);
      controls.appendChild(el("button", { cls: "btn", id: "player-restart", text: "Start over", on: function () { restart(null); } }));
      box.appendChild(controls);
    }
    return { restart: restart };
  })();

  function renderExamples() {
    var box = clear(document.getElementById("examples"));
    var list = sops[current].examples;
    box.appendChild(el("h2", { text: "Worked examples" }));
    if (!list.length) { box.appendChild(el("p", { cls: "muted", text: "This SOP has no examples." })); return; }
    list.forEach(function (e, k) {
      var facts = el("ul");
      e.facts.forEach(function (f) { facts.appendChild(el("li", { text: f.input + ": " + f.answer })); });
      box.appendChild(el("div", { cls: "example" }, [el("div", { cls: "name", text: e.name }), facts,
        el("button", { cls: "btn", "data-example": String(k), text: "Show me", on: function () { player.restart(e); window.scrollTo(0, 0); } })]));
    });
  }

  // ---- diagram: natural size by default, zoom buttons scale every SVG
  var zoom = 1;
  var natural = [];
  document.querySelectorAll(".diagrams svg").forEach(function (svg) {
    natural.push([svg, parseFloat(svg.getAttribute("width")), parseFloat(svg.getAttribute("height"))]);
  });
  function applyZoom() {
    natural.forEach(function (n) { n[0].setAttribute("width", (n[1] * zoom) + "pt"); n[0].setAttribute("height", (n[2] * zoom) + "pt"); });
  }
  // Fit the diagram shown to its box; `readable` keeps text no smaller than 70% (the box then scrolls).
  function fit(readable) {
    var wrap = document.querySelector(".diagram:not([hidden]) .svg");
    var svg = wrap && wrap.querySelector("svg");
    if (!svg || !wrap.clientWidth) return;
    var w = parseFloat(svg.getAttribute("width")) / zoom;
    zoom = Math.min(1, (wrap.clientWidth - 8) * 0.75 / w);
    if (readable === true) zoom = Math.max(0.7, zoom);
    applyZoom();
  }
  tabs.forEach(function (t) { if (t.dataset.tab === "diagram") t.addEventListener("click", function () { fit(true); }); });
  document.getElementById("zoom-in").addEventListener("click", function () { zoom *= 1.25; applyZoom(); });
  document.getElementById("zoom-out").addEventListener("click", function () { zoom /= 1.25; applyZoom(); });
  document.getElementById("zoom-fit").addEventListener("click", function () { fit(false); });
  document.querySelectorAll(".diagrams g.node").forEach(function (g) {
    g.addEventListener("click", function () {
      var wrap = g.closest(".diagram"), key = sops[wrap.dataset.sop].diagram[g.id];
      wrap.querySelectorAll("g.node.selected").forEach(function (x) { x.classList.remove("selected"); });
      g.classList.add("selected");
      var info = clear(document.getElementById("node-info"));
      if (!key) { info.appendChild(el("p", { cls: "muted", text: "These questions are folded; the player and the handbook hold them." })); return; }
      if (key.charAt(0) === "n") {
        var n = nodes[key];
        info.appendChild(el("div", { cls: "step", text: n.sop + " \u00B7 " + n.id }));
        info.appendChild(el("h3", { id: "info-question", text: n.question }));
        if (n.guidance) info.appendChild(el("div", { cls: "guidance" }, [el("b", { text: "Guidance" }), prose(n.guidance)]));
        var ul = el("ul");
        n.branches.forEach(function (b) {
          var to = b.to.charAt(0) === "n" ? nodes[b.to].question : b.to.charAt(0) === "o" ? outcomes[b.to].title : "continue with " + sops[b.to].title;
          ul.appendChild(el("li", null, [el("strong", { text: b.answer }), " \u2192 " + to]));
        });
        info.appendChild(ul);
      } else if (key.charAt(0) === "o") {
        var o = outcomes[key];
        info.appendChild(el("div", { cls: "outcome " + sevClass(o.severity) }, [el("span", { cls: "sev", text: o.severity || "outcome" }), el("div", { cls: "title", text: o.title })]));
        info.appendChild(el("p", { cls: "muted", text: o.qualified }));
      } else {
        info.appendChild(el("h3", { text: sops[key].title }));
        info.appendChild(el("button", { cls: "btn", text: "Open this SOP", on: function () { selectSOP(key); showTab("diagram"); } }));
      }
    });
  });

  // ---- quiz
  var quiz = (function () {
    var box = document.getElementById("quiz");
    var items = [], k = 0, score = 0, answered = false;
    function start() {
      items = sops[current].quiz || []; k = 0; score = 0; answered = false; render();
    }
    function render() {
      clear(box);
      if (!items.length) { box.appendChild(el("p", { cls: "muted", text: "No scenarios for this SOP." })); return; }
      var bar = el("div", { cls: "progress" }, [el("span")]);
      bar.firstChild.style.width = Math.round(100 * k / items.length) + "%";
      box.appendChild(bar);
      if (k >= items.length) {
        box.appendChild(el("div", { cls: "step", text: "Your score" }));
        box.appendChild(el("div", { cls: "score", id: "quiz-score", text: score + " / " + items.length }));
        box.appendChild(el("p", { cls: "muted", text: Math.round(100 * score / items.length) + "% right" + (sops[current].quizComplete ? "" : " (the first " + items.length + " scenarios; `sopc export --format quiz` writes them all)") + "." }));
        box.appendChild(el("button", { cls: "btn primary", text: "Try again", on: start }));
        return;
      }
      var q = items[k];
      box.appendChild(el("div", { cls: "step", text: "Scenario " + (k + 1) + " of " + items.length + " \u00B7 score " + score }));
      box.appendChild(el("p", { text: "A case arrives with these facts:" }));
      var facts = el("ul", { cls: "quiz-facts" });
      q.facts.forEach(function (f) { facts.appendChild(el("li", null, [prose(f.question), " ", el("b", { text: f.answer })])); });
      box.appendChild(facts);
      box.appendChild(el("h2", { cls: "question", text: q.prompt }));
      var answers = el("div", { cls: "answers" });
      var feedback = el("div", { cls: "feedback", hidden: "" });
      q.options.forEach(function (o, i) {
        var b = el("button", { cls: "answer quiz-option", "data-option": String(i), text: o.title, on: function () {
          if (answered) return;
          answered = true;
          if (i === q.answer) score += 1;
          answers.childNodes.forEach(function (c, j) { if (j === q.answer) c.classList.add("right"); else if (j === i) c.classList.add("wrong"); });
          feedback.textContent = (i === q.answer ? "Right. " : "Not quite. ") + o.feedback + (i === q.answer ? "" : " The answer: " + q.options[q.answer].title + ". " + q.options[q.answer].feedback);
          feedback.hidden = false;
          next.disabled = false;
        } });
        answers.appendChild(b);
      });
      box.appendChild(answers);
      box.appendChild(feedback);
      var next = el("button", { cls: "btn primary", id: "quiz-next", text: k + 1 < items.length ? "Next scenario" : "See my score", on: function () { k += 1; answered = false; render(); } });
      next.disabled = true;
      box.appendChild(next);
    }
    return { start: start };
  })();

  selectSOP(current);
})();
"""#
}
