// storyline web interface: a single page over the JSON API.
// Every piece of data is put into the page as text (textContent or DOM nodes),
// never parsed as markup: article text is untrusted.
"use strict";

const main = document.getElementById("main");

// ---------- small helpers ----------

// el("div", {class: "x", href: "#/y"}, child, "text", ...): builds a DOM node.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

function show(...nodes) {
  clear(main);
  main.append(...nodes.flat().filter(Boolean));
}

// Hash links: #/view/arg?query
function link(view, arg, params) {
  let h = "#/" + view;
  if (arg !== undefined && arg !== null) h += "/" + encodeURIComponent(arg);
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const qs = q.toString();
  return qs ? h + "?" + qs : h;
}

function actorLink(name) {
  return el("a", { href: link("actor", name) }, name);
}

function docBadge(id, outlet) {
  return el("a", { class: "badge source", href: link("doc", id), title: outlet ? outlet + " — " + id : id }, outlet || id);
}

class ApiError extends Error {}

async function api(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== "") q.set(k, v);
  const qs = q.toString();
  const res = await fetch("/api/" + path + (qs ? "?" + qs : ""), { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await res.json();
  } catch (_) {
    throw new ApiError("the server answered " + res.status + " without JSON");
  }
  if (!res.ok) throw new ApiError((body && body.error && body.error.message) || "error " + res.status);
  return body;
}

function errorBox(e) {
  return el("div", { class: "error", role: "alert" }, String(e && e.message ? e.message : e));
}

function pager(total, offset, limit, go) {
  const box = el("div", { class: "pager" });
  const from = total === 0 ? 0 : offset + 1;
  const to = Math.min(total, offset + limit);
  if (offset > 0) box.append(el("button", { class: "secondary", onclick: () => go(Math.max(0, offset - limit)) }, "← Previous"));
  box.append(el("span", { class: "muted small" }, from + "–" + to + " of " + total));
  if (offset + limit < total) box.append(el("button", { class: "secondary", onclick: () => go(offset + limit) }, "Next →"));
  return box;
}

function filterForm(fields, values, onsubmit) {
  const form = el("form", { class: "filters" });
  const inputs = {};
  for (const f of fields) {
    const input = el("input", { name: f.name, type: f.type || "text", placeholder: f.placeholder || "", value: values[f.name] || "" });
    inputs[f.name] = input;
    form.append(el("label", {}, f.label, input));
  }
  form.append(el("button", { type: "submit" }, "Apply"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const out = {};
    for (const [k, input] of Object.entries(inputs)) out[k] = input.value.trim();
    onsubmit(out);
  });
  return form;
}

// ---------- timeline ----------

function conflictNode(c) {
  const parts = [];
  c.values.forEach((v, i) => {
    if (i > 0) parts.push(" vs ");
    parts.push(el("span", { class: "value" }, v.value), " (" + v.documents.join(", ") + ")");
  });
  return el("div", { class: "conflict", title: "Sources disagree" }, "⚠ sources disagree on the " + c.field + ": ", parts);
}

// How the sources present an event, when they do not simply assert it: the tag's word and
// its explanation.
const MODALITY = {
  intended: ["planned", "Planned or announced: the sources report an intention or an announcement, not the act itself."],
  reported: ["reported", "Reported: the sources attribute it to reports or claims by others rather than stating it themselves."],
  negated: ["denied", "Denied: the sources say it did not happen or will not happen."],
  hypothetical: ["hypothetical", "Hypothetical: the sources present it as possible, conditional or under discussion, not as having happened."],
};

function modalityTag(modality, small) {
  const m = MODALITY[modality];
  if (!m) return null;
  return el("span", { class: "tag modality modality-" + modality + (small ? " small" : ""), "data-modality": modality, title: m[1] }, m[0]);
}

// The outlet of a document: from the page's outlet map, else from a mention of it.
function outletOf(id, outlets, mentions) {
  if (outlets && outlets[id]) return outlets[id];
  const m = (mentions || []).find((x) => x.document === id && x.outlet);
  return m ? m.outlet : null;
}

