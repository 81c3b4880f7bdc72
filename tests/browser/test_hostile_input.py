"""Hostile text in every shown field, rendered by a real browser: nothing runs, nothing evaluates.

The contract register arrives the way it does in production: procurement uploads a plain export,
then a re-export whose text fields (title, supplier, category, department, procedure, contract
manager, SR clause) hold ``<script>``, ``<img onerror>``, ``javascript:``
links, Jinja expressions, a 5,000-character clause, RTL overrides and emoji, with a hostile
contract number, file name and column header, and a row whose title is too long for the
database. The preview of that re-import is opened in chromium; the too-long row is refused with
a Dutch message naming row and field. A contractor's monitoring report carries hostile evidence
text and file name through the monitoring upload. Objects no importer creates (a partnership, a
person, a meeting with an agenda item and an action item, a contract modification) come through
the forms and the ORM. Every role then opens the host's contract page (all panels swapped in by
htmx), every panel as a full page and every GET page of the ``sroi`` blueprint, and the page must
show the text literally: no dialog, no evaluated ``{{ 7*7 }}``, no ``<script>``/``onerror``/
``javascript:`` from the data in the DOM.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from collections.abc import Iterator
from datetime import UTC
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from flask import Flask
from flask import url_for
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import select

from sroi_plugin.demo.models import HostContract
from sroi_plugin.demo.models import db as host_db
from sroi_plugin.models import Contract
from sroi_plugin.models import Modification
from sroi_plugin.models import MonitoringReport
from sroi_plugin.models import PartnershipTask
from sroi_plugin.models import PlannedTender
from sroi_plugin.web.old_urls import is_old_url
from sroi_plugin.web.panels.registry import ordered_panel_names
from tests.helpers.clock import TODAY
from tests.helpers.monitoring import ATTESTATION
from tests.helpers.monitoring import fill
from tests.helpers.monitoring import template_for
from tests.helpers.partnerships import add_person
from tests.helpers.partnerships import plan_meeting
from tests.helpers.partnerships import start_partnership
from tests.helpers.portfolio import row
from tests.helpers.portfolio import xlsx
from tests.helpers.web import csrf_token_of

pytestmark = pytest.mark.browser

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
JS_LINK = "javascript:alert(3)"
TPL = "{{ 7*7 }}"
TPL_STR = "{{7*'7'}}"
RTL = "\u202etxet-LTR \u05e2\u05d1\u05e8\u05d9\u05ea"
EMOJI = "\U0001f600\U0001f680\U0001f469\U0001f3fd\u200d\U0001f4bb"
#: Every stored hostile value starts with this, followed by the template expression.
MARK = "Vijandig"


def hostile(*parts: str) -> str:
    """``MARK`` and the template expression first (so evaluation is detectable), then ``parts``."""
    return " ".join([MARK, TPL, *parts])


_LONG_HEAD = hostile(SCRIPT, IMG, JS_LINK, TPL_STR, RTL, EMOJI)
#: 5,000 characters, the most the long text fields accept.
LONG = _LONG_HEAD + " " + "L" * (4999 - len(_LONG_HEAD))
REF = "GEM-2025-0001"
#: A ref with markup, an RTL override and emoji (the route converter is ``path``).
HOSTILE_REF = "GEM-\"'><svg/onload=alert(4)>-\u202eFER-\U0001f600"

CONTRACT_FIELDS: dict[str, str] = {
    "title": hostile(SCRIPT, IMG, JS_LINK, TPL_STR, RTL, EMOJI),
    "supplier_name": hostile(IMG, JS_LINK, EMOJI),
    "category": hostile(SCRIPT, TPL_STR),
    "department": hostile(IMG, RTL),
    "procedure": hostile(JS_LINK, EMOJI, TPL_STR),
    "contract_manager": hostile(SCRIPT, EMOJI),
    "sr_clause_text": LONG,
}
#: The export's column of each field in :data:`CONTRACT_FIELDS`.
COLUMN_OF: dict[str, str] = {
    "title": "Omschrijving",
    "supplier_name": "Leverancier",
    "category": "Inkoopcategorie",
    "department": "Afdeling",
    "procedure": "Procedure",
    "contract_manager": "Contractmanager",
    "sr_clause_text": "SR-bepaling",
}
#: A column the importer does not know; the preview names it under "Niet gebruikt".
UNKNOWN_COLUMN = hostile(IMG, SCRIPT)
HEADER: tuple[str, ...] = (
    "Contractnummer",
    "Soort opdracht",
    "Contractwaarde",
    "Startdatum",
    "Einddatum",
    "SR-percentage",
    *COLUMN_OF.values(),
    UNKNOWN_COLUMN,
)
#: Its title is longer than the 300 characters the register holds: the row is refused, and the
#: preview names it by row number and this (hostile) contract number.
TOO_LONG_REF = "GEM-3 <img src=x onerror=alert(5)>"
TOO_LONG_MESSAGE = f"Rij 4, Omschrijving: de tekst is te lang ({len(LONG)} tekens, maximaal 300)"
EXPORT_NAME = hostile(IMG, EMOJI) + ".xlsx"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: A monitoring report's file name, kept and shown; its evidence column takes listed words only.
#: (No "/" in it: the part after the last slash is the file's own name, the rest a client path.)
REPORT_NAME = hostile(IMG, JS_LINK, RTL) + ".xlsx"
HOSTILE_EVIDENCE = hostile(IMG, JS_LINK, EMOJI)
REFUSED_EVIDENCE = str(escape(f"Rij 15: Bewijsstuk: '{HOSTILE_EVIDENCE}' is onbekend"))


def stored_form(name: str) -> str:
    """What the importer keeps of :data:`CONTRACT_FIELDS` ``[name]``: free text, literally."""
    return CONTRACT_FIELDS[name]


def plain_export() -> bytes:
    """The register before: both contracts, text fields empty."""
    return xlsx([row(REF, header=HEADER), row(HOSTILE_REF, header=HEADER)], HEADER)


def hostile_export() -> bytes:
    """The re-export: hostile text in every text field, and a row with a too-long title."""
    fields = {COLUMN_OF[name]: value for name, value in CONTRACT_FIELDS.items()}
    return xlsx(
        [
            row(REF, {**fields, UNKNOWN_COLUMN: hostile(JS_LINK, RTL)}, HEADER),
            row(HOSTILE_REF, {"Omschrijving": hostile(SCRIPT, EMOJI)}, HEADER),
            row(TOO_LONG_REF, {"Omschrijving": LONG}, HEADER),
        ],
        HEADER,
    )


def import_through_pages(client: FlaskClient, data: bytes, file_name: str) -> int:
    """Upload, preview and confirm (skipping invalid rows) as the signed-in user; the import id."""
    token = csrf_token_of(client)
    uploaded = client.post(
        "/sroi/import",
        data={"csrf_token": token, "bestand": (io.BytesIO(data), file_name)},
        content_type="multipart/form-data",
    )
    assert uploaded.status_code == 303, uploaded.get_data(as_text=True)[:2000]
    confirmed = client.post(
        f"{uploaded.headers['Location']}/bevestigen",
        data={"csrf_token": token, "allow_invalid": "y"},
    )
    assert confirmed.status_code == 303, confirmed.get_data(as_text=True)[:2000]
    return int(confirmed.headers["Location"].rsplit("/", 1)[-1])


def upload_report(client: FlaskClient, evidence: str) -> tuple[int, str]:
    """Preview a contractor's report for :data:`REF` with ``evidence``: status and page."""
    report = fill(
        template_for(REF),
        [
            [
                "Doelgroepregister (banenafspraak)",
                "Dienstverband (betaalde baan)",
                4,
                1326,
                45000,
                evidence,
            ]
        ],
    )
    response = client.post(
        f"/sroi/contracten/{REF}/monitoring/upload",
        data={"csrf_token": csrf_token_of(client), "report": (io.BytesIO(report), REPORT_NAME)},
        content_type="multipart/form-data",
    )
    return response.status_code, response.get_data(as_text=True)


