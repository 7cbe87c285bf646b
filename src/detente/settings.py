"""All settings in one table: name, environment variable, default, help.

Settings are read when a command runs (``Settings.from_env()``), never at import time.
The README's settings table is checked against ``SETTINGS`` by tests/test_docs.py.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.errors import ConfigError

__all__ = ["SETTINGS", "Setting", "Settings"]


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    default: Any
    kind: type
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "DETENTE_DB", None, str,
            "Database URL, e.g. sqlite:///path/to/detente.db; default: a file under DETENTE_HOME."),
    Setting("home", "DETENTE_HOME", None, str,
            "Folder for the default SQLite database; default: the user's data directory."),
    Setting("model", "DETENTE_MODEL", "en_core_web_sm", str,
            "Name of the installed spaCy pipeline used for extraction."),
    Setting("actors_file", "DETENTE_ACTORS_FILE", None, str,
            "Extra actor dictionary entries (JSON Lines) merged over the shipped one."),
    Setting("max_bytes", "DETENTE_MAX_BYTES", 5_000_000, int,
            "Largest input item (file, URL body, JSON line) accepted, in bytes."),
    Setting("fetch_timeout", "DETENTE_FETCH_TIMEOUT", 15.0, float,
            "Seconds to wait for a URL before giving up."),
    Setting("max_redirects", "DETENTE_MAX_REDIRECTS", 5, int,
            "Most redirects followed when fetching a URL."),
    Setting("processes", "DETENTE_PROCESSES", 0, int,
            "Worker processes for extraction (ingest, code); 0: one per core available. "
            "Inputs of a few articles are read in-process."),
    Setting("host", "DETENTE_HOST", "127.0.0.1", str, "Address `detente serve` binds to."),
    Setting("port", "DETENTE_PORT", 8000, int, "Port `detente serve` listens on."),
    Setting("token", "DETENTE_TOKEN", None, str,
            "Secret for the API's write endpoints (Authorization: Bearer <token>); unset: read-only."),
    Setting("max_request_bytes", "DETENTE_MAX_REQUEST_BYTES", 2_000_000, int,
            "Largest request body the API accepts, in bytes (larger: 413)."),
    Setting("follow_host_delay", "DETENTE_FOLLOW_HOST_DELAY", 2.0, float,
            "Seconds `detente follow` waits between two requests to the same host."),
    Setting("follow_max_entries", "DETENTE_FOLLOW_MAX_ENTRIES", 50, int,
            "Most new entries of one source read in one poll (the rest at the next poll)."),
)


@dataclass
class Settings:
    db: str | None = None
    home: str | None = None
    model: str = "en_core_web_sm"
    actors_file: str | None = None
    max_bytes: int = 5_000_000
    fetch_timeout: float = 15.0
    max_redirects: int = 5
    processes: int = 0
    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    max_request_bytes: int = 2_000_000
    follow_host_delay: float = 2.0
    follow_max_entries: int = 50

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None, **overrides: Any) -> Settings:
        env = dict(os.environ) if env is None else env
        values: dict[str, Any] = {}
        for s in SETTINGS:
            raw = env.get(s.env)
            if raw is None or raw == "":
                values[s.name] = s.default
                continue
            try:
                values[s.name] = s.kind(raw)
            except ValueError as exc:
                raise ConfigError(
                    f"{s.env}={raw!r} is not a valid {s.kind.__name__}",
                    fix=f"set {s.env} to a {s.kind.__name__}, e.g. {s.default!r}",
                ) from exc
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def worker_processes(self) -> int:
        """Extraction processes to use: ``processes``, or when it is 0 (or less) the cores this
        process may run on."""
        if self.processes > 0:
            return self.processes
        try:
            return max(len(os.sched_getaffinity(0)), 1)
        except AttributeError:  # not on Linux
            return os.cpu_count() or 1

    def database_url(self) -> str:
        """The database URL: --db / DETENTE_DB, else a SQLite file under DETENTE_HOME,
        else under the user's data directory."""
        if self.db:
            return self.db
        if self.home:
            base = Path(self.home)
        else:
            from platformdirs import user_data_dir

            base = Path(user_data_dir("detente"))
        return f"sqlite:///{base / 'detente.db'}"
