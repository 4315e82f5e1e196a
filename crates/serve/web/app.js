// newsgraph browser view: plain JavaScript over the JSON API (/api/...) and /sparql.
// Routes (location.hash): #/ entities, #/entity/ID, #/article/KEY?hl=B,E, #/why?a=&b=,
// #/timeline/ID, #/sparql?query=.
"use strict";

const $ = (sel, el = document) => el.querySelector(sel);
const main = $("#main");
const TYPE_COLORS = {
  Person: "#3a7bd5", Official: "#1b4f9c", Agency: "#8e44ad", Company: "#d35400",
  MediaOutlet: "#16a085", Organization: "#7f5539", Country: "#27ae60", Location: "#7f8c8d",
  Policy: "#b7950b",
};
const ENTITY_PREFIX = "https://w3id.org/newsgraph/entity/";
const ARTICLE_PREFIX = "https://w3id.org/newsgraph/article/";

// --- helpers ------------------------------------------------------------------------------

function esc(s) {
  return String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

async function api(path) {
  const r = await fetch(path, { headers: { Accept: "application/json" } });
  const text = await r.text();
  if (!r.ok) throw new Error(text.trim() || `${r.status} ${r.statusText}`);
  return JSON.parse(text);
}

// the short id of an entity IRI (the part after entity/), used in URLs
function eid(iri) {
  return iri.startsWith(ENTITY_PREFIX) ? iri.slice(ENTITY_PREFIX.length) : iri;
}
function akey(iri) {
  return iri.startsWith(ARTICLE_PREFIX) ? iri.slice(ARTICLE_PREFIX.length) : iri;
}
function typeBadge(t) {
  return t ? `<span class="type" style="background:${TYPE_COLORS[t] || "#777"}">${esc(t)}</span>` : "";
}
function entityLink(e) {
  if (!e) return "";
  if (!e.iri.startsWith(ENTITY_PREFIX)) return esc(e.label);
  return `<a href="#/entity/${encodeURI(eid(e.iri))}">${esc(e.label)}</a>`;
}
function plural(n, w) {
  return `${n} ${w}${n === 1 ? "" : "s"}`;
}
// an evidence sentence linking to its article, the sentence highlighted
function evidence(ev) {
  if (!ev) return "";
  const hl = ev.begin != null ? `?hl=${ev.begin},${ev.end}` : "";
  const when = ev.date ? ` (${esc(ev.date.slice(0, 10))})` : "";
  const conf = ev.confidence != null ? ` · ${Number(ev.confidence).toFixed(2)}` : "";
  return `<span class="evidence"><q>${esc((ev.sentence || "").trim())}</q> —
    <a href="#/article/${encodeURIComponent(akey(ev.article))}${hl}">${esc(ev.title || akey(ev.article))}</a>${when}${conf}</span>`;
}
function showError(e) {
  main.innerHTML = `<div class="error">${esc(e.message || e)}</div>`;
}
function params(query) {
  return new URLSearchParams(query || "");
}

// --- search box with live suggestions ------------------------------------------------------

const q = $("#q");
const sugg = $("#suggestions");
let active = -1;
let timer = null;
let items = [];

function closeSuggestions() {
  sugg.hidden = true;
  active = -1;
}
function renderSuggestions() {
  sugg.innerHTML = items
    .map((h, i) => `<li role="option" data-i="${i}" class="${i === active ? "active" : ""}">
      <span>${esc(h.label)} ${h.matched !== h.label ? `<span class="muted small">(${esc(h.matched)})</span>` : ""}</span>
      <span>${typeBadge(h.type)} <span class="muted small">${h.mentions}</span></span></li>`)
    .join("");
  sugg.hidden = items.length === 0;
}
async function suggest() {
  const text = q.value.trim();
  if (!text) { items = []; closeSuggestions(); return; }
  try {
    const r = await api(`/api/search?limit=8&q=${encodeURIComponent(text)}`);
    if (q.value.trim() !== text) return;
    items = r.matches.length ? r.matches : r.did_you_mean.map((label) => ({ label, matched: label, type: null, mentions: "did you mean?", iri: label }));
    active = -1;
    renderSuggestions();
  } catch (e) {
    items = [];
    closeSuggestions();
  }
}
function choose(i) {
  const h = items[i];
  if (!h) return;
  closeSuggestions();
  q.value = h.label;
  location.hash = `#/entity/${encodeURI(eid(h.iri))}`;
}
q.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(suggest, 120); });
q.addEventListener("keydown", (ev) => {
  if (ev.key === "ArrowDown") { active = Math.min(active + 1, items.length - 1); renderSuggestions(); ev.preventDefault(); }
  else if (ev.key === "ArrowUp") { active = Math.max(active - 1, 0); renderSuggestions(); ev.preventDefault(); }
  else if (ev.key === "Enter") {
    if (active >= 0) choose(active);
    else if (q.value.trim()) { closeSuggestions(); location.hash = `#/entity/${encodeURIComponent(q.value.trim())}`; }
  } else if (ev.key === "Escape") closeSuggestions();
});
sugg.addEventListener("mousedown", (ev) => {
  const li = ev.target.closest("li");
  if (li) { ev.preventDefault(); choose(Number(li.dataset.i)); }
});
q.addEventListener("blur", () => setTimeout(closeSuggestions, 150));

