"""`make bench` runs every benchmark module in bench/ (quick mode); `make bench FULL=1` runs full mode.

Each module ``bench/<name>.py`` defines ``main(full: bool) -> None`` and prints its figures.
Run one alone with ``python -m bench <name> [--full]``.
"""

from __future__ import annotations

import argparse
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
    for name in names:
        print(f"\n=== bench/{name}.py ({'full' if args.full else 'quick'}) ===", flush=True)
        t0 = time.perf_counter()
        importlib.import_module(f"bench.{name}").main(full=args.full)
        print(f"--- {name} done in {time.perf_counter() - t0:.1f}s", flush=True)


if __name__ == "__main__":
    main()
