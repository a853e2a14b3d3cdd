"""``manage.py app_graph [--check]``: the import graph between apps (tests and demo seeders left out), and any
cycle in it. ``--check`` exits non-zero on a cycle (``make lint`` runs it; the layers contract in
pyproject.toml forbids upward imports, this shows the whole graph)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.management.base import BaseCommand, CommandError

SKIPPED = ("tests", "demo")


def app_edges() -> dict[str, set[str]]:
    """{app: apps it imports} for the modules of ``suzhaohuo``, tests and demo seeders left out."""
    try:
        import grimp
    except ImportError as exc:  # optional third-party import: grimp comes with import-linter (dev extra)
        raise CommandError("grimp is not installed: pip install -e .[dev]") from exc
    graph = grimp.build_graph("suzhaohuo")
    edges: dict[str, set[str]] = defaultdict(set)
    for module in graph.modules:
        parts = module.split(".")
        if len(parts) < 2 or any(p in SKIPPED for p in parts):
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            other = imported.split(".")
            if len(other) >= 2 and other[1] != parts[1] and not any(p in SKIPPED for p in other):
                edges[parts[1]].add(other[1])
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one app (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(set(edges) | {w for ws in edges.values() for w in ws}):
        if v not in index:
            visit(v)
    return out


class Command(BaseCommand):
    help = "Show the import graph between apps and fail (--check) on an import cycle."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--check", action="store_true", help="only report cycles; exit 1 if there is one")

    def handle(self, *args: Any, **options: Any) -> None:
        edges = app_edges()
        if not options["check"]:
            for app in sorted(edges):
                self.stdout.write(f"{app} -> {', '.join(sorted(edges[app]))}")
        found = cycles(edges)
        for component in found:
            self.stderr.write(f"import cycle between apps: {' ↔ '.join(component)}")
        if found:
            raise CommandError(f"{len(found)} import cycle(s) between apps")
        self.stdout.write("no import cycles between apps")