// Where in a mention's sentence its trigger is, in UTF-8 bytes of the sentence. A headline
// mention's offsets are into the title, which is its text; a body mention's are into the
// document, so the sentence's own start is found from where the trigger word occurs in it,
// agreeing with the other mentions of that sentence (`peers`) when the word occurs twice.
function triggerInSentence(m, peers) {
  const enc = new TextEncoder();
  const bytes = enc.encode(m.text);
  const word = enc.encode(m.trigger.text);
  if (!word.length) return null;
  const starts = (t) => {
    const w = enc.encode(t.text);
    const out = [];
    for (let i = 0; i + w.length <= bytes.length; i++) {
      let ok = true;
      for (let j = 0; j < w.length && ok; j++) ok = bytes[i + j] === w[j];
      if (ok && t.start - i >= 0) out.push(t.start - i);
    }
    return out;
  };
  if (m.in_title) return m.trigger.start >= 0 && m.trigger.end <= bytes.length ? [m.trigger.start, m.trigger.end] : null;
  let candidates = starts(m.trigger);
  for (const p of peers || []) {
    if (p === m || p.in_title || p.document !== m.document || p.sentence !== m.sentence) continue;
    const theirs = new Set(starts(p.trigger));
    const both = candidates.filter((c) => theirs.has(c));
    if (both.length) candidates = both;
  }
  if (!candidates.length) return null;
  const at = m.trigger.start - candidates[0];
  return [at, at + word.length];
}

// A sentence as text nodes with its trigger in <em class="trigger-word">.
function sentenceNodes(m, peers) {
  const span = triggerInSentence(m, peers);
  if (!span) return [m.text];
  const bytes = new TextEncoder().encode(m.text);
  const dec = new TextDecoder("utf-8");
  return [dec.decode(bytes.subarray(0, span[0])), el("em", { class: "trigger-word" }, dec.decode(bytes.subarray(span[0], span[1]))), dec.decode(bytes.subarray(span[1]))];
}

// The link to a mention's sentence, highlighted in its article.
function evidenceHref(m) {
  return link("doc", m.document, { s: m.in_title ? "title" : m.sentence, t: m.trigger.start + "-" + m.trigger.end });
}

// The evidence of an entry: one line per mention, collapsed.
function evidenceNode(e, outlets) {
  const ms = e.mentions || [];
  if (!ms.length) return null;
  return el(
    "details",
    { class: "evidence" },
    el("summary", {}, "Evidence: " + ms.length + (ms.length === 1 ? " sentence" : " sentences")),
    el(
      "ol",
      { class: "evidence-list" },
      ms.map((m) =>
        el(
          "li",
          { class: "evidence-item", "data-document": m.document, "data-sentence": m.in_title ? "title" : String(m.sentence) },
          docBadge(m.document, outletOf(m.document, outlets, ms)),
          " ",
          m.in_title ? el("span", { class: "muted small" }, "headline: ") : null,
          el("q", { class: "evidence-text" }, sentenceNodes(m, ms)),
          " ",
          m.modality !== e.modality ? modalityTag(m.modality, true) : null,
          " ",
          el("a", { class: "evidence-link", href: evidenceHref(m), title: "Open the article at this sentence" }, "in the article →"),
        ),
      ),
    ),
  );
}