def upload_monitoring(client: FlaskClient) -> None:
    """Hostile evidence is refused with an escaped Dutch message naming row and field (the
    column takes only its list's words); the report under a hostile file name is confirmed."""
    status, html = upload_report(client, HOSTILE_EVIDENCE)
    assert status == 422 and REFUSED_EVIDENCE in html, html[-3000:]
    assert IMG not in html
    status, html = upload_report(client, "Arbeidsovereenkomst")
    confirm = re.search(r'action="([^"]+/bevestigen)"', html)
    assert status == 200 and confirm, html[-3000:]
    done = client.post(confirm.group(1), data={"csrf_token": csrf_token_of(client), **ATTESTATION})
    assert done.status_code == 303, done.get_data(as_text=True)[-3000:]


def register_in_host(app: Flask) -> None:
    """The host's own register knows both contracts, so its contract pages exist."""
    with app.app_context():
        for ref in (REF, HOSTILE_REF):
            host_db.session.add(
                HostContract(
                    ref=ref,
                    title="Contract uit het hostregister",
                    supplier_name="Leverancier",
                    category="schoonmaak",
                    department="Facilitaire Zaken",
                    kind="services",
                    procedure="europees openbaar",
                    value_total=Decimal("1000000"),
                    start_date=TODAY,
                    end_date=None,
                    contract_manager="Sanne de Vries",
                )
            )
        host_db.session.commit()


