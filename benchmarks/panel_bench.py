"""Panel latency under load: each contract panel against a static fragment, and the whole
contract page with its panels against the host's page alone.

Seeds (or reuses) a database with 100,000 contracts, 20,000 modifications and 200,000
monitoring rows (``large_portfolio``), serves the demo host in gunicorn on 127.0.0.1
(``bench_app``: the demo plus one static fragment route), logs in as the contract manager
through the demo's user switcher, and sends htmx requests (``HX-Request: true``) from
``--clients`` concurrent keep-alive connections: per panel of ``PANEL_ORDER`` for contracts
drawn at random (fixed seed) among those with history, then the static fragment at the
panel's median size, at the same concurrency. Warm-up requests come first and do not count.

Printed: per panel the median bytes, SQL queries per request (an in-process pass), p50/p95
of the panel and of its static fragment, and the ratio of the p95s. The last line is
``panel_p95_ratio=Y.YY``: the worst (highest) of those ratios (target ≤ 3). The fragments are
the panels of ``PANEL_ORDER`` and the attention summary above them.

Then the page load (:mod:`benchmarks.page_load`): ``--browsers`` browsers at once load the demo
host's contract page and every fragment it references, as htmx does on arrival (all at once over
at most six connections per browser); the same browsers then load the host's page alone (the
same page without the SROI area, ``bench_app.BARE_PAGE_PATH``). Printed: requests and bytes per
load, p50/p95 of both, and as the very last line ``page_p95_ratio=Z.ZZ``, the p95 of the whole
load over the p95 of the page alone (target ≤ 3).

Run: ``python benchmarks/panel_bench.py [--database-url URL] [--requests N] [--loads N]
[--browsers N] [--repeat N]``
"""

from __future__ import annotations

import argparse
import random
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask  # noqa: E402
from sqlalchemy import event  # noqa: E402

from benchmarks.bench_app import STATIC_PATH  # noqa: E402
from benchmarks.bench_app import fragment_paths  # noqa: E402
from benchmarks.bench_app import page_paths  # noqa: E402
from benchmarks.http_clients import WORKERS  # noqa: E402
from benchmarks.http_clients import Sample  # noqa: E402
from benchmarks.http_clients import Server  # noqa: E402
from benchmarks.http_clients import gunicorn  # noqa: E402
from benchmarks.http_clients import login  # noqa: E402
from benchmarks.http_clients import percentile  # noqa: E402
from benchmarks.http_clients import run_requests  # noqa: E402
from benchmarks.large_portfolio import data_refs  # noqa: E402
from benchmarks.large_portfolio import default_sqlite_url  # noqa: E402
from benchmarks.large_portfolio import ensure_host_register  # noqa: E402
from benchmarks.large_portfolio import ensure_seeded  # noqa: E402
from benchmarks.page_load import BROWSER_CONNECTIONS  # noqa: E402
from benchmarks.page_load import Load  # noqa: E402
from benchmarks.page_load import run_loads  # noqa: E402
from sroi_plugin.db import current_session  # noqa: E402
from sroi_plugin.demo import create_app  # noqa: E402
from sroi_plugin.web.panels.registry import PANEL_ORDER  # noqa: E402

#: The role the requests act as (sees every panel, may edit clauses and propose changes).
ROLE = "contract_manager"
HTMX_HEADERS = {"HX-Request": "true"}


@dataclass(frozen=True)
class Row:
    """One panel's line of the table."""

    panel: str
    size: int
    queries: float
    p50: float
    p95: float
    static_p50: float
    static_p95: float
    errors: int

    @property
    def ratio(self) -> float:
        """Panel p95 over its static fragment's p95."""
        return self.p95 / self.static_p95


def query_counts(app: Flask, paths: dict[str, list[str]]) -> dict[str, float]:
    """Median SQL statements per panel request, from an in-process pass over a few refs."""
    seen = 0

    def count(*_args: Any) -> None:
        nonlocal seen
        seen += 1

    with app.app_context():
        engine = current_session().get_bind()
    event.listen(engine, "before_cursor_execute", count)
    client = app.test_client()
    with client.session_transaction() as session:
        session["demo_user"] = ROLE
    medians: dict[str, float] = {}
    try:
        for name, urls in paths.items():
            per_request = []
            for url in urls[:5]:
                seen = 0
                client.get(url, headers=HTMX_HEADERS)
                per_request.append(seen)
            medians[name] = statistics.median(per_request)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return medians


def _jobs(key: str, urls: Sequence[str], count: int, rng: random.Random) -> list[tuple[str, str]]:
    return [(key, rng.choice(urls)) for _ in range(count)]


