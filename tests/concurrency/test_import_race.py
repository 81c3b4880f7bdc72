"""Two people confirm a portfolio import at the same moment: one wins, nothing is mixed.

Both upload and preview an export through the import page (the same portfolio revision), then
both confirm from two threads released together. The first confirm to raise the portfolio
revision is paused inside its transaction until the second has sent its own ``UPDATE
sroi_portfolio_state … WHERE revision = :seen`` and is seen waiting for the row (PostgreSQL: a
lock wait in ``pg_stat_activity``; SQLite: the writer lock); then it commits. The second must
then find no row at the revision it saw and refuse with the stale-preview message.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from decimal import Decimal

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.test import TestResponse

from sroi_plugin.importing.apply import STALE_MESSAGE
from sroi_plugin.models import PORTFOLIO_STATE_ID
from sroi_plugin.models import Contract
from sroi_plugin.models import ContractRevision
from sroi_plugin.models import Modification
from sroi_plugin.models import PortfolioImport
from sroi_plugin.models import PortfolioState
from tests.helpers.concurrency import REVISION_UPDATE
from tests.helpers.concurrency import TIMEOUT
from tests.helpers.concurrency import RevisionRace
from tests.helpers.concurrency import Worker
from tests.helpers.concurrency import backends_waiting_on_lock
from tests.helpers.concurrency import client_as
from tests.helpers.concurrency import engine_of
from tests.helpers.concurrency import is_postgresql
from tests.helpers.concurrency import listening
from tests.helpers.concurrency import wait_until
from tests.helpers.import_page import confirm_url
from tests.helpers.import_page import token_of
from tests.helpers.import_page import upload
from tests.helpers.portfolio import SEEDED
from tests.helpers.portfolio import row
from tests.helpers.portfolio import run
from tests.helpers.portfolio import xlsx
from tests.helpers.web import follow
from tests.helpers.web import text_of

KNOWN = [f"GEM-{number}" for number in range(1, 6)]
#: each person's export: the known contracts at their own (higher) value, plus one new one
EXPORTS = {
    "procurement": ("inkoop.xlsx", "1.300.000", "GEM-INKOOP"),
    "admin": ("beheer.xlsx", "1.500.000", "GEM-BEHEER"),
}


def _seed(app: Flask) -> tuple[int, int]:
    """The known contracts, imported once: the revision both previews will see, the import."""
    with app.app_context():
        session = app.extensions["sroi"].db.session
        assert run(session, xlsx([row(ref, SEEDED) for ref in KNOWN])).committed
        revision = session.get_one(PortfolioState, PORTFOLIO_STATE_ID).revision
        return revision, session.scalars(select(PortfolioImport.id)).one()


def _previewed(app: Flask, role: str) -> tuple[FlaskClient, str, str]:
    """A user who uploaded their export and sees its preview: client, confirm URL, CSRF token."""
    file_name, value, new_ref = EXPORTS[role]
    changed = {**SEEDED, "Contractwaarde": value}
    data = xlsx([*(row(ref, changed) for ref in KNOWN), row(new_ref, changed)])
    client = client_as(app, role)
    _url, html = follow(client, upload(client, data, file_name))
    assert "5 gewijzigd" in text_of(html) and "1 nieuw" in text_of(html)
    return client, confirm_url(html), token_of(client)


def _confirm_after(
    barrier: threading.Barrier, client: FlaskClient, url: str, token: str
) -> Callable[[], TestResponse]:
    def confirm() -> TestResponse:
        barrier.wait(TIMEOUT)
        return client.post(url, data={"csrf_token": token})

    return confirm


def test_two_confirms_at_once_one_wins_the_other_is_told_and_nothing_is_mixed(
    app: Flask,
) -> None:
    # no app context stays pushed in this thread: requests would share it (and its session)
    seen, first_import = _seed(app)
    previews = {role: _previewed(app, role) for role in EXPORTS}
    race = RevisionRace(set(EXPORTS))
    engine = engine_of(app)
    barrier = threading.Barrier(len(EXPORTS))
    workers = {role: Worker(role, _confirm_after(barrier, *previews[role])) for role in EXPORTS}
    with (
        listening(engine, "before_cursor_execute", race.before),
        listening(engine, "after_cursor_execute", race.after),
    ):
        try:
            for worker in workers.values():
                worker.start()
            assert race.holding.wait(TIMEOUT), "no confirm raised the revision"
            winner = race.winner
            assert winner is not None
            loser = next(role for role in EXPORTS if role != winner)
            wait_until(lambda: loser in race.sent, "the second confirm's revision UPDATE")
            if is_postgresql(app):
                wait_until(
                    lambda: backends_waiting_on_lock(engine, REVISION_UPDATE) == 1,
                    "the second confirm to wait for the revision row's lock",
                )
            else:
                time.sleep(0.3)  # SQLite: it sits in the busy handler for the writer lock
            assert loser not in race.returned, "the second UPDATE did not wait for the first"
        finally:
            race.open()
        responses = {role: worker.outcome() for role, worker in workers.items()}

    # both transactions were open at once: the loser's UPDATE was sent while the winner held
    # its own, and only came back after the winner was let go (and committed)
    assert race.sent[loser] < race.released_at < race.returned[loser]  # type: ignore[operator]
    assert (race.rowcount[winner], race.rowcount[loser]) == (1, 0)

    won, lost = responses[winner], responses[loser]
    assert won.status_code == 303 and "/sroi/import/verwerkt/" in won.headers["Location"]
    lost_html = lost.get_data(as_text=True)
    assert lost.status_code == 409
    assert STALE_MESSAGE.replace("'", "&#39;") in lost_html
    with app.app_context():
        session = app.extensions["sroi"].db.session
        _assert_only_the_winner_landed(session, winner, loser, seen, first_import)


def _assert_only_the_winner_landed(
    session: Session, winner: str, loser: str, seen: int, first_import: int
) -> None:
    file_name, value, new_ref = EXPORTS[winner]
    imports = session.scalars(select(PortfolioImport).order_by(PortfolioImport.id)).all()
    assert [record.id for record in imports][0] == first_import and len(imports) == 2
    landed = imports[1]
    assert (landed.file_name, landed.revision) == (file_name, seen + 1)
    assert session.get_one(PortfolioState, PORTFOLIO_STATE_ID).revision == seen + 1

    amount = Decimal(value.replace(".", ""))
    stored = {c.ref: c.value_total for c in session.scalars(select(Contract))}
    assert stored == {**dict.fromkeys(KNOWN, amount), new_ref: amount}  # no row of the loser
    assert EXPORTS[loser][2] not in stored

    revisions = session.scalars(
        select(ContractRevision).where(ContractRevision.import_id != first_import)
    ).all()
    assert {revision.import_id for revision in revisions} == {landed.id}
    assert sorted((r.field, r.new_value) for r in revisions) == sorted(
        [("value_total", f"{amount:f}.00")] * len(KNOWN) + [("status", "active")]
    )
    changes = session.scalars(select(Modification)).all()
    assert {change.import_id for change in changes} == {landed.id}
    assert sorted(change.contract.ref for change in changes) == KNOWN  # one value_increase each