function entryNode(e, outlets) {
  const actors = e.actors.map((a) => actorLink(a));
  const actorList = [];
  actors.forEach((a, i) => {
    if (i > 0) actorList.push(", ");
    actorList.push(a);
  });
  const card = el(
    "div",
    { class: "card tl-card" },
    el("div", { class: "summary", title: e.summary }, e.headline || e.summary),
    el(
      "div",
      { class: "meta" },
      modalityTag(e.modality),
      el("span", { class: "tag", title: "PLOVER type, CAMEO code" }, e.plover ? e.plover + " · " + e.code : e.code ? "CAMEO " + e.code : "event"),
      e.location ? el("span", { class: "tag" }, "📍 " + e.location) : null,
      actorList.length ? el("span", { class: "muted" }, "actors: ", actorList) : null,
    ),
    el("div", { class: "meta sources" }, el("span", { class: "muted" }, e.documents.length === 1 ? "source:" : e.documents.length + " sources:"), e.documents.map((d) => docBadge(d, outletOf(d, outlets, e.mentions)))),
    e.conflicts.map(conflictNode),
    evidenceNode(e, outlets),
  );
  return el(
    "li",
    { class: "tl-entry" + (e.conflicts.length ? " conflicted" : ""), "data-date": e.date || "", "data-modality": e.modality || "" },
    el(
      "div",
      { class: "tl-date" },
      e.date || "undated",
      e.precision && e.precision !== "day" ? el("span", { class: "prec" }, e.precision) : null,
      e.date && e.date_inferred ? el("span", { class: "inferred", title: "Inferred date: it rests on a publication date storyline inferred, not on one the article states." }, "date inferred") : null,
    ),
    card,
  );
}

async function viewTimeline(_arg, params) {
  const limit = 100;
  const offset = Number(params.get("offset") || 0);
  const values = { actor: params.get("actor") || "", from: params.get("from") || "", to: params.get("to") || "", story: params.get("story") || "" };
  const form = filterForm(
    [
      { name: "actor", label: "Actor", placeholder: "e.g. Putin" },
      { name: "from", label: "From", type: "date" },
      { name: "to", label: "To", type: "date" },
    ],
    values,
    (v) => (location.hash = link("timeline", null, { ...v, story: values.story })),
  );
  const head = [
    el("h1", {}, values.story ? "Timeline of story " + values.story : "Timeline"),
    el("p", { class: "muted" }, "Events merged across sources, oldest first. Each badge is one reporting article; ⚠ marks disagreement; a tag says when the sources do not simply assert it (planned, reported, denied, hypothetical). Open an entry's evidence for the sentences that report it."),
    values.story ? el("p", {}, el("a", { href: link("timeline", null, { ...values, story: "" }) }, "← all stories' events")) : null,
    form,
  ];
  let data;
  try {
    data = await api("timeline", { ...values, offset, limit });
  } catch (e) {
    return show(head, errorBox(e));
  }
  if (data.total === 0) {
    const stats = await api("stats").catch(() => null);
    const msg = stats && stats.events === 0 ? "No events in the store yet. Browse the articles or search instead." : "No events match these filters.";
    return show(head, el("div", { class: "warning" }, msg, " ", el("a", { href: link("documents") }, "Articles →")));
  }
  show(
    head,
    el("ol", { class: "timeline", id: "timeline" }, data.entries.map((e) => entryNode(e, data.outlets))),
    pager(data.total, offset, limit, (o) => (location.hash = link("timeline", null, { ...values, offset: o }))),
  );
}

// ---------- stories ----------

async function viewStories(_arg, params) {
  const limit = 50;
  const offset = Number(params.get("offset") || 0);
  const head = [el("h1", {}, "Stories"), el("p", { class: "muted" }, "Articles grouped by the happening they report, oldest first. Open a story for its own timeline.")];
  let data;
  try {
    data = await api("stories", { offset, limit });
  } catch (e) {
    return show(head, errorBox(e));
  }
  if (data.total === 0) return show(head, el("div", { class: "warning" }, "No articles in the store yet."));
  const cards = data.stories.map((st) =>
    el(
      "li",
      { class: "card story" },
      el("div", { class: "summary" }, el("a", { href: link("timeline", null, { story: st.id }) }, "Story " + st.id + ": " + (st.label || "(no terms)"))),
      el("div", { class: "meta" }, el("span", { class: "tag" }, st.first ? (st.last && st.last !== st.first ? st.first + " – " + st.last : st.first) : "undated"), el("span", { class: "muted" }, st.documents.length + (st.documents.length === 1 ? " article" : " articles"))),
      el("div", { class: "meta sources" }, st.documents.map((d) => docBadge(d, data.outlets && data.outlets[d]))),
    ),
  );
  show(head, el("ol", { class: "stories", id: "stories" }, cards), pager(data.total, offset, limit, (o) => (location.hash = link("stories", null, { offset: o }))));
}

