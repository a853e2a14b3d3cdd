"""`make bench` runs every benchmark module in bench/ (quick mode); `make bench FULL=1` runs full mode.

Each module ``bench/<name>.py`` defines ``main(full: bool) -> None`` and prints its figures.
Run one alone with ``python -m bench <name> [--full]``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import pkgutil
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*")
    parser.add_argument("--full", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    names = args.names or sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])
                                 if not m.name.startswith("_"))
    out = Path(__file__).resolve().parent.parent / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    if "summary" in names:  # the summary reads the others' output: it comes last
        names = [n for n in names if n != "summary"] + ["summary"]
    for name in names:
        print(f"\n=== bench/{name}.py ({'full' if args.full else 'quick'}) ===", flush=True)
        t0 = time.perf_counter()
        with open(out / f"out-{name}.txt", "w", encoding="utf-8") as log, \
                contextlib.redirect_stdout(_Tee(sys.stdout, log)):
            importlib.import_module(f"bench.{name}").main(full=args.full)
        print(f"--- {name} done in {time.perf_counter() - t0:.1f}s", flush=True)


class _Tee:
    """stdout that also goes to a file (bench/summary.py reads each module's figures from it)."""

    def __init__(self, *streams: object) -> None:
        self.streams = streams

    def write(self, text: str) -> int:
        for s in self.streams:
            s.write(text)  # type: ignore[attr-defined]
        return len(text)

    def flush(self) -> None:
        for s in self.streams:
            s.flush()  # type: ignore[attr-defined]


if __name__ == "__main__":
    main()
