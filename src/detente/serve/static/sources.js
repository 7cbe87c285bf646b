// détente dashboard: the Sources view (followed feeds, sitemaps and listing pages, with their
// health), registered into app.js's router.  Uses app.js's el(), api() and show(); every value
// reaches the page as a text node.
"use strict";

function sourceStatus(s) {
  const cls = s.status === "ok" ? "badge coop" : s.status === "failing" ? "badge conf" : "badge";
  return el("span", { class: cls }, s.polling ? s.status + " · polling" : s.status);
}

function when(iso) { return iso ? iso.replace("T", " ").replace("+00:00", " UTC") : "—"; }

async function sourcesView() {
  const { data } = await api("sources");
  const failing = data.filter(s => s.status === "failing").length;
  const rows = data.map(s => el("tr", { class: s.status === "failing" ? "failing" : null },
    el("th", { scope: "row" }, s.name, el("div", { class: "muted" }, el("a", { href: s.url, rel: "noopener noreferrer" }, s.url))),
    el("td", {}, sourceStatus(s), s.kind ? el("div", { class: "muted" }, s.kind) : null),
    el("td", {}, "every " + s.every),
    el("td", {}, when(s.last_success)),
    el("td", {}, String(s.articles_added), s.last_added ? el("span", { class: "muted" }, ` (${s.last_added} last poll)`) : null),
    el("td", {}, s.last_error ? el("span", { class: s.status === "failing" ? "error" : "muted" }, s.last_error) : "—",
      s.last_error_at ? el("div", { class: "muted" }, when(s.last_error_at) + (s.errors ? ` · ${s.errors} failure(s) in a row` : "")) : null),
    el("td", {}, s.next_due ? when(s.next_due) : el("span", { class: "muted" }, "due now"))));
  show(el("h1", {}, "Followed sources"),
    el("p", { class: "muted" }, data.length
      ? `${data.length} source${data.length === 1 ? "" : "s"} followed` + (failing ? `, ${failing} failing` : ", all healthy") +
        ". Polled by detente follow or detente serve --follow; add one with detente sources add URL."
      : "No source is followed yet: add one with detente sources add URL [--every 15m]."),
    data.length ? el("div", { class: "table-wrap" }, el("table", { class: "list", id: "sources" },
      el("thead", {}, el("tr", {}, ["Source", "Status", "Interval", "Last success", "Articles added", "Last error", "Next poll"]
        .map(t => el("th", { scope: "col" }, t)))),
      el("tbody", {}, rows))) : null);
}

VIEWS.sources = sourcesView;