// --- pages ---------------------------------------------------------------------------------

async function home() {
  const [stats, list] = await Promise.all([api("/api/stats"), api("/api/entities?limit=60")]);
  main.innerHTML = `
    <div class="panel"><h1>The news graph</h1>
      <p class="muted">${plural(stats.articles, "article")}, ${stats.entities} ${stats.entities === 1 ? "entity" : "entities"},
      ${plural(stats.quotes, "quotation")}, ${plural(stats.roles, "role")}, ${stats.quads} quads.
      Search an entity above, ask <a href="#/why">why two entities are linked</a>, or query with
      <a href="#/sparql">SPARQL</a>.</p></div>
    <div class="panel"><h2>Most mentioned entities</h2>
      <table id="entities"><thead><tr><th>Entity</th><th>Type</th><th>Articles</th><th>Also known as</th></tr></thead><tbody>
      ${list.entities.map((e) => `<tr><td>${entityLink(e)}</td><td>${typeBadge(e.type)}</td><td>${e.mentions}</td>
        <td class="muted small">${esc(e.aliases.slice(0, 4).join(", "))}</td></tr>`).join("")}
      </tbody></table></div>`;
}

let cy = null;

async function entityPage(id) {
  const c = await api(`/api/entity/${encodeURI(id)}`);
  document.title = `${c.label} · newsgraph`;
  const votes = c.type_votes.length > 1
    ? `<div class="small muted">typed ${c.type_votes.map(([t, n]) => `${esc(t)} in ${plural(n, "article")}`).join(", ")}</div>` : "";
  const merged = c.merged_names.length
    ? `<h2>Names and why they are this entity</h2><ul class="plain">${c.merged_names.map((m) =>
        `<li><b>${esc(m.name)}</b> <span class="muted small">${esc(m.reason)}: ${esc(m.explanation)}; ${plural(m.articles, "article")}</span></li>`).join("")}</ul>`
    : (c.aliases.length ? `<h2>Aliases</h2><p>${esc(c.aliases.join(", "))}</p>` : "");
  const roles = c.roles.length
    ? `<h2>Roles</h2><ul class="plain">${c.roles.map((r) => `<li>${esc(r.title)}${r.organization ? ` at ${entityLink(r.organization)}` : ""}${r.member ? `: ${entityLink(r.member)}` : ""}
        <span class="muted small">${plural(r.articles, "article")}</span></li>`).join("")}</ul>` : "";
  const groups = {};
  for (const r of c.relations) (groups[`${r.predicate}|${r.direction}`] ||= []).push(r);
  const relations = c.relations.length
    ? `<h2>Relations</h2>${Object.entries(groups).map(([k, rs]) => {
        const [p, dir] = k.split("|");
        const head = dir === "out" ? `${esc(c.label)} <span class="pred-${p}">${p}</span> →` : `← <span class="pred-${p}">${p}</span> ${esc(c.label)}`;
        return `<h3 class="small">${head}</h3><ul class="plain">${rs.map((r) => `<li>${entityLink(r.other)} ${typeBadge(r.other.type)}
          <span class="muted small">${plural(r.statements, "statement")}, ${plural(r.articles, "article")} ·
          <a href="#/why?a=${encodeURIComponent(eid(c.iri))}&b=${encodeURIComponent(eid(r.other.iri))}">why?</a></span>
          ${evidence(r.strongest)}</li>`).join("")}</ul>`;
      }).join("")}` : "";
  const quotes = c.quote_count
    ? `<h2>Quotations (${c.quote_count})</h2><ul class="plain">${c.quotes.map((x) => `<li><q>${esc(x.text)}</q>
        <span class="muted small">${esc(x.kind)} · <a href="#/article/${encodeURIComponent(akey(x.article))}">${esc(x.title || akey(x.article))}</a>${x.date ? ` (${esc(x.date)})` : ""}</span></li>`).join("")}</ul>` : "";
  const articles = `<h2>Articles (${c.article_count})</h2><ul class="plain">${c.articles.map((a) =>
    `<li><a href="#/article/${encodeURIComponent(akey(a.article))}">${esc(a.title || a.id || akey(a.article))}</a> <span class="muted small">${esc(a.date || "")}</span></li>`).join("")}</ul>`;
  main.innerHTML = `
    <div class="panel" id="card"><h1>${esc(c.label)} ${typeBadge(c.type)}</h1>
      <div class="small muted">${esc(c.iri)}${c.wikidata ? ` · <a href="https://www.wikidata.org/wiki/${esc(c.wikidata)}">${esc(c.wikidata)}</a>` : ""}${c.country_code ? ` · ${esc(c.country_code)}` : ""}
      · <a href="#/timeline/${encodeURI(eid(c.iri))}">timeline</a></div>${votes}</div>
    <div class="grid">
      <div class="panel">${merged}${roles}${relations || "<p class='muted'>No relations stated.</p>"}</div>
      <div>
        <div class="panel"><h2>Ego graph</h2>
          <div class="filters" id="filters">
            ${["opposes", "partnersWith", "memberOf", "unitOf", "quoted"].map((r) => `<label><input type="checkbox" data-rel="${r}" checked> ${r}</label>`).join("")}
            <label>depth <select id="depth"><option>1</option><option selected>2</option></select></label>
          </div>
          <div class="filters" id="typefilters"></div>
          <div id="cy" role="img" aria-label="ego graph of ${esc(c.label)}"></div>
          <div class="small muted">Drag to pan, scroll to zoom, click a node to recentre. <a href="/api/ego/${encodeURI(eid(c.iri))}?format=svg">SVG</a></div>
        </div>
        <div class="panel" id="timeline-panel"><h2>Timeline</h2><div id="timeline">loading…</div></div>
        <div class="panel">${quotes}${articles}</div>
      </div>
    </div>`;
  drawEgo(c);
  $("#filters").addEventListener("change", () => drawEgo(c));
  api(`/api/timeline?entity=${encodeURIComponent(eid(c.iri))}&limit=12`)
    .then((t) => { $("#timeline").innerHTML = timelineHtml(t, c.iri, true); })
    .catch((e) => { $("#timeline").textContent = e.message; });
}

