"""The ``detente`` command: thin.  It parses arguments, calls the library, prints.

Machine output (``--format jsonl|csv``) goes to stdout; messages and progress go to stderr.
Errors from the library are turned into messages and exit codes in exactly one place: ``main``.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import click

from detente import __version__
from detente.errors import ConfigError, DetenteError
from detente.settings import Settings

FORMATS = click.Choice(["table", "jsonl", "csv"])


@dataclass
class Context:
    settings: Settings

    def store(self, *, readonly: bool = False, existing: bool = False) -> Any:
        """The store; with ``existing``, a SQLite file that is not there yet is an error, not
        an empty database made on the spot (a mistyped --db would otherwise list nothing)."""
        from pathlib import Path

        from detente.store import open_store

        url = self.settings.database_url()
        if existing and (url.startswith("sqlite:///") or "://" not in url):
            path = Path(url.removeprefix("sqlite:///")).expanduser()
            if path.parts and not path.exists():
                raise ConfigError(f"no database at {path}: nothing has been ingested into it",
                                  fix="check --db / DETENTE_DB, or run detente ingest PATH_OR_URL first")
        return open_store(url, readonly=readonly)


pass_ctx = click.make_pass_decorator(Context)


def _err(message: str) -> None:
    click.echo(message, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--db", metavar="URL", help="Database URL (default: DETENTE_DB, else sqlite:/// under DETENTE_HOME "
              "or the user's data directory).")
@click.version_option(__version__, prog_name="detente")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """détente: monitor a peace process from the news, with the evidence attached."""
    ctx.obj = Context(Settings.from_env(db=db))


# --------------------------------------------------------------------------- ingest
@cli.command()
@click.argument("sources", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option("--offline", is_flag=True, help="Never fetch URLs; feeds use their entries' own text.")
@click.option("--processes", type=click.IntRange(1, 64), default=None,
              help="Extraction processes (default: DETENTE_PROCESSES, else one per core).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary and the rejected items.")
@pass_ctx
def ingest(obj: Context, sources: tuple[str, ...], offline: bool, processes: int | None, quiet: bool) -> None:
    """Read files, folders (recursive), feeds, URLs or - (stdin); extract events; store them.

    Prints what was added, what was already present, and each rejected item with its reason.
    Exit code 1 when some inputs were rejected (the good ones are stored all the same)."""
    from detente.model import Article, Rejection
    from detente.pipeline import ingest as run_ingest

    if processes:
        obj.settings.processes = processes
    with obj.store() as store, _progress("ingesting") as tick:
        def progress(status: str, item: Article | Rejection) -> None:
            tick()
            if status == "rejected":
                assert isinstance(item, Rejection)
                _err(f"rejected  {item.origin}: {item.reason}")
            elif not quiet:
                assert isinstance(item, Article)
                label = item.title or item.origin or item.id
                _err(f"{status:<9} {item.id}  {label}")

        report = run_ingest(sources, store, settings=obj.settings, offline=offline, progress=progress)
        total_articles, total_events = store.count_articles(), store.count_events()
        if report.added:
            _run_watchlists(store, obj.settings, [a.id for a in report.added])
    for article in report.not_extracted:
        _err(f"note      {article.id}: language {article.language!r}, stored without extraction")
    _err(
        f"{len(report.added)} added ({report.events} events), {len(report.present)} already present, "
        f"{len(report.rejected)} rejected; the store now holds {total_articles} articles "
        f"and {total_events} events"
    )
    sys.exit(report.exit_code)


def _run_watchlists(store: Any, settings: Settings, added: list[str]) -> None:
    """Evaluate the saved watchlists on what an ingest added; say what fired."""
    from detente.outputs.alerts import run_watchlists

    for alert in run_watchlists(store, settings, added):
        _err(f"alert     {alert.watchlist}: {alert.title}")


# --------------------------------------------------------------------------- code
@cli.command()
@click.option("--date", "date_", metavar="YYYY-MM-DD", help="Publication date for inputs that carry none.")
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
@pass_ctx
def code(obj: Context, date_: str | None, fmt: str) -> None:
    """Stateless coding: JSON Lines {"id", "text", "date"?} (or plain text) on stdin → events as
    JSON Lines on stdout.  Nothing is stored."""
    from detente.extract.stream import code_stream

    if date_:
        _check_date(date_, "--date")
    bad = 0
    for line_no, result in code_stream(sys.stdin, default_date=date_, settings=obj.settings):
        if isinstance(result, str):
            bad += 1
            _err(f"rejected  <stdin>:{line_no}: {result}")
            continue
        for event in result:
            click.echo(event.to_json())
    sys.exit(1 if bad else 0)


# --------------------------------------------------------------------------- queries
def _check_date(value: str | None, name: str) -> None:
    import re

    from detente.dates import parse_partial_date

    if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise ConfigError(f"{name} {value!r} is not a date", fix="write YYYY, YYYY-MM or YYYY-MM-DD")
    if value and parse_partial_date(value) is None:
        raise ConfigError(f"{name} {value!r} names no real month or day",
                          fix="give a month 01-12 and a day that month has, e.g. 2025-02-28")


def _event_filters(command: Callable[..., Any]) -> Callable[..., Any]:
    """The `detente events` filters, for commands that select events."""
    options = [
        click.option("--actor", help="Actor name, text or code (substring, case-insensitive)."),
        click.option("--country", metavar="ISO3", help="Country (ISO3) or organisation code, either side."),
        click.option("--type", "event_type", metavar="PLOVER", help="PLOVER event type, e.g. CONSULT."),
        click.option("--since", metavar="DATE"),
        click.option("--until", metavar="DATE"),
        click.option("--place", help="Place name or country code."),
        click.option("--outlet"),
        click.option("--modality", type=click.Choice(["asserted", "negated", "hypothetical", "future",
                                                      "reported_claim"])),
        click.option("--article", "doc_id", metavar="ID", help="Only the events of one article."),
        click.option("--no-discarded", "no_discarded", is_flag=True,
                     help="Leave out the events PETRARCH2's discard list marks (sports, entertainment, "
                     "disasters: the event's 'discard' field); by default they are listed."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _event_query(event_type: str | None, since: str | None, until: str | None, **filters: Any) -> Any:
    from detente.model import PLOVER_TYPES
    from detente.store import EventQuery

    if event_type and event_type.upper() not in PLOVER_TYPES:
        raise ConfigError(f"--type {event_type!r} is not a PLOVER event type",
                          fix="use one of " + ", ".join(PLOVER_TYPES))
    _check_date(since, "--since")
    _check_date(until, "--until")
    return EventQuery(event_type=event_type, since=since, until=until, **filters)


def _emit(rows: Iterable[dict[str, Any]], fmt: str, columns: list[str]) -> None:
    """Rows to stdout as JSON Lines or CSV, one at a time as they come, or as a table."""
    out = sys.stdout
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _cell(row.get(c)) for c in columns})
        return
    shown = _table(rows, columns)
    _err(f"{shown:,} rows")


def _table(rows: Iterable[dict[str, Any]], columns: list[str]) -> int:
    """Print a table of the rows; return how many."""
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False)
    for c in columns:
        table.add_column(c, overflow="fold")
    n = 0
    for row in rows:
        table.add_row(*[_short(_cell(row.get(c))) for c in columns])
        n += 1
    Console(width=None if sys.stdout.isatty() else 200).print(table)
    return n


TABLE_ROWS = 100  # rows a table shows without --limit


def _listing(fetch: Callable[[int, int], Sequence[dict[str, Any]]], fmt: str, columns: list[str], *,
             limit: int | None, offset: int, total: Callable[[], int] | None = None) -> None:
    """The rows of a list command: ``fetch(limit, offset)`` reads one page of them from the store.
    JSON Lines and CSV stream every row from ``offset`` (or ``limit`` of them), a page at a time;
    the table shows ``limit`` rows (default: TABLE_ROWS) and says how many it left out, from
    ``total()`` (every row) when given, else by reading on."""
    from detente.store.base import paged

    if fmt != "table":
        _emit(paged(fetch, offset=offset, limit=limit), fmt, columns)
        return
    size = limit or TABLE_ROWS
    shown = _table(paged(fetch, offset=offset, limit=size), columns)
    more = 0
    if shown == size:
        more = (max(0, total() - offset - shown) if total is not None
                else sum(1 for _ in paged(fetch, offset=offset + shown)))
    _err(f"{shown:,} rows" + (f"; … {more:,} more; use --limit or --format jsonl" if more else ""))


def _list_options(max_limit: int = 1_000_000) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--limit, --offset and --format of the list commands."""
    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        for option in reversed([
            click.option("--limit", type=click.IntRange(1, max_limit), default=None,
                         help=f"At most this many rows (default: every row with --format jsonl|csv, "
                         f"the first {TABLE_ROWS} in the table, which says how many more there are)."),
            click.option("--offset", type=click.IntRange(0), default=0, help="Skip this many rows first."),
            click.option("--format", "fmt", type=FORMATS, default="table", show_default=True),
        ]):
            command = option(command)
        return command

    return decorate


