"""Marking the working group's top 3 of contractors (handreiking stap 2Ba: "Maak gezamenlijk
een top 3 van opdrachtnemers"), with who and when.

A contractor is named by its key (form field ``opdrachtnemer``); the older form field
``contract`` (a contract's reference) still works and marks that contract's contractor. Only a
contractor with an active contract can be marked. The unique ``slot`` of
:class:`~sroi_plugin.models.PromisingMark` decides between people marking at the same moment.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from flask import render_template
from flask import request
from flask import url_for
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.wrappers import Response

from sroi_plugin.db import current_session
from sroi_plugin.models import TOP_SLOTS
from sroi_plugin.models import Contract
from sroi_plugin.models import PromisingMark
from sroi_plugin.models import utcnow
from sroi_plugin.rules.contract_facts import CONTRACTOR_KEY_LENGTH
from sroi_plugin.rules.contract_facts import KVK_PREFIX
from sroi_plugin.rules.contract_facts import contractor_key
from sroi_plugin.rules.contract_facts import is_contractor_key
from sroi_plugin.rules.vocabulary import ContractStatus
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.formatting import isolate
from sroi_plugin.web.htmx import fragment_response
from sroi_plugin.web.htmx import is_htmx
from sroi_plugin.web.loading import contract_or_404
from sroi_plugin.web.portfolio.promising import MARK_ROLES
from sroi_plugin.web.portfolio.promising import Filters
from sroi_plugin.web.portfolio.promising import active_marks
from sroi_plugin.web.portfolio.promising import mark_key
from sroi_plugin.web.portfolio.promising import page_context
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post

#: htmx event fired after the top 3 changed.
TOP3_CHANGED_EVENT = "sroiTop3Changed"
#: How often a mark reads the top 3 again after losing a slot to someone marking at the same
#: moment: each lost slot is a slot taken, so after one try per slot the top 3 is full (only
#: marks removed at the same time can make it run out, and then the user is asked to retry).
MARK_ATTEMPTS = len(TOP_SLOTS) + 1


@dataclass(frozen=True)
class _Contractor:
    key: str
    name: str


def _after_change(filters: Filters, message: Markup, status: int = 200) -> Response:
    """After a mark/unmark: the page fragment again (htmx), a redirect (plain), or the refusal."""
    if status == 200:
        return respond_after_post(
            url_for("sroi.promising", **filters.args()),
            lambda: render_template(
                "sroi/portfolio/promising.html",
                **page_context(filters, message=message, refused=False),
            ),
            trigger=TOP3_CHANGED_EVENT,
        )
    context = page_context(filters, message=message, refused=True)
    if is_htmx():
        body = render_template("sroi/portfolio/promising.html", **context)
        return fragment_response(body, status)
    return render_panel("portfolio/promising", status, **context)


def _unnamed(key: str) -> str:
    """How a contractor known only by its KvK number is named."""
    return f"KvK {key.removeprefix(KVK_PREFIX)}"


def _active_contractor(key: str) -> _Contractor | None:
    """The contractor ``key`` when it has an active contract (named as its first one names it)."""
    rows = current_session().execute(
        select(Contract.supplier_kvk, Contract.supplier_name)
        .where(Contract.status == ContractStatus.ACTIVE.value)
        .order_by(Contract.ref)
    )
    names = [name or "" for kvk, name in rows if contractor_key(kvk, name) == key]
    if not names:
        return None
    return _Contractor(key, next((name for name in names if name), _unnamed(key)))


def _of_contract(ref: str) -> _Contractor | Markup:
    """The contractor of an active contract, or why it cannot be marked."""
    contract = contract_or_404(ref)
    if contract.status != ContractStatus.ACTIVE.value:
        return Markup("Contract {} is niet actief en kan niet in de top 3.").format(
            isolate(contract.ref)
        )
    key = contractor_key(contract.supplier_kvk, contract.supplier_name)
    if key is None:
        return Markup(
            "Bij contract {} is geen leverancier bekend. Vul de leverancier of het "
            "KvK-nummer aan om de opdrachtnemer in de top 3 te zetten."
        ).format(isolate(contract.ref))
    return _Contractor(key, contract.supplier_name or _unnamed(key))


def _chosen() -> _Contractor | Markup:
    """The contractor the form names (``opdrachtnemer``, else ``contract``), or why not."""
    key = str(request.form.get("opdrachtnemer", "")).strip()[:CONTRACTOR_KEY_LENGTH]
    ref = str(request.form.get("contract", "")).strip()
    if key:
        found = _active_contractor(key)
        if found is None:
            return Markup(
                "Deze opdrachtnemer heeft geen actieve contracten en kan niet in de top 3."
            )
        return found
    if ref:
        return _of_contract(ref)
    abort(400, description="Kies de opdrachtnemer die u in de top 3 wilt zetten.")


@bp.post("/kansrijk/top3")
@require_roles(*MARK_ROLES)
def promising_mark() -> Response:
    """Mark a contractor for the top 3; a fourth is refused (409) with the three named.

    The free slot is chosen from the marks as read, and the unique ``slot`` decides between
    people marking at the same moment: whoever lost a slot reads the top 3 again and takes the
    next free one, so a refusal means the three slots really are taken.
    """
    filters = Filters.from_values(request.form)
    chosen = _chosen()
    if isinstance(chosen, Markup):
        return _after_change(filters, chosen, 409)
    name = isolate(chosen.name)
    user = acting_user()
    session = current_session()
    for _attempt in range(MARK_ATTEMPTS):
        marks = active_marks()
        if any(mark_key(mark) == chosen.key for mark in marks):
            return _after_change(
                filters, Markup("Opdrachtnemer {} staat al in de top 3.").format(name)
            )
        free = [slot for slot in TOP_SLOTS if slot not in {mark.slot for mark in marks}]
        if not free:
            return _refuse_full(filters, name, marks)
        session.add(
            PromisingMark(
                contract_id=None,
                contractor_key=chosen.key,
                contractor_name=chosen.name[:200],
                slot=free[0],
                marked_by_id=user.id,
                marked_by_name=user.name,
                marked_at=utcnow(),
            )
        )
        try:
            session.commit()
        except IntegrityError:  # someone took this slot at the same moment: read again
            session.rollback()
            continue
        return _after_change(filters, Markup("Opdrachtnemer {} staat nu in de top 3.").format(name))
    return _after_change(
        filters,
        Markup(
            "Opdrachtnemer {} is niet gekozen: de top 3 werd tegelijk door anderen gewijzigd. "
            "Probeer het nog eens."
        ).format(name),
        409,
    )


def _shown_name(mark: PromisingMark) -> str:
    if mark.contractor_name:
        return mark.contractor_name
    return mark.contract.supplier_name or mark.contract.ref if mark.contract else "?"


def _refuse_full(filters: Filters, name: Markup, marks: list[PromisingMark]) -> Response:
    names = Markup(", ").join(isolate(_shown_name(mark)) for mark in marks)
    return _after_change(
        filters,
        Markup(
            "De top 3 is vol ({}). Haal eerst een opdrachtnemer uit de top 3 voordat u {} kiest."
        ).format(names, name),
        409,
    )


@bp.post("/kansrijk/top3/<path:key>/verwijderen")
@require_roles(*MARK_ROLES)
def promising_unmark(key: str) -> Response:
    """Take a contractor out of the top 3; the mark stays on record with who removed it.

    ``key`` is a contractor key, or a contract's reference (its contractor is meant).
    """
    filters = Filters.from_values(request.form)
    contract_id = None
    if not is_contractor_key(key):
        contract = contract_or_404(key)
        contract_id = contract.id
        key = contractor_key(contract.supplier_kvk, contract.supplier_name) or ""
    mark = next(
        (
            m
            for m in active_marks()
            if (key and mark_key(m) == key)
            or (contract_id is not None and not m.contractor_key and m.contract_id == contract_id)
        ),
        None,
    )
    if mark is None:
        return _after_change(filters, Markup("Deze opdrachtnemer stond niet (meer) in de top 3."))
    user = acting_user()
    mark.slot = None
    mark.unmarked_by_id = user.id
    mark.unmarked_by_name = user.name
    mark.unmarked_at = utcnow()
    name = isolate(_shown_name(mark))
    current_session().commit()
    return _after_change(filters, Markup("Opdrachtnemer {} is uit de top 3 gehaald.").format(name))
