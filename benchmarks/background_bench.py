"""Benchmark of the background import: what progress reports cost, and a whole job's time.

On the 50,000-row export of :mod:`import_bench` and a fresh SQLite database (the demo host's
app, a temporary instance folder):

* ``preview`` — read the file and run the preview (rolled back), no progress reported;
* ``preview + progress`` — the same with the progress a background job stores: its
  :class:`~sroi_plugin.importing.jobs.JobStore` writing the ``ImportJob`` row (every 500 rows
  at most once a second, and at every change of phase);
* ``background job`` — an upload kept under a token, its ``ImportJob`` handed to the
  :class:`~sroi_plugin.importing.jobs.ThreadRunner`, timed until the row says ``done`` (what
  the user waits for between upload and preview).

The last lines are ``progress_overhead_pct=X.X`` — the time the import spent inside the progress
callback (the stores' writes, each a commit of its own) as a share of that preview's time,
measured directly because two previews of the same file differ by more than that on a busy
machine — and ``background_import_s=Y.YY``. With ``--repeat N`` each step runs N times and the
fastest counts (the overhead: its lowest share).

Run: ``python benchmarks/background_bench.py [--rows N] [--repeat N] [--cache-dir DIR]``
(``run_all.py`` passes it the import benchmark's options).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.import_bench import TODAY  # noqa: E402
from benchmarks.import_bench import USER  # noqa: E402
from benchmarks.import_bench import portfolio_file  # noqa: E402
from sroi_plugin.db import Base  # noqa: E402
from sroi_plugin.demo import create_app  # noqa: E402
from sroi_plugin.demo.models import db as host_db  # noqa: E402
from sroi_plugin.importing import jobs  # noqa: E402
from sroi_plugin.importing import uploads  # noqa: E402
from sroi_plugin.importing.apply import apply_portfolio  # noqa: E402
from sroi_plugin.importing.progress import Phase  # noqa: E402
from sroi_plugin.importing.progress import Progress  # noqa: E402
from sroi_plugin.importing.read import read_portfolio  # noqa: E402
from sroi_plugin.models import ImportJob  # noqa: E402
from sroi_plugin.web.portfolio.import_jobs import run_job  # noqa: E402

MAX_BYTES = 200 * 1024 * 1024


def _app(directory: Path) -> object:
    app = create_app(
        {
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{directory / 'bench.sqlite'}",
            "SROI_TODAY": TODAY.isoformat(),
            "SROI_MAX_UPLOAD_MB": 200,
        }
    )
    app.instance_path = str(directory / "instance")
    with app.app_context():
        Base.metadata.create_all(app.extensions["sroi"].db.engine)
        host_db.create_all()
    return app


def _job(app: object, data: bytes, name: str) -> int:
    """A kept upload and its queued job, as the upload request leaves them."""
    token = uploads.keep(
        app.instance_path,  # type: ignore[attr-defined]
        uploads.Kind.PORTFOLIO,
        user_id=USER.id,
        file_name=name,
        data=data,
        meta={"stage": "job", "sheet": None},
    )
    session = host_db.session
    job = ImportJob(
        token=token,
        file_name=name,
        state=jobs.QUEUED,
        phase="",
        rows_total=None,
        rows_read=0,
        rows_checked=0,
        runner="thread",
        created_by_id=USER.id,
        created_by_name=USER.name,
    )
    session.add(job)
    session.commit()
    return job.id


class _Timed:
    """A progress callback that keeps how long the wrapped one took, and how often it ran."""

    def __init__(self, wrapped: Progress) -> None:
        self.wrapped = wrapped
        self.seconds = 0.0
        self.calls = 0

    def __call__(self, phase: Phase, rows_read: int, rows_checked: int) -> None:
        started = time.perf_counter()
        self.wrapped(phase, rows_read, rows_checked)
        self.seconds += time.perf_counter() - started
        self.calls += 1


def _preview(app: object, data: bytes, name: str, progress: Progress | None) -> float:
    started = time.perf_counter()
    read = read_portfolio(data, file_name=name, max_bytes=MAX_BYTES, progress=progress)
    apply_portfolio(host_db.session, read, user=USER, today=TODAY, commit=False, progress=progress)
    return time.perf_counter() - started


def _background(app: object, data: bytes, name: str) -> float:
    job_id = _job(app, data, name)
    runner = jobs.ThreadRunner(app, run_job)  # type: ignore[arg-type]
    started = time.perf_counter()
    runner.submit(job_id)
    while True:
        host_db.session.rollback()
        job = host_db.session.get(ImportJob, job_id, populate_existing=True)
        assert job is not None
        if job.state in (jobs.DONE, jobs.FAILED):
            break
        time.sleep(0.05)
    elapsed = time.perf_counter() - started
    assert job.state == jobs.DONE, job.error
    assert job.rows_checked > 0
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--cache-dir", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--tracemalloc", action="store_true", help="(import_bench's; unused)")
    options = parser.parse_args()
    path = portfolio_file(options.rows, options.cache_dir)
    data = path.read_bytes()
    plain: list[float] = []
    reported: list[float] = []
    shares: list[float] = []
    background: list[float] = []
    for _round in range(options.repeat):
        with tempfile.TemporaryDirectory(prefix="sroi-bg-bench-") as directory:
            app = _app(Path(directory))
            with app.app_context():  # type: ignore[attr-defined]
                store = jobs.JobStore(host_db.engine)
                plain.append(_preview(app, data, path.name, None))
                timed = _Timed(store.progress(_job(app, data, path.name)))
                reported.append(_preview(app, data, path.name, timed))
                shares.append(timed.seconds / reported[-1])
                background.append(_background(app, data, path.name))
                host_db.session.remove()
                host_db.engine.dispose()
    best_plain, best_reported, best_background = min(plain), min(reported), min(background)
    print(f"| step ({options.rows:,} rows) | seconds |")
    print("|---|---|")
    print(f"| preview | {best_plain:.2f} |")
    print(f"| preview + progress | {best_reported:.2f} |")
    print(f"| background job (upload kept → done) | {best_background:.2f} |")
    print(f"| of which in the progress callback | {min(shares) * best_reported:.2f} |")
    print(f"progress_overhead_pct={min(shares) * 100:.1f}")
    print(f"background_import_s={best_background:.2f}")


if __name__ == "__main__":
    main()