// ---------- actors ----------

async function viewActors(_arg, params) {
  const limit = 100;
  const offset = Number(params.get("offset") || 0);
  const q = params.get("q") || "";
  const form = filterForm([{ name: "q", label: "Name contains", placeholder: "e.g. Xi" }], { q }, (v) => (location.hash = link("actors", null, v)));
  const head = [el("h1", {}, "Actors"), el("p", { class: "muted" }, "People, organisations and places, most present first."), form];
  let data;
  try {
    data = await api("actors", { q, offset, limit });
  } catch (e) {
    return show(head, errorBox(e));
  }
  const rows = data.actors.map((a) =>
    el(
      "tr",
      {},
      el("td", {}, actorLink(a.name)),
      el("td", { class: "num" }, a.mentions),
      el("td", { class: "num" }, a.documents),
      el("td", { class: "num" }, a.events),
      el("td", { class: "num" }, a.quotes),
    ),
  );
  show(
    head,
    el(
      "table",
      { id: "actors" },
      el("thead", {}, el("tr", {}, el("th", {}, "Actor"), el("th", { class: "num" }, "Mentions"), el("th", { class: "num" }, "Articles"), el("th", { class: "num" }, "Events"), el("th", { class: "num" }, "Quotes"))),
      el("tbody", {}, rows),
    ),
    pager(data.total, offset, limit, (o) => (location.hash = link("actors", null, { q, offset: o }))),
  );
}

function quoteNode(q, withSpeaker, outlets) {
  return el(
    "div",
    { class: "card quote-item" },
    el("blockquote", {}, "“" + q.text + "”"),
    el(
      "div",
      { class: "who" },
      withSpeaker ? (q.speaker ? actorLink(q.speaker) : "unknown speaker") : null,
      withSpeaker ? " · " : null,
      q.cue ? q.cue + " · " : null,
      q.kind + " · ",
      q.date || "undated",
      " · ",
      docBadge(q.document, outlets && outlets[q.document]),
    ),
  );
}

async function viewActor(name) {
  let data;
  try {
    data = await api("actors/" + encodeURIComponent(name), { limit: 200 });
  } catch (e) {
    return show(el("h1", {}, name), errorBox(e));
  }
  show(
    el("h1", {}, data.name),
    el("p", { class: "muted" }, data.mentions + " mentions in " + data.documents + " articles · " + data.events_total + " events · " + data.quotes_total + " quotes"),
    el("h2", {}, "Also called"),
    data.aliases.length ? el("div", { class: "chips" }, data.aliases.map((a) => el("span", { class: "tag", title: a.count + " mentions" }, a.text + " ×" + a.count))) : el("p", { class: "muted" }, "No mentions recorded."),
    el("h2", {}, "Events"),
    data.events.length ? el("ol", { class: "timeline" }, data.events.map((e) => entryNode(e, data.outlets))) : el("p", { class: "muted" }, "No events."),
    data.events_total > data.events.length ? el("p", { class: "muted small" }, "Showing " + data.events.length + " of " + data.events_total + "; filter the timeline for more: ", el("a", { href: link("timeline", null, { actor: data.name }) }, "timeline →")) : null,
    el("h2", {}, "Quotes"),
    data.quotes.length ? data.quotes.map((q) => quoteNode(q, false, data.outlets)) : el("p", { class: "muted" }, "No quotes."),
  );
}

// ---------- quotes ----------

async function viewQuotes(_arg, params) {
  const limit = 50;
  const offset = Number(params.get("offset") || 0);
  const speaker = params.get("speaker") || "";
  const form = filterForm([{ name: "speaker", label: "Speaker contains", placeholder: "e.g. Wang Yi" }], { speaker }, (v) => (location.hash = link("quotes", null, v)));
  const head = [el("h1", {}, "Quotes"), el("p", { class: "muted" }, "Who said what, oldest first."), form];
  let data;
  try {
    data = await api("quotes", { speaker, offset, limit });
  } catch (e) {
    return show(head, errorBox(e));
  }
  show(
    head,
    data.quotes.length ? el("div", { id: "quotes" }, data.quotes.map((q) => quoteNode(q, true, data.outlets))) : el("p", { class: "muted" }, "No quotes found."),
    pager(data.total, offset, limit, (o) => (location.hash = link("quotes", null, { speaker, offset: o }))),
  );
}