let hiddenTypes = new Set();

async function drawEgo(c) {
  const rels = [...document.querySelectorAll("#filters input[data-rel]:checked")].map((x) => x.dataset.rel);
  const depth = $("#depth").value;
  const el = $("#cy");
  if (!rels.length) { if (cy) cy.destroy(); cy = null; el.textContent = "No relation chosen."; return; }
  const g = await api(`/api/ego/${encodeURI(eid(c.iri))}?depth=${depth}&relation=${rels.join(",")}`);
  const types = [...new Set(g.nodes.map((n) => n.type).filter(Boolean))].sort();
  $("#typefilters").innerHTML = types.map((t) =>
    `<label><input type="checkbox" data-type="${esc(t)}" ${hiddenTypes.has(t) ? "" : "checked"}> ${typeBadge(t)}</label>`).join("");
  $("#typefilters").onchange = (ev) => {
    const t = ev.target.dataset.type;
    if (ev.target.checked) hiddenTypes.delete(t); else hiddenTypes.add(t);
    applyTypeFilter(c.iri);
  };
  if (typeof cytoscape !== "function") { el.textContent = "graph library missing"; return; }
  if (cy) cy.destroy();
  el.textContent = "";
  cy = cytoscape({
    container: el,
    elements: [
      ...g.nodes.map((n) => ({ data: { id: n.id, label: n.label, type: n.type || "", center: n.id === c.iri ? 1 : 0 } })),
      ...g.edges.map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target, relation: e.relation, weight: e.weight, directed: e.directed ? 1 : 0 } })),
    ],
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 10, "background-color": (n) => TYPE_COLORS[n.data("type")] || "#999", width: 18, height: 18, "text-valign": "bottom", "text-margin-y": 3, color: "#222" } },
      { selector: "node[center = 1]", style: { width: 30, height: 30, "border-width": 3, "border-color": "#f5b041", "font-weight": "bold", "font-size": 12 } },
      { selector: "edge", style: { width: (e) => 1 + Math.min(5, e.data("weight")), "curve-style": "bezier", "line-color": "#aab", "target-arrow-color": "#aab", opacity: 0.85 } },
      { selector: "edge[directed = 1]", style: { "target-arrow-shape": "triangle" } },
      { selector: "edge[relation = 'opposes']", style: { "line-color": "#c0392b", "target-arrow-color": "#c0392b" } },
      { selector: "edge[relation = 'partnersWith']", style: { "line-color": "#1e8449", "target-arrow-color": "#1e8449" } },
      { selector: "edge[relation = 'quoted']", style: { "line-style": "dashed" } },
      { selector: ".hidden", style: { display: "none" } },
    ],
    layout: { name: g.nodes.length > 60 ? "circle" : "cose", animate: false, padding: 20 },
  });
  cy.on("tap", "node", (ev) => {
    const id = ev.target.id();
    if (id !== c.iri && id.startsWith(ENTITY_PREFIX)) location.hash = `#/entity/${encodeURI(eid(id))}`;
  });
  applyTypeFilter(c.iri);
}

