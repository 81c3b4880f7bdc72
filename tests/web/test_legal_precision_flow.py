"""End to end: a 12% change from proposal to published modification notice.

The contract is the conftest default: services, € 1.200.000 (10% = € 120.000). Today is
25-11-2026. The contract manager proposes € 144.000 under de-minimis; the lawyer decides it as
additional works (Aw 2012 art. 2.163d) with publication, which moves the contract value and so
the social-return obligation; the notice is recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.models import Contract
from sroi_plugin.models import Modification
from tests.helpers.legal import change_form
from tests.helpers.legal import decide_url
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of

REF = "GEM-2025-0001"
PANEL = f"/sroi/contracten/{REF}/wijzigingen"
QUEUE = "/sroi/juridisch/wachtrij"


def post(client: FlaskClient, url: str, data: dict[str, str]) -> Any:
    return client.post(url, data={**data, "csrf_token": csrf_token_of(client)}, headers=HTMX)


def test_a_twelve_percent_change_from_proposal_to_published_notice(
    client: FlaskClient,
    session: Session,
    make_contract: Callable[..., Contract],
    login: Callable[[str], None],
) -> None:
    make_contract(ref=REF)
    login("contract_manager")
    proposal = change_form(
        description="Nieuwe vleugel: extra schoonmaak",
        value_delta="144.000",
        modification_date="2026-11-02",
    )
    assert post(client, PANEL, proposal).status_code == 200
    change = session.scalars(select(Modification)).one()
    assert change.verdict == "needs_legal_review"

    # pending apart; the de-minimis room intact
    panel = client.get(PANEL, headers=HTMX).get_data(as_text=True)
    assert "Nog € 120.000 binnen de de-minimisgrens" in panel
    assert "In behandeling: € 144.000 — zou de ruimte overschrijden" in panel

    login("legal_reviewer")
    queue = client.get(QUEUE, headers=HTMX).get_data(as_text=True)
    assert "Nieuwe vleugel: extra schoonmaak" in queue
    assert "Geen aankondigingen te publiceren." in queue
    decided = post(
        client,
        decide_url(change),
        {
            "decision": "allowed_with_publication",
            "ground": "additional_works",
            "rationale": "Aanvullende diensten; een andere opdrachtnemer kan technisch niet.",
        },
    )
    assert decided.status_code == 200

    # not de-minimis: the room stays; the register names the lawyer's ground
    panel = client.get(PANEL, headers=HTMX).get_data(as_text=True)
    assert "Nog € 120.000 binnen de de-minimisgrens" in panel
    assert "In behandeling" not in panel
    assert "(art. 2.163d Aw 2012) — gekozen door de jurist" in panel
    # the obligation follows the contract value the lawyer allowed (5% of € 1.344.000), on top
    # of the register's value until the register takes the change over
    overview = client.get(f"/sroi/contracten/{REF}/overzicht", headers=HTMX).get_data(as_text=True)
    assert "Was € 60.000, nu € 67.200 door wijziging van 02-11-2026" in overview
    assert "register € 1.200.000 + wijziging € 144.000 = € 1.344.000" in overview
    # the notice is due 30 days after the change, on the contract and in the queue
    assert "Aankondiging van de wijziging te publiceren</strong> — uiterlijk 02-12-2026" in panel
    queue = client.get(f"{QUEUE}?status=alle", headers=HTMX).get_data(as_text=True)
    assert f'id="sroi-notice-due-{change.id}"' in queue
    assert "(art. 2.163d Aw 2012) — gekozen door de jurist" in queue

    recorded = post(
        client,
        f"{PANEL}/{change.id}/aankondiging",
        {
            "published_on": "24-11-2026",
            "reference": "TenderNed 2026-98765",
        },
    )
    assert recorded.status_code == 200
    panel = recorded.get_data(as_text=True)
    assert "te publiceren" not in panel
    assert "Aankondiging gepubliceerd op 24-11-2026, kenmerk" in panel
    queue = client.get(QUEUE, headers=HTMX).get_data(as_text=True)
    assert "Geen aankondigingen te publiceren." in queue