def _short(text: str, width: int = 72) -> str:
    """Table cells stay one glance wide; --format jsonl|csv carries the full text."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict) and "quote" in value:  # a claim: who said what
        copy = " (a copy)" if value.get("copy_of") else ""
        return f"{value.get('outlet') or 'unknown outlet'}{copy}: \"{value['quote']}\""
    if isinstance(value, dict):
        return str(value.get("name") or value.get("country") or value.get("text") or json.dumps(value))
    return str(value)


@cli.command()
@click.option("--outlet")
@click.option("--since", metavar="DATE")
@click.option("--until", metavar="DATE")
@click.option("--language")
@click.option("--genre")
@_list_options(max_limit=100_000)
@pass_ctx
def articles(obj: Context, fmt: str, limit: int | None, offset: int, since: str | None, until: str | None,
             **filters: Any) -> None:
    """List stored articles."""
    from dataclasses import replace

    from detente.store import ArticleQuery

    _check_date(since, "--since")
    _check_date(until, "--until")
    query = ArticleQuery(since=since, until=until, **filters)

    def row(article: Any) -> dict[str, Any]:
        d: dict[str, Any] = article.to_dict()
        if fmt != "jsonl":  # the full text only in JSON Lines
            d["text"] = ""
            d["segments"] = len(d["segments"])
        return d

    with obj.store(existing=True) as store:
        _listing(lambda n, at: [row(a) for a in store.list_articles(replace(query, limit=n, offset=at))], fmt,
                 ["id", "published", "outlet", "title", "genre", "language", "segments"],
                 limit=limit, offset=offset, total=lambda: store.count_matching_articles(query))


@cli.command()
@_event_filters
@click.option("--text", metavar="WORDS", help="Events whose evidence sentence or trigger holds every one of these "
              "words (whole words, case and accents ignored).")
@_list_options()
@pass_ctx
def events(obj: Context, fmt: str, limit: int | None, offset: int, **filters: Any) -> None:
    """List stored events, with filters."""
    from dataclasses import replace

    query = _event_query(**filters)
    with obj.store(existing=True) as store:
        _listing(lambda n, at: [e.to_dict() for e in store.list_events(replace(query, limit=n, offset=at))], fmt,
                 ["date", "event_type", "mode", "cameo", "actors", "recipients", "location", "modality",
                  "trigger", "sentence"],
                 limit=limit, offset=offset, total=lambda: store.count_matching_events(query))


@cli.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@pass_ctx
def search(obj: Context, query: str, limit: int, fmt: str) -> None:
    """Full-text search over stored articles (every word; best first among the most recently
    stored matches)."""
    with obj.store(existing=True) as store:
        page = store.search_page(query, limit=limit)
    _emit(({"article_id": h.article_id, "published": h.published, "outlet": h.outlet,
            "title": h.title, "snippet": h.snippet} for h in page.hits),
          fmt, ["article_id", "published", "outlet", "title", "snippet"])
    if page.more:
        click.echo(f"note: more than {page.ranked:,} articles match; these are the best of the "
                   f"{page.ranked:,} stored last. Add words to narrow the search.", err=True)


@cli.command()
@click.option("--host", default=None, help="Address to bind (default: DETENTE_HOST, 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port (default: DETENTE_PORT, 8000).")
@click.option("--no-serve", is_flag=True, help="Only ingest the sample corpus; do not start the server.")
@click.pass_context
def demo(ctx: click.Context, host: str | None, port: int | None, no_serve: bool) -> None:
    """Ingest the sample corpus shipped in the package, then serve it (the README's main job)."""
    from detente.pipeline import ingest as run_ingest
    from detente.pipeline import sample_dir

    obj: Context = ctx.obj
    with obj.store() as store:
        report = run_ingest([str(sample_dir())], store, settings=obj.settings, offline=True)
        _err(f"sample corpus: {len(report.added)} articles added ({report.events} events), "
             f"{len(report.present)} already present; the store holds {store.count_articles()} articles "
             f"and {store.count_events()} events")
    for item in report.rejected:
        _err(f"rejected  {item.origin}: {item.reason}")
    if not no_serve:
        ctx.invoke(serve, host=host, port=port)


def _derived_listing(store: Any, kind: str, fmt: str, columns: list[str], *, limit: int | None,
                     offset: int) -> None:
    """The derived records of one kind (stories, milestones, ...) as a list command's rows."""
    _listing(lambda n, at: store.list_derived(kind, limit=n, offset=at), fmt, columns,
             limit=limit, offset=offset, total=lambda: store.count_derived(kind))


def _derived_command(kind: str, summary: str, columns: list[str], name: str | None = None) -> None:
    @_list_options()
    @pass_ctx
    def command(obj: Context, limit: int | None, offset: int, fmt: str) -> None:
        with obj.store(existing=True) as store:
            _derived_listing(store, kind, fmt, columns, limit=limit, offset=offset)

    command.__doc__ = summary
    cli.command(name=name or kind)(command)


_derived_command("stories", "Stories: one real event reported by several outlets, with its independent sources.",
                 ["date", "event_type", "actors", "location", "outlets", "independent_sources", "id"])
_derived_command("conflicts", "Claims on which sources disagree, side by side with outlets and quotes.",
                 ["kind", "subject", "claims", "reason"])
_derived_command("milestones", "Commitments, goals and milestones: who promised what, by when, and what became of it.",
                 ["what", "kind", "responsible", "deadline_text", "deadline", "status", "overdue", "first_seen"])
_derived_command("positions", "Where each actor stands on each issue, with the quote and the date "
                 "(and the stance it replaced, when it changed).",
                 ["actor", "issue", "stance", "date", "previous_stance", "quote"])
_derived_command("position_changes", "How positions moved: an actor's earlier and later stance on an issue, "
                 "with dates and quotes.",
                 ["actor", "issue", "from_stance", "to_stance", "from_date", "to_date", "to_quote"],
                 name="position-changes")
_derived_command("outlets", "Outlet profiles: genre mix, state affiliation, share of claims contradicted.",
                 ["outlet", "n_articles", "state_affiliated", "claims", "contradicted", "share_contradicted"])


@cli.command()
@click.option("--period", type=click.Choice(["month", "week"]), default="month", show_default=True)
@click.option("--pair", metavar="A,B", help="Only one pair of actors, e.g. USA,RUS.")
@_list_options()
@pass_ctx
def relations(obj: Context, period: str, pair: str | None, fmt: str, limit: int | None, offset: int) -> None:
    """The relations index: cooperation–conflict score of each pair of actors per period, with the
    trend (improving / deteriorating / unchanged) and its reason."""
    kind = "relations" if period == "month" else "relations_week"
    columns = ["a", "b", "period", "score", "n_events", "trend", "reason"]
    wanted = sorted({p.strip().upper() for p in pair.split(",")}) if pair else []
    if pair and len(wanted) != 2:
        raise ConfigError(f"--pair {pair!r} must name two actors", fix="write --pair USA,RUS")
    with obj.store(existing=True) as store:
        if wanted:  # one pair: its periods, few enough to read at once
            rows = store.relation_records(kind, wanted[0], wanted[1])
            _listing(lambda n, at: rows[at: at + n], fmt, columns, limit=limit, offset=offset, total=lambda: len(rows))
        else:
            _derived_listing(store, kind, fmt, columns, limit=limit, offset=offset)


# --------------------------------------------------------------------------- export, import
@cli.command("export")
@click.argument("out", metavar="OUT", type=click.Path(dir_okay=False, writable=True))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet", "gdelt", "plover"]),
              required=True, help="jsonl: contract events; csv: flat, stable columns; parquet: nested; "
              "gdelt: GDELT 2.0 event TSV (61 columns); plover: PLOVER/POLECAT-style JSON Lines.")
