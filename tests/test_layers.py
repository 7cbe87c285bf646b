"""The package's layers hold: every ``detente`` import (at the top of a module, inside a function or
under ``TYPE_CHECKING``) goes to the same layer or a lower one, the modules of one layer that are
declared independent do not import each other, and the web stack is imported only by the web app
and the CLI.  The order is the one docs/architecture.md draws; change both together.

A second test runs the export and brief commands in a fresh interpreter and checks that FastAPI
was never loaded: the CLI's outputs must not pay for the web server."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "detente"

# Lowest first.  A module belongs to the first entry naming its top-level name under detente
# ("" is the package's own __init__).  Within one layer, a tuple of names is independent: none
# of them imports another.
LAYERS: list[tuple[str, ...]] = [
    ("", "errors", "settings", "model", "text", "dates", "vocabulary"),  # foundation: records, settings, words, dates
    ("ingest",),                  # readers, cleaning, segmenting, metadata
    ("extract",),                 # spaCy pipeline: actors, events, dates, places, tables
    ("knowledge",),               # shipped data; its build scripts read through extract's parsers
    ("derive",),                  # what track and reconcile share: refresh cache, article copies
    ("track", "reconcile"),       # derived records, independent of each other
    ("store",),                   # SQLite / PostgreSQL behind one interface
    ("pipeline",),                # ingest -> extract -> derive -> store, the refresh of derived kinds
    ("outputs",),                 # exports, alerts, briefs: no web stack
    ("follow",),                  # followed sources polled, each new article through the pipeline
    ("serve", "scale"),           # the web app; the Spark job; independent of each other
    ("evaluate", "bench"),        # the quality and throughput harnesses
    ("cli", "spark_job"),         # faces: argument parsing, messages, exit codes
]
INDEPENDENT = {frozenset(("track", "reconcile")), frozenset(("serve", "scale"))}
WEB_STACK = {"fastapi", "starlette", "uvicorn"}
WEB_ALLOWED = {"serve", "cli"}


def _layer_of(top: str) -> int:
    for i, names in enumerate(LAYERS):
        if top in names:
            return i
    raise AssertionError(f"detente.{top} is in no layer: add it to LAYERS here and to docs/architecture.md")


def _modules() -> list[tuple[str, Path]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out.append((".".join(parts), path))
    return out


def _imports(module: str, path: Path) -> list[tuple[str, int]]:
    """Every imported module name with its line; relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.append((name, node.lineno))
            # ``from detente import serve`` imports the subpackage, not only the package
            if name == "detente":
                found += [(f"detente.{a.name}", node.lineno) for a in node.names
                          if (PACKAGE / a.name).is_dir() or (PACKAGE / f"{a.name}.py").is_file()]
    return found


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_every_module_is_in_a_layer() -> None:
    for module, _ in _modules():
        _layer_of(_top(module))


def test_imports_follow_the_layer_order() -> None:
    wrong = []
    for module, path in _modules():
        here = _top(module)
        for name, line in _imports(module, path):
            first = name.split(".")[0]
            where = f"{path.relative_to(PACKAGE.parent)}:{line}"
            if first in WEB_STACK and here not in WEB_ALLOWED:
                wrong.append(f"{where}: {module} imports {name} (the web stack belongs to serve and cli)")
            if first != "detente":
                continue
            if name == "detente":
                continue  # the package itself: __version__ and the logger
            there = _top(name)
            if there == here:
                continue
            if _layer_of(there) > _layer_of(here):
                wrong.append(f"{where}: {module} imports {name}, a higher layer")
            elif frozenset((here, there)) in INDEPENDENT:
                wrong.append(f"{where}: {module} imports {name}; {here} and {there} are independent")
    assert not wrong, "imports against the layer order (docs/architecture.md):\n" + "\n".join(wrong)


def test_the_check_finds_an_upward_import(tmp_path: Path) -> None:
    """The parser sees a function-level relative import that goes up (the kind the rule is for)."""
    pkg = tmp_path / "detente" / "track"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    bad = pkg / "late.py"
    bad.write_text("def f():\n    from ..reconcile.cache import RefreshCache\n    return RefreshCache\n")
    names = [n for n, _ in _imports("detente.track.late", bad)]
    assert names == ["detente.reconcile.cache"]
    assert _layer_of(_top("detente.reconcile.cache")) == _layer_of("track")
    assert frozenset(("track", _top(names[0]))) in INDEPENDENT


_PROBE = """
import json, sys
from detente.cli import cli
from detente.store import open_store
with open_store({db!r}):
    pass
for args in {runs!r}:
    try:
        cli.main(args=args, prog_name="detente", standalone_mode=False)
    except SystemExit as exc:
        assert not exc.code, exc.code
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {web!r})))
"""


def test_export_and_brief_do_not_load_the_web_stack(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'fixture.db'}"
    runs = [["--db", db, "export", "--format", fmt, str(tmp_path / f"out.{fmt}")] for fmt in ("jsonl", "csv")]
    runs.append(["--db", db, "brief", "--since", "2025-01-01", "--until", "2025-01-07",
                 "--out", str(tmp_path / "briefs")])
    code = _PROBE.format(db=db, runs=runs, web=sorted(WEB_STACK))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out.jsonl").exists() and (tmp_path / "out.csv").exists()
    assert list((tmp_path / "briefs").glob("*.md")), "the brief was not written"
    assert json.loads(proc.stdout.strip().splitlines()[-1]) == []
