"""Measure legacy .xls readers (docs/adr/0010): python-calamine vs xlrd on a 20,000-row county-style sheet.

    .venv/bin/pip install xlrd==2.0.2   # not a project dependency; only for this comparison
    .venv/bin/python bench/xls_readers.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

N = 20000
READ = {
    "calamine": "from python_calamine import CalamineWorkbook\n"
                "rows = CalamineWorkbook.from_path(PATH).get_sheet_by_index(0).to_python()",
    "xlrd": "import xlrd\nsh = xlrd.open_workbook(PATH).sheet_by_index(0)\n"
            "rows = [sh.row_values(i) for i in range(sh.nrows)]",
}


def write(path: Path) -> None:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("需求表")
    header = ["用人单位", "招聘岗位", "需求人数", "薪酬待遇", "工作地点", "截止日期", "岗位要求", "联系电话"]
    for c, h in enumerate(header):
        sheet.write(0, c, h)
    for r in range(1, N + 1):
        for c, v in enumerate([f"沭阳县某某花木合作社{r % 300}", "花木采摘工", r % 20 + 1, "180元/天", "沭阳县胡集镇", 46387,
                               "身体健康，能吃苦，男女不限，包午饭", f"139{r:08d}"]):
            sheet.write(r, c, v)
    book.save(str(path))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.xls"
        write(path)
        print(f"file: {path.stat().st_size / 1e6:.1f} MB, {N} rows")
        for name, code in READ.items():
            prog = (f"import time, resource\nPATH = {str(path)!r}\nt = time.perf_counter()\n{code}\n"
                    "print(f'{len(rows)} rows {(time.perf_counter() - t) * 1000:.0f} ms "
                    "maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB')")
            out = subprocess.run([sys.executable, "-c", prog], capture_output=True, text=True)
            print(f"{name:>9}: {out.stdout.strip() or out.stderr.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
