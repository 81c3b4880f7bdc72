"""A contract page as a browser loads it: the page, then every fragment it references at once.

htmx fills each placeholder whose ``hx-trigger`` starts with ``load`` (the attention summary
and every open panel; a folded panel waits for an event and costs nothing) as soon as the page
is parsed, all at the same moment. A browser sends them over at most
:data:`BROWSER_CONNECTIONS` keep-alive connections to the host (HTTP/1.1; Chromium and Firefox
open six), the page's own connection among them, so a seventh fragment waits for the first
connection that frees up. A load lasts from sending the page request until the last fragment
has arrived. The plugin's CSS and htmx file are left out: a browser fetches them once and then
holds them in its cache (they are static files, which the host's web server would serve).

Several browsers (``browsers``) load pages at the same time, each one page after the other, as
contract managers opening contracts on the same server would.
"""

from __future__ import annotations

import html
import queue
import re
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from benchmarks.http_clients import REQUEST_TIMEOUT_S
from benchmarks.http_clients import Client
from benchmarks.http_clients import Sample

#: Connections a browser keeps to one host over HTTP/1.1.
BROWSER_CONNECTIONS = 6
#: The headers htmx adds to a fragment request.
HTMX_HEADERS = {"HX-Request": "true"}
#: A placeholder loaded on arrival: ``hx-get`` followed by a trigger that starts with ``load``
#: (the order the plugin's helpers write them in).
_LOADED_SLOT = re.compile(r'hx-get="([^"]+)" hx-trigger="load[",]')


@dataclass(frozen=True)
class Load:
    """One page load: how long until everything arrived, how many requests and bytes."""

    seconds: float
    requests: int
    size: int
    errors: tuple[str, ...]


def loaded_fragments(page: str) -> list[str]:
    """The URLs of the fragments a page loads on arrival, in page order."""
    return [html.unescape(url) for url in _LOADED_SLOT.findall(page)]


class Browser:
    """One user's browser: up to :data:`BROWSER_CONNECTIONS` keep-alive connections."""

    def __init__(self, port: int, cookie: str) -> None:
        self._clients = [Client(port, {"Cookie": cookie}) for _ in range(BROWSER_CONNECTIONS)]
        self._pool = ThreadPoolExecutor(BROWSER_CONNECTIONS - 1)

    def load(self, page: str, *, fragments: bool) -> Load:
        """Load ``page``; with ``fragments``, then every fragment it references, in parallel."""
        start = time.perf_counter()
        first, body = self._clients[0].fetch("page", page)
        samples = [first]
        if fragments and first.error is None:
            samples += self._fragments(loaded_fragments(body.decode()))
        seconds = time.perf_counter() - start
        errors = tuple(s.error for s in samples if s.error is not None)
        return Load(seconds, len(samples), sum(s.size for s in samples), errors)

    def _fragments(self, urls: Sequence[str]) -> list[Sample]:
        todo: queue.SimpleQueue[str] = queue.SimpleQueue()
        for url in urls:
            todo.put(url)

        def drain(client: Client) -> list[Sample]:
            got: list[Sample] = []
            while True:
                try:
                    url = todo.get_nowait()
                except queue.Empty:
                    return got
                got.append(client.get("fragment", url, HTMX_HEADERS))

        others = self._clients[1 : min(len(urls), BROWSER_CONNECTIONS)]
        futures = [self._pool.submit(drain, client) for client in others]
        samples = drain(self._clients[0])
        for future in futures:
            samples += future.result()
        return samples

    def close(self) -> None:
        """Close the connections and the fragment threads."""
        self._pool.shutdown()
        for client in self._clients:
            client.close()


def run_loads(
    port: int,
    cookie: str,
    pages: Sequence[str],
    *,
    browsers: int,
    fragments: bool,
    deadline: float,
) -> list[Load]:
    """Load ``pages`` from ``browsers`` browsers at once (each takes the next page when done).

    Stops taking new pages at ``deadline`` (``time.monotonic()``).
    """
    todo: queue.SimpleQueue[str] = queue.SimpleQueue()
    for page in pages:
        todo.put(page)
    loads: list[Load] = []
    lock = threading.Lock()

    def work() -> None:
        browser = Browser(port, cookie)
        try:
            while time.monotonic() < deadline:
                try:
                    page = todo.get_nowait()
                except queue.Empty:
                    return
                done = browser.load(page, fragments=fragments)
                with lock:
                    loads.append(done)
        finally:
            browser.close()

    threads = [threading.Thread(target=work, daemon=True) for _ in range(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + REQUEST_TIMEOUT_S * 2)
    with lock:
        return list(loads)
