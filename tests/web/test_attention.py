"""The attention summary above the panels, and folding panels per user.

One line per panel says what needs attention; each is computed by the panel's own rule or read
model, so the tests set up the panel's state and read the line. Folding is remembered per user
(``UserPreference``) and applied when the host page renders the placeholders.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from sroi_plugin.models import Contract
from sroi_plugin.models import Modification
from sroi_plugin.models import UserPreference
from sroi_plugin.testing import embedded_panels
from tests.helpers.partnerships import REF
from tests.helpers.partnerships import add_person
from tests.helpers.partnerships import plan_meeting
from tests.helpers.partnerships import start_partnership
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of
from tests.helpers.web import is_fragment
from tests.helpers.web import text_of

URL = f"/sroi/contracten/{REF}/aandacht"
FOLD = f"/sroi/contracten/{REF}/panelen/monitoring/inklappen"


def _lines(client: FlaskClient) -> dict[str, str]:
    """Panel name → its line's text, as the fragment shows it."""
    response = client.get(URL, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and is_fragment(html)
    found = re.findall(r'<li class="([^"]*)" data-panel="(\w+)">(.*?)</li>', html, re.S)
    return {
        panel: ("⚠ " if "sroi-attention-act" in classes else "✓ ")
        + text_of(body).replace("⚠", "").replace("✓", "").replace(" :", ":").strip()
        for classes, panel, body in found
    }


def _pending_change(app: Flask) -> None:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        contract = session.scalars(select(Contract.id).where(Contract.ref == REF)).one()
        session.add(
            Modification(
                contract_id=contract,
                kind="value_increase",
                status="proposed",
                description="Meerwerk",
                value_delta=Decimal("10000"),
                assessed_value=Decimal("10000"),
                modification_date=date(2026, 3, 1),
                ground="de_minimis",
                verdict="needs_legal_review",
                flagged=True,
                proposed_by_id="u-sanne",
                proposed_by_name="Sanne de Vries",
                proposed_at=datetime(2026, 3, 1, 9, 0, tzinfo=UTC),
            )
        )
        session.commit()


def test_a_contract_behind_schedule_with_a_change_at_the_lawyer(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()  # 5% of € 1.200.000 from 2025, nothing reported by 25-11-2026
    _pending_change(app)
    login("viewer")
    lines = _lines(client)
    assert list(lines) == ["monitoring", "clauses", "changes", "partnership"]
    assert lines["monitoring"] == (
        "⚠ Monitoring: achter op schema (0% gerealiseerd, 47% van de looptijd verstreken)"
    )
    assert lines["changes"] == "⚠ Wijzigingen: 1 bij de jurist"
    assert lines["partnership"] == "✓ Partnership: nog geen partnership"


def test_a_quiet_contract_says_so(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract(sr_percentage=None, sr_basis=None, sr_form=None, sr_clause_text=None)
    login("contract_manager")
    lines = _lines(client)
    assert lines["monitoring"] == "✓ Monitoring: geen social-returnafspraak"
    assert lines["changes"] == "✓ Wijzigingen: niets open"


def test_the_clause_line_counts_the_clause_panels_findings(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract(sr_clause_text="Opdrachtnemer besteedt 2% van de loonsom aan social return.")
    login("contract_manager")
    panel = client.get(f"/sroi/contracten/{REF}/bepalingen", headers=HTMX).get_data(as_text=True)
    errors = panel.count('class="sroi-finding sroi-finding-error"')
    warnings = panel.count('class="sroi-finding sroi-finding-warning"')
    assert errors + warnings > 0
    expected = []
    if errors:
        expected.append(f"{errors} {'fout' if errors == 1 else 'fouten'}")
    if warnings:
        expected.append(f"{warnings} {'waarschuwing' if warnings == 1 else 'waarschuwingen'}")
    assert _lines(client)["clauses"] == "⚠ Clausule: " + ", ".join(expected)


def test_the_partnership_line_counts_open_action_items_and_late_tasks(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    login("contract_manager")
    partnership = start_partnership(client)
    assert _lines(client)["partnership"].startswith("✓ Partnership: ")
    assert "open taken in de huidige stap" in _lines(client)["partnership"]
    add_person(client, partnership, "Sanne de Vries", ["contract_manager"], user_id="u-sanne")
    meeting = plan_meeting(client, partnership, "kennismaking", "2026-12-03")
    token = csrf_token_of(client)
    for text, due in (
        ("Leerwerkplekken inventariseren bij de opdrachtnemer", "01-11-2026"),
        ("Contact leggen met het werkgeversservicepunt", ""),
    ):
        response = client.post(
            f"/sroi/partnerships/{partnership}/overleggen/{meeting}/actiepunten",
            data={"csrf_token": token, "text": text, "owner_id": "", "due_date": due},
        )
        assert response.status_code == 303, response.get_data(as_text=True)
    assert _lines(client)["partnership"] == "⚠ Partnership: 2 open actiepunten (1 te laat)"
    login("procurement")  # no role in the partnership: sees no numbers
    assert _lines(client)["partnership"] == (
        "✓ Partnership: hoort bij een partnership waar u geen rol in heeft"
    )


def test_the_full_page_and_anonymous(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("viewer")
    html = client.get(URL).get_data(as_text=True)
    assert html.startswith("<!doctype html>") and "Wat aandacht vraagt" in html
    assert f'href="/contracten/{REF}#sroi-fold-monitoring">Monitoring</a>' in html
    login("anonymous")
    assert client.get(URL, headers=HTMX).status_code == 403


def test_the_demo_contract_page_places_the_summary_above_the_panels(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("contract_manager")
    html = client.get(f"/contracten/{REF}").get_data(as_text=True)
    assert f'hx-get="{URL}"' in html
    assert html.index(f'hx-get="{URL}"') < html.index('id="sroi-slot-overview"')
    assert 'hx-trigger="load, sroiChangesUpdated from:body' in html


# --- folding ----------------------------------------------------------------------------------


def _slot(client: FlaskClient, name: str) -> str:
    html = client.get(f"/contracten/{REF}").get_data(as_text=True)
    match = re.search(
        rf'<div class="sroi-fold-wrap[^"]*" id="sroi-fold-{name}">.*?</div></div>', html
    )
    assert match, html
    return match.group(0)


def _fold(client: FlaskClient, value: str, **headers: str) -> tuple[int, str, str]:
    response = client.post(
        FOLD, data={"csrf_token": csrf_token_of(client), "ingeklapt": value}, headers=headers
    )
    return (
        response.status_code,
        response.headers.get("Location", ""),
        response.get_data(as_text=True),
    )


def test_folding_is_saved_per_user_and_applied_to_the_host_page(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    login("contract_manager")
    open_slot = _slot(client, "monitoring")
    assert 'hx-trigger="load"' in open_slot
    assert 'aria-label="Social return — monitoring: inklappen">Inklappen</button>' in open_slot
    status, location, _ = _fold(client, "ja")
    assert (status, location) == (303, f"/contracten/{REF}#sroi-fold-monitoring")
    folded = _slot(client, "monitoring")
    assert "sroi-folded" in folded and " hidden>" in folded
    assert 'hx-trigger="sroiUnfold"' in folded  # not loaded while folded
    assert 'aria-expanded="false"' in folded and "monitoring: uitklappen" in folded
    assert 'value="nee"' in folded
    page = client.get(f"/contracten/{REF}").get_data(as_text=True)
    assert set(embedded_panels(page)) >= {"monitoring", "overview"}  # still embedded
    assert 'hx-trigger="load"' in _slot(client, "overview")  # only this panel folded
    with app.app_context():
        stored = app.extensions["sroi"].db.session.get(UserPreference, ("u-sanne", "folded_panels"))
        assert stored is not None and stored.value == ["monitoring"]
    login("viewer")  # another user's page is not folded
    assert "sroi-folded" not in _slot(client, "monitoring")
    login("contract_manager")
    status, _location, html = _fold(client, "nee", **HTMX)
    assert status == 200 and is_fragment(html)
    assert html.startswith('<div class="sroi-fold-wrap" id="sroi-fold-monitoring">')
    assert 'hx-trigger="load"' in html
    assert "sroi-folded" not in _slot(client, "monitoring")


def test_folding_refuses_what_it_cannot_do(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("viewer")
    token = csrf_token_of(client)
    response = client.post(FOLD, data={"csrf_token": token, "ingeklapt": "misschien"})
    assert response.status_code == 422
    assert "Kies inklappen (ja) of uitklappen (nee)." in response.get_data(as_text=True)
    unknown = f"/sroi/contracten/{REF}/panelen/geheim/inklappen"
    assert client.post(unknown, data={"csrf_token": token, "ingeklapt": "ja"}).status_code == 404
    assert client.get(FOLD).status_code == 405  # only POST changes a preference
    login("anonymous")
    assert client.get(f"/contracten/{REF}").status_code == 200
    assert "sroi-fold-button" not in client.get(f"/contracten/{REF}").get_data(as_text=True)