@_event_filters
@pass_ctx
def export_(obj: Context, out: str, fmt: str, **filters: Any) -> None:
    """Export the whole store, or the events matching the filters, to OUT."""
    from detente.outputs.exports import export_events

    query = _event_query(**filters)
    with obj.store(readonly=True, existing=True) as store:
        n = export_events(store, out, fmt, query)
    _err(f"{n} events written to {out} ({fmt})")


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "gdelt", "plover", "parquet"]), required=True,
              help="jsonl: contract events (as `detente export --format jsonl` writes); gdelt: GDELT 2.0 "
              "event TSV; plover: PLOVER/POLECAT-style JSON or JSON Lines; parquet: our Parquet export.")
@pass_ctx
def import_(obj: Context, files: tuple[str, ...], fmt: str) -> None:
    """Import events from other datasets to view them beside our own (marked imported:<format>).

    Recomputes stories and the tracker afterwards and runs the watchlists.  Exit code 1 when some
    lines were rejected (the rest are stored)."""
    from detente.outputs.alerts import run_watchlists
    from detente.outputs.exports import import_file
    from detente.pipeline import refresh_derived

    code = 0
    with obj.store() as store:
        added_docs: list[str] = []
        for path in files:
            report = import_file(store, path, fmt)
            for reason in report.rejected:
                _err(f"rejected  {reason}")
            _err(f"{path}: {report.added} events added ({report.articles} source records), "
                 f"{report.present} already present, {len(report.rejected)} rejected")
            added_docs += report.article_ids
            code = max(code, report.exit_code)
        if added_docs:
            refresh_derived(store, obj.settings)
            for alert in run_watchlists(store, obj.settings, added_docs):
                _err(f"alert     [{alert.watchlist}] {alert.title}")
    sys.exit(code)