function applyTypeFilter(center) {
  if (!cy) return;
  cy.nodes().forEach((n) => {
    const hide = n.id() !== center && hiddenTypes.has(n.data("type"));
    n.toggleClass("hidden", hide);
  });
}

// One page of a timeline; `card`: a preview linking to the whole timeline
function timelineHtml(t, self, card) {
  if (!t.items.length) return "<p class='muted'>Nothing dated about this entity.</p>";
  const rows = t.items.map((i) => {
    const other = i.other && i.other.iri !== self ? ` ${entityLink(i.other)}` : "";
    const what = i.kind === "quote"
      ? `<b>quote</b> <q>${esc(i.quote)}</q>${i.other ? ` <span class="muted small">via${other}</span>` : ""}`
      : i.kind === "relation"
        ? `<span class="pred-${esc(i.label)}">${i.polarity === "Negative" ? "not " : ""}${esc(i.label)}</span> ${i.direction === "out" ? "→" : "←"}${other}${i.modality && i.modality !== "Asserted" ? ` <span class="muted small">(${esc(i.modality.toLowerCase())})</span>` : ""}`
        : `<b>role</b> ${esc(i.label)}${other ? (i.direction === "out" ? " at" : ":") + other : ""}`;
    return `<div class="item"><span class="date">${esc((i.date || "undated").slice(0, 10))}</span>${what}${evidence(i.evidence)}</div>`;
  }).join("");
  const more = card && t.total > t.items.length
    ? `<p><a href="#/timeline/${encodeURI(eid(t.entity.iri))}">all ${t.total} items…</a></p>` : "";
  return `<div class="timeline">${rows}</div>${more}`;
}

