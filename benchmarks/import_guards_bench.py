"""Benchmark of the import's guards: trailing formatted rows and zero-padded contract numbers.

Generates (once, cached in the temp dir) and reads with :func:`read_portfolio`:

* ``far`` — 3 contracts, formatting only on row 1,048,576 (one long gap of empty rows);
* ``every`` — 3 contracts, a filled empty cell on every row down to 1,048,576;
* ``plain`` / ``padded`` — 50,000 contracts with numeric contract numbers, without and with the
  number format ``000000`` (the padded one needs the second stream for the number formats).

Each step prints the fastest of ``--repeat`` runs, the data rows and the skipped rows read, and
the bare openpyxl pass over the same file as the yardstick.

Run: ``python benchmarks/import_guards_bench.py [--repeat N] [--only far,every,plain,padded]``
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped, unused-ignore]

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sroi_plugin.importing.read import read_portfolio  # noqa: E402
from tests.helpers.portfolio import HEADER  # noqa: E402
from tests.helpers.portfolio import row  # noqa: E402
from tests.helpers.xlsx import PORTFOLIO_HEADERS  # noqa: E402
from tests.helpers.xlsx import portfolio_row  # noqa: E402
from tests.helpers.xlsx import write_formatted_to_the_end  # noqa: E402

NUMBERED_ROWS = 50_000


def _small() -> list[list[object]]:
    return [list(HEADER), *(row(f"GEM-{number}") for number in range(1, 4))]


def _numbered(path: Path, code: str | None) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Contracten")
    sheet.append(list(PORTFOLIO_HEADERS))
    for number in range(1, NUMBERED_ROWS + 1):
        ref = WriteOnlyCell(sheet, value=number)
        if code is not None:
            ref.number_format = code
        sheet.append([ref, *portfolio_row(number)[1:]])
    workbook.save(path)
    return path


FILES: dict[str, Callable[[Path], Path]] = {
    "far": lambda path: write_formatted_to_the_end(path, _small()),
    "every": lambda path: write_formatted_to_the_end(path, _small(), every_row=True),
    "plain": lambda path: _numbered(path, None),
    "padded": lambda path: _numbered(path, "000000"),
}


def _bare(path: Path) -> float:
    start = time.perf_counter()
    workbook = load_workbook(path, read_only=True, data_only=True)
    worksheet = workbook.worksheets[0]
    worksheet.reset_dimensions()
    for _cells in worksheet.iter_rows(values_only=True):
        pass
    workbook.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default=",".join(FILES))
    parser.add_argument("--cache-dir", type=Path, default=Path(tempfile.gettempdir()))
    options = parser.parse_args()
    print(f"{'file':8} {'import read':>12} {'bare read':>10}  rows  skipped  first ref")
    for name in options.only.split(","):
        path = options.cache_dir / f"sroi-guards-bench-{name}.xlsx"
        if not path.exists():
            FILES[name](path)
        data = path.read_bytes()
        best = float("inf")
        for _run in range(options.repeat):
            start = time.perf_counter()
            found = read_portfolio(data, file_name=path.name, max_bytes=len(data) + 1)
            best = min(best, time.perf_counter() - start)
        bare = min(_bare(path) for _run in range(options.repeat))
        first = found.rows[0][1][0] if found.rows else None
        skipped = sum(run.count for run in found.skipped)
        print(f"{name:8} {best:11.2f}s {bare:9.2f}s {len(found.rows):5d} {skipped:8d}  {first!r}")


if __name__ == "__main__":
    main()
