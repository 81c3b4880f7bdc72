"""Benchmark of the portfolio import (issue 3): preview + commit against a bare openpyxl read.

Generates a 50,000-row × 15-column export once (cached in the temp dir), then measures on a
fresh SQLite database:

* ``bare read`` — openpyxl read-only iteration over every row, nothing else (the yardstick);
* ``first import`` — what the import page does: read and check the file, preview (the real
  import, rolled back), keep the rows as read, then confirm (re-run and commit);
* ``second import`` — the same file again: every contract unchanged, nothing written.

With ``--repeat N`` every step runs N times (a fresh database each time) and the fastest run
counts, which steadies the numbers on a busy machine. Peak memory is the process's peak
resident set size (``resource.getrusage``) after the step's fastest run; ``--tracemalloc``
adds a separate, untimed pass that reports the Python heap peak of a first import.
The last line is ``import_ratio=X.XX``: first import ÷ bare read (target ≤ 1.5).

Run: ``python benchmarks/import_bench.py [--rows N] [--repeat N] [--tracemalloc]``
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sroi_plugin.db import Base  # noqa: E402
from sroi_plugin.hostspec import SroiUser  # noqa: E402
from sroi_plugin.importing.apply import apply_portfolio  # noqa: E402
from sroi_plugin.importing.codec import decode_rows  # noqa: E402
from sroi_plugin.importing.codec import encode_rows  # noqa: E402
from sroi_plugin.importing.profiles import find_profile  # noqa: E402
from sroi_plugin.importing.read import read_file_bytes  # noqa: E402
from sroi_plugin.importing.read import read_portfolio  # noqa: E402
from sroi_plugin.importing.result import ImportResult  # noqa: E402

HEADERS = (
    "Contractnr.",
    "Omschrijving",
    "Leverancier",
    "KvK",
    "Inkoopcategorie",
    "Soort opdracht",
    "Waarde (excl. btw)",
    "Jaarwaarde",
    "Startdatum",
    "Einddatum",
    "Verlengingsopties",
    "Raamovereenkomst",
    "Afdeling",
    "Contractmanager",
    "Social return",
)
TODAY = date(2026, 11, 25)
USER = SroiUser("bench", "Benchmark", frozenset({"procurement"}))
MAX_BYTES = 200 * 1024 * 1024
#: the words an export holds (the importer stores them as works/services/supplies)
KINDS = ("dienst", "werk", "levering")
CATEGORIES = ("schoonmaak", "groenonderhoud", "ICT", "catering", "beveiliging", "bouw")


def _row(number: int) -> list[object]:
    return [
        f"C-{number:06d}",
        f"Contract {number} {CATEGORIES[number % 6]} locatie {number % 211}",
        f"Leverancier {number % 997} B.V.",
        f"{10_000_000 + number % 997:08d}",
        CATEGORIES[number % 6],
        KINDS[number % 3],
        Decimal(100_000 + (number * 7919) % 5_000_000) + Decimal("0.50"),
        f"€ {20_000 + number % 90_000:,},00".replace(",", ".", 1),
        date(2020 + number % 6, 1 + number % 12, 1),
        f"{1 + number % 28:02d}-{1 + number % 12:02d}-{2027 + number % 5}",
        ("2x 1 jaar", "1+1", "geen", "3 x 12 mnd")[number % 4],
        ("ja", "nee")[number % 7 == 0],
        f"Afdeling {number % 23}",
        f"Medewerker {number % 61}",
        ("5%", "nee", "ja", "3%")[number % 4],
    ]


def portfolio_file(rows: int, directory: Path) -> Path:
    """The benchmark export, generated once per row count (streaming write)."""
    path = directory / f"sroi-import-bench-v2-{rows}x{len(HEADERS)}.xlsx"
    if path.exists():
        return path
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Contracten")
    sheet.append(["Contractenoverzicht (benchmark)"])
    sheet.append(list(HEADERS))
    for number in range(1, rows + 1):
        sheet.append(_row(number))
    partial = path.with_suffix(".partial")
    workbook.save(partial)
    partial.rename(path)
    return path


def bare_read(path: Path) -> int:
    """openpyxl read-only iteration over every row: the yardstick."""
    workbook = load_workbook(path, read_only=True, data_only=True)
    count = 0
    for _row_values in workbook.worksheets[0].iter_rows(values_only=True):
        count += 1
    workbook.close()
    return count


def page_import(session: Session, path: Path, keep: Path) -> tuple[ImportResult, ImportResult]:
    """Upload → preview → confirm, as the import page runs it (rows kept on disk between)."""
    data = read_file_bytes(path, MAX_BYTES)
    read = read_portfolio(
        data,
        file_name=path.name,
        max_bytes=MAX_BYTES,
        find_profile=lambda signatures: find_profile(session, signatures),
    )
    preview = apply_portfolio(session, read, user=USER, today=TODAY, commit=False)
    keep.write_bytes(encode_rows(read))
    del read
    kept = decode_rows(keep.read_bytes())
    assert kept is not None
    confirm = apply_portfolio(
        session,
        kept,
        user=USER,
        today=TODAY,
        commit=True,
        expected_revision=preview.seen_revision,
    )
    assert confirm.committed, confirm.errors
    return preview, confirm


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports kB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 if sys.platform != "darwin" else peak / (1024 * 1024)


def timed(step: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    value = step()
    return time.perf_counter() - start, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--cache-dir", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--tracemalloc", action="store_true", help="also measure heap peak")
    parser.add_argument(
        "--repeat", type=int, default=1, help="runs per step; the fastest counts (noisy hosts)"
    )
    args = parser.parse_args()

    path = portfolio_file(args.rows, args.cache_dir)
    best: dict[str, tuple[float, float, str]] = {}

    def note(name: str, seconds: float, detail: str) -> None:
        if name not in best or seconds < best[name][0]:
            best[name] = (seconds, peak_rss_mb(), detail)

    with tempfile.TemporaryDirectory() as work:
        keep = Path(work) / "kept.rows"
        for attempt in range(args.repeat):
            bare_s, count = timed(lambda: bare_read(path))
            note("bare openpyxl read", bare_s, f"{count} rows")
            engine = create_engine(f"sqlite:///{Path(work) / f'bench{attempt}.sqlite'}")
            Base.metadata.create_all(engine)
            with Session(engine) as session:
                first_s, (preview, _c) = timed(lambda: page_import(session, path, keep))
                note(
                    "first import (preview + commit)",
                    first_s,
                    f"new {preview.counts['new']}, invalid {preview.counts['invalid']}",
                )
                second_s, (again, _c) = timed(lambda: page_import(session, path, keep))
                note("second import, same file", second_s, f"unchanged {again.counts['unchanged']}")
            engine.dispose()
        lines = [(name, *values) for name, values in best.items()]
        if args.tracemalloc:
            engine = create_engine(f"sqlite:///{Path(work) / 'heap.sqlite'}")
            Base.metadata.create_all(engine)
            with Session(engine) as session:
                tracemalloc.start()
                page_import(session, path, keep)
                _current, heap_peak = tracemalloc.get_traced_memory()
                tracemalloc.stop()
            lines.append(("heap peak of a first import", 0.0, heap_peak / 1e6, "tracemalloc"))

    bare = best["bare openpyxl read"][0]
    first = best["first import (preview + commit)"][0]
    second = best["second import, same file"][0]
    print(f"{'step':34} {'seconds':>8} {'× bare':>7} {'peak MB':>8}  notes")
    for name, seconds, memory, detail in lines:
        ratio = f"{seconds / bare:7.2f}" if seconds else f"{'':7}"
        shown = f"{seconds:8.2f}" if seconds else f"{'':8}"
        print(f"{name:34} {shown} {ratio} {memory:8.0f}  {detail}")
    print(f"second import faster than the first: {'ja' if second < first else 'nee'}")
    print(f"import_ratio={first / bare:.2f}")


if __name__ == "__main__":
    main()
