"""In a real browser: an import meets a clause edit; procurement is stopped until it chooses,
keeps the edit, and the clause panel says the export differs."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.helpers.portfolio import contract
from tests.helpers.portfolio import row
from tests.helpers.portfolio import xlsx
from tests.helpers.register_sync import edit_in_panel
from tests.helpers.register_sync import run_with

pytestmark = pytest.mark.browser


def test_keep_the_edit_on_the_preview_in_the_browser(
    app: Flask, live_server: str, page: Any, tmp_path: Path
) -> None:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        run_with(session, xlsx([row("GEM-1", {"SR-percentage": "12%"})]))
        edit_in_panel(session, "GEM-1", "sr_percentage", Decimal("2.5"), text="2.5")
    export = tmp_path / "register.xlsx"
    export.write_bytes(xlsx([row("GEM-1")]))
    page.goto(f"{live_server}/contracten")
    page.select_option("#demo-gebruiker", "procurement")
    page.click("text=Wissel")
    page.goto(f"{live_server}/sroi/import")
    page.set_input_files("input[type=file]", str(export))
    page.click("text=Uploaden en controleren")

    conflicts = page.locator("#sroi-import-conflicts")
    conflicts.wait_for()
    words = " ".join(conflicts.inner_text().split())
    assert "in de plugin gewijzigd door Sanne de Vries" in words
    assert "de export zegt 5%" in words

    page.click("text=Import bevestigen")
    page.locator("text=Er is niets opgeslagen: kies bij 1 conflict(en)").wait_for()
    page.check("text=2,5% houden")
    page.click("text=Import bevestigen")
    page.locator("#sroi-panel-import-done").wait_for()
    with app.app_context():
        session = app.extensions["sroi"].db.session
        assert contract(session, "GEM-1").sr_percentage == Decimal("2.50")

    page.goto(f"{live_server}/sroi/contracten/GEM-1/bepalingen")
    panel = " ".join(page.locator("#sroi-panel-clauses").inner_text().split())
    assert "SR-percentage: de export zegt 5%; in de plugin staat 2,5%" in panel
