"""Panel "Social return — monitoring": progress, chart, template download, upload, access."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]
from sqlalchemy import event
from sqlalchemy import func
from sqlalchemy import select

from sroi_plugin.importing.uploads import Kind
from sroi_plugin.importing.uploads import upload_dir
from sroi_plugin.models import Contract
from sroi_plugin.models import MonitoringReport
from sroi_plugin.models import MonitoringRow
from sroi_plugin.models import MonitoringUpload
from sroi_plugin.rules.monitoring import Period
from tests.helpers.monitoring import ATTESTATION
from tests.helpers.monitoring import Q3_2026
from tests.helpers.monitoring import Line
from tests.helpers.monitoring import fill
from tests.helpers.monitoring import filled
from tests.helpers.monitoring import quarter
from tests.helpers.monitoring import seed_report
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of
from tests.helpers.web import is_fragment

REF = "GEM-2025-0001"
URL = f"/sroi/contracten/{REF}/monitoring"
UPLOAD = f"{URL}/upload"
TEMPLATE = f"{URL}/sjabloon.xlsx"


# The tests open their own app context for database work: a context held open across requests
# would keep the first request's user in ``g`` and hide a role switch.


def _seed(app: Flask, period: Period, lines: list[Line], ref: str = REF) -> None:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        contract_id = session.scalars(select(Contract.id).where(Contract.ref == ref)).one()
        seed_report(session, contract_id, period, lines)


def _count(app: Flask, model: Any) -> int:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _upload(client: FlaskClient, data: bytes, *, htmx: bool = True, name: str = "q3.xlsx") -> Any:
    token = csrf_token_of(client)
    return client.post(
        UPLOAD,
        data={"csrf_token": token, "report": (io.BytesIO(data), name)},
        headers=HTMX if htmx else {},
        content_type="multipart/form-data",
    )


def _confirm_url(html: str) -> str:
    match = re.search(r'action="([^"]+/bevestigen)"', html)
    assert match, "preview offers no confirmation"
    return match.group(1)


# --- fragment, page, access -------------------------------------------------------------------


def test_htmx_request_gets_the_fragment(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    response = client.get(URL, headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert is_fragment(html)
    assert 'id="sroi-panel-monitoring"' in html
    assert "Social return — monitoring" in html


def test_plain_request_gets_a_full_page_with_a_link_back(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    html = client.get(URL).get_data(as_text=True)
    assert html.startswith("<!doctype html>")
    assert 'id="sroi-panel-monitoring"' in html
    assert f"Terug naar contract {REF}" in html


def test_demo_contract_page_embeds_the_monitoring_placeholder(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    html = client.get(f"/contracten/{REF}").get_data(as_text=True)
    assert f'hx-get="{URL}"' in html
    assert f'<a href="{URL}">Social return — monitoring openen</a>' in html


def test_anonymous_may_not_read_the_panel(
    client: FlaskClient, login: Callable[[str], None], make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    login("anonymous")
    response = client.get(URL, headers=HTMX)
    assert response.status_code == 403
    assert "U bent niet aangemeld" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("viewer", 403),
        ("legal_reviewer", 403),
        ("contract_manager", 200),
        ("procurement", 200),
        ("admin", 200),
        ("anonymous", 403),
    ],
)
def test_who_may_download_the_template(
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
    role: str,
    status: int,
) -> None:
    make_contract()
    login(role)
    assert client.get(f"{TEMPLATE}?start=2026-07-01&end=2026-09-30").status_code == status


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("viewer", 403),
        ("procurement", 403),
        ("legal_reviewer", 403),
        ("anonymous", 403),
        ("contract_manager", 200),
        ("admin", 200),
    ],
)
def test_who_may_upload(
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
    role: str,
    status: int,
) -> None:
    make_contract()
    login(role)
    assert _upload(client, filled()).status_code == status


def test_upload_without_csrf_token_is_refused(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    response = client.post(
        UPLOAD,
        data={"report": (io.BytesIO(filled()), "q3.xlsx")},
        headers=HTMX,
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert _count(app, MonitoringUpload) == 0


def test_unknown_contract_is_a_dutch_404(client: FlaskClient) -> None:
    response = client.get("/sroi/contracten/ONBEKEND-1/monitoring", headers=HTMX)
    assert response.status_code == 404
    assert "(nog) niet bekend" in response.get_data(as_text=True)


# --- the template download --------------------------------------------------------------------


def test_panel_offers_the_last_complete_quarter_by_default(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert 'name="start" type="date" value="2026-07-01"' in html
    assert 'name="end" type="date" value="2026-09-30"' in html
    assert f'action="{TEMPLATE}"' in html


def test_template_download_is_an_xlsx_for_contract_and_period(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    response = client.get(f"{TEMPLATE}?start=01-07-2026&end=30-09-2026")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert (
        "sroi-rapportage-GEM-2025-0001-2026-07-01-2026-09-30.xlsx"
        in response.headers["Content-Disposition"]
    )
    workbook = load_workbook(io.BytesIO(response.data))
    values = {row[0]: row[1] for row in workbook["Gegevens"].iter_rows(values_only=True)}
    assert values["contract"] == REF and values["periode_eind"] == "2026-09-30"


def test_template_period_errors_rerender_the_form_with_what_was_typed(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    response = client.get(f"{TEMPLATE}?start=2026-09-30&end=2026-07-01")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Einde van de periode: ligt vóór het begin van de periode." in html
    assert 'name="start" type="date" value="2026-09-30"' in html
    assert 'name="end" type="date" value="2026-07-01"' in html
    bad = client.get(f"{TEMPLATE}?start=morgen&end=").get_data(as_text=True)
    assert "Begin van de periode: &#39;morgen&#39; is geen geldige datum" in bad
    assert "Einde van de periode: vul een datum in" in bad


# --- upload: preview, confirm, refusal ----------------------------------------------------------


def test_round_trip_download_fill_upload_confirm_shows_the_totals(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    template = client.get(f"{TEMPLATE}?start=2026-07-01&end=2026-09-30").data
    preview = _upload(client, fill(template))
    html = preview.get_data(as_text=True)
    assert preview.status_code == 200 and is_fragment(html)
    assert "2 regels, alle in orde" in html
    assert "€ 46.234,50" in html
    assert _count(app, MonitoringReport) == 0  # the preview stores nothing
    kept = list(upload_dir(app.instance_path, Kind.MONITORING).glob("*.xlsx"))
    assert len(kept) == 1
    confirmed = client.post(
        _confirm_url(html), data={"csrf_token": csrf_token_of(client), **ATTESTATION}, headers=HTMX
    )
    panel = confirmed.get_data(as_text=True)
    assert confirmed.status_code == 200
    assert confirmed.headers["HX-Trigger"] == "sroiMonitoringImported"
    assert "De rapportage is vastgelegd." in panel
    assert "€ 46.235" in panel  # realised, whole euros
    assert "01-07-2026 t/m 30-09-2026" in panel
    assert "3,96" in panel  # banenafspraak jobs
    assert _count(app, MonitoringReport) == 1
    # the file is deleted after confirm; only a note of what was recorded stays
    kept_after = list(upload_dir(app.instance_path, Kind.MONITORING).glob("*"))
    assert [path.suffix for path in kept_after] == [".json"]
    assert b"Statushouders" not in kept_after[0].read_bytes()


def test_plain_form_posts_work_without_javascript(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    preview = _upload(client, filled(), htmx=False)
    html = preview.get_data(as_text=True)
    assert html.startswith("<!doctype html>") and "Rapportage vastleggen" in html
    response = client.post(
        _confirm_url(html), data={"csrf_token": csrf_token_of(client), **ATTESTATION}
    )
    assert response.status_code == 303
    assert response.headers["Location"].startswith(f"{URL}?vastgelegd=")
    assert "De rapportage is vastgelegd." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
def test_confirming_twice_answers_as_the_first_and_imports_once(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract], htmx: bool
) -> None:
    make_contract()
    url = _confirm_url(_upload(client, filled(), htmx=htmx).get_data(as_text=True))
    token = csrf_token_of(client)
    headers = HTMX if htmx else {}
    first = client.post(url, data={"csrf_token": token, **ATTESTATION}, headers=headers)
    again = client.post(url, data={"csrf_token": token, **ATTESTATION}, headers=headers)
    assert again.status_code == first.status_code == (200 if htmx else 303)
    if htmx:
        assert "De rapportage is vastgelegd." in again.get_data(as_text=True)
    else:
        assert again.headers["Location"] == first.headers["Location"]
    assert _count(app, MonitoringReport) == 1
    assert _count(app, MonitoringUpload) == 1


def test_a_recorded_upload_is_not_confirmed_by_someone_else(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    url = _confirm_url(_upload(client, filled()).get_data(as_text=True))
    assert (
        client.post(url, data={"csrf_token": csrf_token_of(client), **ATTESTATION}).status_code
        == 303
    )
    login("admin")
    response = client.post(
        url, data={"csrf_token": csrf_token_of(client), **ATTESTATION}, headers=HTMX
    )
    assert response.status_code == 404
    assert "bestaat niet (meer)" in response.get_data(as_text=True)


def test_a_second_upload_of_the_period_confirmed_after_the_first_replaces_it(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    # two previews of the same period, confirmed one after the other: the second confirm
    # checks again, finds the first report and replaces it (one current report, no 409)
    make_contract()
    first = _confirm_url(_upload(client, filled()).get_data(as_text=True))
    second = _confirm_url(_upload(client, filled(), name="q3-bis.xlsx").get_data(as_text=True))
    token = csrf_token_of(client)
    assert client.post(first, data={"csrf_token": token, **ATTESTATION}).status_code == 303
    response = client.post(second, data={"csrf_token": token, **ATTESTATION}, headers=HTMX)
    assert response.status_code == 200
    with app.app_context():
        session = app.extensions["sroi"].db.session
        current = session.scalars(
            select(MonitoringReport).where(MonitoringReport.replaced_at.is_(None))
        ).all()
        assert [report.file_name for report in current] == ["q3-bis.xlsx"]


def test_another_user_cannot_confirm_my_upload(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    url = _confirm_url(_upload(client, filled()).get_data(as_text=True))
    login("admin")
    response = client.post(
        url, data={"csrf_token": csrf_token_of(client), **ATTESTATION}, headers=HTMX
    )
    assert response.status_code == 404
    assert _count(app, MonitoringReport) == 0


def test_cancel_forgets_the_upload(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    url = _confirm_url(_upload(client, filled()).get_data(as_text=True))
    cancel = url.replace("/bevestigen", "/annuleren")
    response = client.post(cancel, data={"csrf_token": csrf_token_of(client)}, headers=HTMX)
    assert response.status_code == 200
    assert "De upload is geannuleerd" in response.get_data(as_text=True)
    assert list(upload_dir(app.instance_path, Kind.MONITORING).glob("*")) == []
    assert _count(app, MonitoringReport) == 0


def test_no_file_chosen_is_a_422_naming_the_field(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    response = client.post(
        UPLOAD,
        data={"csrf_token": csrf_token_of(client)},
        headers=HTMX,
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "Ingevulde rapportage: kies het Excel-bestand" in response.get_data(as_text=True)


def test_invalid_rows_are_listed_per_row_and_nothing_is_kept(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    rows = [
        ["Statushouders", "Werkervaringsplaats", 2, 10, 100],
        ["Marsbewoners", "Werkervaringsplaats", "veel", 10, 100],
    ]
    response = _upload(client, filled(rows=rows))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "waarvan <strong>1 met fouten</strong>" in html
    assert "Rij 16: Doelgroep: &#39;Marsbewoners&#39; is onbekend" in html
    assert "Rij 16: Aantal personen: &#39;veel&#39; is geen getal" in html
    assert "Rapportage vastleggen" not in html
    assert not upload_dir(app.instance_path, Kind.MONITORING).exists() or not any(
        upload_dir(app.instance_path, Kind.MONITORING).iterdir()
    )


def _with_column(header: str, value: object) -> Any:
    def edit(sheet: Any, row: int) -> None:
        sheet.cell(row=row, column=7, value=header)
        sheet.cell(row=row + 1, column=7, value=value)

    return edit


@pytest.mark.parametrize(
    ("header", "value", "expected"),
    [
        ("Naam medewerker", "Jan Jansen", "De kolomkop vraagt om een naam"),
        ("Opmerking", "123456782", "geldig burgerservicenummer"),
        ("Opmerking", date(1988, 2, 29), "kan een geboortedatum zijn"),
    ],
    ids=["header", "bsn", "birth-date"],
)
def test_personal_data_is_refused_with_the_explanation_and_nothing_is_stored(
    app: Flask,
    client: FlaskClient,
    make_contract: Callable[..., Contract],
    header: str,
    value: object,
    expected: str,
) -> None:
    make_contract()
    response = _upload(client, filled(edit=_with_column(header, value)))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Geweigerd: het bestand bevat persoonsgegevens" in html
    assert expected in html
    assert "Lever de rapportage geaggregeerd aan" in html
    assert "Er is niets van dit bestand bewaard." in html
    assert "Rapportage vastleggen" not in html
    assert _count(app, MonitoringReport) == 0 and _count(app, MonitoringRow) == 0
    assert not upload_dir(app.instance_path, Kind.MONITORING).exists() or not any(
        upload_dir(app.instance_path, Kind.MONITORING).iterdir()
    )
    with app.app_context():
        (line,) = app.extensions["sroi"].db.session.scalars(select(MonitoringUpload)).all()
        assert line.outcome == "geweigerd_persoonsgegevens" and line.file_name is None
    panel = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "geweigerd: persoonsgegevens" in panel


def test_an_order_number_of_eight_digits_is_accepted(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    response = _upload(client, filled(edit=_with_column("Ordernummer", "12345678")))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Rapportage vastleggen" in html
    assert "Kolom G (&#39;Ordernummer&#39;) hoort niet bij het sjabloon" in html


def test_unreadable_upload_says_what_to_do(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    response = _upload(client, b"Doelgroep;Uren\n", name="rapportage.csv")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Het bestand kan niet worden gelezen" in html
    assert "sla het op als Excel-werkmap (.xlsx)" in html


# --- obligation against realised --------------------------------------------------------------


def _progress_value(html: str) -> int:
    match = re.search(r'id="sroi-monitoring-realised" max="100" value="(\d+)"', html)
    assert match, "no progress bar"
    return int(match.group(1))


def test_progress_bar_shows_realised_share_of_the_obligation(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()  # 5% of € 1.200.000 = € 60.000
    _seed(app, Q3_2026, [("statushouders", "dienstverband", 3, "300", "15000")])
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert _progress_value(html) == 25
    assert "van de verplichting van € 60.000 (25%)" in html


@pytest.mark.parametrize(
    ("today", "behind"),
    [("2025-01-01", False), ("2026-12-31", True), ("2029-01-15", True)],
    ids=["start", "middle", "end"],
)
def test_behind_schedule_at_start_middle_and_end(
    app: Flask,
    client: FlaskClient,
    make_contract: Callable[..., Contract],
    today: str,
    behind: bool,
) -> None:
    make_contract(start_date=date(2025, 1, 1), end_date=date(2028, 12, 31))
    _seed(app, quarter(2025, 1), [("statushouders", "dienstverband", 3, "300", "6000")])
    app.config["SROI_TODAY"] = today
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert ("Achter op schema" in html) is behind
    assert ("✔ Op schema" in html) is (not behind)


def test_behind_schedule_explains_shares(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(start_date=date(2025, 1, 1), end_date=date(2028, 12, 31))
    _seed(app, quarter(2025, 1), [("statushouders", "dienstverband", 3, "300", "6000")])
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "Gerealiseerd is 10% van de verplichting, terwijl 47% van de looptijd voorbij is" in html


def test_contract_without_sr_shows_no_progress_bar(
    client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract(sr_percentage=None, sr_basis=None)
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "Geen social-returnafspraak." in html
    assert "<progress" not in html


def test_valuation_uses_the_rates_of_the_app_config(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    _seed(
        app,
        Q3_2026,
        [
            ("statushouders", "werkervaringsplaats", 2, "100", "1000"),
            ("statushouders", "dienstverband", 1, "50", "2000"),
        ],
    )
    app.config["SROI_MONITORING"] = {
        "valuation": {"werkervaringsplaats": {"basis": "hours", "amount": "30"}}
    }
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "€ 5.000" in html  # 100 h × € 30 + € 2.000 costs


def test_chart_is_a_server_rendered_svg_without_inline_style(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    for number in (1, 2, 3):
        _seed(app, quarter(2026, number), [("statushouders", "dienstverband", 3, "300", "5000")])
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert svg.count('class="sroi-chart-bar"') == 3
    assert 'class="sroi-chart-obligation"' in svg and 'class="sroi-chart-schedule"' in svg
    assert "style=" not in html and "<script" not in html
    assert "Gerealiseerd € 15.000 over 3 periodes, tegen een verplichting van € 60.000." in svg


# --- small numbers ----------------------------------------------------------------------------


def test_contract_manager_sees_exact_counts_and_a_viewer_sees_less_than_three(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    _seed(app, Q3_2026, [("ex_gedetineerden", "dienstverband", 2, "300", "5000")])
    login("contract_manager")
    manager = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "<dd>2</dd>" in manager and "&lt; 3" not in manager
    login("viewer")
    viewer = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert "<dd>&lt; 3</dd>" in viewer


# --- performance ------------------------------------------------------------------------------


@pytest.fixture
def statements(app: Flask) -> Iterator[list[str]]:
    """SQL statements the app runs while the fixture is active."""
    seen: list[str] = []
    with app.app_context():
        engine = app.extensions["sroi"].db.engine

    def record(*args: Any) -> None:
        seen.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", record)
    yield seen
    event.remove(engine, "before_cursor_execute", record)


def test_panel_queries_do_not_grow_with_the_number_of_reports(
    app: Flask,
    client: FlaskClient,
    make_contract: Callable[..., Contract],
    statements: list[str],
) -> None:
    make_contract()
    _seed(app, quarter(2025, 1), [("statushouders", "dienstverband", 3, "300", "5000")])
    statements.clear()
    assert client.get(URL, headers=HTMX).status_code == 200
    with_one = len(statements)
    for year, number in [(2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2), (2026, 3)]:
        _seed(
            app,
            quarter(year, number),
            [
                ("statushouders", "dienstverband", 3, "300", "5000"),
                ("doelgroepregister", "stapelbaan", 4, "900", "9000"),
            ],
        )
    statements.clear()
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert html.count("<tr>") >= 7
    assert len(statements) == with_one
    assert with_one <= 6


def test_persons_are_those_of_the_latest_period_not_summed(
    app: Flask, client: FlaskClient, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    _seed(app, quarter(2026, 2), [("statushouders", "dienstverband", 5, "500", "5000")])
    _seed(app, Q3_2026, [("statushouders", "dienstverband", 4, "400", "4000")])
    html = client.get(URL, headers=HTMX).get_data(as_text=True)
    assert '<dd>4 <span class="sroi-muted">in de laatste periode</span></dd>' in html
    assert "<dd>900</dd>" in html  # hours do add up
