"""The app import graph has no cycles (issue 10); the cycle finder finds one when there is one."""

from __future__ import annotations

from suzhaohuo.kernel.management.commands.app_graph import app_edges, cycles


def test_cycle_finder() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles_between_apps() -> None:
    edges = app_edges()
    assert "gigs" in edges["matching"] and "matching" not in edges.get("gigs", set())
    assert cycles(edges) == []
