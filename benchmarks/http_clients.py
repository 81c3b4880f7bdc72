"""Shared by the panel benchmark and the load run: gunicorn on loopback, login, clients.

The server is gunicorn with ``gthread`` workers, by default one process per core with one
thread each (the README's deployment): a panel request is CPU-bound Python, and more processes
or threads than cores only add context switches and GIL hand-overs to every request's latency
(measured: p50 of the heavier panels roughly halved going from 4 workers × 2 threads to 2 × 1
on 2 cores). ``gthread`` rather than ``sync`` because the sync worker closes the connection after
every response and the clients here keep their connections alive, as browsers do.
Each client is a thread with one keep-alive ``http.client`` connection; a request that
fails to connect or read is recorded as an error and the connection is opened again.
"""

from __future__ import annotations

import http.client
import math
import os
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from collections.abc import Mapping
from collections.abc import Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
#: How long gunicorn may take to answer its first connection.
START_TIMEOUT_S = 60.0
#: Per-request socket timeout; a slower answer counts as an error.
REQUEST_TIMEOUT_S = 30.0
#: One gunicorn worker per core (see the module docstring).
WORKERS = os.cpu_count() or 2
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class Server:
    """A running gunicorn: its master process and port."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def worker_pids(self) -> list[int]:
        """The worker processes (children of the master)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def _workers_status(self, field: str) -> int:
        """A numeric ``/proc/<pid>/status`` field summed over the workers."""
        total = 0
        for pid in self.worker_pids():
            status = Path(f"/proc/{pid}/status").read_text()
            found = re.search(rf"^{field}:\s+(\d+)", status, re.MULTILINE)
            total += int(found.group(1)) if found else 0
        return total

    def workers_rss_mb(self) -> float:
        """Resident set size summed over the workers (``VmRSS``)."""
        return self._workers_status("VmRSS") / 1024

    def workers_threads(self) -> int:
        """Threads summed over the workers (gthread starts its request threads lazily)."""
        return self._workers_status("Threads")


@dataclass(frozen=True)
class Sample:
    """One request's outcome."""

    key: str
    status: int
    seconds: float
    size: int
    error: str | None = None


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_until_listening(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start-up:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn not listening after {START_TIMEOUT_S:.0f} s:\n{log.read_text()}")


@contextmanager
def gunicorn(
    app_spec: str,
    *,
    env: Mapping[str, str],
    workers: int,
    threads: int,
    log: Path,
    pythonpath: str | None = None,
) -> Iterator[Server]:
    """Serve ``app_spec`` on 127.0.0.1 with gthread workers; stopped (SIGTERM) on exit."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        f"127.0.0.1:{port}",
        "--worker-class",
        "gthread",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--keep-alive",
        "30",
        "--timeout",
        "60",
        "--error-logfile",
        str(log),
    ]
    if pythonpath:
        command += ["--pythonpath", pythonpath]
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [*command, app_spec],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_until_listening(process, port, log)
        server = Server(process, port, log)
        _wait_for_workers(server, workers)
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_for_workers(server: Server, workers: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while len(server.worker_pids()) < workers:
        if time.monotonic() > deadline:
            raise RuntimeError(f"only {len(server.worker_pids())} of {workers} workers started")
        time.sleep(0.1)


def _session_cookie(response: http.client.HTTPResponse, current: str) -> str:
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith("session="):
            return value.split(";", 1)[0]
    return current


def login(port: int, page: str, role: str) -> str:
    """Act as ``role`` through the demo's user switcher; returns the ``Cookie`` header value.

    :param page: a full page of the demo (it carries the switcher form and its CSRF token)
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_S)
    try:
        connection.request("GET", page)
        response = connection.getresponse()
        body = response.read().decode()
        cookie = _session_cookie(response, "")
        found = _CSRF.search(body)
        if response.status != 200 or found is None:
            raise RuntimeError(f"GET {page}: {response.status}, no switcher form to log in with")
        form = urlencode({"csrf_token": found.group(1), "gebruiker": role, "terug": page})
        headers = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
        connection.request("POST", "/demo/gebruiker", body=form, headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status != 302:
            raise RuntimeError(f"switching to {role} answered {response.status}")
        return _session_cookie(response, cookie)
    finally:
        connection.close()


class Client:
    """One keep-alive connection, reopened after a failure."""

    def __init__(self, port: int, headers: Mapping[str, str]) -> None:
        self._port = port
        self._headers = dict(headers)
        self._connection = self._open()

    def _open(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self._port, timeout=REQUEST_TIMEOUT_S)

    def get(self, key: str, path: str, extra: Mapping[str, str] | None = None) -> Sample:
        """GET ``path`` with the client's headers (and ``extra`` ones for this request)."""
        return self.fetch(key, path, extra)[0]

    def fetch(
        self, key: str, path: str, extra: Mapping[str, str] | None = None
    ) -> tuple[Sample, bytes]:
        """As :meth:`get`, with the body (empty after a failure)."""
        start = time.perf_counter()
        headers = {**self._headers, **extra} if extra else self._headers
        try:
            self._connection.request("GET", path, headers=headers)
            response = self._connection.getresponse()
            body = response.read()
        except (OSError, http.client.HTTPException) as exc:
            self._connection.close()
            self._connection = self._open()
            elapsed = time.perf_counter() - start
            return Sample(key, 0, elapsed, 0, f"{type(exc).__name__}: {exc}"), b""
        elapsed = time.perf_counter() - start
        if response.will_close:
            self._connection.close()
            self._connection = self._open()
        error = None if 200 <= response.status < 300 else f"HTTP {response.status} {path}"
        return Sample(key, response.status, elapsed, len(body), error), body

    def close(self) -> None:
        self._connection.close()


def run_requests(
    port: int,
    headers: Mapping[str, str],
    jobs: Sequence[tuple[str, str]],
    *,
    clients: int,
    deadline: float,
) -> list[Sample]:
    """Run ``(key, path)`` jobs on ``clients`` concurrent keep-alive connections.

    Stops taking new jobs at ``deadline`` (``time.monotonic()``); the samples come back in
    completion order.
    """
    todo: queue.SimpleQueue[tuple[str, str]] = queue.SimpleQueue()
    for job in jobs:
        todo.put(job)
    samples: list[Sample] = []
    lock = threading.Lock()

    def work() -> None:
        client = Client(port, headers)
        try:
            while time.monotonic() < deadline:
                try:
                    key, path = todo.get_nowait()
                except queue.Empty:
                    return
                sample = client.get(key, path)
                with lock:
                    samples.append(sample)
        finally:
            client.close()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + REQUEST_TIMEOUT_S + 5)
    with lock:
        return list(samples)


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (``share`` in 0..1) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, math.ceil(share * len(ordered)))
    return ordered[rank - 1]