# --------------------------------------------------------------------------- watchlists, briefs
@cli.group()
def watch() -> None:
    """Watchlists: saved queries checked after each ingest; alerts go to the log, a webhook and
    the Atom feed /api/alerts.atom."""


@watch.command("add")
@click.argument("name")
@click.option("--kind", type=click.Choice(["events", "milestone_status", "conflicts"]), default="events",
              show_default=True, help="New matching events, milestone status changes, or new conflicts.")
@click.option("--type", "event_type", metavar="PLOVER", help="PLOVER event type, e.g. CONSULT.")
@click.option("--actor", help="Actor name, text or code.")
@click.option("--country", "countries", multiple=True, metavar="ISO3",
              help="Repeat for several: all must be involved (USA and RUS: any event between them).")
@click.option("--place", help="Place name or country code.")
@click.option("--outlet")
@click.option("--modality", type=click.Choice(["asserted", "negated", "hypothetical", "future", "reported_claim"]))
@click.option("--status", help="milestone_status: only moves to this status.")
@click.option("--subject", help="milestone_status / conflicts: words in the milestone or the subject.")
@click.option("--webhook", metavar="URL", help="Also POST each batch of alerts as JSON to this URL.")
@pass_ctx
def watch_add(obj: Context, name: str, kind: str, webhook: str | None, countries: tuple[str, ...],
              **filters: Any) -> None:
    """Save a watchlist; it fires on what changes from now on."""
    from detente.outputs.alerts import WatchFilters, add_watchlist

    with obj.store() as store:
        w = add_watchlist(store, name, kind, WatchFilters(countries=list(countries), **filters), webhook=webhook)
    _err(f"watchlist {w.name!r} ({w.kind}) saved")


