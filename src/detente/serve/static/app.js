// détente dashboard: vanilla JS, no network beyond this server's /api/.
// Every piece of data reaches the page as a text node (el() never parses HTML), so article
// text, titles and quotes stay inert whatever they contain.
"use strict";

const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const CONFLICT_TYPES = new Set(["ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]);
const STATUSES = ["proposed", "agreed", "in_progress", "awaiting_evaluation", "met", "partially_met",
  "missed", "stalled", "abandoned", "rejected", "expired"];
const SVG = "http://www.w3.org/2000/svg";

function el(tag, attrs, ...children) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

const view = () => document.getElementById("view");
function show(...nodes) { view().replaceChildren(...nodes.filter(n => n !== null && n !== undefined)); }
function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") p.set(k, v);
  const s = p.toString();
  return s ? "?" + s : "";
}
async function api(path, params) {
  const r = await fetch("/api/" + path + qs(params), { headers: { Accept: "application/json" } });
  const body = await r.json();
  if (!r.ok) throw new Error(body && body.error ? body.error.message : r.statusText);
  return { data: body, total: Number(r.headers.get("X-Total-Count") || (Array.isArray(body) ? body.length : 0)),
           more: r.headers.get("X-Search-More") === "true" };
}
function typeBadge(t) {
  return el("span", { class: "badge " + (CONFLICT_TYPES.has(t) ? "conf" : "coop") }, t || "?");
}
function actorsText(list) { return (list || []).map(a => typeof a === "string" ? a : (a.name || a.text) + (a.country || a.org ? " (" + (a.country || a.org) + ")" : "")).join(", "); }
function scoreColour(s) { return s > 0.5 ? "var(--coop)" : s < -0.5 ? "var(--conf)" : "var(--neutral)"; }
function daysBetween(a, b) { return Math.round((Date.parse(b) - Date.parse(a)) / 86400000); }
function todayISO() { return new Date().toISOString().slice(0, 10); }
function parseHash() {
  const h = location.hash.replace(/^#\/?/, "");
  const [path, query] = h.split("?");
  const parts = path.split("/").map(decodeURIComponent);
  return { name: parts[0] || "timeline", arg: parts[1], params: Object.fromEntries(new URLSearchParams(query || "")) };
}
function go(name, arg, params) {
  location.hash = "#/" + name + (arg ? "/" + encodeURIComponent(arg) : "") + qs(params);
}
// Text with a span marked: three text nodes around one <mark>.
function highlighted(text, start, end, cls) {
  if (!(start >= 0 && end > start && end <= text.length)) return [text];
  while (end > start && /\s/.test(text[end - 1])) end--;  // the sentence's trailing line breaks stay outside
  return [text.slice(0, start), el("mark", { class: cls || "evidence", id: "evidence", tabindex: "-1" }, text.slice(start, end)), text.slice(end)];
}
// A search snippet whose matches are wrapped in [ ] by the server.
function snippet(s) {
  return (s || "").split(/(\[[^\]]*\])/).map(part => part.startsWith("[") && part.endsWith("]") ? el("mark", {}, part.slice(1, -1)) : part);
}
function pager(total, params, name, arg) {
  const limit = Number(params.limit || 50), offset = Number(params.offset || 0);
  return el("div", { class: "pager" },
    el("button", { type: "button", disabled: offset <= 0, onclick: () => go(name, arg, { ...params, offset: Math.max(0, offset - limit) }) }, "← Newer"),
    el("span", { class: "muted" }, total ? `${offset + 1}–${Math.min(offset + limit, total)} of ${total}` : "none"),
    el("button", { type: "button", disabled: offset + limit >= total, onclick: () => go(name, arg, { ...params, offset: offset + limit }) }, "Older →"));
}

// ------------------------------------------------------------------------------ timeline
async function timelineView(params) {
  const p = { granularity: "month", sort: "-date", limit: 50, ...params };
  const { data } = await api("timeline", p);
  const form = el("form", { class: "filters", "aria-label": "Timeline filters", onsubmit: ev => {
    ev.preventDefault();
    const f = new FormData(ev.target);
    go("timeline", null, { actor: f.get("actor").trim().toUpperCase(), type: f.get("type"), since: f.get("since"), until: f.get("until"), granularity: f.get("granularity") });
  } },
    el("label", {}, "Actor (code)", el("input", { name: "actor", value: p.actor || "", placeholder: "USA", maxlength: 12, size: 6 })),
    el("label", {}, "Type", el("select", { name: "type" }, el("option", { value: "" }, "all"),
      TYPES.map(t => el("option", { value: t, selected: p.type === t }, t)))),
    el("label", {}, "From", el("input", { name: "since", value: p.since || "", placeholder: "2025-02", size: 10, pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?" })),
    el("label", {}, "To", el("input", { name: "until", value: p.until || "", placeholder: "2025-12", size: 10, pattern: "\\d{4}(-\\d{2}(-\\d{2})?)?" })),
    el("label", {}, "Zoom", el("select", { name: "granularity" }, ["year", "month", "day"].map(g => el("option", { value: g, selected: p.granularity === g }, g)))),
    el("button", { type: "submit" }, "Apply"),
    el("button", { type: "button", onclick: () => go("timeline") }, "Reset"));
  const chart = barChart(data.buckets, b => {
    // zoom into the clicked period
    const finer = { year: "month", month: "day", day: "day" }[data.granularity];
    go("timeline", null, { ...params, since: b.period, until: b.period, granularity: finer, offset: 0 });
  });
  const list = el("ol", { class: "stories", "aria-label": "Stories" }, data.stories.map(s => el("li", { class: "card story" },
    el("div", { class: "date" }, s.date || "undated"),
    el("div", {},
      typeBadge(s.event_type), el("strong", {}, (s.actors || []).join(" · ") || "unknown actors"),
      s.location ? el("span", { class: "muted" }, " — " + (s.location.name || s.location.text)) : null,
      el("div", {}, el("a", { href: "#/story/" + encodeURIComponent(s.id) }, s.headline || s.trigger || s.id)),
      el("div", { class: "muted" }, `${s.independent_sources} independent source${s.independent_sources === 1 ? "" : "s"}: ${(s.outlets || []).join(", ")}`)))));
  show(el("h1", {}, "Timeline of the process"),
    el("p", { class: "muted" }, "Each line is one story: the reports of one event by every outlet, counted once. Select a bar to zoom into it."),
    form, chart,
    data.undated ? el("p", { class: "muted" }, `${data.undated} undated stor${data.undated === 1 ? "y is" : "ies are"} listed but not charted.`) : null,
    el("h2", {}, `Stories (${data.total})`), list, pager(data.total, p, "timeline"));
}

function barChart(buckets, onPick) {
  const w = 900, h = 180, pad = 28;
  const max = Math.max(1, ...buckets.map(b => b.count));
  const bw = buckets.length ? (w - 2 * pad) / buckets.length : 0;
  const svg = el("svg:svg", { class: "chart", viewBox: `0 0 ${w} ${h}`, role: "group", "aria-label": "Stories per period" });
  svg.append(el("svg:text", { x: 4, y: 14 }, `max ${max}`));
  buckets.forEach((b, i) => {
    const bh = (h - 2 * pad) * b.count / max;
    const label = `${b.period}: ${b.count} stor${b.count === 1 ? "y" : "ies"}`;
    const g = el("svg:g", { tabindex: 0, role: "button", "aria-label": label + ", select to zoom",
      onclick: () => onPick(b), onkeydown: e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); onPick(b); } } },
      el("svg:rect", { class: "bar", x: pad + i * bw + 1, y: h - pad - bh, width: Math.max(1, bw - 2), height: bh }, el("svg:title", {}, label)));
    svg.append(g);
    if (buckets.length <= 24 || i % Math.ceil(buckets.length / 12) === 0)
      svg.append(el("svg:text", { x: pad + i * bw + bw / 2, y: h - 8, "text-anchor": "middle" }, b.period));
  });
  if (!buckets.length) svg.append(el("svg:text", { x: w / 2, y: h / 2, "text-anchor": "middle" }, "no dated stories"));
  return svg;
}

// ------------------------------------------------------------------------------ story, event, article
async function storyView(id) {
  const { data: s } = await api("stories/" + encodeURIComponent(id));
  const canonical = s.events.find(e => e.id === s.canonical_event_id) || s.events[0];
  const parts = [el("p", {}, el("a", { href: "#/timeline" }, "← Timeline")),
    el("h1", {}, typeBadge(s.event_type), s.headline || (s.actors || []).join(" · ")),
    el("p", {}, el("strong", {}, (s.actors || []).join(" · ") || "unknown actors"), s.date ? " — " + s.date : "",
      s.location ? " — " + (s.location.name || s.location.text) : ""),
    el("p", { class: "muted" }, `${s.independent_sources} independent source(s); ${s.events.length} report(s)`)];
  parts.push(el("h2", {}, "Sources"), el("ul", {}, s.articles.map(a => el("li", {},
    el("a", { href: "#/article/" + encodeURIComponent(a.id) }, a.title || a.id), " ",
    el("span", { class: "muted" }, [a.outlet, a.published || "undated", a.copy ? "copy of another source" : null].filter(Boolean).join(" · "))))));
  parts.push(el("h2", {}, "Reports of this event"), el("ul", {}, s.events.map(e => el("li", { class: "card" },
    typeBadge(e.event_type), el("span", { class: "muted" }, e.modality !== "asserted" ? `(${e.modality}) ` : ""),
    e.sentence, " ", el("a", { href: "#/event/" + encodeURIComponent(e.id), "aria-label": "Evidence in the article for: " + e.sentence.slice(0, 60) }, "evidence →")))));
  parts.push(el("h2", {}, "Disagreements"), s.conflicts.length ? el("div", {}, s.conflicts.map(conflictCard))
    : el("p", { class: "muted" }, "No source disagrees on this story."));
  show(...parts);
  if (canonical) view().append(el("h2", {}, "Evidence"), await evidenceBlock(canonical));
}

function conflictCard(c) {
  return el("div", { class: "card" }, el("strong", {}, c.subject), el("span", { class: "muted" }, " — " + c.reason),
    el("ul", { class: "claims" }, c.claims.map(cl => el("li", {}, el("strong", {}, cl.value), ` (${cl.outlet || "unknown outlet"}, ${cl.article_date || "undated"}): “`, cl.quote, "” ",
      el("a", { href: "#/article/" + encodeURIComponent(cl.article_id) + qs({ start: cl.span[0], end: cl.span[1] }) }, "in context")))));
}

async function evidenceBlock(e) {
  const { data: a } = await api("articles/" + encodeURIComponent(e.doc_id));
  const [start, end] = e.span || [];
  return el("section", { class: "evidence-block", "aria-label": "Evidence in the article" },
    el("p", {}, el("a", { href: "#/article/" + encodeURIComponent(a.id) }, a.title || a.id), " ",
      el("span", { class: "muted" }, [a.outlet, a.published || "undated", a.url].filter(Boolean).join(" · "))),
    el("div", { class: "article-text", tabindex: 0, "aria-label": "Article text" }, highlighted(a.text, start, end)));
}

async function eventView(id) {
  const { data: e } = await api("events/" + encodeURIComponent(id));
  show(el("p", {}, el("a", { href: e.story_id ? "#/story/" + encodeURIComponent(e.story_id) : "#/timeline" }, e.story_id ? "← Story" : "← Timeline")),
    el("h1", {}, typeBadge(e.event_type), e.trigger),
    el("table", { class: "list" }, el("tbody", {}, [
      ["Actors", actorsText(e.actors)], ["Recipients", actorsText(e.recipients)], ["Date", e.date || "undated"],
      ["Place", e.location ? e.location.name || e.location.text : "—"], ["Modality", e.modality],
      ["CAMEO / intensity", `${e.cameo || "—"} / ${e.intensity}`], ["Confidence", e.confidence]].map(([k, v]) =>
      el("tr", {}, el("th", { scope: "row" }, k), el("td", {}, v))))),
    el("h2", {}, "Evidence"), await evidenceBlock(e));
  const m = document.getElementById("evidence");
  if (m) m.scrollIntoView({ block: "center" });
}

async function articleView(id, params) {
  const { data: a } = await api("articles/" + encodeURIComponent(id));
  const start = Number(params.start), end = Number(params.end);
  show(el("h1", {}, a.title || a.id),
    el("p", { class: "muted" }, [a.outlet, a.published || "undated", a.genre, a.url].filter(Boolean).join(" · ")),
    el("div", { class: "article-text", tabindex: 0, "aria-label": "Article text" }, highlighted(a.text, start, end)),
    el("h2", {}, `Events (${a.events.length})`),
    el("ul", {}, a.events.map(e => el("li", {}, typeBadge(e.event_type), el("a", { href: "#/event/" + encodeURIComponent(e.id) }, e.sentence)))));
}

// ------------------------------------------------------------------------------ network
async function networkView(params) {
  const { data: all } = await api("network");
  const periods = all.periods;
  const idx = params.at !== undefined ? Math.min(Number(params.at), periods.length) : periods.length;  // periods.length = all
  const cumulative = params.upto === "1";
  const at = periods[idx];
  const { data } = at ? await api("network", cumulative ? { until: at } : { since: at, until: at }) : { data: all };
  const label = at ? (cumulative ? "up to " : "") + at : "all periods";
  const slider = el("input", { type: "range", id: "period", min: 0, max: periods.length, value: idx, "aria-valuetext": label,
    oninput: e => go("network", null, { ...params, at: e.target.value }) });
  const upto = el("input", { type: "checkbox", id: "upto", checked: cumulative, onchange: e => go("network", null, { ...params, upto: e.target.checked ? "1" : "" }) });
  show(el("h1", {}, "Actor network"),
    el("div", { class: "filters" }, el("label", { for: "period" }, `Period: ${label}`, slider),
      el("label", { for: "upto" }, "Cumulative", upto),
      el("p", { class: "legend muted" }, el("span", {}, el("i", { class: "swatch", style: "background:var(--coop)" }), "cooperation"),
        el("span", {}, el("i", { class: "swatch", style: "background:var(--conf)" }), "conflict"),
        el("span", {}, el("i", { class: "swatch", style: "background:var(--neutral)" }), "mixed"), el("span", {}, "width: number of events"))),
    el("div", { class: "network-wrap" }, networkSvg(data), edgeTable(data)));
}

function networkSvg(data) {
  const w = 640, h = 480, cx = w / 2, cy = h / 2, r = Math.min(w, h) / 2 - 60;
  const svg = el("svg:svg", { class: "chart network", viewBox: `0 0 ${w} ${h}`, role: "img", "aria-label": `Network of ${data.nodes.length} actors and ${data.edges.length} links` });
  const pos = {};
  data.nodes.forEach((n, i) => {
    const angle = 2 * Math.PI * i / Math.max(1, data.nodes.length) - Math.PI / 2;
    pos[n.id] = [cx + r * Math.cos(angle), cy + r * Math.sin(angle)];
  });
  const maxN = Math.max(1, ...data.edges.map(e => e.n_events));
  for (const e of data.edges) {
    const [x1, y1] = pos[e.a], [x2, y2] = pos[e.b];
    svg.append(el("svg:line", { class: "edge", x1, y1, x2, y2, stroke: scoreColour(e.score), "stroke-width": 1.5 + 8 * Math.sqrt(e.n_events / maxN) },
      el("svg:title", {}, `${e.a}–${e.b}: ${e.n_events} events, mean intensity ${e.score}`)));
  }
  const maxD = Math.max(1, ...data.nodes.map(n => n.n_events));
  for (const n of data.nodes) {
    const [x, y] = pos[n.id];
    svg.append(el("svg:g", { class: "node" }, el("svg:circle", { cx: x, cy: y, r: 8 + 14 * Math.sqrt(n.n_events / maxD) }, el("svg:title", {}, `${n.id}: ${n.n_events} events`)),
      el("svg:text", { x, y: y + (y < cy ? -26 : 34), "text-anchor": "middle" }, n.id)));
  }
  if (!data.nodes.length) svg.append(el("svg:text", { x: cx, y: cy, "text-anchor": "middle" }, "no interactions in this period"));
  return svg;
}

function edgeTable(data) {
  return el("div", { class: "table-wrap" }, el("table", { class: "list", "aria-label": "Links between actors" },
    el("thead", {}, el("tr", {}, el("th", {}, "Pair"), el("th", {}, "Events"), el("th", {}, "Intensity"))),
    el("tbody", {}, data.edges.map(e => el("tr", {},
      el("td", {}, el("a", { href: "#/relations" + qs({ pair: e.a + "," + e.b }) }, `${e.a}–${e.b}`)),
      el("td", {}, e.n_events), el("td", { style: "color:" + scoreColour(e.score) }, e.score))))));
}

// ------------------------------------------------------------------------------ milestones
async function milestonesView() {
  const { data } = await api("milestones", { limit: 1000 });
  const today = todayISO();
  const used = STATUSES.filter(s => data.some(m => m.status === s)).concat([...new Set(data.map(m => m.status))].filter(s => !STATUSES.includes(s)));
  show(el("h1", {}, "Milestone board"),
    el("p", { class: "muted" }, `${data.length} commitments, goals and milestones, by status. Open a card for its evidence.`),
    el("div", { class: "board" }, used.map(status => el("section", { class: "column", "aria-label": status.replace(/_/g, " ") },
      el("h2", {}, `${status.replace(/_/g, " ")} (${data.filter(m => m.status === status).length})`),
      data.filter(m => m.status === status).map(m => milestoneCard(m, today))))));
}

function milestoneCard(m, today) {
  let countdown = null;
  if (m.deadline) {
    const d = daysBetween(today, m.deadline);
    countdown = el("div", { class: "countdown" + (m.overdue ? " late" : "") },
      m.overdue ? `overdue by ${-d} day(s) (deadline ${m.deadline})` : d >= 0 ? `${d} day(s) left (deadline ${m.deadline})` : `deadline ${m.deadline} passed`);
  } else if (m.deadline_text) countdown = el("div", { class: "countdown muted" }, "deadline: " + m.deadline_text);
  return el("article", { class: "card milestone" + (m.overdue ? " overdue" : "") },
    el("div", {}, el("span", { class: "badge" }, m.kind), m.overdue ? el("span", { class: "badge overdue" }, "overdue") : null,
      el("span", { class: "muted" }, (m.responsible || []).join(", "))),
    el("p", {}, m.what), countdown,
    el("details", {}, el("summary", {}, `Evidence (${(m.status_history || []).length})`),
      el("ol", {}, (m.status_history || []).map(h => el("li", {},
        el("strong", {}, h.status), ` ${h.date || "undated"}: `, h.evidence ? "“" + h.evidence + "” " : "",
        (h.event_ids || []).map(id => el("a", { href: "#/event/" + encodeURIComponent(id) }, "evidence ")),
        (h.event_ids || []).length ? null : (h.article_ids || []).map(id => el("a", { href: "#/article/" + encodeURIComponent(id) }, "article "))))),
      m.source_text ? el("p", { class: "muted" }, "Stated as: " + m.source_text) : null));
}

// ------------------------------------------------------------------------------ positions
async function positionsView() {
  const { data } = await api("positions", { limit: 1000, sort: "date" });
  const actors = [...new Set(data.map(p => p.actor))].sort(), issues = [...new Set(data.map(p => p.issue))].sort();
  const detail = el("div", { class: "card detail", id: "position-detail", "aria-live": "polite" }, "Focus or hover a cell to read the quotes.");
  const showCell = cell => {
    detail.replaceChildren(el("strong", {}, `${cell[0].actor} on ${cell[0].issue.replace(/_/g, " ")}`),
      el("ol", {}, cell.map(p => el("li", {}, el("span", { class: "badge stance-" + p.stance }, p.stance), ` ${p.date || "undated"}: “`, p.quote, "” ",
        el("a", { href: "#/article/" + encodeURIComponent(p.article_id) + qs({ start: p.span[0], end: p.span[1] }) }, "in context")))));
  };
  const table = el("table", { class: "matrix" },
    el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Actor"), issues.map(i => el("th", { scope: "col" }, i.replace(/_/g, " "))))),
    el("tbody", {}, actors.map(a => el("tr", {}, el("th", { scope: "row" }, a), issues.map(i => {
      const cell = data.filter(p => p.actor === a && p.issue === i);
      if (!cell.length) return el("td", {}, "");
      // the latest stance is the last dated one: an undated position cannot be placed in time
      const dated = cell.filter(p => p.date);
      const last = dated.find(p => p.latest) || dated[dated.length - 1];
      const changes = dated.map(p => p.stance).filter((s, k, arr) => k === 0 || s !== arr[k - 1]);
      const label = last ? changes.join(" → ") : "undated";
      const stance = last ? last.stance : "undated";
      return el("td", { class: "stance-" + stance }, el("button", { type: "button", class: "stance-" + stance, title: last ? "“" + last.quote + "”" : "only undated reports",
        "aria-label": `${a} on ${i.replace(/_/g, " ")}: ${last ? changes.join(" then ") : "undated reports only"}`, onfocus: () => showCell(cell), onmouseenter: () => showCell(cell), onclick: () => showCell(cell) },
        label));
    })))));
  show(el("h1", {}, "Positions"), el("p", { class: "muted" }, "Latest dated stance of each actor on each issue; arrows show changes over time (undated reports are listed in the cell, never taken as the latest)."),
    el("div", { class: "table-wrap" }, table), detail);
}

// ------------------------------------------------------------------------------ relations
async function relationsView(params) {
  const period = params.period === "week" ? "week" : "month";
  const { data: all } = await api("relations", { limit: 1000, period, sort: "date" });
  const pairs = [...new Set(all.map(r => [r.a, r.b].sort().join(",")))].sort();
  const pair = params.pair && pairs.includes(params.pair.split(",").sort().join(",")) ? params.pair.split(",").sort().join(",") : pairs[0];
  const series = all.filter(r => [r.a, r.b].sort().join(",") === pair);
  const select = el("select", { id: "pair", onchange: e => go("relations", null, { pair: e.target.value, period }) }, pairs.map(p => el("option", { value: p, selected: p === pair }, p.replace(",", "–"))));
  const last = series[series.length - 1];
  show(el("h1", {}, "Relations over time"),
    el("div", { class: "filters" }, el("label", { for: "pair" }, "Pair", select),
      el("label", {}, "Period", el("select", { onchange: e => go("relations", null, { pair, period: e.target.value }) },
        ["month", "week"].map(p => el("option", { value: p, selected: p === period }, p))))),
    last ? el("p", { class: "card" }, el("strong", {}, `Trend: ${last.trend}`), " — ", last.reason) : el("p", {}, "No relations stored yet."),
    lineChart(series),
    el("div", { class: "table-wrap" }, el("table", { class: "list" }, el("thead", {}, el("tr", {}, ["Period", "Score", "Events", "Trend"].map(t => el("th", {}, t)))),
      el("tbody", {}, series.map(r => el("tr", {}, el("td", {}, r.period), el("td", { style: "color:" + scoreColour(r.score) }, r.score), el("td", {}, r.n_events), el("td", {}, r.trend)))))));
}

function lineChart(series) {
  const w = 900, h = 220, pad = 34;
  const svg = el("svg:svg", { class: "chart", viewBox: `0 0 ${w} ${h}`, role: "img", "aria-label": "Cooperation–conflict score per period, from −10 to +10" });
  const y = s => h / 2 - (h / 2 - pad) * s / 10;
  const x = i => pad + (series.length > 1 ? i * (w - 2 * pad) / (series.length - 1) : (w - 2 * pad) / 2);
  svg.append(el("svg:line", { x1: pad, x2: w - pad, y1: y(0), y2: y(0), stroke: "#ccd" }),
    el("svg:text", { x: 2, y: y(10) + 4 }, "+10"), el("svg:text", { x: 2, y: y(-10) + 4 }, "−10"), el("svg:text", { x: 8, y: y(0) + 4 }, "0"));
  if (series.length > 1) svg.append(el("svg:polyline", { fill: "none", stroke: "var(--accent)", "stroke-width": 2, points: series.map((r, i) => `${x(i)},${y(r.score)}`).join(" ") }));
  series.forEach((r, i) => {
    svg.append(el("svg:circle", { cx: x(i), cy: y(r.score), r: 4 + Math.min(8, r.n_events), fill: scoreColour(r.score) }, el("svg:title", {}, `${r.period}: ${r.score} over ${r.n_events} events (${r.trend})`)),
      el("svg:text", { x: x(i), y: h - 6, "text-anchor": "middle" }, r.period));
  });
  return svg;
}

// ------------------------------------------------------------------------------ search
async function searchView(params) {
  const q = (params.q || "").trim();
  const form = el("form", { class: "filters", role: "search", onsubmit: e => { e.preventDefault(); go("search", null, { q: new FormData(e.target).get("q") }); } },
    el("label", {}, "Words", el("input", { name: "q", type: "search", value: q, maxlength: 200, size: 30 })), el("button", { type: "submit" }, "Search"));
  if (!q) { show(el("h1", {}, "Search"), form); return; }
  const [arts, evs] = await Promise.all([api("search", { q, limit: 20 }).catch(() => ({ data: [], total: 0 })), api("events", { q, limit: 20 })]);
  const ranked = arts.more ? `best ${arts.data.length} of the ${arts.total.toLocaleString("en")} most recently stored matches`
    : arts.total > arts.data.length ? `${arts.data.length} of ${arts.total}` : `${arts.data.length}`;
  show(el("h1", {}, "Search"), form,
    el("h2", {}, `Articles (${ranked})`),
    arts.more ? el("p", { class: "muted", id: "search-more" }, "More articles match than were ranked: add words to narrow the search.") : null,
    el("ul", { class: "stories" }, arts.data.map(h => el("li", { class: "card" }, el("a", { href: "#/article/" + encodeURIComponent(h.article_id) }, h.title || h.article_id),
      el("span", { class: "muted" }, " " + [h.outlet, h.published].filter(Boolean).join(" · ")), el("div", {}, snippet(h.snippet))))),
    el("h2", {}, `Events (${evs.total})`),
    el("ul", { class: "stories" }, evs.data.map(e => el("li", { class: "card" }, typeBadge(e.event_type), el("span", { class: "muted" }, (e.date || "undated") + " "),
      el("a", { href: "#/event/" + encodeURIComponent(e.id) }, e.sentence)))));
}

// ------------------------------------------------------------------------------ router
const VIEWS = { timeline: timelineView, network: networkView, milestones: milestonesView, positions: positionsView,
  relations: relationsView, search: searchView, story: (p, id) => storyView(id), event: (p, id) => eventView(id), article: (p, id) => articleView(id, p) };

async function route() {
  const { name, arg, params } = parseHash();
  const fn = VIEWS[name] || timelineView;
  for (const a of document.querySelectorAll("nav a")) {
    if (a.dataset.view === name) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  show(el("p", { class: "muted" }, "Loading…"));
  try { await fn(params, arg); } catch (err) { show(el("h1", {}, "Something went wrong"), el("p", { class: "error" }, String(err.message || err))); }
  document.title = "détente — " + name;
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", () => {
  document.getElementById("quicksearch").addEventListener("submit", e => { e.preventDefault(); go("search", null, { q: document.getElementById("qs").value }); });
  api("summary").then(({ data }) => { document.getElementById("counts").textContent = `${data.articles} articles · ${data.events} events · ${data.stories} stories`; }).catch(() => {});
  route();
});