#: GET endpoints not opened in the browser, and why; every other ``sroi.`` GET rule is visited.
NOT_VISITED = {
    "sroi.static": "the vendored htmx and CSS, not a page",
    "sroi.evaluation_export": "an .xlsx download",
    "sroi.monitoring_template": "an .xlsx download",
    "sroi.portfolio_error_report": "an .xlsx download of an upload",
    "sroi.portfolio_export": "an .xlsx download",
    "sroi.dashboard_export": "an .xlsx download",
    "sroi.promising_export": "an .xlsx download",
    "sroi.meeting_ics": "an .ics download",
    "sroi.portfolio_preview": "the uploader's own pending upload: opened in the preview test",
    "sroi.portfolio_mapping": "the uploader's own pending upload, with only column headers",
    "sroi.portfolio_job": "the uploader's own background job: its file name is isolated like the "
    "preview's (tests/web/test_import_jobs.py), and it ends on the preview tested here",
    "sroi.brainstorm": "needs a brainstorm, none is seeded here",
    "sroi.brainstorm_edit": "needs a brainstorm, none is seeded here",
}

ROLES = ["admin", "contract_manager", "procurement", "legal_reviewer", "viewer"]


@pytest.fixture
def world(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
) -> dict[str, Any]:
    """The hostile data, and the URL arguments of every GET page that shows it."""
    register_in_host(app)
    login("procurement")
    import_through_pages(client, plain_export(), "contractregister.xlsx")
    import_id = import_through_pages(client, hostile_export(), EXPORT_NAME)
    login("admin")
    upload_monitoring(client)
    partnership = start_partnership(
        client,
        name=hostile(SCRIPT, EMOJI)[:200],
        refs=(REF, HOSTILE_REF),
        tender_title=hostile(IMG, JS_LINK, RTL),
        goals=LONG,
    )
    person = add_person(client, partnership, hostile(IMG, EMOJI), ["contract_manager"])
    meeting = plan_meeting(
        client, partnership, "kennismaking", "2026-12-03", location=hostile(SCRIPT, RTL)
    )
    meeting_url = f"/sroi/partnerships/{partnership}/overleggen/{meeting}"
    token = csrf_token_of(client)
    added = client.post(
        f"{meeting_url}/agendapunten",
        data={"csrf_token": token, "title": hostile(IMG, TPL_STR), "description": LONG},
    )
    assert added.status_code == 303, added.get_data(as_text=True)[:2000]
    acted = client.post(
        f"{meeting_url}/actiepunten",
        data={
            "csrf_token": token,
            "text": hostile(SCRIPT, JS_LINK),
            "owner_id": str(person),
            "due_date": "",
        },
    )
    assert acted.status_code == 303, acted.get_data(as_text=True)[:2000]
    item = int(
        re.findall(r'id="agendapunt-(\d+)"', client.get(meeting_url).get_data(as_text=True))[-1]
    )
    with app.app_context():
        session = app.extensions["sroi"].db.session
        contract = session.scalars(select(Contract).where(Contract.ref == REF)).one()
        # the importers kept the text literally (the values the pages must show as text)
        assert {name: getattr(contract, name) for name in CONTRACT_FIELDS} == {
            name: stored_form(name) for name in CONTRACT_FIELDS
        }
        assert session.scalars(select(MonitoringReport.file_name)).all() == [REPORT_NAME]
        contract_id = contract.id
        change = Modification(
            contract_id=contract_id,
            kind="value_increase",
            status="proposed",
            description=LONG,
            old_value=hostile(IMG),
            new_value=hostile(SCRIPT),
            value_delta=Decimal("150000"),
            modification_date=date(2026, 6, 1),
            verdict="needs_legal_review",
            flagged=True,
            flag_note=hostile(SCRIPT, IMG, JS_LINK, RTL, EMOJI),
            flagged_by_id="u-sanne",
            flagged_by_name=hostile(EMOJI),
            proposed_by_id="u-sanne",
            proposed_by_name=hostile(RTL),
            proposed_at=datetime(2026, 6, 1, 9, 0, tzinfo=UTC),
        )
        session.add(change)
        tender = PlannedTender(
            title=hostile(SCRIPT, EMOJI)[:300],
            category=hostile(IMG)[:100],
            kind="services",
            value_total=Decimal("450000"),
            term_months=24,
            sr_clause_text=hostile(SCRIPT, IMG, JS_LINK, RTL, EMOJI),
            created_by_id="u-pieter",
            created_by_name=hostile(RTL),
        )
        session.add(tender)
        session.commit()
        change_id = change.id
        tender_id = tender.id
        task = session.scalar(
            select(PartnershipTask.id).where(PartnershipTask.partnership_id == partnership)
        )
    assert task is not None
    return {
        "ref": REF,
        "change_id": change_id,
        "partnership_id": partnership,
        "meeting_id": meeting,
        "item_id": item,
        "person_id": person,
        "task_id": task,
        "step": "1",
        "role": "contract_manager",
        "import_id": import_id,
        "tender_id": tender_id,
    }