const TIMELINE_PAGE = 100;

async function timelinePage(id, query) {
  const p = params(query);
  const since = p.get("since") || "";
  const until = p.get("until") || "";
  const offset = Math.max(0, parseInt(p.get("offset") || "0", 10) || 0);
  const t = await api(`/api/timeline?entity=${encodeURIComponent(id)}&since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}&offset=${offset}&limit=${TIMELINE_PAGE}`);
  document.title = `${t.entity.label}: timeline · newsgraph`;
  const at = (o) => `#/timeline/${id}?since=${encodeURIComponent(since)}&until=${encodeURIComponent(until)}&offset=${o}`;
  const pager = t.total > t.items.length
    ? `<p class="pager">${offset > 0 ? `<a href="${at(Math.max(0, offset - TIMELINE_PAGE))}">← earlier</a>` : ""}
       items ${t.items.length ? offset + 1 : 0}–${offset + t.items.length} of ${t.total}
       ${offset + t.items.length < t.total ? `<a href="${at(offset + TIMELINE_PAGE)}">later →</a>` : ""}</p>` : "";
  main.innerHTML = `<div class="panel"><h1>${entityLink(t.entity)} ${typeBadge(t.entity.type)} timeline</h1>
    <form id="tl" class="filters">from <input type="date" name="since" value="${esc(since)}"> to <input type="date" name="until" value="${esc(until)}"> <button>Filter</button></form>
    <p class="muted small">${plural(t.total, "item")}: relations, roles and quotations by article date.</p>
    ${pager}${timelineHtml(t, t.entity.iri, false)}${pager}</div>`;
  $("#tl").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    location.hash = `#/timeline/${id}?since=${f.get("since")}&until=${f.get("until")}`;
  });
}

