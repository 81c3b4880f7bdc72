"""Benchmark of the portfolio import: preview + commit against a bare read of the same file.

Generates a 50,000-row × 15-column export once (cached in the temp dir), then measures on a
fresh SQLite database:

* ``bare calamine read`` — python-calamine iterating every row, nothing else: the yardstick,
  the floor a reader of this file has (the plugin reads uploads with calamine);
* ``bare openpyxl read`` — openpyxl read-only iteration over every row, for comparison (the
  reader the plugin used before);
* ``first import`` — what the import page does: read and check the file, preview (plan the
  import, nothing written), keep the plan, then confirm (apply the kept plan and commit);
* ``second import`` — the same file again: every contract unchanged, nothing written;
* ``upload to preview`` — the upload posted to the import page through the web app's test
  client, up to the preview page shown (synchronously: the background-job threshold is lifted).

With ``--repeat N`` every step runs N times (a fresh database each time) and the fastest run
counts, which steadies the numbers on a busy machine. Peak memory is the process's peak
resident set size (``resource.getrusage``) after the step's fastest run; ``--tracemalloc``
adds a separate, untimed pass that reports the Python heap peak of a first import.
The last lines are ``preview_ratio=X.XX`` (upload to preview ÷ calamine read, target ≤ 3.5),
``peak_rss_mb=N`` (target ≤ 300) and ``import_ratio=X.XX`` (first import ÷ calamine read,
target ≤ 3.0).

Run: ``python benchmarks/import_bench.py [--rows N] [--repeat N] [--tracemalloc]``
"""

from __future__ import annotations

import argparse
import gc
import io
import re
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
from python_calamine import CalamineWorkbook
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sroi_plugin.db import Base  # noqa: E402
from sroi_plugin.demo import create_app  # noqa: E402
from sroi_plugin.demo.models import db as host_db  # noqa: E402
from sroi_plugin.hostspec import SroiUser  # noqa: E402
from sroi_plugin.importing.apply import apply_plan  # noqa: E402
from sroi_plugin.importing.apply import preview_portfolio  # noqa: E402
from sroi_plugin.importing.profiles import find_profile  # noqa: E402
from sroi_plugin.importing.read import read_file_bytes  # noqa: E402
from sroi_plugin.importing.read import read_portfolio  # noqa: E402
from sroi_plugin.importing.result import ImportResult  # noqa: E402
from sroi_plugin.importing.stored_plan import decode_plan  # noqa: E402
from sroi_plugin.importing.stored_plan import encode_plan  # noqa: E402
from sroi_plugin.models import utcnow  # noqa: E402

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


def bare_calamine_read(path: Path) -> int:
    """python-calamine iterating every row of the first sheet: the yardstick."""
    workbook = CalamineWorkbook.from_path(str(path))
    count = 0
    for _row_values in workbook.get_sheet_by_index(0).iter_rows():
        count += 1
    workbook.close()
    return count


def web_preview(path: Path, work: Path) -> float:
    """Upload the file on the import page (test client) and open the preview it leads to."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{work / 'web.sqlite'}",
            "SROI_TODAY": TODAY.isoformat(),
            "SROI_MAX_UPLOAD_MB": MAX_BYTES // (1024 * 1024),
            "SROI_BACKGROUND_IMPORT_ROWS": 10**9,  # the preview itself, not a job's progress
        }
    )
    app.instance_path = str(work / "instance")
    with app.app_context():
        Base.metadata.create_all(app.extensions["sroi"].db.engine)
        host_db.create_all()
    client = app.test_client()
    with client.session_transaction() as session:
        session["demo_user"] = "procurement"
    page = client.get("/sroi/import").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "the import page carries no CSRF token"
    data = path.read_bytes()

    def upload() -> str:
        response = client.post(
            "/sroi/import",
            data={"csrf_token": token.group(1), "bestand": (io.BytesIO(data), path.name)},
            content_type="multipart/form-data",
        )
        assert response.status_code == 303, response.status_code
        preview = client.get(response.headers["Location"])
        assert preview.status_code == 200
        return preview.get_data(as_text=True)

    seconds, html = timed(upload)
    with app.app_context():
        host_db.engine.dispose()
        app.extensions["sroi"].db.engine.dispose()
    assert "Voorvertoning import" in html, "no preview shown"
    return seconds


def page_import(session: Session, path: Path, keep: Path) -> tuple[ImportResult, ImportResult]:
    """Upload → preview → confirm, as the import page runs it (the plan kept on disk between)."""
    data = read_file_bytes(path, MAX_BYTES)
    read = read_portfolio(
        data,
        file_name=path.name,
        max_bytes=MAX_BYTES,
        find_profile=lambda signatures: find_profile(session, signatures),
    )
    preview = preview_portfolio(session, read, user=USER, today=TODAY)
    assert preview.plan is not None
    keep.write_bytes(encode_plan(preview.plan))
    del read
    preview.plan = None
    kept = decode_plan(keep.read_bytes(), now=utcnow())
    assert kept is not None
    confirm = apply_plan(session, kept, user=USER)
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
            bare_s, count = timed(lambda: bare_calamine_read(path))
            note("bare calamine read", bare_s, f"{count} rows (the yardstick)")
            bare_s, count = timed(lambda: bare_read(path))
            note("bare openpyxl read", bare_s, f"{count} rows (for comparison)")
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
            attempt_dir = Path(work) / f"web{attempt}"
            attempt_dir.mkdir()
            preview_s = web_preview(path, attempt_dir)
            note("upload to preview (web)", preview_s, "test client, preview page shown")
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

    bare = best["bare calamine read"][0]
    first = best["first import (preview + commit)"][0]
    second = best["second import, same file"][0]
    preview = best["upload to preview (web)"][0]
    print(f"{'step':34} {'seconds':>8} {'× bare':>7} {'peak MB':>8}  notes (× calamine read)")
    for name, seconds, memory, detail in lines:
        ratio = f"{seconds / bare:7.2f}" if seconds else f"{'':7}"
        shown = f"{seconds:8.2f}" if seconds else f"{'':8}"
        print(f"{name:34} {shown} {ratio} {memory:8.0f}  {detail}")
    print(f"second import faster than the first: {'ja' if second < first else 'nee'}")
    print(f"openpyxl read ÷ calamine read: {best['bare openpyxl read'][0] / bare:.1f}")
    print(f"preview_ratio={preview / bare:.2f}")
    print(f"peak_rss_mb={peak_rss_mb():.0f}")
    print(f"import_ratio={first / bare:.2f}")


if __name__ == "__main__":
    main()
