"""Text a user or a file supplies is shown isolated in ``<bdi>``; a bidirectional control in
it (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) is shown as its code point after a warning,
so ``factuur\u202ecod.exe`` cannot pass for ``factuurexe.doc``. The stored text stays as given.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from sroi_plugin.models import Contract
from sroi_plugin.models import MonitoringReport
from sroi_plugin.models import Partnership
from sroi_plugin.web.formatting import BIDI_NOTICE
from sroi_plugin.web.formatting import isolate
from tests.helpers.import_page import START
from tests.helpers.import_page import confirm_url
from tests.helpers.import_page import upload as import_upload
from tests.helpers.monitoring import ATTESTATION
from tests.helpers.monitoring import filled
from tests.helpers.partnerships import start_partnership
from tests.helpers.portfolio import row
from tests.helpers.portfolio import xlsx
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of

REF = "GEM-2025-0001"
RLO = "\u202e"
CODE = '<span class="sroi-bidi-code">‹U+202E›</span>'
EMOJI = "👩🏽\u200d💻"
FILE_NAME = f"factuur{RLO}cod.xlsx"
SHOWN_FILE_NAME = f"factuur{CODE}cod.xlsx"


def _marked(html: str, shown: str) -> bool:
    """``shown`` appears inside a ``<bdi>`` that carries the warning."""
    start = html.find(shown)
    opened = html.rfind("<bdi", 0, start)
    return (
        start >= 0
        and opened >= 0
        and BIDI_NOTICE in html[opened:start]
        and ("</bdi>" not in html[opened:start])
    )


def test_the_filter_isolates_and_marks_only_bidirectional_controls() -> None:
    assert isolate(f"a{RLO}<b>") == (
        f'<bdi class="sroi-bidi" title="Let op: {BIDI_NOTICE}"><span class="sroi-bidi-notice">'
        f'⚠ <span class="sroi-bidi-said">{BIDI_NOTICE}: </span></span>a{CODE}&lt;b&gt;</bdi>'
    )
    for control in "\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\u200e\u200f":
        assert f"‹U+{ord(control):04X}›" in isolate(f"x{control}y")
        assert control not in isolate(f"x{control}y")
    assert isolate(f"Team {EMOJI}") == f"<bdi>Team {EMOJI}</bdi>"  # a ZWJ stays
    assert isolate(None) == ""


def test_a_contract_text_with_an_override_is_marked_on_the_overview_panel(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(extension_options=f"2 x 1 jaar {RLO}raaj 1")
    html = client.get(f"/sroi/contracten/{REF}/overzicht", headers=HTMX).get_data(as_text=True)
    assert RLO not in html
    assert _marked(html, f"2 x 1 jaar {CODE}raaj 1")
    with app.app_context():
        session = app.extensions["sroi"].db.session
        stored = session.scalars(select(Contract.extension_options)).one()
    assert stored == f"2 x 1 jaar {RLO}raaj 1"


def test_a_partnership_name_with_an_override_is_marked_and_an_emoji_is_not(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(title=f"Schoonmaak {RLO}kaamnoohcS")
    hostile = start_partnership(client, name=f"Samen {RLO}nemaS")
    friendly = start_partnership(client, name=f"Samen {EMOJI}")
    html = client.get(f"/sroi/partnerships/{hostile}").get_data(as_text=True)
    assert RLO not in html
    assert _marked(html, f"Samen {CODE}nemaS")
    assert _marked(html, f"Schoonmaak {CODE}kaamnoohcS")  # the contract it serves
    html = client.get(f"/sroi/partnerships/{friendly}").get_data(as_text=True)
    assert f"<bdi>Samen {EMOJI}</bdi>" in html
    with app.app_context():
        session = app.extensions["sroi"].db.session
        names = set(session.scalars(select(Partnership.name)))
        title = session.scalars(select(Contract.title)).one()
    assert names == {f"Samen {RLO}nemaS", f"Samen {EMOJI}"}
    assert title == f"Schoonmaak {RLO}kaamnoohcS"


def test_an_uploaded_file_name_with_an_override_is_marked_in_the_monitoring_trail(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    url = f"/sroi/contracten/{REF}/monitoring"
    preview = client.post(
        f"{url}/upload",
        data={"csrf_token": csrf_token_of(client), "report": (io.BytesIO(filled()), FILE_NAME)},
        headers=HTMX,
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert _marked(preview, SHOWN_FILE_NAME), preview[-3000:]
    confirm = preview.split('action="', 1)[1].split('/bevestigen"', 1)[0] + "/bevestigen"
    panel = client.post(
        confirm, data={"csrf_token": csrf_token_of(client), **ATTESTATION}, headers=HTMX
    )
    html = panel.get_data(as_text=True)
    assert panel.status_code == 200 and RLO not in html
    assert _marked(html, SHOWN_FILE_NAME)  # the upload trail
    with app.app_context():
        session = app.extensions["sroi"].db.session
        stored = session.scalars(select(MonitoringReport.file_name)).one()
    assert stored == FILE_NAME


def test_a_file_name_and_a_supplier_with_an_override_are_marked_in_the_import_preview(
    client: FlaskClient, login: Callable[[str], None]
) -> None:
    login("procurement")
    data = xlsx([row("GEM-2025-0777", {"Leverancier": f"Schoon {RLO}V.B"})])
    response = import_upload(client, data, name=FILE_NAME)
    html = response.get_data(as_text=True)
    if response.status_code in (302, 303):
        html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert RLO not in html
    assert _marked(html, SHOWN_FILE_NAME), html[:3000]


def test_an_imported_file_name_with_an_override_is_marked_after_the_import(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("procurement")
    response = import_upload(client, xlsx([row(REF)]), name=FILE_NAME)
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    confirm = confirm_url(html)
    done = client.post(confirm, data={"csrf_token": csrf_token_of(client)})
    done_html = client.get(done.headers["Location"]).get_data(as_text=True)
    assert RLO not in done_html
    assert _marked(done_html, SHOWN_FILE_NAME)  # "Import verwerkt — …" and the file
    start = client.get(START).get_data(as_text=True)
    assert RLO not in start and _marked(start, SHOWN_FILE_NAME)  # the list of imports
