"""A real browser: a report in a contractor's own layout is mapped once, confirmed, moves the
progress bar; the next report in that layout (another contract, same contractor) needs no step."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sroi_plugin.models import Contract
from tests.helpers.contractor_layouts import CORPUS
from tests.helpers.contractor_layouts import write

pytestmark = pytest.mark.browser

MAPPED = next(layout for layout in CORPUS if layout.needs_mapping)


def _realised(page: Any) -> int:
    return int(page.locator("#sroi-monitoring-realised").get_attribute("value"))


def _upload(page: Any, live_server: str, ref: str, report: Path) -> None:
    page.goto(f"{live_server}/contracten/{ref}")
    page.locator("#sroi-panel-monitoring").wait_for()
    page.set_input_files("#sroi-monitoring-report", str(report))
    page.click("text=Rapportage controleren")


def test_a_contractor_layout_is_mapped_once_and_then_read_without_asking(
    live_server: str, page: Any, make_contract: Callable[..., Contract], tmp_path: Path
) -> None:
    for ref in ("GEM-2025-0001", "GEM-2025-0002"):
        make_contract(ref=ref, value_total=Decimal("1200000"), sr_percentage=Decimal("5"))
    problems: list[str] = []
    failed: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    # CSP violations anywhere; the only failed request is the step sent with a choice missing
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url.rsplit('/', 1)[-1]}")
            if response.status >= 400 and "/monitoring" in response.url
            else None
        ),
    )
    report = tmp_path / "sroi-overzicht.xlsx"
    report.write_bytes(write(MAPPED))

    page.goto(f"{live_server}/contracten/GEM-2025-0001")
    page.locator("#sroi-panel-monitoring").wait_for()
    assert _realised(page) == 0
    _upload(page, live_server, "GEM-2025-0001", report)
    step = page.locator("#sroi-monitoring-layout")
    step.wait_for()
    assert "Welke kolom bevat wat?" in step.inner_text()
    assert page.input_value("#sroi-monitoring-layout-costs") == "Loonkosten"

    # one choice missing: the error names it and the other choice stays
    page.select_option("#sroi-monitoring-layout-persons", "Mensen")
    page.click("text=Indeling opslaan en controleren")
    page.locator("text=Doelgroep: kies de kolom die dit bevat.").wait_for()
    assert page.input_value("#sroi-monitoring-layout-persons") == "Mensen"

    page.select_option("#sroi-monitoring-layout-target_group", "Groep")
    page.click("text=Indeling opslaan en controleren")
    page.locator("#sroi-monitoring-preview-rows").wait_for()
    assert "3 regels, alle in orde" in page.locator("#sroi-panel-monitoring").inner_text()
    # the contractor's declaration
    page.fill("#sroi-attestation-name", "J. Jansen")
    page.fill("#sroi-attestation-function", "directeur")
    page.fill("#sroi-attestation-on", "2026-07-15")
    page.check("#sroi-attestation-agreed")
    page.click("text=Rapportage vastleggen")
    page.locator("text=De rapportage is vastgelegd.").wait_for()
    panel_text = page.locator("#sroi-panel-monitoring").inner_text()
    assert "01-01-2025 t/m 30-06-2025" in panel_text
    assert _realised(page) > 0  # realised against the obligation moved

    _upload(page, live_server, "GEM-2025-0002", report)
    page.locator("#sroi-monitoring-preview-rows").wait_for()
    assert page.locator("#sroi-monitoring-layout").count() == 0
    assert "3 regels, alle in orde" in page.locator("#sroi-panel-monitoring").inner_text()
    page.screenshot(path=str(tmp_path / "monitoring-layout.png"), full_page=True)
    assert problems == []
    assert failed == ["422 indeling"]
    assert page.dialogs == []