def _measure(
    server: Server, headers: dict[str, str], jobs: list[tuple[str, str]], args: Any, deadline: float
) -> list[Sample]:
    samples = run_requests(server.port, headers, jobs, clients=args.clients, deadline=deadline)
    if len(samples) < len(jobs):
        raise SystemExit(f"time limit of {args.time_limit:.0f} s reached; no figures")
    return samples


def _seconds(samples: Sequence[Sample]) -> list[float]:
    return [s.seconds for s in samples if s.error is None] or [float("nan")]


def measure_panels(
    server: Server, paths: dict[str, list[str]], queries: dict[str, float], args: Any
) -> list[Row]:
    """Warm up, then per round and panel: the panel's requests, then its static fragment's."""
    deadline = time.monotonic() + args.time_limit
    rng = random.Random(args.seed)  # noqa: S311 - a reproducible workload
    first = paths[PANEL_ORDER[0]][0]
    headers = {"Cookie": login(server.port, first, ROLE), **HTMX_HEADERS}
    warm = [job for name, urls in paths.items() for job in _jobs(name, urls, args.warmup, rng)]
    rng.shuffle(warm)
    warm_samples = _measure(server, headers, warm, args, deadline)
    sizes = {
        name: int(statistics.median(s.size for s in warm_samples if s.key == name))
        for name in paths
    }
    rounds: dict[str, list[Row]] = {name: [] for name in paths}
    for _round in range(args.repeat):
        for name, urls in paths.items():
            panel = _measure(server, headers, _jobs(name, urls, args.requests, rng), args, deadline)
            static_url = [f"{STATIC_PATH}?bytes={sizes[name]}"]
            static_jobs = _jobs("static", static_url, args.requests, rng)
            static = _measure(server, headers, static_jobs, args, deadline)
            rounds[name].append(_row(name, sizes[name], queries[name], panel, static))
    return [fastest(rows) for rows in rounds.values()]


def fastest(rows: Sequence[Row]) -> Row:
    """Each figure's fastest round, as ``import_bench --repeat`` counts (errors add up)."""
    return Row(
        panel=rows[0].panel,
        size=rows[0].size,
        queries=rows[0].queries,
        p50=min(r.p50 for r in rows),
        p95=min(r.p95 for r in rows),
        static_p50=min(r.static_p50 for r in rows),
        static_p95=min(r.static_p95 for r in rows),
        errors=sum(r.errors for r in rows),
    )


def _row(name: str, size: int, queries: float, panel: list[Sample], static: list[Sample]) -> Row:
    ms_panel = [s * 1000 for s in _seconds(panel)]
    ms_static = [s * 1000 for s in _seconds(static)]
    return Row(
        panel=name,
        size=size,
        queries=queries,
        p50=percentile(ms_panel, 0.50),
        p95=percentile(ms_panel, 0.95),
        static_p50=percentile(ms_static, 0.50),
        static_p95=percentile(ms_static, 0.95),
        errors=sum(1 for s in [*panel, *static] if s.error is not None),
    )


@dataclass(frozen=True)
class PageRow:
    """One line of the page table: the whole load, or the host's page alone."""

    what: str
    requests: float
    size: int
    p50: float
    p95: float
    errors: int


def _page_row(what: str, loads: Sequence[Load]) -> PageRow:
    ms = [load.seconds * 1000 for load in loads if not load.errors] or [float("nan")]
    return PageRow(
        what=what,
        requests=statistics.median(load.requests for load in loads),
        size=int(statistics.median(load.size for load in loads)),
        p50=percentile(ms, 0.50),
        p95=percentile(ms, 0.95),
        errors=sum(len(load.errors) for load in loads),
    )


def measure_pages(server: Server, full: list[str], bare: list[str], args: Any) -> list[PageRow]:
    """Warm up, then per round: the pages with every fragment, then the pages alone."""
    deadline = time.monotonic() + args.time_limit
    rng = random.Random(args.seed + 1)  # noqa: S311 - a reproducible workload
    cookie = login(server.port, full[0], ROLE)

    def loads(pages: list[str], count: int, *, fragments: bool) -> list[Load]:
        chosen = [rng.choice(pages) for _ in range(count)]
        done = run_loads(
            server.port,
            cookie,
            chosen,
            browsers=args.browsers,
            fragments=fragments,
            deadline=deadline,
        )
        if len(done) < count:
            raise SystemExit(f"time limit of {args.time_limit:.0f} s reached; no figures")
        return done

    loads(full, args.warmup, fragments=True)
    loads(bare, args.warmup, fragments=False)
    rounds: list[tuple[PageRow, PageRow]] = []
    for _round in range(args.repeat):
        whole = _page_row("page + fragments", loads(full, args.loads, fragments=True))
        alone = _page_row("page alone", loads(bare, args.loads, fragments=False))
        rounds.append((whole, alone))
    return [fastest_page([r[index] for r in rounds]) for index in (0, 1)]


