"""The organisation's Bijlage II matrix: shown with each cell's origin, edited by an admin with
who and when kept, and used (with the edits) for partnerships started afterwards."""

from __future__ import annotations

import re
from collections.abc import Callable

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from sroi_plugin.models import Contract
from sroi_plugin.models import MatrixEdit
from sroi_plugin.models import effective_matrix
from sroi_plugin.rules.matrix import load_matrix
from tests.helpers.partnerships import start_partnership
from tests.helpers.partnerships import tasks_of
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of
from tests.helpers.web import is_fragment

CELL = "/sroi/matrix/2B/hr_expert"


def _cell_html(html: str, step: str, role: str) -> str:
    match = re.search(rf'<td id="cel-{step}-{role}">(.*?)</td>', html, re.S)
    assert match
    return match.group(1)


def _edit(client: FlaskClient, text: str, *, revert: bool = False, url: str = CELL) -> int:
    data = {"csrf_token": csrf_token_of(client), "text": text}
    if revert:
        data["revert"] = "y"
    return client.post(url, data=data).status_code


def test_grid_shows_every_cell_with_its_origin(
    client: FlaskClient, login: Callable[[str], None]
) -> None:
    login("viewer")
    fragment = client.get("/sroi/matrix", headers=HTMX).get_data(as_text=True)
    assert is_fragment(fragment) and 'id="sroi-matrix"' in fragment
    html = client.get("/sroi/matrix").get_data(as_text=True)
    assert html.startswith("<!doctype html>")
    seeded = load_matrix().cell("2B", "hr_expert")
    assert seeded.origin == "seed"
    cell = _cell_html(html, "2B", "hr_expert")
    assert seeded.text is not None and seeded.text in cell
    assert "sroi-ps-origin-seed" in cell
    assert "sroi-ps-origin-afgeleid" in _cell_html(html, "1", "hr_expert")
    assert "Wijzigen" not in cell  # only admins edit


def test_admin_edits_a_cell_and_the_change_is_kept_with_who_and_when(
    app: Flask, client: FlaskClient, login: Callable[[str], None]
) -> None:
    login("admin")
    form = client.get(CELL).get_data(as_text=True)
    shipped = load_matrix().cell("2B", "hr_expert").text
    assert shipped is not None and shipped in form
    assert _edit(client, "Voert de gesprekken met de opdrachtnemer over vacatures.") == 303
    html = client.get("/sroi/matrix").get_data(as_text=True)
    cell = _cell_html(html, "2B", "hr_expert")
    assert "Voert de gesprekken met de opdrachtnemer over vacatures." in cell
    assert "sroi-ps-origin-edited" in cell
    assert re.search(
        r"gewijzigd door <bdi>Functioneel beheer</bdi> op "
        r"(?:<time[^>]*>)?\d\d-\d\d-\d{4} \d\d:\d\d",
        cell,
    )
    with app.app_context():
        session = app.extensions["sroi"].db.session
        [edit] = session.scalars(select(MatrixEdit)).all()
        assert (edit.step, edit.role, edit.edited_by_id) == ("2B", "hr_expert", "u-beheer")
        assert effective_matrix(session).cell("2B", "hr_expert").origin == "edited"
    history = client.get(CELL).get_data(as_text=True)
    assert "<bdi>Functioneel beheer</bdi>: &ldquo;<bdi>Voert de gesprekken" in history


def test_revert_goes_back_to_the_guide_and_history_keeps_both(
    app: Flask, client: FlaskClient, login: Callable[[str], None]
) -> None:
    login("admin")
    assert _edit(client, "Eigen tekst") == 303
    assert _edit(client, "", revert=True) == 303
    with app.app_context():
        cell = effective_matrix(app.extensions["sroi"].db.session).cell("2B", "hr_expert")
    assert cell == load_matrix().cell("2B", "hr_expert")
    history = client.get(CELL).get_data(as_text=True)
    assert "teruggezet naar de tekst van de handreiking" in history
    assert "&ldquo;<bdi>Eigen tekst</bdi>&rdquo;" in history


def test_new_partnerships_use_the_edited_matrix_running_ones_keep_their_tasks(
    app: Flask,
    client: FlaskClient,
    login: Callable[[str], None],
    make_contract: Callable[..., Contract],
) -> None:
    make_contract()
    login("contract_manager")
    before = start_partnership(client, name="Voor de wijziging")
    login("admin")
    assert _edit(client, "Organisatie-eigen taak voor HR in 2B.") == 303
    assert _edit(client, "", url="/sroi/matrix/2B/contractor") == 303  # blank drops the task
    login("contract_manager")
    after = start_partnership(client, name="Na de wijziging")
    new_tasks = {(t.step, t.role): t.text for t in tasks_of(app, after)}
    old_tasks = {(t.step, t.role): t.text for t in tasks_of(app, before)}
    assert new_tasks[("2B", "hr_expert")] == "Organisatie-eigen taak voor HR in 2B."
    assert ("2B", "contractor") not in new_tasks
    assert old_tasks[("2B", "hr_expert")] == load_matrix().cell("2B", "hr_expert").text
    assert ("2B", "contractor") in old_tasks


def test_only_admins_edit(client: FlaskClient, login: Callable[[str], None]) -> None:
    login("contract_manager")
    assert client.get(CELL).status_code == 403
    assert _edit(client, "Niet toegestaan") == 403


def test_unknown_cell_is_404(client: FlaskClient, login: Callable[[str], None]) -> None:
    login("admin")
    assert client.get("/sroi/matrix/9/hr_expert", headers=HTMX).status_code == 404
    assert client.get("/sroi/matrix/2B/astronaut", headers=HTMX).status_code == 404


def test_too_long_text_keeps_the_input(client: FlaskClient, login: Callable[[str], None]) -> None:
    login("admin")
    text = "lang " * 500
    response = client.post(
        CELL, data={"csrf_token": csrf_token_of(client), "text": text}, headers=HTMX
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and is_fragment(html)
    assert "Taak: maximaal 2000 tekens." in html
    assert text.strip() in html


def test_edit_without_csrf_token_is_refused(
    app: Flask, client: FlaskClient, login: Callable[[str], None]
) -> None:
    login("admin")
    assert client.post(CELL, data={"text": "Zonder token"}).status_code == 400
    with app.app_context():
        assert app.extensions["sroi"].db.session.scalars(select(MatrixEdit)).all() == []