@watch.command("list")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@pass_ctx
def watch_list(obj: Context, fmt: str) -> None:
    """List the watchlists."""
    from detente.outputs.alerts import list_watchlists

    with obj.store() as store:
        rows = [{"name": w.name, "kind": w.kind, "webhook": w.webhook, "created": w.created,
                 "evaluated_at": w.cursor.evaluated_at,
                 "filters": json.dumps({k: v for k, v in w.filters.to_dict().items() if v}, ensure_ascii=False)}
                for w in list_watchlists(store)]
    _emit(rows, fmt, ["name", "kind", "filters", "webhook", "created", "evaluated_at"])


@watch.command("remove")
@click.argument("name")
@pass_ctx
def watch_remove(obj: Context, name: str) -> None:
    """Delete a watchlist (its past alerts stay in the feed)."""
    from detente.outputs.alerts import remove_watchlist

    with obj.store() as store:
        remove_watchlist(store, name)
    _err(f"watchlist {name!r} removed")


# --------------------------------------------------------------------------- followed sources
@cli.group()
def sources() -> None:
    """Sources followed continuously (RSS / Atom feeds, sitemaps, listing pages): polled by
    `detente follow` or `detente serve --follow`, each with its health."""


@sources.command("add")
@click.argument("url")
@click.option("--name", help="A short name (default: the host name).")
@click.option("--every", default="15m", show_default=True, metavar="INTERVAL",
              help="How often to poll it: a number and a unit, 90s, 15m, 2h or 1d (at least 1m).")