// ---------- compare ----------

async function viewCompare() {
  const head = [el("h1", {}, "Compare sources"), el("p", { class: "muted" }, "How each outlet names things, where sources disagree, and who reports what.")];
  show(head, el("p", { class: "muted" }, "Loading…"));
  let data;
  try {
    data = await api("compare", { limit: 200 });
  } catch (e) {
    return show(head, errorBox(e));
  }
  const outlets = Object.keys(data.framing);
  const terms = [...new Set(outlets.flatMap((o) => Object.keys(data.framing[o])))];
  const totals = Object.fromEntries(terms.map((t) => [t, outlets.reduce((s, o) => s + (data.framing[o][t] || 0), 0)]));
  terms.sort((a, b) => totals[b] - totals[a] || a.localeCompare(b));
  const max = Math.max(1, ...outlets.flatMap((o) => Object.values(data.framing[o])));
  const framing = terms.length
    ? el(
        "table",
        { id: "framing" },
        el("thead", {}, el("tr", {}, el("th", {}, "Term"), outlets.map((o) => el("th", {}, o)))),
        el(
          "tbody",
          {},
          terms.map((t) =>
            el(
              "tr",
              {},
              el("td", {}, t),
              outlets.map((o) => {
                const n = data.framing[o][t] || 0;
                const bar = el("span", { class: "bar" });
                // CSSOM, not a style attribute: allowed by the Content-Security-Policy.
                bar.style.width = Math.round((n / max) * 80) + "px";
                return el("td", { class: "bars" }, n ? [bar, String(n)] : el("span", { class: "muted" }, "–"));
              }),
            ),
          ),
        ),
      )
    : el("p", { class: "muted" }, "No framing terms found.");
  const conflicts = data.conflicts.length
    ? data.conflicts.map((c) => el("div", { class: "card quote-item" }, el("strong", {}, (c.date || "undated") + " · " + c.event), c.conflicts.map(conflictNode)))
    : el("p", { class: "muted" }, "No conflicts between sources.");
  const multi = data.coverage.filter((c) => c.reported_by.length > 1);
  const coverage = multi.length
    ? el(
        "table",
        { id: "coverage" },
        el("thead", {}, el("tr", {}, el("th", {}, "Date"), el("th", {}, "Event"), el("th", {}, "Reported by"), el("th", {}, "Not reported by"))),
        el(
          "tbody",
          {},
          multi.map((c) =>
            el(
              "tr",
              {},
              el("td", {}, c.date || "undated"),
              el("td", {}, c.event),
              el("td", {}, c.reported_by.map((d) => docBadge(d, data.outlets[d]))),
              el("td", {}, c.not_reported_by.slice(0, 20).map((d) => docBadge(d, data.outlets[d])), c.not_reported_by.length > 20 ? " …" : null),
            ),
          ),
        ),
      )
    : el("p", { class: "muted" }, "No event is reported by more than one source" + (data.coverage_total > data.coverage.length ? " among the first " + data.coverage.length + "." : "."));
  show(head, el("h2", {}, "Framing terms per outlet"), framing, el("h2", {}, "Conflicts"), conflicts, el("h2", {}, "Coverage of events reported by several sources"), coverage);
}

// ---------- search ----------

// "a [match] b" → text and <mark> nodes.
function snippetNodes(s) {
  const out = [];
  const re = /\[([^\]]*)\]/g;
  let last = 0;
  let m;
  while ((m = re.exec(s))) {
    out.push(s.slice(last, m.index), el("mark", {}, m[1]));
    last = re.lastIndex;
  }
  out.push(s.slice(last));
  return out;
}

