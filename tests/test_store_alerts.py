"""Watchlists and alerts behave alike on every backend: both keep them in tables of their own, keep
every alert (PostgreSQL kept them as derived records, the latest 1,000 only), list the newest
first, and an alert recorded twice counts once.  A PostgreSQL store from before moves its
watchlists and alerts out of the derived records when opened."""

from __future__ import annotations

from typing import Any

import pytest

from detente.store import open_store


def _alert(i: int, watchlist: str = "truce") -> dict[str, Any]:
    return {"id": f"a{i:05d}", "watchlist": watchlist, "created": f"2025-03-{1 + i % 28:02d}T{i % 24:02d}:00:00Z",
            "summary": f"alert {i}", "sources": []}


def test_every_alert_is_kept_and_listed_newest_first(store_url: str) -> None:
    alerts = [_alert(i) for i in range(1200)] + [_alert(i, "prisoners") for i in range(1200, 1230)]
    with open_store(store_url) as store:
        assert store.add_alerts(alerts[:700]) == 700
        assert store.add_alerts(alerts[650:]) == len(alerts) - 700  # the repeated 50 count once
        assert store.add_alerts([]) == 0
        newest = sorted(alerts, key=lambda a: (a["created"], a["id"]), reverse=True)
        assert store.list_alerts(limit=2000) == newest
        assert store.list_alerts(limit=5) == newest[:5]
        assert store.list_alerts(limit=100, watchlist="prisoners") == [a for a in newest if a["watchlist"] == "prisoners"]
        assert store.list_alerts(watchlist="nobody") == []


def test_watchlists_are_saved_replaced_listed_by_name_and_removed(store_url: str) -> None:
    with open_store(store_url) as store:
        store.save_watchlist({"name": "truce", "kind": "events", "filters": {"event_type": "AGREE"}})
        store.save_watchlist({"name": "prisoners", "kind": "events", "filters": {}})
        store.save_watchlist({"name": "truce", "kind": "events", "filters": {"event_type": "REJECT"}})
        assert [(w["name"], w["filters"]) for w in store.list_watchlists()] == [
            ("prisoners", {}), ("truce", {"event_type": "REJECT"})]
        assert store.remove_watchlist("truce") and not store.remove_watchlist("truce")
        assert [w["name"] for w in store.list_watchlists()] == ["prisoners"]


def test_a_postgresql_store_from_before_moves_them_out_of_the_derived_records(pg_url: str) -> None:
    psycopg = pytest.importorskip("psycopg")
    with open_store(pg_url):
        pass
    with psycopg.connect(pg_url, autocommit=True) as conn:  # as 0001-0014 left them
        conn.execute("DROP TABLE watchlists; DROP TABLE alerts")
        conn.execute("DELETE FROM _migrations WHERE name = '0015_watchlists_alerts'")
        conn.execute("INSERT INTO derived (kind, id, data) VALUES ('watchlists', 'truce', %s), "
                     "('alerts', 'a00001', %s), ('alerts', 'a00002', %s)",
                     ('{"name": "truce", "kind": "events"}', psycopg.types.json.Json(_alert(1)),
                      psycopg.types.json.Json(_alert(2))))
    with open_store(pg_url) as store:
        assert "0015_watchlists_alerts" in store.applied_migrations()
        assert [w["name"] for w in store.list_watchlists()] == ["truce"]
        assert [a["id"] for a in store.list_alerts()] == ["a00002", "a00001"]
        assert store.count_derived("alerts") == store.count_derived("watchlists") == 0