async function articlePage(key, query) {
  const hl = (params(query).get("hl") || "").split(",").map(Number);
  const a = await api(`/api/article/${encodeURIComponent(key)}`);
  document.title = `${a.title || a.key} · newsgraph`;
  const chars = Array.from(a.text); // offsets are code points
  // boundaries where a span starts or ends
  const spans = [
    ...a.quotes.map((s) => ({ ...s, cls: "q" })),
    ...a.relations.map((s) => ({ ...s, cls: `r ${(s.label || "").replace("not ", "")}` })),
    ...a.mentions.map((s) => ({ ...s, cls: "m" })),
  ];
  if (hl.length === 2 && !Number.isNaN(hl[0])) spans.push({ begin: hl[0], end: hl[1], cls: "hl", kind: "hl" });
  const cuts = new Set([0, chars.length]);
  for (const s of spans) { cuts.add(Math.max(0, s.begin)); cuts.add(Math.min(chars.length, s.end)); }
  const points = [...cuts].sort((x, y) => x - y);
  let html = "";
  for (let i = 0; i + 1 < points.length; i++) {
    const [b, e] = [points[i], points[i + 1]];
    const piece = esc(chars.slice(b, e).join(""));
    const over = spans.filter((s) => s.begin <= b && s.end >= e);
    let out = piece;
    for (const s of over) {
      let title = "";
      if (s.kind === "mention" && s.entity) title = `${s.entity.label} (${s.entity.type || "?"})`;
      else if (s.kind === "quote") title = `quote (${s.label || ""}) by ${s.entity ? s.entity.label : "?"}`;
      else if (s.kind === "relation") title = `${s.entity ? s.entity.label : "?"} ${s.label} ${s.other ? s.other.label : "?"}`;
      const style = s.kind === "mention" && s.entity ? ` style="border-color:${TYPE_COLORS[s.entity.type] || "#999"}"` : "";
      const data = s.kind === "mention" && s.entity ? ` data-entity="${esc(eid(s.entity.iri))}"` : "";
      const id = s.kind === "hl" ? ' id="hl"' : "";
      out = `<span class="${s.cls}"${style}${data}${id} title="${esc(title)}">${out}</span>`;
    }
    html += out;
  }
  const list = (xs, f) => xs.length ? `<ul class="plain">${xs.map(f).join("")}</ul>` : "<p class='muted'>none</p>";
  main.innerHTML = `<div class="panel"><h1>${esc(a.title || a.key)}</h1>
      <div class="small muted">${esc(a.date || "undated")}${a.url ? ` · <a href="${esc(a.url)}" rel="noreferrer">${esc(a.url)}</a>` : ""} ·
      <a href="/store?article=${encodeURIComponent(a.key)}">RDF (Turtle)</a></div>
      <div class="legend small"><span class="m">mention</span> <span class="q">quotation</span>
      <span class="r">opposes</span> <span class="r partnersWith">partnersWith</span> <span class="hl">evidence</span></div></div>
    <div class="grid"><div class="article-text" id="article-text">${html}</div>
    <div>
      <div class="panel"><h2>Relations (${a.relations.length})</h2>${list(a.relations, (r) => `<li>${entityLink(r.entity)} <span class="pred-${esc((r.label || "").replace("not ", ""))}">${esc(r.label)}</span> ${entityLink(r.other)}
        <span class="muted small">${r.confidence != null ? r.confidence.toFixed(2) : ""}</span></li>`)}</div>
      <div class="panel"><h2>Quotations (${a.quotes.length})</h2>${list(a.quotes, (x) => `<li>${x.entity ? entityLink(x.entity) : "<span class='muted'>unresolved speaker</span>"}: <q>${esc(chars.slice(x.begin, x.end).join(""))}</q> <span class="muted small">${esc(x.label || "")}</span></li>`)}</div>
      <div class="panel"><h2>Roles (${a.roles.length})</h2>${list(a.roles, (r) => `<li>${entityLink(r.entity)}: ${esc(r.label)}${r.other ? ` at ${entityLink(r.other)}` : ""}</li>`)}</div>
    </div></div>`;
  $("#article-text").addEventListener("click", (ev) => {
    const m = ev.target.closest("[data-entity]");
    if (m) location.hash = `#/entity/${encodeURI(m.dataset.entity)}`;
  });
  const target = $("#hl");
  if (target) target.scrollIntoView({ block: "center" });
}

async function whyPage(query) {
  const p = params(query);
  const a = p.get("a") || "";
  const b = p.get("b") || "";
  main.innerHTML = `<div class="panel"><h1>Why are they linked?</h1>
    <form id="whyform" class="filters"><input type="text" name="a" value="${esc(a)}" placeholder="first entity" aria-label="first entity">
    <input type="text" name="b" value="${esc(b)}" placeholder="second entity" aria-label="second entity"> <button class="primary">Explain</button></form>
    <div id="why-result"></div></div>`;
  $("#whyform").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    location.hash = `#/why?a=${encodeURIComponent(f.get("a"))}&b=${encodeURIComponent(f.get("b"))}`;
  });
  if (!a || !b) return;
  const out = $("#why-result");
  try {
    const w = await api(`/api/why?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}&items=5`);
    out.innerHTML = `<h2>${entityLink(w.a)} ${typeBadge(w.a.type)} and ${entityLink(w.b)} ${typeBadge(w.b.type)}</h2>` +
      (w.links.length ? `<ul class="plain">${w.links.map((l) => `<li><b>${esc(l.summary)}</b>
        <span class="muted small">${esc(l.kind.replace(/_/g, " "))}${l.modality && l.modality !== "Asserted" ? `, ${esc(l.modality.toLowerCase())}` : ""} ·
        ${plural(l.statements, "statement")}, ${plural(l.articles, "article")}</span>
        ${l.evidence.map(evidence).join("")}</li>`).join("")}</ul>` : "<p class='muted'>Nothing in the store links them.</p>");
  } catch (e) {
    out.innerHTML = `<div class="error">${esc(e.message)}</div>`;
  }
}