@pass_ctx
def sources_add(obj: Context, url: str, name: str | None, every: str) -> None:
    """Follow a feed, a sitemap or a listing page; it is polled at the next `detente follow`."""
    from detente.follow import add_source, format_interval

    with obj.store() as store:
        source = add_source(store, url, name=name, every=every)
    _err(f"source {source.name!r} ({source.url}) followed every {format_interval(source.every)}")


@sources.command("list")
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@pass_ctx
def sources_list(obj: Context, fmt: str) -> None:
    """The followed sources with their health: last success, last error, articles added."""
    from detente.follow import list_sources

    with obj.store() as store:
        rows = [s.health() for s in list_sources(store)]
    _emit(rows, fmt, ["name", "url", "every", "status", "last_success", "articles_added", "last_added",
                      "last_error", "next_due"])


@sources.command("remove")
@click.argument("name", metavar="NAME_OR_URL")
@pass_ctx
def sources_remove(obj: Context, name: str) -> None:
    """Stop following a source (its articles stay in the store)."""
    from detente.follow import remove_source

    with obj.store() as store:
        source = remove_source(store, name)
    _err(f"source {source.name!r} ({source.url}) no longer followed")


@cli.command()
@click.option("--once", is_flag=True, help="Poll the sources due now, then exit (exit code 1 if one failed).")
@click.option("--quiet", "-q", is_flag=True, help="Print only the polls that added articles or failed.")
@pass_ctx
def follow(obj: Context, once: bool, quiet: bool) -> None:
    """Poll the followed sources when they are due, ingest what is new and run the watchlists;
    runs until interrupted (Ctrl-C), or one round with --once."""
    from detente.follow import follow as run_follow

    reports = run_follow(obj.settings, once=once, on_report=_follow_printer(quiet))
    if once:
        failed = sum(1 for r in reports if r.status == "error")
        _err(f"{len(reports)} sources polled, {sum(len(r.added) for r in reports)} articles added, {failed} failed")
        sys.exit(1 if failed else 0)


def _follow_printer(quiet: bool) -> Callable[[Any], None]:
    def show(report: Any) -> None:
        if report.status == "error":
            _err(f"failed    {report.name}: {report.error}")
            return
        for item in report.rejected:
            _err(f"rejected  {item.origin}: {item.reason}")
        if quiet and not report.added:
            return
        what = ("not modified" if report.status == "not_modified" else
                f"{report.entries} entries, {report.new} new: {len(report.added)} added, {report.present} already "
                f"present, {len(report.rejected)} rejected" + (f"; {report.pending} left for the next poll"
                                                              if report.pending else ""))
        _err(f"polled    {report.name}: {what}" + (f"; {report.alerts} alerts" if report.alerts else ""))

    return show


