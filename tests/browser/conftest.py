"""Browser fixtures: the demo host on a loopback port, driven by Playwright in Debian chromium.

Without chromium the browser tests skip on a developer's machine; with ``SROI_REQUIRE_BROWSER=1``
(set by CI) a missing browser is a failure, never a skip.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium_path() -> str | None:
    return (
        os.environ.get("SROI_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The demo app served on 127.0.0.1 (a free port) for the length of one test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page() -> Iterator[Any]:
    """A Playwright page in headless Debian chromium; dialogs are recorded and dismissed."""
    executable = _chromium_path()
    if executable is None:
        if os.environ.get("SROI_REQUIRE_BROWSER") == "1":
            pytest.fail("SROI_REQUIRE_BROWSER=1 but no chromium found (apt-get install chromium)")
        pytest.skip("no chromium here; CI sets SROI_REQUIRE_BROWSER=1 and never skips")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
        browser_page = context.new_page()
        browser_page.dialogs = []  # type: ignore[attr-defined]

        def on_dialog(dialog: Any) -> None:
            browser_page.dialogs.append(dialog.message)  # type: ignore[attr-defined]
            dialog.dismiss()

        browser_page.on("dialog", on_dialog)
        browser_page.set_default_timeout(10_000)
        yield browser_page
        context.close()
        browser.close()
