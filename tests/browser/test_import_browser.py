"""In a real browser: upload the portfolio export, read the preview, confirm, and see the change
in the contract's history panel."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from sroi_plugin.models import Contract
from tests.helpers.portfolio import SEEDED
from tests.helpers.portfolio import row
from tests.helpers.portfolio import xlsx

pytestmark = pytest.mark.browser

def test_upload_preview_confirm_in_the_browser(
    app: Flask,
    live_server: str,
    page: Any,
    make_contract: Callable[..., Contract],
    tmp_path: Path,
) -> None:
    make_contract(ref="GEM-2025-0001")
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            problems.append(msg.text)
            if msg.type == "error" and "Content Security Policy" in msg.text
            else None
        ),
    )
    export = tmp_path / "contractregister.xlsx"
    export.write_bytes(
        xlsx(
            [
                row("GEM-2025-0001", {**SEEDED, "Contractwaarde": "€ 1.500.000"}),
                row("GEM-2026-0100", {"Omschrijving": "Groenonderhoud"}),
            ],
            above=[["Contractenoverzicht gemeente Voorbeeld"], []],
        )
    )
    page.goto(f"{live_server}/contracten")
    page.select_option("#demo-gebruiker", "procurement")
    page.click("text=Wissel")
    page.goto(f"{live_server}/sroi/import")
    page.set_input_files("input[type=file]", str(export))
    page.click("text=Uploaden en controleren")

    preview = page.locator("#sroi-panel-import-preview")
    preview.wait_for()
    text = preview.inner_text()
    assert "Voorvertoning import — contractregister.xlsx" in text
    assert "kopregel op rij 3" in text
    words = " ".join(text.split())  # the counts' line breaks depend on the stylesheet
    assert "1 nieuw" in words and "1 gewijzigd" in words
    assert "€ 1.200.000" in text and "€ 1.500.000" in text
    assert "Contractwaarde verhoogd van € 1.200.000 naar € 1.500.000" in text
    page.screenshot(path=str(tmp_path / "preview.png"), full_page=True)

    page.click("text=Import bevestigen")
    done = page.locator("#sroi-panel-import-done")
    done.wait_for()
    assert "Het contractregister is bijgewerkt." in done.inner_text()
    assert "Pieter Jansen" in done.inner_text()

    with app.app_context():
        session = app.extensions["sroi"].db.session
        stored = session.query(Contract).filter_by(ref_key="gem-2025-0001").one()
        assert stored.value_total == Decimal("1500000.00")
        assert session.query(Contract).count() == 2

    page.click("text=GEM-2025-0001")
    history = page.locator("#sroi-panel-history")
    history.wait_for()
    assert "Pieter Jansen, import van contractregister.xlsx" in history.inner_text()
    assert "Te beoordelen" in history.inner_text()
    assert problems == []
    assert page.dialogs == []
