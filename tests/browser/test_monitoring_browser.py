"""A real browser: download the template, fill it, upload it, see the progress bar move."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sroi_plugin.models import Contract
from tests.helpers.monitoring import fill
from tests.helpers.monitoring import filled

pytestmark = pytest.mark.browser


def _realised(page: Any) -> int:
    return int(page.locator("#sroi-monitoring-realised").get_attribute("value"))


def test_download_fill_upload_and_the_progress_bar_moves(
    live_server: str, page: Any, make_contract: Callable[..., Contract], tmp_path: Path
) -> None:
    make_contract(ref="GEM-2025-0001", value_total=Decimal("1200000"), sr_percentage=Decimal("5"))
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{live_server}/contracten/GEM-2025-0001")
    panel = page.locator("#sroi-panel-monitoring")
    panel.wait_for()
    assert "Nog geen rapportages ontvangen." in panel.inner_text()
    assert _realised(page) == 0

    with page.expect_download() as download_info:
        page.click("text=Sjabloon downloaden (.xlsx)")
    download = download_info.value
    assert download.suggested_filename == (
        "sroi-rapportage-GEM-2025-0001-2026-07-01-2026-09-30.xlsx"
    )
    template = tmp_path / "sjabloon.xlsx"
    download.save_as(str(template))
    report = tmp_path / "rapportage-q3.xlsx"
    report.write_bytes(fill(template.read_bytes()))

    page.set_input_files("#sroi-monitoring-report", str(report))
    page.click("text=Rapportage controleren")
    page.locator("#sroi-monitoring-preview-rows").wait_for()
    preview = page.locator("#sroi-panel-monitoring").inner_text()
    assert "2 regels, alle in orde" in preview
    assert "€ 46.234,50" in preview
    assert page.locator("#sroi-monitoring-realised").count() == 0  # nothing counted yet

    # the contractor's declaration is asked on the confirm step, not before
    page.fill("#sroi-attestation-name", "J. Jansen")
    page.fill("#sroi-attestation-function", "directeur")
    page.fill("#sroi-attestation-on", "2026-10-15")
    page.check("#sroi-attestation-agreed")
    page.click("text=Rapportage vastleggen")
    page.locator("text=De rapportage is vastgelegd.").wait_for()
    panel_text = page.locator("#sroi-panel-monitoring").inner_text()
    assert "€ 46.235" in panel_text
    assert "(directeur) op 15-10-2026" in panel_text
    assert "01-07-2026 t/m 30-09-2026" in panel_text
    assert _realised(page) == 77  # € 46.235 of € 60.000
    assert page.locator("#sroi-panel-monitoring svg.sroi-chart rect.sroi-chart-bar").count() == 1
    assert page.locator("html").count() == 1  # swapped into the host page, not a new page
    assert "Contractgegevens" in page.inner_text("body")
    page.screenshot(path=str(tmp_path / "monitoring.png"), full_page=True)
    assert problems == []
    assert page.dialogs == []


def test_personal_data_is_refused_in_the_browser(
    live_server: str, page: Any, make_contract: Callable[..., Contract], tmp_path: Path
) -> None:
    make_contract(ref="GEM-2025-0001")
    page.goto(f"{live_server}/contracten/GEM-2025-0001")
    page.locator("#sroi-panel-monitoring").wait_for()

    def edit(sheet: Any, row: int) -> None:
        sheet.cell(row=row, column=7, value="Naam kandidaat")
        sheet.cell(row=row + 1, column=7, value="Jan Jansen")

    report = tmp_path / "met-namen.xlsx"
    report.write_bytes(filled(edit=edit))
    page.set_input_files("#sroi-monitoring-report", str(report))
    page.click("text=Rapportage controleren")
    refused = page.locator("#sroi-monitoring-refused")
    refused.wait_for()
    assert "Geweigerd: het bestand bevat persoonsgegevens" in refused.inner_text()
    assert "Werkblad 'Rapportage', cel G14: De kolomkop vraagt om een naam" in refused.inner_text()
    assert "Jan Jansen" not in refused.inner_text()
    assert page.locator("text=Rapportage vastleggen").count() == 0
    assert page.dialogs == []