def get_pages(app: Flask, world: dict[str, Any]) -> list[str]:
    """Every GET page of the blueprint, with the seeded arguments."""
    pages = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith("sroi.") or "GET" not in (rule.methods or ()):
                continue
            if rule.endpoint in NOT_VISITED or is_old_url(rule.endpoint):
                continue
            missing = rule.arguments - world.keys()
            assert not missing, (
                f"{rule.endpoint} needs {missing}: seed it or list it in NOT_VISITED"
            )
            pages.append(url_for(rule.endpoint, **{a: world[a] for a in rule.arguments}))
        for name in ordered_panel_names():
            pages.append(url_for(f"sroi.{name}", ref=HOSTILE_REF))
    return sorted(set(pages))


@pytest.fixture
def bare_page(page: Any) -> Iterator[Any]:
    """Like ``page``, but ignoring the demo's Content-Security-Policy.

    The CSP would block an injected inline script on its own; with it bypassed, a dialog or a
    script element can only be absent because the plugin escaped the data.
    """
    context = page.context.browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="nl-NL", bypass_csp=True
    )
    bare = context.new_page()
    bare.dialogs = []

    def on_dialog(dialog: Any) -> None:
        bare.dialogs.append(dialog.message)
        dialog.dismiss()

    bare.on("dialog", on_dialog)
    bare.set_default_timeout(10_000)
    yield bare
    context.close()


def act_as(page: Any, base: str, role: str) -> None:
    page.goto(f"{base}/contracten")
    page.select_option("#demo-gebruiker", role)
    page.click("text=Wissel")
    page.wait_for_load_state()


#: One round trip: the scripts, inline handlers, ``javascript:`` URLs and text of the page.
_INSPECT = """() => ({
    scripts: [...document.scripts].map(e => e.getAttribute('src') || e.textContent),
    handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
        .filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name)),
    jsUrls: [...document.querySelectorAll('[href], [src], [action], [formaction]')]
        .flatMap(e => ['href', 'src', 'action', 'formaction'].map(n => e.getAttribute(n)))
        .filter(v => v && /^\\s*javascript:/i.test(v)),
    text: document.body.innerText,
})"""