async function viewSearch(_arg, params) {
  const q = params.get("q") || "";
  const form = filterForm([{ name: "q", label: "Words", placeholder: "e.g. peace plan" }], { q }, (v) => (location.hash = link("search", null, v)));
  const head = [el("h1", {}, "Search"), el("p", { class: "muted" }, "Full-text search over titles and article text."), form];
  if (!q) return show(head);
  let data;
  try {
    data = await api("search", { q, limit: 50 });
  } catch (e) {
    return show(head, errorBox(e));
  }
  show(
    head,
    data.hits.length
      ? el(
          "div",
          { id: "hits" },
          data.hits.map((h) =>
            el("div", { class: "card hit" }, el("a", { class: "title", href: link("doc", h.id) }, h.title || h.id), el("div", { class: "muted small" }, [h.published || "undated", data.outlets && data.outlets[h.id], h.id].filter(Boolean).join(" · ")), el("div", {}, snippetNodes(h.snippet))),
          ),
        )
      : el("p", { class: "muted" }, "Nothing found."),
  );
}

// ---------- documents ----------

async function viewDocuments(_arg, params) {
  const limit = 50;
  const offset = Number(params.get("offset") || 0);
  const head = [el("h1", {}, "Articles"), el("p", { class: "muted" }, "Stored articles in the order they were added.")];
  let data;
  try {
    data = await api("documents", { offset, limit });
  } catch (e) {
    return show(head, errorBox(e));
  }
  show(
    head,
    el(
      "table",
      { id: "documents" },
      el("thead", {}, el("tr", {}, el("th", {}, "Published"), el("th", {}, "Title"), el("th", {}, "Outlet"))),
      el(
        "tbody",
        {},
        data.documents.map((d) =>
          el(
            "tr",
            {},
            el("td", {}, d.published || "—"),
            el("td", {}, el("a", { href: link("doc", d.id) }, d.title || d.id), d.near_duplicate_of ? el("span", { class: "muted small" }, " (near-duplicate of " + d.near_duplicate_of + ")") : null),
            el("td", {}, d.outlet || "—"),
          ),
        ),
      ),
    ),
    pager(data.total, offset, limit, (o) => (location.hash = link("documents", null, { offset: o }))),
  );
}

// ---------- article view ----------

// Annotations are UTF-8 byte offsets; JS strings are UTF-16. Work on the bytes and
// decode each segment. `focus` ({s, e, ts, te}: a sentence and its trigger, in bytes),
// when given, is wrapped in <mark id="evidence"> with the trigger in <em class="trigger-word"> (bold).
function highlighted(doc, focus) {
  const bytes = new TextEncoder().encode(doc.text);
  const dec = new TextDecoder("utf-8");
  const n = bytes.length;
  // Snap an offset back to a character boundary (never inside a multi-byte char).
  const snap = (i) => {
    i = Math.max(0, Math.min(n, i | 0));
    while (i > 0 && i < n && (bytes[i] & 0xc0) === 0x80) i--;
    return i;
  };
  const spans = [];
  const add = (start, end, cls, title, actor) => {
    const s = snap(start);
    const e = snap(end);
    if (e > s) spans.push({ s, e, cls, title, actor });
  };
  for (const q of doc.quotes || []) add(q.start, q.end, "quote", "quote" + (q.speaker ? " — " + q.speaker : "") + (q.cue ? " (" + q.cue + ")" : ""));
  for (const t of doc.timexes || []) add(t.start, t.end, "timex", t.type + " " + t.value);
  for (const x of doc.entities || []) add(x.start, x.end, "ent ent-" + (["PER", "ORG", "LOC", "MISC"].includes(x.label) ? x.label : "MISC"), x.label + (x.actor ? " → " + x.actor : ""), x.actor);
  for (const ev of (doc.events || []).filter((x) => x.code && !x.in_title)) add(ev.trigger.start, ev.trigger.end, "trigger", "event " + ev.code + " " + ev.plover + ": " + (ev.source || "?") + " → " + (ev.target || "?") + (ev.date ? " on " + ev.date : ""));
  const cuts = new Set([0, n]);
  for (const sp of spans) {
    cuts.add(sp.s);
    cuts.add(sp.e);
  }
  let f = null;
  if (focus) {
    f = { s: snap(focus.s), e: snap(focus.e), ts: snap(focus.ts), te: snap(focus.te) };
    if (!(f.te > f.ts && f.ts >= f.s && f.te <= f.e)) f.ts = f.te = -1;
    for (const x of [f.s, f.e, f.ts, f.te]) if (x >= 0) cuts.add(x);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const box = el("div", { class: "card article-text", id: "article-text" });
  let mark = null;
  let em = null;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    const text = dec.decode(bytes.subarray(a, b));
    // Where the segment goes: the page, the evidence <mark>, or the trigger's <em> in it.
    let into = box;
    if (f && a >= f.s && b <= f.e) {
      if (!mark) box.append((mark = el("mark", { class: "evidence", id: "evidence", title: "The sentence the timeline links to" })));
      into = mark;
      if (a >= f.ts && b <= f.te) {
        if (!em) mark.append((em = el("em", { class: "trigger-word" })));
        into = em;
      }
    }
    const active = spans.filter((sp) => sp.s <= a && sp.e >= b);
    if (!active.length) {
      into.append(text);
      continue;
    }
    const classes = ["hl", ...new Set(active.flatMap((sp) => sp.cls.split(" ")))].join(" ");
    const title = active.map((sp) => sp.title).join("\n");
    const actor = active.find((sp) => sp.actor);
    into.append(actor ? el("a", { class: classes, title, href: link("actor", actor.actor) }, text) : el("span", { class: classes, title }, text));
  }
  return box;
}

