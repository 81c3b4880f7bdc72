"""Bounded load run (issue 8): 10,000 panel requests against the demo, no errors, flat memory.

Sets the demo up as ``make demo`` does (``flask --app sroi_plugin.demo demo-setup``) in a
temporary SQLite file, or in ``--database-url``; serves it with gunicorn (gthread workers) on
127.0.0.1; logs in as the contract manager through the demo's user switcher; then sends htmx
requests for every panel of every demo contract, shuffled with a fixed seed, from several
keep-alive clients. The first ``--warmup`` requests warm the workers up; the warm-up goes on
(up to ``--max-warmup`` requests) until every worker has started all its request threads:
gthread starts them lazily, and a thread's first request costs some 8 MB (its stack, a malloc
arena, its own database connection) — start-up, not growth. The server's memory (RSS summed
over the gunicorn workers, from ``/proc``) is read after the warm-up and then every
``--every`` requests.

Verdict (the exit code): 0 when every request answered 2xx without a connection error, no
worker was replaced, and the workers' RSS grew by at most ``--max-growth-mb`` MB and at most
``--max-growth-pct`` % from after the warm-up to the end; 1 otherwise; 2 when the time limit
(``--time-limit``, default 10 minutes) ran out first.

Run: ``python benchmarks/load_run.py [--database-url URL] [--requests N] [--clients N]``
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_app import panel_paths  # noqa: E402
from benchmarks.http_clients import WORKERS  # noqa: E402
from benchmarks.http_clients import Sample  # noqa: E402
from benchmarks.http_clients import Server  # noqa: E402
from benchmarks.http_clients import gunicorn  # noqa: E402
from benchmarks.http_clients import login  # noqa: E402
from benchmarks.http_clients import percentile  # noqa: E402
from benchmarks.http_clients import run_requests  # noqa: E402
from sroi_plugin.demo import create_app  # noqa: E402
from sroi_plugin.demo.seed import load_demo_contracts  # noqa: E402

HTMX_HEADERS = {"HX-Request": "true"}
ROLE = "contract_manager"
#: Requests added to the warm-up at a time until every worker runs all its threads.
WARMUP_STEP = 250


@dataclass(frozen=True)
class Checkpoint:
    """The state after a block of requests."""

    done: int
    errors: int
    rss_mb: float
    threads: int
    workers: tuple[int, ...]
    p95_ms: float
    rate: float


def demo_setup(url: str) -> None:
    """Migrate and seed the demo the way ``make demo`` does."""
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "sroi_plugin.demo", "demo-setup"],
        env={**os.environ, "DATABASE_URL": url},
        check=True,
        timeout=300,
    )


def all_jobs(url: str, total: int, seed: int) -> list[tuple[str, str]]:
    """``total`` panel requests over every demo contract and panel, shuffled (fixed seed)."""
    refs = [record["ref"] for record in load_demo_contracts()]
    paths = panel_paths(create_app({"SQLALCHEMY_DATABASE_URI": url}), refs)
    every = [(name, path) for name, urls in paths.items() for path in urls]
    rng = random.Random(seed)  # noqa: S311 - a reproducible workload, not a secret
    jobs = [every[i % len(every)] for i in range(total)]
    rng.shuffle(jobs)
    return jobs


class _Blocks:
    """Sends the jobs block by block, with a checkpoint after each block."""

    def __init__(
        self,
        server: Server,
        headers: dict[str, str],
        jobs: list[tuple[str, str]],
        args: argparse.Namespace,
    ) -> None:
        self.server, self.headers, self.jobs, self.args = server, headers, jobs, args
        self.deadline = time.monotonic() + args.time_limit
        self.samples: list[Sample] = []
        self.timed_out = False

    def run_until(self, end: int) -> Checkpoint:
        """Send the jobs up to index ``end``; ``timed_out`` is set when the limit cut it short."""
        block = self.jobs[len(self.samples) : min(end, len(self.jobs))]
        began = time.perf_counter()
        got = run_requests(
            self.server.port,
            self.headers,
            block,
            clients=self.args.clients,
            deadline=self.deadline,
        )
        self.samples += got
        self.timed_out = len(got) < len(block)
        return Checkpoint(
            done=len(self.samples),
            errors=sum(1 for s in self.samples if s.error is not None),
            rss_mb=self.server.workers_rss_mb(),
            threads=self.server.workers_threads(),
            workers=tuple(sorted(self.server.worker_pids())),
            p95_ms=percentile([s.seconds * 1000 for s in got] or [0.0], 0.95),
            rate=len(got) / (time.perf_counter() - began),
        )


def run_blocks(
    server: Server, headers: dict[str, str], jobs: list[tuple[str, str]], args: argparse.Namespace
) -> tuple[list[Checkpoint], list[Sample], bool]:
    """Warm-up, then blocks of ``--every`` requests; a checkpoint after each.

    The warm-up is ``--warmup`` requests, extended by blocks of :data:`WARMUP_STEP` (up to
    ``--max-warmup``) until every worker has started all its request threads.
    """
    blocks = _Blocks(server, headers, jobs, args)
    started = blocks.run_until(args.warmup)
    all_threads = args.workers * (args.threads + 1)  # the main thread and the pool
    while (
        started.threads < all_threads
        and started.done < min(args.max_warmup, len(jobs))
        and not blocks.timed_out
    ):
        started = blocks.run_until(started.done + WARMUP_STEP)
    checkpoints = [started]
    while checkpoints[-1].done < len(jobs) and not blocks.timed_out:
        checkpoints.append(blocks.run_until(checkpoints[-1].done + args.every))
    return checkpoints, blocks.samples, blocks.timed_out


def print_report(
    checkpoints: Sequence[Checkpoint],
    samples: Sequence[Sample],
    args: argparse.Namespace,
    timed_out: bool,
) -> int:
    """The table and the verdict; returns the exit code (2: the time limit cut the run)."""
    print(
        f"{'requests':>8} {'errors':>6} {'workers RSS MB':>14} {'threads':>7} "
        f"{'p95 ms':>7} {'req/s':>6}"
    )
    for c in checkpoints:
        print(
            f"{c.done:8d} {c.errors:6d} {c.rss_mb:14.1f} {c.threads:7d} "
            f"{c.p95_ms:7.1f} {c.rate:6.0f}"
        )
    failures = Counter(s.error for s in samples if s.error is not None)
    for error, count in failures.most_common(5):
        print(f"error ×{count}: {error}")
    per_panel = Counter(s.key for s in samples)
    print("requests per panel: " + ", ".join(f"{k} {v}" for k, v in sorted(per_panel.items())))
    base, last = checkpoints[0], checkpoints[-1]
    growth = last.rss_mb - base.rss_mb
    growth_pct = 100 * growth / base.rss_mb
    print(
        f"RSS after the warm-up ({base.done} requests, {base.threads} worker threads) "
        f"{base.rss_mb:.1f} MB → end {last.rss_mb:.1f} MB: "
        f"{growth:+.1f} MB ({growth_pct:+.1f} %); allowed ≤ {args.max_growth_mb:.0f} MB "
        f"and ≤ {args.max_growth_pct:.0f} %"
    )
    problems = []
    if sum(failures.values()):
        problems.append(f"{sum(failures.values())} failed requests")
    if growth > args.max_growth_mb or growth_pct > args.max_growth_pct:
        problems.append("memory grew")
    if last.workers != base.workers:
        problems.append("a worker was replaced (its memory was not followed)")
    if timed_out:
        print(
            f"verdict: AFGEBROKEN — time limit of {args.time_limit:.0f} s reached after "
            f"{len(samples)} of {args.requests} requests"
        )
        return 2
    print("verdict: " + ("FOUT — " + "; ".join(problems) if problems else "OK"))
    return 1 if problems else 0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: a temporary SQLite file)")
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--warmup", type=int, default=1_000, help="requests before the first RSS")
    parser.add_argument("--max-warmup", type=int, default=3_000, help="longest warm-up")
    parser.add_argument("--every", type=int, default=1_000, help="requests between RSS readings")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--workers", type=int, default=WORKERS, help="gunicorn worker processes (one per core)"
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--time-limit", type=float, default=600.0, help="seconds, then abort")
    parser.add_argument("--max-growth-mb", type=float, default=20.0)
    parser.add_argument("--max-growth-pct", type=float, default=10.0)
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    with tempfile.TemporaryDirectory() as work:
        url = args.database_url or f"sqlite:///{Path(work) / 'load.sqlite'}"
        demo_setup(url)
        jobs = all_jobs(url, args.requests, args.seed)
        env = {"DATABASE_URL": url, "SECRET_KEY": secrets.token_hex(16)}
        print(
            f"{len(jobs)} panel requests, {args.clients} keep-alive clients, gunicorn gthread "
            f"{args.workers} workers × {args.threads} threads on 127.0.0.1, "
            f"database {url.split('@')[-1]}, time limit {args.time_limit:.0f} s"
        )
        with gunicorn(
            "sroi_plugin.demo:create_app()",
            env=env,
            workers=args.workers,
            threads=args.threads,
            log=Path(work) / "gunicorn.log",
        ) as server:
            headers = {"Cookie": login(server.port, "/contracten", ROLE), **HTMX_HEADERS}
            checkpoints, samples, timed_out = run_blocks(server, headers, jobs, args)
    return print_report(checkpoints, samples, args, timed_out)


if __name__ == "__main__":
    sys.exit(main())