const EXAMPLES = {
  "Who opposes whom": `SELECT ?a ?b (COUNT(DISTINCT ?g) AS ?articles) WHERE {
  GRAPH ?g { ?x ng:opposes ?y }
  ?x skos:prefLabel ?a . ?y skos:prefLabel ?b .
} GROUP BY ?a ?b ORDER BY DESC(?articles) LIMIT 50`,
  "Quotations with speakers": `SELECT ?speaker ?text ?headline WHERE {
  ?q a schema:Quotation ; ng:speaker ?s ; schema:text ?text ; schema:isPartOf ?a .
  ?s skos:prefLabel ?speaker .
  OPTIONAL { ?a schema:headline ?headline }
} LIMIT 50`,
  "Officials and their roles": `SELECT ?person ?title ?org WHERE {
  ?m a org:Membership ; org:member ?p ; ng:title ?title .
  ?p a ng:Official ; skos:prefLabel ?person .
  OPTIONAL { ?m org:organization ?o . ?o skos:prefLabel ?org }
} LIMIT 50`,
  "Articles by date": `SELECT ?article ?date ?headline WHERE {
  ?article a ng:Article ; schema:datePublished ?date .
  OPTIONAL { ?article schema:headline ?headline }
} ORDER BY DESC(?date) LIMIT 50`,
  "Entity graph (CONSTRUCT)": `CONSTRUCT { ?x ng:partnersWith ?y } WHERE { ?x ng:partnersWith ?y } LIMIT 100`,
  "Is anyone opposed? (ASK)": `ASK { ?x ng:opposes ?y }`,
};

let prefixes = null;

async function sparqlPage(query) {
  const initial = params(query).get("query") || EXAMPLES["Who opposes whom"];
  if (!prefixes) prefixes = await api("/api/prefixes");
  main.innerHTML = `<div class="panel"><h1>SPARQL</h1>
    <p class="muted small">The default graph is the union of all graphs; these prefixes are predeclared:</p>
    <div class="prefixes">${prefixes.map(([p, iri]) => `PREFIX ${esc(p)}: &lt;${esc(iri)}&gt;`).join("\n")}</div>
    <p><label>Examples <select id="examples"><option value="">…</option>${Object.keys(EXAMPLES).map((k) => `<option>${esc(k)}</option>`).join("")}</select></label></p>
    <textarea id="query" spellcheck="false" aria-label="SPARQL query">${esc(initial)}</textarea>
    <p><button class="primary" id="run">Run</button> <span class="muted small">Ctrl+Enter</span></p>
    <div class="downloads" id="downloads"></div>
    <div id="results"></div></div>`;
  $("#examples").addEventListener("change", (ev) => { if (EXAMPLES[ev.target.value]) $("#query").value = EXAMPLES[ev.target.value]; });
  $("#run").addEventListener("click", runQuery);
  $("#query").addEventListener("keydown", (ev) => { if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) runQuery(); });
  if (params(query).get("query")) runQuery();
}

function termHtml(t) {
  if (!t) return "";
  if (t.type === "uri") {
    if (t.value.startsWith(ENTITY_PREFIX)) return `<a href="#/entity/${encodeURI(eid(t.value))}">${esc(compact(t.value))}</a>`;
    if (t.value.startsWith(ARTICLE_PREFIX) && !t.value.includes("#")) return `<a href="#/article/${encodeURIComponent(akey(t.value))}">${esc(compact(t.value))}</a>`;
    return esc(compact(t.value));
  }
  return esc(t.value);
}
function compact(iri) {
  for (const [p, ns] of prefixes || []) if (iri.startsWith(ns) && iri.length > ns.length) return `${p}:${iri.slice(ns.length)}`;
  return `<${iri}>`;
}

