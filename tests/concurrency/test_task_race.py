"""Four people save the same partnership task at the same moment.

All four open the task at the same version and post their own status and notes from four
threads. A barrier in the session's ``before_flush`` holds each save until all four have loaded
the task and passed the form's version check, so all four really start from version N. The
optimistic lock must let exactly one save through; the other three get the task page with a
Dutch 409 and what they typed still in the form, never a server error.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from sroi_plugin.models import Contract
from sroi_plugin.models import PartnershipEvent
from sroi_plugin.models import PartnershipTask
from tests.helpers.concurrency import TIMEOUT
from tests.helpers.concurrency import Worker
from tests.helpers.concurrency import client_as
from tests.helpers.concurrency import listening
from tests.helpers.partnerships import start_partnership
from tests.helpers.partnerships import tasks_of

RACERS = ("eerste", "tweede", "derde", "vierde")
#: what each racer types: a status and notes of their own
TYPED = {
    name: {"status": status, "due_date": f"1{number}-12-2026", "notes": f"Aantekening {name}"}
    for number, (name, status) in enumerate(
        zip(RACERS, ("bezig", "klaar", "bezig", "klaar"), strict=True), start=1
    )
}
CONFLICT = "heeft deze taak intussen gewijzigd"


class FirstFlushBarrier:
    """Holds each racing thread's first flush of the task until all have reached theirs."""

    def __init__(self, racers: set[str]) -> None:
        self.racers = racers
        self.barrier = threading.Barrier(len(racers))
        #: thread name → the task version its save was based on
        self.based_on: dict[str, int] = {}

    def before_flush(self, session: Session, *_args: Any) -> None:
        name = threading.current_thread().name
        if name not in self.racers or name in self.based_on:
            return
        task = next(o for o in session.dirty if isinstance(o, PartnershipTask))
        self.based_on[name] = task.version
        self.barrier.wait(TIMEOUT)


def _opened(app: Flask, url: str) -> tuple[FlaskClient, dict[str, str]]:
    """A contract manager with the task open: their client and the form's hidden fields."""
    client = client_as(app, "contract_manager")
    html = client.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert version and token, html
    return client, {"version": version.group(1), "csrf_token": token.group(1)}


def _save(client: FlaskClient, url: str, form: dict[str, str]) -> Callable[[], TestResponse]:
    def post() -> TestResponse:
        return client.post(url, data=form)

    return post


def test_four_saves_of_the_same_task_one_wins_the_others_get_409_with_their_input(
    app: Flask, make_contract: Callable[..., Contract]
) -> None:
    make_contract()
    partnership_id = start_partnership(client_as(app, "contract_manager"))
    task = next(t for t in tasks_of(app, partnership_id) if (t.step, t.role) == ("1", "hr_expert"))
    url = f"/sroi/partnerships/{partnership_id}/taken/{task.id}"
    opened = {name: _opened(app, url) for name in RACERS}
    assert {hidden["version"] for _client, hidden in opened.values()} == {str(task.version)}
    hook = FirstFlushBarrier(set(RACERS))
    with listening(Session, "before_flush", hook.before_flush):
        workers = {
            name: Worker(name, _save(client, url, {**hidden, **TYPED[name]}))
            for name, (client, hidden) in opened.items()
        }
        for worker in workers.values():
            worker.start()
        responses = {name: worker.outcome() for name, worker in workers.items()}

    assert hook.based_on == dict.fromkeys(RACERS, task.version)  # all started from version N
    statuses = sorted(response.status_code for response in responses.values())
    assert statuses == [303, 409, 409, 409]
    winner = next(name for name, response in responses.items() if response.status_code == 303)
    for name, response in responses.items():
        if name == winner:
            continue
        html = response.get_data(as_text=True)
        assert CONFLICT in html
        typed = TYPED[name]
        assert f'value="{typed["due_date"]}"' in html  # their input is still on screen
        assert f"{typed['notes']}</textarea>" in html
        assert f'<option selected value="{typed["status"]}">' in html
        # saving again overwrites knowingly: the form now carries the stored version
        assert f'name="version" type="hidden" value="{task.version + 1}"' in html

    with app.app_context():
        session = app.extensions["sroi"].db.session
        stored = session.get_one(PartnershipTask, task.id)
        assert (stored.version, stored.notes, stored.status) == (
            task.version + 1,
            TYPED[winner]["notes"],
            TYPED[winner]["status"],
        )
        logged = session.scalars(
            select(PartnershipEvent.summary).where(
                PartnershipEvent.partnership_id == partnership_id,
                PartnershipEvent.kind == "task",
            )
        ).all()
        assert len(logged) == 1  # only the winner's save is in the log
