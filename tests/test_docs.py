"""Docs enforced by tests: every CLI command and every setting is documented in the README,
and the README's two commands are the ones CI runs."""

from __future__ import annotations

from pathlib import Path

import click

from detente.cli import cli
from detente.settings import SETTINGS, Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented() -> None:
    missing = [name for name in cli.commands if f"detente {name}" not in README]
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_command_has_help() -> None:
    for name, command in cli.commands.items():
        assert command.help, f"detente {name} has no help text"
        ctx = click.Context(command, info_name=name)
        assert "--help" in command.get_help(ctx) or command.get_help(ctx)


def test_every_setting_is_documented_with_its_default() -> None:
    for s in SETTINGS:
        line = next((ln for ln in README.splitlines() if f"`{s.env}`" in ln), None)
        assert line is not None, f"{s.env} is not in the README's settings table"
        if s.default is not None:
            assert str(s.default) in line, f"README gives no default for {s.env}"


def test_settings_table_matches_the_settings_record() -> None:
    assert {s.name for s in SETTINGS} == set(Settings.__dataclass_fields__)
    assert Settings.from_env({}) == Settings(**{s.name: s.default for s in SETTINGS})


def test_ci_runs_the_readmes_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    assert "bash scripts/test.sh" in ci
    assert "bash scripts/test.sh" in README
    assert "bash scripts/demo.sh" in README
