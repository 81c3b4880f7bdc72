"""A real browser starts a partnership from a contract page, assigns roles, generates the first
agenda, records an action item, and sees it carried onto the second agenda."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sroi_plugin.models import Contract

pytestmark = pytest.mark.browser

REF = "GEM-2025-0001"


def _add_person(
    page: Any, name: str, email: str, roles: list[str], *, contractor: bool = False
) -> None:
    form = page.locator("form[hx-post$='/personen']")
    form.get_by_label("Naam").fill(name)
    form.get_by_label("E-mail").fill(email)
    if contractor:
        form.get_by_role("radio", name="Opdrachtnemer", exact=True).check()
    for role in roles:
        form.get_by_role("checkbox", name=role, exact=True).check()
    form.get_by_role("button", name="Persoon toevoegen").click()
    page.locator("#sroi-partnership-people td", has_text=name).first.wait_for()


def test_partnership_from_contract_page_to_second_agenda(
    live_server: str, page: Any, make_contract: Callable[..., Contract], tmp_path: Path
) -> None:
    make_contract(ref=REF)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    failed: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)

    # start from the contract page's partnership panel
    page.goto(f"{live_server}/contracten/{REF}")
    panel = page.locator("#sroi-panel-partnership")
    panel.wait_for()
    assert "Dit contract hoort nog niet bij een partnership." in panel.inner_text()
    panel.get_by_role("link", name="Partnership starten").click()
    assert page.get_by_label("Contracten (contractnummers, één per regel)").input_value() == REF
    assert page.get_by_label("Route 2B — binnen bestaande contracten").is_checked()
    page.get_by_role("button", name="Partnership starten").click()
    page.locator("#sroi-partnership").wait_for()
    assert "Partnership Schoon & Sociaal B.V." in page.locator("h2").first.inner_text()
    assert "Geen projectcoördinator aangewezen" in page.inner_text("#sroi-partnership")

    # assign roles (the form posts through htmx and the panel re-renders itself); the contract
    # manager who started it is already in, as Contractmanager
    page.get_by_role("link", name="Personen en rollen beheren").click()
    assert "Sanne de Vries" in page.inner_text("#sroi-partnership-people")
    _add_person(page, "Joost Kramer", "joost@voorbeeldstad.nl", ["Projectcoördinator"])
    people = page.inner_text("#sroi-partnership-people")
    assert "Projectcoördinator zonder back-up" in people
    assert "Niemand vervult de rol Social return coördinator" in people
    _add_person(page, "Chris Kok", "chris@schoon.nl", ["Opdrachtnemer"], contractor=True)
    page.screenshot(path=str(tmp_path / "people.png"), full_page=True)

    # first meeting: the kennismaking agenda from Tabel 2
    page.get_by_role("link", name="Terug naar de partnership").click()
    page.get_by_role("link", name="Overleg plannen").click()
    assert page.get_by_label("Soort overleg").input_value() == "kennismaking"
    page.get_by_label("Datum", exact=True).fill("2026-12-03")
    page.get_by_role("button", name="Plannen", exact=True).click()
    meeting = page.locator("#sroi-meeting")
    meeting.wait_for()
    assert "Kennismakingsgesprek (1e gesprek)" in meeting.inner_text()
    assert "Toelichting over doelstelling en gewenste samenwerking" in meeting.inner_text()
    assert "Chris Kok" in page.inner_text("#sroi-meeting .sroi-facts")

    # record an action item
    page.get_by_label("Actiepunt", exact=True).fill(
        "Vacatureoverzicht stadskantoor naar de opdrachtnemer sturen"
    )
    page.get_by_label("Eigenaar").select_option(label="Chris Kok")
    page.get_by_label("Deadline").fill("2026-12-20")
    page.get_by_role("button", name="Actiepunt vastleggen").click()
    page.locator("#sroi-ps-actions", has_text="Vacatureoverzicht stadskantoor").wait_for()
    assert "Chris Kok, deadline 20-12-2026" in page.inner_text("#sroi-ps-actions")
    page.screenshot(path=str(tmp_path / "first-meeting.png"), full_page=True)

    # second meeting: the action item is carried onto its agenda
    page.get_by_role("link", name="Terug naar de partnership").click()
    page.get_by_role("link", name="Overleg plannen").click()
    assert page.get_by_label("Soort overleg").input_value() == "verkenning"
    page.get_by_label("Datum", exact=True).fill("2027-01-14")
    page.get_by_role("button", name="Plannen", exact=True).click()
    carried = page.locator("#openstaande-actiepunten")
    carried.wait_for()
    assert "Verkennend gesprek (2e gesprek)" in page.inner_text("#sroi-meeting h2")
    assert "Vacatureoverzicht stadskantoor naar de opdrachtnemer sturen" in carried.inner_text()
    assert "Chris Kok, deadline 20-12-2026" in carried.inner_text()
    page.screenshot(path=str(tmp_path / "second-meeting.png"), full_page=True)
    assert (tmp_path / "second-meeting.png").stat().st_size > 10_000

    # back on the contract page, the panel shows the partnership and its next meeting
    page.goto(f"{live_server}/contracten/{REF}")
    panel = page.locator("#sroi-panel-partnership")
    panel.wait_for()
    assert "Partnership Schoon & Sociaal B.V." in panel.inner_text()
    assert "Volgend overleg: 03-12-2026" in panel.inner_text()

    # every page resource and htmx request succeeded; the console's "Failed to load resource"
    # lines are chromium's own /favicon.ico request (the plugin layout has no icon link)
    assert failed == []
    assert [e for e in errors if not e.startswith("Failed to load resource")] == []
    assert page.dialogs == []