@cli.command()
@click.option("--since", default="7d", show_default=True, help="7d, 2w, 1m (back from --until) or YYYY-MM-DD.")
@click.option("--until", metavar="YYYY-MM-DD", help="End of the period (default: today).")
@click.option("--today", metavar="YYYY-MM-DD", help="Fix today's date (for reproducible briefs).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False), help="Write brief-SINCE_UNTIL.md and "
              ".html into this folder (default: Markdown on stdout).")
@click.option("--with-opinion", is_flag=True, help="Also list stories that only opinion, editorial, advocacy "
              "or SEO pieces state (left out and counted by default).")
@pass_ctx
def brief(obj: Context, since: str, until: str | None, today: str | None, out_dir: str | None,
          with_opinion: bool) -> None:
    """A brief of the period: what happened, which milestones moved, where sources disagree,
    relations trend; each line cites its sources."""
    from detente.outputs.briefing import build_brief, parse_period, write_brief

    start, end = parse_period(since, until, today=today)
    with obj.store(readonly=True, existing=True) as store:
        report = build_brief(store, start, end, with_opinion=with_opinion)
    if out_dir:
        for path in write_brief(report, out_dir):
            _err(f"wrote {path}")
    else:
        from detente.outputs.briefing import render_markdown

        click.echo(render_markdown(report))


# --------------------------------------------------------------------------- serve, eval, bench
@cli.command()
@click.option("--host", default=None, help="Address to bind (default: DETENTE_HOST, 127.0.0.1).")
@click.option("--port", type=click.IntRange(1, 65535), default=None, help="Port (default: DETENTE_PORT, 8000).")
@click.option("--follow", "with_follow", is_flag=True, help="Also poll the followed sources (detente follow) beside "
              "the server.")
@pass_ctx
def serve(obj: Context, host: str | None, port: int | None, with_follow: bool = False) -> None:
    """Serve the REST API under /api/ and the dashboard under /."""
    import threading

    import uvicorn

    from detente.serve import create_app

    app = create_app(obj.settings)
    host = host or obj.settings.host
    port = port or obj.settings.port
    stop = threading.Event()
    follower = None
    if with_follow:
        from detente.follow import follow as run_follow

        follower = threading.Thread(target=run_follow, args=(obj.settings,), name="detente-follow", daemon=True,
                                    kwargs={"stop": stop, "on_report": _follow_printer(True)})
        follower.start()
    _err(f"détente serving {obj.settings.database_url()} on http://{host}:{port}/"
         + (", following sources" if with_follow else "") + " (Ctrl-C to stop)")
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        stop.set()
        if follower is not None:
            follower.join(timeout=30)


@cli.command("eval")
@click.option("--shared", "shared_dir", type=click.Path(exists=True, file_okay=False), required=True,
              help="Folder holding eval/ and corpus/ (the project's ../shared).")
@pass_ctx
def eval_(obj: Context, shared_dir: str) -> None:
    """Score the extraction engine on gold annotations; prints a JSON report."""
    from detente.evaluate import run_all

    click.echo(json.dumps(run_all(shared_dir), indent=2, ensure_ascii=False))


@cli.command()
@click.option("--articles", "n_articles", type=click.IntRange(1), default=200, show_default=True,
              help="How many articles (the sample corpus, repeated with variations).")
@click.option("--processes", type=click.Choice(["1", "2", "both"]), default="both", show_default=True)
@click.option("--corpus", type=click.Path(exists=True), default=None,
              help="A folder of articles to use instead of the shipped sample corpus.")
@click.option("--spark", "with_spark", is_flag=True,
              help="Also run the Spark batch job in local[N] (needs détente[spark] and Java).")
@click.option("--long", "long_articles", is_flag=True,
              help="Articles of about 1,500 words (several samples joined) instead of one sample each.")
@click.option("--repeat", type=click.IntRange(1), default=1, show_default=True,
              help="Rounds of all configurations, interleaved; the ratios are the rounds' medians.")
@click.option("--refresh", "refresh_sizes", metavar="EVENTS,...", default=None,
              help="Instead: the time detente ingest takes to add one article to stores of these many "
                   "(synthetic) events, against an empty store, e.g. 20000,100000.")
@click.option("--keep", type=click.Path(file_okay=False), default=None,
              help="With --refresh: a folder where the stores are kept and reused by later runs.")