def fastest_page(rows: Sequence[PageRow]) -> PageRow:
    """Each figure's fastest round (errors add up)."""
    return PageRow(
        what=rows[0].what,
        requests=rows[0].requests,
        size=rows[0].size,
        p50=min(r.p50 for r in rows),
        p95=min(r.p95 for r in rows),
        errors=sum(r.errors for r in rows),
    )


def print_page_table(rows: Sequence[PageRow], args: Any) -> None:
    """The page table, then the ratio of the whole load's p95 to the page's alone."""
    print(
        f"\ncontract page, {args.browsers} browser(s) at once, fragments over ≤ "
        f"{BROWSER_CONNECTIONS} connections per browser, {args.loads} loads per round"
    )
    print(f"{'load':18} {'requests':>8} {'bytes':>7} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6}")
    for r in rows:
        print(f"{r.what:18} {r.requests:8.0f} {r.size:7d} {r.p50:7.1f} {r.p95:7.1f} {r.errors:6d}")
    whole, alone = rows
    print(f"page_p95_ratio={whole.p95 / alone.p95:.2f}")


def print_table(rows: Sequence[Row]) -> None:
    """The table, then the worst ratio as the last line."""
    print(
        f"{'panel':12} {'bytes':>7} {'queries':>7} {'p50 ms':>7} {'p95 ms':>7} "
        f"{'static p50':>10} {'static p95':>10} {'ratio p95':>9} {'errors':>6}"
    )
    for r in rows:
        print(
            f"{r.panel:12} {r.size:7d} {r.queries:7.0f} {r.p50:7.1f} {r.p95:7.1f} "
            f"{r.static_p50:10.1f} {r.static_p95:10.1f} {r.ratio:9.2f} {r.errors:6d}"
        )
    worst = max(rows, key=lambda r: r.ratio)
    print(f"worst panel: {worst.panel} (panel_p95_ratio = its p95 / its static fragment's p95)")
    print(f"panel_p95_ratio={worst.ratio:.2f}")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: SQLite in ~/.cache)")
    parser.add_argument("--requests", type=int, default=1000, help="measured requests per panel")
    parser.add_argument("--warmup", type=int, default=40, help="warm-up requests per panel")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--workers", type=int, default=WORKERS, help="gunicorn worker processes (one per core)"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--contracts", type=int, default=500, help="contracts sampled")
    parser.add_argument("--loads", type=int, default=300, help="page loads per round and kind")
    parser.add_argument(
        "--browsers", type=int, default=2, help="browsers loading contract pages at once"
    )
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds; each figure's fastest counts"
    )
    parser.add_argument("--time-limit", type=float, default=1200.0, help="seconds, then abort")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    url = args.database_url or default_sqlite_url()
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    started = time.perf_counter()
    counts, reused = ensure_seeded(app)
    how = "reused (counts match)" if reused else f"seeded in {time.perf_counter() - started:.0f} s"
    print(
        f"database {app.config['SQLALCHEMY_DATABASE_URI'].split('@')[-1]}: {counts.contracts} "
        f"contracts, {counts.modifications} modifications, {counts.monitoring_rows} monitoring "
        f"rows — {how}"
    )
    hosted = ensure_host_register(app)
    print(f"host register: {hosted} contracts (the demo host's contract page reads them)")
    refs = random.Random(args.seed).sample(data_refs(), args.contracts)  # noqa: S311
    paths = fragment_paths(app, refs)
    full, bare = page_paths(app, refs)
    queries = query_counts(app, paths)
    env = {"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(16)}
    print(
        f"gunicorn gthread {args.workers} workers × {args.threads} threads on 127.0.0.1, "
        f"{args.clients} keep-alive clients, {args.requests} requests per panel and per "
        f"static fragment (after {args.warmup} warm-up per panel), {args.repeat} round(s)"
    )
    with tempfile.TemporaryDirectory() as work:
        log = Path(work) / "gunicorn.log"
        here = str(Path(__file__).resolve().parent)
        with gunicorn(
            "bench_app:create_bench_app()",
            env=env,
            workers=args.workers,
            threads=args.threads,
            log=log,
            pythonpath=here,
        ) as server:
            rows = measure_panels(server, paths, queries, args)
            pages = measure_pages(server, full, bare, args)
    print_table(rows)
    print_page_table(pages, args)


if __name__ == "__main__":
    main()