async function runQuery() {
  const text = $("#query").value;
  const out = $("#results");
  out.innerHTML = "<p class='muted'>running…</p>";
  const isGraph = /^\s*(PREFIX[^\n]*\n\s*)*(CONSTRUCT|DESCRIBE)\b/i.test(text);
  const formats = isGraph
    ? [["Turtle", "turtle"], ["N-Triples", "ntriples"], ["N-Quads", "nquads"], ["JSON-LD", "jsonld"], ["RDF/XML", "rdfxml"]]
    : [["JSON", "json"], ["XML", "xml"], ["CSV", "csv"], ["TSV", "tsv"]];
  $("#downloads").innerHTML = "Download: " + formats.map(([n, f]) =>
    `<a href="/sparql?format=${f}&query=${encodeURIComponent(text)}" download="results.${f}">${n}</a>`).join("");
  const started = performance.now();
  try {
    const r = await fetch("/sparql", {
      method: "POST",
      headers: { "Content-Type": "application/sparql-query", Accept: isGraph ? "text/turtle" : "application/sparql-results+json" },
      body: text,
    });
    const body = await r.text();
    if (!r.ok) { out.innerHTML = `<div class="error">${r.status}: ${esc(body)}</div>`; return; }
    const ms = Math.round(performance.now() - started);
    const cut = r.headers.get("x-newsgraph-truncated");
    if (!(r.headers.get("content-type") || "").includes("sparql-results+json")) {
      out.innerHTML = `<p class="muted small">${ms} ms${cut ? ` · ${esc(cut)}` : ""}</p><pre class="tablewrap">${esc(body)}</pre>`;
      return;
    }
    const j = JSON.parse(body);
    if ("boolean" in j) { out.innerHTML = `<p><b>${j.boolean}</b> <span class="muted small">${ms} ms</span></p>`; return; }
    const vars = j.head.vars;
    const rows = j.results.bindings;
    out.innerHTML = `<p class="muted small">${plural(rows.length, "row")} · ${ms} ms${cut ? ` · ${esc(cut)}` : ""}</p>
      <div class="tablewrap"><table id="result-table"><thead><tr>${vars.map((v) => `<th>${esc(v)}</th>`).join("")}</tr></thead>
      <tbody>${rows.map((b) => `<tr>${vars.map((v) => `<td>${termHtml(b[v])}</td>`).join("")}</tr>`).join("")}</tbody></table></div>`;
  } catch (e) {
    out.innerHTML = `<div class="error">${esc(e.message)}</div>`;
  }
}

// --- router --------------------------------------------------------------------------------

async function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?");
  const parts = path.split("/").filter(Boolean);
  closeSuggestions();
  try {
    if (parts[0] === "entity" && parts.length > 1) await entityPage(decodeURIComponent(parts.slice(1).join("/")));
    else if (parts[0] === "article" && parts[1]) await articlePage(decodeURIComponent(parts.slice(1).join("/")), query);
    else if (parts[0] === "timeline" && parts.length > 1) await timelinePage(decodeURIComponent(parts.slice(1).join("/")), query);
    else if (parts[0] === "why") await whyPage(query);
    else if (parts[0] === "sparql") await sparqlPage(query);
    else {
      document.title = "newsgraph";
      await home();
      // #/?q=NAME: the search box filled in, its suggestions open (links and tests)
      const typed = params(query).get("q");
      if (typed) { q.value = typed; await suggest(); }
    }
  } catch (e) {
    showError(e);
  }
  document.body.dataset.ready = "1";
}

window.addEventListener("hashchange", route);
route();