// The title, with the evidence <mark> around it when a headline mention is linked.
function titleNode(doc, focus) {
  const title = doc.title || doc.id;
  if (!focus || !doc.title) return el("h1", { id: "article-title" }, title);
  const bytes = new TextEncoder().encode(doc.title);
  const dec = new TextDecoder("utf-8");
  const ts = Math.max(0, Math.min(bytes.length, focus.ts));
  const te = Math.max(ts, Math.min(bytes.length, focus.te));
  const parts = te > ts ? [dec.decode(bytes.subarray(0, ts)), el("em", { class: "trigger-word" }, dec.decode(bytes.subarray(ts, te))), dec.decode(bytes.subarray(te))] : [doc.title];
  return el("h1", { id: "article-title" }, el("mark", { class: "evidence", id: "evidence", title: "The headline the timeline links to" }, parts));
}

// The linked sentence of `?s=SENTENCE&t=START-END` (s=title for the headline): byte spans,
// or null with a reason when it is not in this document.
function evidenceFocus(doc, params) {
  const s = params.get("s");
  if (s === null) return { focus: null };
  const t = /^(\d+)-(\d+)$/.exec(params.get("t") || "");
  const ts = t ? Number(t[1]) : -1;
  const te = t ? Number(t[2]) : -1;
  if (s === "title") return { title: true, focus: { ts, te } };
  const sent = /^\d+$/.test(s) ? (doc.sentences || [])[Number(s)] : null;
  if (!sent) return { focus: null, missing: "The linked sentence (" + s + ") is not in this article." };
  return { focus: { s: sent.start, e: sent.end, ts, te } };
}

function safeUrl(u) {
  return typeof u === "string" && /^https?:\/\//i.test(u) ? u : null;
}

function spanText(doc, start, end) {
  const bytes = new TextEncoder().encode(doc.text);
  return new TextDecoder("utf-8").decode(bytes.subarray(start, end));
}

