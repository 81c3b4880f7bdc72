"""Two people save the same contract's social-return fields at the same moment.

Both open the clause panel at the same version and post their own values from two threads. A
barrier in the session's ``before_flush`` holds each save until both have loaded the contract
and passed the version check, so both really start from version N. The optimistic lock must let
exactly one save through; the other is told (409, in Dutch) and keeps what they typed.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from sroi_plugin.models import Contract
from sroi_plugin.models import SrEdit
from tests.helpers.concurrency import TIMEOUT
from tests.helpers.concurrency import Worker
from tests.helpers.concurrency import client_as
from tests.helpers.concurrency import listening

REF = "GEM-2025-0001"
URL = f"/sroi/contracten/{REF}/bepalingen"
CONFLICT = "Niet opgeslagen: iemand anders heeft deze velden gewijzigd nadat u het formulier opende"
#: what each person types (both may edit: a contract manager, and an admin)
TYPED = {
    "contract_manager": {
        "sr_percentage": "3,5",
        "sr_basis": "wage_sum",
        "sr_form": "minimum_requirement",
        "sr_clause_text": "Opdrachtnemer besteedt 3,5% van de loonsom aan social return (Sanne).",
    },
    "admin": {
        "sr_percentage": "7",
        "sr_basis": "project_sum",
        "sr_form": "award_criterion",
        "sr_clause_text": "Opdrachtnemer besteedt 7% van de projectsom aan social return (beheer).",
    },
}

NAMES = {"contract_manager": "Sanne de Vries", "admin": "Functioneel beheer"}


class FlushBarrier:
    """Holds each racing thread's first flush until all have reached theirs."""

    def __init__(self, racers: set[str]) -> None:
        self.racers = racers
        self.barrier = threading.Barrier(len(racers))
        #: thread name → the contract version its save was based on
        self.based_on: dict[str, int] = {}

    def before_flush(self, session: Session, *_args: Any) -> None:
        name = threading.current_thread().name
        if name not in self.racers or name in self.based_on:
            return
        self.based_on[name] = next(o.version for o in session.dirty if isinstance(o, Contract))
        self.barrier.wait(TIMEOUT)


def _opened_form(app: Flask, role: str) -> tuple[FlaskClient, dict[str, str]]:
    """A user with the clause panel open: their client and the form's hidden fields."""
    client = client_as(app, role)
    html = client.get(URL).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert version and token, html
    return client, {"version": version.group(1), "csrf_token": token.group(1)}


def _save(client: FlaskClient, form: dict[str, str]) -> Callable[[], TestResponse]:
    def post() -> TestResponse:
        return client.post(URL, data=form)

    return post


def _shows_typed(html: str, typed: dict[str, str]) -> bool:
    """The form in ``html`` holds exactly these typed values."""
    return (
        f'value="{typed["sr_percentage"]}"' in html
        and f'<option selected value="{typed["sr_basis"]}">' in html
        and f'<option selected value="{typed["sr_form"]}">' in html
        and f"{typed['sr_clause_text']}</textarea>" in html
    )


def test_two_saves_of_the_same_version_one_wins_the_other_keeps_their_input(
    app: Flask, make_contract: Callable[..., Contract]
) -> None:
    make_contract(REF, sr_basis=None)  # so every typed field differs from the stored one
    opened = {role: _opened_form(app, role) for role in TYPED}
    version = int(opened["admin"][1]["version"])
    assert int(opened["contract_manager"][1]["version"]) == version
    hook = FlushBarrier(set(TYPED))
    with listening(Session, "before_flush", hook.before_flush):
        workers = {
            role: Worker(role, _save(client, {**hidden, **TYPED[role]}))
            for role, (client, hidden) in opened.items()
        }
        for worker in workers.values():
            worker.start()
        responses = {role: worker.outcome() for role, worker in workers.items()}

    assert hook.based_on == dict.fromkeys(TYPED, version)  # both saves started from version N
    statuses = sorted(response.status_code for response in responses.values())
    assert statuses == [303, 409]
    winner = next(role for role, response in responses.items() if response.status_code == 303)
    loser = next(role for role in TYPED if role != winner)
    html = responses[loser].get_data(as_text=True)
    assert CONFLICT in html
    assert _shows_typed(html, TYPED[loser])  # their input is still on screen
    assert f"{TYPED[winner]['sr_clause_text']}</blockquote>" in html  # beside what is stored
    assert f'name="version" type="hidden" value="{version + 1}"' in html

    with app.app_context():
        session = app.extensions["sroi"].db.session
        stored = session.scalars(select(Contract).where(Contract.ref == REF)).one()
        assert stored.version == version + 1
        won = TYPED[winner]
        assert (stored.sr_basis, stored.sr_form, stored.sr_clause_text) == (
            won["sr_basis"],
            won["sr_form"],
            won["sr_clause_text"],
        )
        assert stored.sr_percentage == Decimal(won["sr_percentage"].replace(",", "."))
        edits = session.scalars(select(SrEdit)).all()
        author = NAMES[winner]
        assert {(edit.edited_by_name, edit.contract_version) for edit in edits} == {
            (author, version + 1)
        }
        assert {edit.field for edit in edits} == set(won)
