"""In a real browser: propose a change, watch the verdict follow the value, flag it, decide it as
a legal reviewer, and see the decision on the contract's change panel."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from sroi_plugin.models import Contract

pytestmark = pytest.mark.browser

VERDICT = "#sroi-change-verdict"


def wait_for_verdict(page: Any, text: str) -> str:
    page.locator(f"{VERDICT} .sroi-verdict-label", has_text=text).wait_for()
    verdict: str = page.locator(VERDICT).inner_text()
    return verdict


def test_propose_flag_and_decide_a_change(
    live_server: str, page: Any, make_contract: Callable[..., Contract], tmp_path: Path
) -> None:
    make_contract(ref="GEM-2025-0001", value_total=Decimal("1000000"))
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    # CSP violations anywhere; failed requests only for this feature's URLs (other panels on the
    # same contract page are not this test's business)
    page.on(
        "console",
        lambda msg: problems.append(msg.text)
        if msg.type == "error" and "Content Security Policy" in msg.text
        else None,
    )
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status} {response.url}")
            if response.status >= 400
            and ("/wijzigingen" in response.url or "/sroi/juridisch/" in response.url)
            else None
        ),
    )

    page.goto(f"{live_server}/contracten/GEM-2025-0001")
    panel = page.locator("#sroi-panel-changes")
    panel.wait_for()
    assert "Nog € 100.000 binnen de de-minimisgrens" in panel.inner_text()

    # the contract manager (the demo's default user) proposes a change
    panel.get_by_role("link", name="Wijziging voorstellen").click()
    page.locator(VERDICT).wait_for()
    assert "de uitkomst verschijnt hier terwijl u typt" in page.locator(VERDICT).inner_text()
    page.fill("#description", "Extra schoonmaak van de nieuwe vleugel")
    page.select_option("#ground", "de_minimis")
    for question in (
        "changes_overall_nature",
        "attracts_other_bidders",
        "shifts_economic_balance",
        "extends_scope_considerably",
    ):
        page.check(f"#{question}-1")  # nee
    page.locator("#value_delta").press_sequentially("5000", delay=30)
    assert "Aw 2012 art. 2.163b" in wait_for_verdict(page, "Toegestaan")

    page.fill("#value_delta", "150000")
    verdict = wait_for_verdict(page, "Juridische beoordeling nodig")
    assert "De de-minimisregeling is dus niet van toepassing." in verdict

    page.fill("#value_delta", "20000")
    wait_for_verdict(page, "Toegestaan")
    assert page.url.endswith("/contracten/GEM-2025-0001")  # still the host's page
    page.screenshot(path=str(tmp_path / "form.png"), full_page=True)

    page.get_by_role("button", name="Wijziging vastleggen").click()
    change = page.locator("#sroi-panel-changes .sroi-change").first
    change.wait_for()
    assert "Extra schoonmaak van de nieuwe vleugel" in change.inner_text()
    panel_text = page.locator("#sroi-panel-changes").inner_text()
    assert "Nog € 80.000 binnen de de-minimisgrens" in panel_text

    # allowed, so not queued by itself: the contract manager flags it
    change.get_by_role("button", name="Voorleggen aan jurist").click()
    page.locator(".sroi-flag", has_text="Ligt bij de aanbestedingsjurist").wait_for()

    # switch to the legal reviewer with the demo switcher
    page.select_option("#demo-gebruiker", "legal_reviewer")
    page.click("text=Wissel")
    page.locator("#sroi-panel-changes").get_by_role("link", name="Beoordelen").click()
    review = page.locator("#sroi-panel-legal-review")
    review.wait_for()
    assert "Extra schoonmaak van de nieuwe vleugel" in review.inner_text()
    assert "Voorgelegd" in review.inner_text()
    review.get_by_label("Toegestaan", exact=True).check()
    review.get_by_label("Motivering").fill("Binnen de de-minimisgrens; aard verandert niet.")
    review.get_by_role("button", name="Besluit vastleggen").click()
    page.locator(".sroi-decision-current", has_text="Fatima El Amrani").wait_for()

    # back on the contract page, the change panel shows the decision
    page.click("text=Terug naar contract GEM-2025-0001")
    decision = page.locator("#sroi-panel-changes .sroi-decision")
    decision.wait_for()
    text = decision.inner_text()
    assert "Besluit aanbestedingsjurist: Toegestaan" in text
    assert "Fatima El Amrani" in text
    assert "Binnen de de-minimisgrens; aard verandert niet." in text
    assert "Ligt bij de aanbestedingsjurist" not in page.locator("#sroi-panel-changes").inner_text()
    page.screenshot(path=str(tmp_path / "decided.png"), full_page=True)

    assert problems == []
    assert page.dialogs == []
