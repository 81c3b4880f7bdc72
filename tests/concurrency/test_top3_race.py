"""Five people mark five different contractors for the top 3 at the same moment.

One slot is taken already, so two are free (or none, and three are free). A barrier in the
session's ``before_flush`` holds each mark until all five have read the current top 3 (and so
all five chose the same free slot). Exactly as many marks as there were free slots are stored,
one in each; the others are told the top 3 is full, naming the three contractors that really
are in it. A contractor with several contracts is one contractor: TAKEN has two.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from sroi_plugin.models import Contract
from sroi_plugin.models import PromisingMark
from tests.helpers.concurrency import TIMEOUT
from tests.helpers.concurrency import Worker
from tests.helpers.concurrency import client_as
from tests.helpers.concurrency import listening
from tests.helpers.web import HTMX
from tests.helpers.web import csrf_token_of

PAGE = "/sroi/kansrijk"
MARK_URL = "/sroi/kansrijk/top3"
TAKEN = "kvk:00000000"
RACING = [f"kvk:0000000{number}" for number in range(1, 6)]
FULL = "De top 3 is vol ("


def _name(key: str) -> str:
    return f"Leverancier {key[-1]}"


class FirstFlushBarrier:
    """Holds each racing thread's first flush (its new mark) until all have reached theirs."""

    def __init__(self, racers: set[str]) -> None:
        self.racers = racers
        self.barrier = threading.Barrier(len(racers))
        self.held: set[str] = set()

    def before_flush(self, session: Session, *_args: Any) -> None:
        name = threading.current_thread().name
        if name not in self.racers or name in self.held:
            return
        assert any(isinstance(new, PromisingMark) for new in session.new)
        self.held.add(name)
        self.barrier.wait(TIMEOUT)


def _mark_after(client: FlaskClient, key: str) -> Callable[[], TestResponse]:
    token = csrf_token_of(client, PAGE)

    def post() -> TestResponse:
        data = {"csrf_token": token, "opdrachtnemer": key}
        return client.post(MARK_URL, data=data, headers=HTMX)

    return post


def _stored(app: Flask) -> dict[int, str]:
    with app.app_context():
        session = app.extensions["sroi"].db.session
        marks = session.scalars(select(PromisingMark).where(PromisingMark.slot.is_not(None)))
        return {mark.slot: mark.contractor_key or "" for mark in marks if mark.slot is not None}


@pytest.mark.parametrize("taken", [0, 1], ids=["none-taken", "one-taken"])
def test_simultaneous_marks_fill_every_free_slot_and_only_then_say_full(
    app: Flask, make_contract: Callable[..., Contract], taken: int
) -> None:
    for key in [TAKEN, *RACING]:
        kvk = key.removeprefix("kvk:")
        make_contract(f"GEM-{kvk}", supplier_kvk=kvk, supplier_name=_name(key))
    make_contract("GEM-EXTRA", supplier_kvk="00000000", supplier_name=_name(TAKEN))
    if taken:
        first = client_as(app, "procurement")
        assert _mark_after(first, TAKEN)().status_code == 200
    free = 3 - taken
    hook = FirstFlushBarrier(set(RACING))
    workers = {
        key: Worker(key, _mark_after(client_as(app, "contract_manager"), key)) for key in RACING
    }
    with listening(Session, "before_flush", hook.before_flush):
        for worker in workers.values():
            worker.start()
        responses = {key: worker.outcome() for key, worker in workers.items()}

    assert hook.held == set(RACING)  # all five had read the top 3 before any mark was stored
    stored = _stored(app)
    assert sorted(stored) == [1, 2, 3]  # every slot taken, each by one contractor
    marked = [key for key, response in responses.items() if response.status_code == 200]
    refused = [key for key, response in responses.items() if response.status_code == 409]
    assert len(marked) == free and len(refused) == len(RACING) - free
    assert set(stored.values()) == {*marked, *([TAKEN] if taken else [])}
    names = ", ".join(f"<bdi>{_name(stored[slot])}</bdi>" for slot in sorted(stored))
    for key in marked:
        html = responses[key].get_data(as_text=True)
        assert f"Opdrachtnemer <bdi>{_name(key)}</bdi> staat nu in de top 3." in html
    for key in refused:
        html = responses[key].get_data(as_text=True)
        assert f"{FULL}{names}). Haal eerst een opdrachtnemer uit de top 3 voordat u" in html
        assert f"<bdi>{_name(key)}</bdi> kiest." in html