async function viewDoc(id, params) {
  let doc;
  try {
    doc = await api("documents/" + encodeURIComponent(id));
  } catch (e) {
    return show(el("h1", {}, id), errorBox(e));
  }
  const url = safeUrl(doc.url);
  const meta = [doc.outlet, doc.published ? doc.published + (doc.published_inferred ? " (inferred)" : "") : null, doc.byline].filter(Boolean).join(" · ");
  const legend = el(
    "div",
    { class: "legend" },
    el("span", { class: "hl ent-PER" }, "person"),
    el("span", { class: "hl ent-ORG" }, "organisation"),
    el("span", { class: "hl ent-LOC" }, "place"),
    el("span", { class: "hl ent-MISC" }, "other"),
    el("span", { class: "hl timex" }, "date/time"),
    el("span", { class: "hl quote" }, "quote"),
    el("span", { class: "hl trigger" }, "event"),
  );
  const actors = [...new Set((doc.entities || []).filter((x) => x.actor).map((x) => x.actor))];
  const panels = el(
    "div",
    { class: "panels" },
    el("div", { class: "card" }, el("h3", {}, "Actors"), actors.length ? el("ul", {}, actors.map((a) => el("li", {}, actorLink(a)))) : el("p", { class: "muted" }, "none")),
    el("div", { class: "card" }, el("h3", {}, "Dates"), (doc.timexes || []).length ? el("ul", {}, doc.timexes.map((t) => el("li", {}, t.text + " → " + t.value))) : el("p", { class: "muted" }, "none")),
    el(
      "div",
      { class: "card" },
      el("h3", {}, "Events"),
      (doc.events || []).length
        ? el("ul", {}, doc.events.filter((x) => x.code).map((ev) => el("li", {}, (ev.source || "someone") + " " + ev.trigger.text + " " + (ev.target || "") + " · " + ev.plover + (ev.date ? " · " + ev.date : ""))))
        : el("p", { class: "muted" }, "none"),
    ),
    el(
      "div",
      { class: "card" },
      el("h3", {}, "Quotes"),
      (doc.quotes || []).length ? el("ul", {}, doc.quotes.map((q) => el("li", {}, (q.speaker || "unknown") + ": “" + spanText(doc, q.start, q.end) + "”"))) : el("p", { class: "muted" }, "none"),
    ),
  );
  const ev = evidenceFocus(doc, params || new URLSearchParams());
  show(
    titleNode(doc, ev.title ? ev.focus : null),
    el("p", { class: "muted" }, meta || doc.id, url ? [" · ", el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, "original")] : null),
    ev.missing ? el("div", { class: "warning" }, ev.missing) : null,
    ev.focus ? el("p", { class: "muted small evidence-note" }, el("mark", { class: "evidence-sample" }, "Marked"), " the " + (ev.title ? "headline" : "sentence") + " a timeline entry rests on; its trigger word is in bold.") : null,
    legend,
    highlighted(doc, ev.title ? null : ev.focus),
    panels,
  );
  const target = document.getElementById("evidence");
  if (target) target.scrollIntoView({ block: "center" });
}

// ---------- router ----------

const views = {
  timeline: viewTimeline,
  stories: viewStories,
  actors: viewActors,
  actor: viewActor,
  quotes: viewQuotes,
  compare: viewCompare,
  search: viewSearch,
  documents: viewDocuments,
  doc: viewDoc,
};
const navOf = { actor: "actors", doc: "documents" };

async function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [path, query] = hash.split("?", 2);
  const [view, ...rest] = path.split("/");
  const name = views[view] ? view : "timeline";
  let arg = rest.length ? rest.join("/") : null;
  try {
    arg = arg === null ? null : decodeURIComponent(arg);
  } catch (_) {
    arg = null;
  }
  for (const a of document.querySelectorAll("#nav a")) a.classList.toggle("active", a.dataset.view === (navOf[name] || name));
  try {
    await views[name](arg, new URLSearchParams(query || ""));
  } catch (e) {
    show(errorBox(e));
  }
  document.body.dataset.ready = name;
}

async function loadStats() {
  try {
    const s = await api("stats");
    document.getElementById("stats").textContent = s.documents + " articles · " + s.events + " events · " + s.quotes + " quotes · " + s.actors + " actors";
  } catch (_) {
    /* the view shows errors */
  }
}

window.addEventListener("hashchange", () => {
  document.body.dataset.ready = "";
  route();
});
loadStats();
route();