@pass_ctx
def bench(obj: Context, n_articles: int, processes: str, corpus: str | None, with_spark: bool,
          long_articles: bool, repeat: int, refresh_sizes: str | None, keep: str | None) -> None:
    """Throughput and peak memory of the engine and of detente ingest against bare spaCy
    nlp.pipe (or, with --refresh, the time of adding one article to a large store)."""
    from detente.bench import run_bench, run_refresh_bench

    if refresh_sizes:
        try:
            sizes = [int(n) for n in refresh_sizes.split(",") if n.strip()]
        except ValueError:
            raise click.BadParameter("give event counts separated by commas, e.g. 20000,100000",
                                     param_hint="--refresh") from None
        click.echo(json.dumps(run_refresh_bench(sizes, repeat=repeat, log=_err, keep=keep), indent=2))
        return
    procs = [1, 2] if processes == "both" else [int(processes)]
    result = run_bench(n_articles=n_articles, processes=procs, corpus=corpus, settings=obj.settings,
                       log=_err, spark=with_spark, long=long_articles, repeat=repeat)
    click.echo(json.dumps(result, indent=2))


@cli.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.argument("out", metavar="OUT")
@click.option("--master", default=None, metavar="URL",
              help="Spark master, e.g. local[2] or spark://host:7077 (default: spark-submit's, else local[*]).")
@click.option("--format", "input_format", type=click.Choice(["jsonl", "parquet"]), default=None,
              help="Input format (default: parquet for .parquet files or folders of them, else jsonl).")
@click.option("--partitions", type=click.IntRange(1), default=None,
              help="Partitions for extraction (default: twice the cluster's cores).")
@click.option("--overwrite", is_flag=True, help="Replace the Parquet datasets already in OUT.")
@click.option("--load-into", "load_into", metavar="DB_URL", default=None,
              help="Also load the result into this store (sqlite:///… or postgresql://…).")
@pass_ctx
def spark(obj: Context, inputs: tuple[str, ...], out: str, master: str | None, input_format: str | None,
          partitions: int | None, overwrite: bool, load_into: str | None) -> None:
    """Batch extraction with Apache Spark over JSON Lines or Parquet corpora.

    Writes OUT/articles, OUT/events, OUT/story_inputs and OUT/rejects as Parquet and prints the
    counts as JSON.  Exit code 1 when some rows were rejected (see OUT/rejects)."""
    from detente.scale.spark import run_spark_job

    report = run_spark_job(list(inputs), out, master=master, input_format=input_format,
                           partitions=partitions, overwrite=overwrite, load_into=load_into,
                           settings=obj.settings)
    _err(f"{report.articles} articles ({report.events} events), {report.duplicates} duplicates dropped, "
         f"{report.rejected} rejected; Parquet in {report.output}")
    if report.loaded is not None:
        _err(f"loaded into {load_into}: {report.loaded.added} added ({report.loaded.events} events), "
             f"{report.loaded.present} already present")
    click.echo(json.dumps(report.to_dict(), indent=2))
    sys.exit(report.exit_code)


# --------------------------------------------------------------------------- progress
class _progress:
    """A rich progress display on stderr, only when stderr is a terminal."""

    def __init__(self, label: str) -> None:
        self.label = label
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> Callable[[], None]:
        if sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                      TextColumn("{task.completed} items"), TimeElapsedColumn(),
                                      console=Console(stderr=True), transient=True)
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=None)
        return self.tick

    def tick(self) -> None:
        if self._progress is not None:
            self._progress.advance(self._task)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


def main(argv: list[str] | None = None) -> None:
    """Entry point: the one place where errors become messages and exit codes."""
    try:
        cli.main(args=argv, prog_name="detente", standalone_mode=False)
    except click.exceptions.Abort:
        _err("aborted")
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except DetenteError as exc:
        _err(f"error [{exc.code}]: {exc.message}")
        if exc.fix:
            _err(f"  fix: {exc.fix}")
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _err("interrupted: every article reported as added is stored; run the same command again to finish")
        sys.exit(130)
    sys.exit(0)


if __name__ == "__main__":
    main()
