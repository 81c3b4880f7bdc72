"""The contract's next progress meeting and its open recovery actions, for the monitoring panel.

When realisation lags, the contract manager puts the figures on the agenda of the next progress
meeting of the contract's partnership (:func:`put_on_agenda`, on an explicit POST); the actions
agreed there are that meeting's action items. Reading costs one query whatever the number of
partnerships, meetings or actions (the panel's query count stays flat).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Boolean
from sqlalchemy import Date
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import bindparam
from sqlalchemy import cast
from sqlalchemy import exists
from sqlalchemy import literal
from sqlalchemy import null
from sqlalchemy import select
from sqlalchemy import union_all
from sqlalchemy.orm import Session

from sroi_plugin.hostspec import SroiUser
from sroi_plugin.models import utcnow
from sroi_plugin.models.partnership import Meeting
from sroi_plugin.models.partnership import MeetingAction
from sroi_plugin.models.partnership import MeetingItem
from sroi_plugin.models.partnership import Partnership
from sroi_plugin.models.partnership import partnership_contracts
from sroi_plugin.rules.agendas import AgendaItem
from sroi_plugin.rules.recovery import PROGRESS_MEETING
from sroi_plugin.rules.recovery import recovery_source

_TITLE_MAX = 300


@dataclass(frozen=True)
class UpcomingMeeting:
    """The first progress meeting on or after today of one of the contract's partnerships."""

    partnership_id: int
    partnership_name: str
    meeting_id: int
    title: str
    meeting_date: date
    #: the contract's "achter op schema" item is on its agenda already
    on_agenda: bool


@dataclass(frozen=True)
class OpenAction:
    """An action not yet done, agreed in a meeting that discussed the contract's lag."""

    text: str
    due_date: date | None
    partnership_id: int
    meeting_id: int
    meeting_title: str


@dataclass(frozen=True)
class Recovery:
    """Where the lag of one contract is discussed."""

    #: an active partnership of the contract (the meeting's, when there is one)
    partnership_id: int | None
    partnership_name: str | None
    meeting: UpcomingMeeting | None
    actions: tuple[OpenAction, ...]


#: Built once with bind parameters (building a statement costs more than running it; the panel
#: runs it on every request, see ``make bench``).
_LINKED = select(partnership_contracts.c.partnership_id).where(
    partnership_contracts.c.contract_id == bindparam("contract_id")
)
_ON_AGENDA = exists().where(
    MeetingItem.meeting_id == Meeting.id, MeetingItem.source == bindparam("source")
)
#: Part 0: the first progress meeting on or after today of the contract's active partnerships
#: (or, without one, an active partnership: the meeting's columns are then NULL).
_NEXT_MEETING = (
    select(
        literal(0).label("part"),
        Partnership.id.label("partnership_id"),
        Partnership.name.label("partnership_name"),
        Meeting.id.label("meeting_id"),
        Meeting.title.label("title"),
        Meeting.meeting_date.label("meeting_date"),
        _ON_AGENDA.label("on_agenda"),
        # typed NULLs: PostgreSQL types an untyped NULL in a subquery as text, which a union
        # cannot match with a date, a boolean or an integer (SQLite accepts either)
        cast(null(), Text).label("text"),
        cast(null(), Date).label("due_date"),
        cast(null(), Boolean).label("due_missing"),
        cast(null(), Integer).label("action_id"),
    )
    .join(partnership_contracts, partnership_contracts.c.partnership_id == Partnership.id)
    .outerjoin(
        Meeting,
        (Meeting.partnership_id == Partnership.id)
        & (Meeting.kind == PROGRESS_MEETING)
        & (Meeting.meeting_date >= bindparam("today")),
    )
    .where(
        partnership_contracts.c.contract_id == bindparam("contract_id"),
        Partnership.state == "active",
    )
    .order_by(
        Meeting.meeting_date.is_(None),
        Meeting.meeting_date,
        Meeting.start_time,
        Meeting.id,
        Partnership.id,
    )
    .limit(1)
    .subquery()
)
#: Part 1: the open actions of the meetings of the contract's partnerships that had its lag on
#: the agenda.
_OPEN_ACTIONS = (
    select(
        literal(1).label("part"),
        Meeting.partnership_id.label("partnership_id"),
        cast(null(), String).label("partnership_name"),
        Meeting.id.label("meeting_id"),
        Meeting.title.label("title"),
        cast(null(), Date).label("meeting_date"),
        cast(null(), Boolean).label("on_agenda"),
        MeetingAction.text.label("text"),
        MeetingAction.due_date.label("due_date"),
        MeetingAction.due_date.is_(None).label("due_missing"),
        MeetingAction.id.label("action_id"),
    )
    .join(Meeting, MeetingAction.meeting_id == Meeting.id)
    .where(
        MeetingAction.done.is_(False),
        Meeting.id.in_(
            select(MeetingItem.meeting_id).where(MeetingItem.source == bindparam("source"))
        ),
        Meeting.partnership_id.in_(_LINKED),
    )
    .subquery()
)
#: Both parts in one statement: the meeting first, then the actions by due date (none last).
_RECOVERY = union_all(select(*_NEXT_MEETING.c), select(*_OPEN_ACTIONS.c)).order_by(
    "part", "due_missing", "due_date", "action_id"
)


def recovery_of(session: Session, contract_id: int, contract_ref: str, today: date) -> Recovery:
    """The next progress meeting of the contract's active partnerships, and the open actions
    of the meetings that had the contract's item (one query)."""
    rows = session.execute(
        _RECOVERY,
        {"source": recovery_source(contract_ref), "today": today, "contract_id": contract_id},
    ).all()
    actions = tuple(
        OpenAction(row.text, row.due_date, row.partnership_id, row.meeting_id, row.title)
        for row in rows
        if row.part == 1
    )
    first = next((row for row in rows if row.part == 0), None)
    if first is None:
        return Recovery(None, None, None, actions)
    meeting = (
        None
        if first.meeting_id is None
        else UpcomingMeeting(
            first.partnership_id,
            first.partnership_name,
            first.meeting_id,
            first.title,
            first.meeting_date,
            bool(first.on_agenda),
        )
    )
    return Recovery(first.partnership_id, first.partnership_name, meeting, actions)


def put_on_agenda(meeting: Meeting, item: AgendaItem, user: SroiUser) -> bool:
    """Put ``item`` on ``meeting``'s agenda, or update the item with the same source.

    The partnership's row is touched, so its version (optimistic lock) rejects a concurrent
    second write: two clicks at once add one item, the other gets a conflict at commit.

    :returns: ``True`` when the item was added, ``False`` when an existing one was updated.
    """
    # the partnership (and its version) is read before the agenda: a save that commits in
    # between either shows in the items read next, or fails this write's version check
    partnership = meeting.partnership
    existing = next((i for i in meeting.items if i.source == item.source), None)
    if existing is None:
        meeting.items.append(
            MeetingItem(
                position=max((i.position for i in meeting.items), default=-1) + 1,
                title=item.title[:_TITLE_MAX],
                description=item.description,
                source=item.source,
                points=list(item.points),
                added_by_id=user.id,
                added_by_name=user.name,
            )
        )
    else:
        existing.title = item.title[:_TITLE_MAX]
        existing.description = item.description
        existing.points = list(item.points)
    partnership.updated_at = utcnow()
    return existing is None
