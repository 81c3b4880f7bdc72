"""Background imports as a user follows them: the job page polled until it moves on."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

from werkzeug.test import TestResponse

from tests.helpers.web import HTMX

#: Longest a test waits for a background import.
JOB_TIMEOUT = 60.0
_FIGURES = re.compile(r"([\d.]+) van ([\d.]+) rijen gelezen, ([\d.]+) gecontroleerd")
_PHASE = re.compile(r'class="sroi-import-job-phase">([^<]*)<')


@dataclass(frozen=True)
class Seen:
    """What one poll of the job page showed."""

    phase: str
    rows_read: int
    rows_total: int
    rows_checked: int


def _number(text: str) -> int:
    return int(text.replace(".", ""))


def seen_in(html: str) -> Seen | None:
    """The phase and figures the progress page shows; None when it shows none."""
    figures, phase = _FIGURES.search(html), _PHASE.search(html)
    if figures is None or phase is None:
        return None
    read, total, checked = (_number(part) for part in figures.groups())
    return Seen(phase.group(1), read, total, checked)


def job_url(response: TestResponse) -> str:
    """The job page an upload answered with."""
    location = response.headers.get("Location") or response.headers.get("HX-Redirect") or ""
    assert location.endswith("/voortgang"), (response.status_code, location)
    return location


def poll(get: Any, url: str, timeout: float = JOB_TIMEOUT) -> tuple[str, list[Seen], str]:
    """Poll ``url`` as htmx does until it stops polling.

    :param get: ``client.get``-like: ``get(url, headers=…)`` → a response with ``status_code``,
        ``headers`` and ``text``/``get_data``
    :returns: where htmx is sent (``HX-Redirect``; ``""`` when polling stopped on the page), every
        progress shown on the way, and the last page body
    """
    shown: list[Seen] = []
    deadline = time.monotonic() + timeout
    body = ""
    while time.monotonic() < deadline:
        response = get(url, headers=HTMX)
        assert response.status_code in (200, 204), response.status_code
        target = response.headers.get("HX-Redirect")
        if target:
            return target, shown, body
        body = response.get_data(as_text=True) if hasattr(response, "get_data") else response.text
        figures = seen_in(body)
        if figures is not None:
            shown.append(figures)
        if 'hx-trigger="every 1s"' not in body:
            return "", shown, body
        time.sleep(0.05)
    raise AssertionError(f"the background import at {url} did not finish in {timeout:.0f} s")
