"""A real browser as the social-return coordinator (a demo user): start a partnership from the
contract page and join it, assign a role, complete an own task from *Mijn taken*, and upload,
attest and confirm the contract's monitoring report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sroi_plugin.models import Contract
from tests.helpers.monitoring import filled

pytestmark = pytest.mark.browser

REF = "GEM-2025-0001"


def test_the_coordinator_runs_a_partnership_and_the_monitoring(
    live_server: str, page: Any, make_contract: Callable[..., Contract], tmp_path: Path
) -> None:
    make_contract(ref=REF)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)

    # the demo's user switcher: act as the coordinator
    page.goto(f"{live_server}/contracten/{REF}")
    page.select_option("#demo-gebruiker", "sr_coordinator")
    page.get_by_role("button", name="Wissel").click()
    assert page.locator("#demo-gebruiker").input_value() == "sr_coordinator"

    # start the partnership from the contract page: the coordinator is its first member
    panel = page.locator("#sroi-panel-partnership")
    panel.wait_for()
    panel.get_by_role("link", name="Partnership starten").click()
    page.get_by_role("button", name="Partnership starten").click()
    page.locator("#sroi-partnership").wait_for()
    detail = page.inner_text("#sroi-partnership")
    assert "Ilse Vermeulen toegevoegd als starter; rollen: Social return coördinator" in detail
    assert "Werkgroep zonder contractmanager" in detail

    # assign the contract manager's role
    page.get_by_role("link", name="Personen en rollen beheren").click()
    form = page.locator("form[hx-post$='/personen']")
    form.get_by_label("Naam").fill("Sanne de Vries")
    form.get_by_label("E-mail").fill("sanne@voorbeeldstad.nl")
    form.get_by_role("checkbox", name="Contractmanager", exact=True).check()
    form.get_by_role("button", name="Persoon toevoegen").click()
    page.locator("#sroi-partnership-people td", has_text="Sanne de Vries").first.wait_for()
    people = page.inner_text("#sroi-partnership-people")
    assert "Ilse Vermeulen" in people
    assert "Werkgroep zonder contractmanager" not in people

    # complete the coordinator's own task of step 1 from "Mijn taken"
    page.get_by_role("link", name="Mijn taken").first.click()
    page.get_by_role(
        "link", name="Adviseert de werkgroep over social return en bestaande afspraken."
    ).click()
    page.get_by_label("Status").select_option("klaar")
    page.get_by_role("button", name="Opslaan").click()
    page.locator("text=Taak opgeslagen").first.wait_for()

    # upload the contractor's report, attest it on the confirm step and confirm
    page.goto(f"{live_server}/contracten/{REF}")
    page.locator("#sroi-panel-monitoring").wait_for()
    report = tmp_path / "rapportage-q3.xlsx"
    report.write_bytes(filled(REF))
    page.set_input_files("#sroi-monitoring-report", str(report))
    page.click("text=Rapportage controleren")
    page.locator("#sroi-monitoring-preview-rows").wait_for()
    assert "2 regels, alle in orde" in page.inner_text("#sroi-panel-monitoring")
    page.fill("#sroi-attestation-name", "J. Jansen")
    page.fill("#sroi-attestation-function", "directeur")
    page.fill("#sroi-attestation-on", "2026-10-15")
    page.check("#sroi-attestation-agreed")
    page.click("text=Rapportage vastleggen")
    page.locator("text=De rapportage is vastgelegd.").wait_for()
    monitoring = page.inner_text("#sroi-panel-monitoring")
    assert "(directeur) op 15-10-2026" in monitoring
    assert "Ilse Vermeulen" in monitoring
    page.screenshot(path=str(tmp_path / "coordinator.png"), full_page=True)

    assert failed == []
    assert errors == []
    assert page.dialogs == []
