"""The modification notice (*aankondiging van een wijziging*) of a change allowed with publication.

legal-rules ("Grounds" 3 and 4): a modification under additional works (Aw 2012 art. 2.163d /
Richtlijn 2014/24 art. 72 lid 1 onder b) or unforeseeable circumstances (Aw 2012 art. 2.163e /
art. 72 lid 1 onder c) must be published. The law sets no term for it, so the term here is the
organisation's own setting (``SROI_NOTICE_DAYS``), counted from the date of the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from datetime import timedelta

#: Where the duty to publish comes from; shown beside every notice due.
NOTICE_SOURCE = (
    "Aw 2012 art. 2.163d en 2.163e / Richtlijn 2014/24 art. 72 lid 1: publicatie van een "
    "aankondiging van de wijziging verplicht"
)
#: The term is not the law's: it is the organisation's own.
TERM_SOURCE = "termijn: instelling van de organisatie"
#: Longest reference of a publication (the column's width).
MAX_REFERENCE_LENGTH = 100


@dataclass(frozen=True)
class NoticeDue:
    """A notice still to publish: by when, and whether that day has passed."""

    due_on: date
    overdue: bool
    days: int


def notice_due(change_date: date, days: int, today: date) -> NoticeDue:
    """The notice of a change dated ``change_date`` is due ``days`` days later (the
    organisation's term, :data:`TERM_SOURCE`); overdue once today is past that day."""
    due_on = change_date + timedelta(days=days)
    return NoticeDue(due_on=due_on, overdue=today > due_on, days=days)


def publication_date_problem(published_on: date, change_date: date, today: date) -> str | None:
    """Why a publication date cannot be right, or ``None``: not before the change, not later
    than today (a notice is recorded once it is published)."""
    if published_on > today:
        return "ligt in de toekomst; vul de datum in waarop de aankondiging is gepubliceerd"
    if published_on < change_date:
        return "ligt vóór de datum van de wijziging; een aankondiging volgt op de wijziging"
    return None
