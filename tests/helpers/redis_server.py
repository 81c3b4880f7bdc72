"""A Redis server for the RQ tests: ``SROI_TEST_REDIS_URL`` (CI starts one), else a
``redis-server`` started on a free loopback port for the test session. Without either the RQ
tests skip, unless ``SROI_REQUIRE_REDIS`` is set (CI sets it): then they fail."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _ping(url: str) -> bool:
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisConnectionError

    try:
        return bool(Redis.from_url(url).ping())
    except RedisConnectionError:
        return False


@contextmanager
def redis_url(directory: Path) -> Iterator[str]:
    """The URL of a Redis server to use; the server stops when the block ends."""
    configured = os.environ.get("SROI_TEST_REDIS_URL", "").strip()
    if configured:
        yield configured
        return
    binary = shutil.which("redis-server")
    if binary is None:
        if os.environ.get("SROI_REQUIRE_REDIS"):
            pytest.fail("SROI_REQUIRE_REDIS is set but there is no redis-server (apt redis-server)")
        pytest.skip("no redis-server and no SROI_TEST_REDIS_URL")
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=directory,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 10
        while not _ping(url):
            assert server.poll() is None, "redis-server stopped at start"
            assert time.monotonic() < deadline, "redis-server did not answer in 10 s"
            time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def run_burst(queue: Any, connection: Any) -> bool:
    """Run what ``queue`` holds with an RQ ``SimpleWorker`` in this process, in burst mode.

    The worker skips its command channel (RQ's pubsub thread): on stopping, this redis client
    waits out the thread's 60-second poll now and then, and a burst run takes no commands.
    """
    from rq import SimpleWorker

    class BurstWorker(SimpleWorker):  # type: ignore[misc, unused-ignore]
        def subscribe(self) -> None:
            pass

        def unsubscribe(self) -> None:
            pass

    worked: bool = BurstWorker([queue], connection=connection).work(burst=True)
    return worked