def assert_inert(page: Any, where: str) -> str:
    """Nothing from the data ran or became markup, and the expression shows literally.

    Returns the page's text.
    """
    assert page.dialogs == [], where
    found = page.evaluate(_INSPECT)
    scripts = found["scripts"]
    assert len(scripts) <= 1, (where, scripts)
    assert all(re.search(r"/sroi/static/htmx-[\d.]+\.min\.js$", s or "") for s in scripts), (
        where,
        scripts,
    )
    assert found["handlers"] == [], (where, found["handlers"])
    assert found["jsUrls"] == [], (where, found["jsUrls"])
    text: str = found["text"]
    assert "7777777" not in text, where
    assert text.count(f"{MARK} {TPL}") == text.count(MARK), (where, "a {{ 7*7 }} was evaluated")
    return text


@pytest.mark.parametrize("role", ROLES)
def test_hostile_text_stays_inert_on_every_page_for(
    live_server: str, bare_page: Any, app: Flask, world: dict[str, Any], role: str
) -> None:
    page = bare_page
    act_as(page, live_server, role)
    panels = ordered_panel_names()
    for ref in (REF, HOSTILE_REF):
        page.goto(f"{live_server}/contracten/{ref}")
        # every placeholder swapped for its panel (or the panel's Dutch denial) by htmx
        page.wait_for_function(
            "n => document.querySelectorAll('.sroi-slot > a').length === 0"
            " && document.querySelectorAll('.sroi-slot').length === n",
            arg=len(panels),
        )
        text = assert_inert(page, f"{role} contract page {ref}")
        if ref == REF:
            assert text.count(f"{MARK} {TPL}") >= (5 if role == "admin" else 1), text[:3000]
            assert SCRIPT in text and EMOJI in text and "\u202e" in text
    shown = 0
    for path in get_pages(app, world):
        response = page.goto(f"{live_server}{path}", wait_until="domcontentloaded")
        # 409: the draft form of a change that is no longer a draft, still a rendered page
        assert response is not None and response.status in (200, 403, 409), (path, response.status)
        shown += f"{MARK} {TPL}" in assert_inert(page, f"{role} {path}")
    # the hostile data did reach the pages the role may open
    assert shown >= (15 if role == "admin" else 3), shown


def test_hostile_export_previews_inert_and_refuses_the_too_long_row(
    live_server: str,
    bare_page: Any,
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
) -> None:
    login("procurement")
    import_through_pages(client, plain_export(), "contractregister.xlsx")
    page = bare_page
    act_as(page, live_server, "procurement")
    page.goto(f"{live_server}/sroi/import")
    page.set_input_files(
        "input[type=file]",
        {"name": EXPORT_NAME, "mimeType": XLSX_TYPE, "buffer": hostile_export()},
    )
    page.click("text=Uploaden en controleren")
    page.locator("#sroi-panel-import-preview").wait_for()
    text = assert_inert(page, "preview")
    assert f"Voorvertoning import — {EXPORT_NAME}" in text
    assert f"“{UNKNOWN_COLUMN}”" in text  # the unknown column, named as text
    assert f"Rij 4 ({TOO_LONG_REF})" in text and TOO_LONG_MESSAGE in text, text[-3000:]
    # the field-level diff shows every hostile value, old empty → new, literally
    for name in CONTRACT_FIELDS:
        assert stored_form(name) in text, name
    # the hostile reference is shown isolated: its right-to-left override as its code point
    assert HOSTILE_REF.replace("\u202e", "‹U+202E›") in text
    assert "bevat tekens die de leesrichting omdraaien" in text

    page.check("input[name=allow_invalid]")
    page.click("text=Import bevestigen")
    page.locator("#sroi-panel-import-done").wait_for()
    text = assert_inert(page, "import done")
    assert f"Import verwerkt — {EXPORT_NAME}" in text
    with app.app_context():
        session = app.extensions["sroi"].db.session
        refs = set(session.scalars(select(Contract.ref)))
    assert refs == {REF, HOSTILE_REF}, "the too-long row was not refused"
