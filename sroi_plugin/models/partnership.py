"""The partnership workspace: partnerships, people and roles, tasks, meetings.

A partnership walks the route of Bijlage I (step 1, then 2A and/or 2B, then 3, 4, 5) with one or
more contracts or a planned tender. Its tasks are the Bijlage II cells on its route, copied when
the partnership starts from the organisation's matrix (the shipped matrix plus the admins'
:class:`MatrixEdit` rows). Who does a task is not stored on the task: it follows the role
assignments, so a role assigned later (or the social return coordinator's fallback to the
project coordinator) is reflected at once. Every recorded edit keeps who and when, and the
partnership's :class:`PartnershipEvent` rows form its log.
"""

from __future__ import annotations

from datetime import date
from datetime import datetime
from datetime import time
from typing import Any

from sqlalchemy import JSON
from sqlalchemy import Boolean
from sqlalchemy import Column
from sqlalchemy import Date
from sqlalchemy import DateTime
from sqlalchemy import ForeignKey
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import Text
from sqlalchemy import Time
from sqlalchemy import UniqueConstraint
from sqlalchemy import select
from sqlalchemy.orm import Mapped
from sqlalchemy.orm import Session
from sqlalchemy.orm import mapped_column
from sqlalchemy.orm import relationship

from sroi_plugin.db import Base
from sroi_plugin.models.base import utcnow
from sroi_plugin.models.contract import Contract
from sroi_plugin.rules.agendas import MEETING_TYPES
from sroi_plugin.rules.matrix import ROUTES
from sroi_plugin.rules.matrix import Matrix
from sroi_plugin.rules.matrix import load_matrix

#: Routes a partnership can take (Bijlage I, stap 1: tender, existing contract, or both).
PARTNERSHIP_ROUTES: tuple[str, ...] = tuple(ROUTES)
#: The target group chosen in stap 1c: only the doelgroepregister, or everyone with a distance
#: to the labour market.
TARGET_GROUPS = ("doelgroepregister", "afstand_arbeidsmarkt")
#: Task statuses; ``klaar`` and ``nvt`` (not applicable) count as done.
TASK_STATUSES = ("open", "bezig", "klaar", "nvt")
#: Statuses that close a task.
DONE_STATUSES = frozenset({"klaar", "nvt"})
#: Where a partnership stands: running, parked (paused with an outcome) or closed.
PARTNERSHIP_STATES = ("active", "parked", "closed")
#: How a parked or closed partnership ended (stap 2Bb: formed, "not now", not suitable).
PARTNERSHIP_OUTCOMES = ("formed", "not_now", "not_suitable")
#: Whose organisation a person belongs to: the client's own or the contractor's.
ORGANISATIONS = ("eigen", "opdrachtnemer")
#: Meeting kinds, in the order a partnership meets (``rules.agendas.MEETING_TYPES``).
MEETING_KINDS: tuple[str, ...] = tuple(meeting.key for meeting in MEETING_TYPES)

#: Which contracts a partnership works with (a client may sit with all its suppliers at once).
partnership_contracts = Table(
    "sroi_partnership_contract",
    Base.metadata,
    Column(
        "partnership_id",
        ForeignKey("sroi_partnership.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column(
        "contract_id",
        ForeignKey("sroi_contract.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)

#: Who is invited to a meeting (proposed from the role assignments, then edited).
meeting_participants = Table(
    "sroi_meeting_participant",
    Base.metadata,
    Column("meeting_id", ForeignKey("sroi_meeting.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "person_id",
        ForeignKey("sroi_partnership_person.id", ondelete="CASCADE"),
        primary_key=True,
        index=True,
    ),
)


class Partnership(Base):
    """A working group with one or more contractors, walking the route of the handreiking."""

    __tablename__ = "sroi_partnership"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    #: ``2A`` (a tender), ``2B`` (existing contracts) or ``both``
    route: Mapped[str] = mapped_column(String(4))
    #: the step the partnership is in (``rules.matrix.STEPS``)
    current_step: Mapped[str] = mapped_column(String(4), default="1")
    #: on route ``both``, the step-2 track (2A or 2B) closed while the other still runs
    #: (``rules.matrix.active_steps``)
    track_done: Mapped[str | None] = mapped_column(String(4))
    #: the planned tender this partnership works on (route 2A), if any
    tender_title: Mapped[str | None] = mapped_column(String(300))
    #: the planned tender it started from (route 2A), if any
    planned_tender_id: Mapped[int | None] = mapped_column(
        ForeignKey("sroi_planned_tender.id", ondelete="SET NULL"), index=True
    )
    #: :data:`PARTNERSHIP_STATES`
    state: Mapped[str] = mapped_column(String(10), default="active")
    #: :data:`PARTNERSHIP_OUTCOMES` once parked or closed
    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    ended_by_id: Mapped[str | None] = mapped_column(String(64))
    ended_by_name: Mapped[str | None] = mapped_column(String(200))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: the goals set in stap 1c
    goals: Mapped[str] = mapped_column(Text, default="")
    #: the target group chosen in stap 1c (:data:`TARGET_GROUPS`); ``None`` = not chosen yet
    target_group: Mapped[str | None] = mapped_column(String(30))
    created_by_id: Mapped[str] = mapped_column(String(64))
    created_by_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    #: the linked contracts, by ref
    contracts: Mapped[list[Contract]] = relationship(
        Contract, secondary=partnership_contracts, order_by=Contract.ref
    )
    #: the people of the working group and the contractor, by name
    persons: Mapped[list[PartnershipPerson]] = relationship(
        "PartnershipPerson",
        back_populates="partnership",
        order_by="(PartnershipPerson.name, PartnershipPerson.id)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    #: the Bijlage II tasks on the route
    tasks: Mapped[list[PartnershipTask]] = relationship(
        "PartnershipTask",
        back_populates="partnership",
        order_by="PartnershipTask.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    #: meetings in date order
    meetings: Mapped[list[Meeting]] = relationship(
        "Meeting",
        back_populates="partnership",
        order_by="(Meeting.meeting_date, Meeting.start_time, Meeting.id)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    #: brainstorm forms (Bijlage III), one per contract or tender
    brainstorms: Mapped[list[Brainstorm]] = relationship(
        "Brainstorm",
        back_populates="partnership",
        order_by="Brainstorm.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    #: the log: who did what when, newest first
    events: Mapped[list[PartnershipEvent]] = relationship(
        "PartnershipEvent",
        order_by="(PartnershipEvent.at.desc(), PartnershipEvent.id.desc())",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __mapper_args__ = {"version_id_col": version}

    def role_holders(self) -> dict[str, list[int]]:
        """Person ids per role key, the input of the role rules."""
        holders: dict[str, list[int]] = {}
        for person in self.persons:
            for role in person.role_keys:
                holders.setdefault(role, []).append(person.id)
        return holders

    def __repr__(self) -> str:
        return f"<Partnership {self.id} {self.name!r}>"


class PartnershipPerson(Base):
    """Someone in the partnership: name, e-mail, organisation, and optionally their login."""

    __tablename__ = "sroi_partnership_person"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("sroi_partnership.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    #: ``eigen`` or ``opdrachtnemer`` (:data:`ORGANISATIONS`)
    organisation: Mapped[str] = mapped_column(String(20), default="eigen")
    #: the host's user id, so "Mijn taken" and access find this person
    user_id: Mapped[str | None] = mapped_column(String(64), index=True)
    created_by_id: Mapped[str] = mapped_column(String(64))
    created_by_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    partnership: Mapped[Partnership] = relationship(Partnership, back_populates="persons")
    #: the Bijlage II roles this person holds
    roles: Mapped[list[PartnershipRole]] = relationship(
        "PartnershipRole",
        back_populates="person",
        order_by="PartnershipRole.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    @property
    def role_keys(self) -> list[str]:
        """The role keys held, in the order they were assigned."""
        return [role.role for role in self.roles]


class PartnershipRole(Base):
    """One person holding one Bijlage II role; who assigned it and when."""

    __tablename__ = "sroi_partnership_role"
    __table_args__ = (UniqueConstraint("person_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("sroi_partnership_person.id", ondelete="CASCADE"), index=True
    )
    #: a key of ``rules.matrix.ROLE_KEYS``
    role: Mapped[str] = mapped_column(String(30))
    assigned_by_id: Mapped[str] = mapped_column(String(64))
    assigned_by_name: Mapped[str] = mapped_column(String(200))
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    person: Mapped[PartnershipPerson] = relationship(PartnershipPerson, back_populates="roles")


class PartnershipTask(Base):
    """A Bijlage II cell on the partnership's route: what a role does in a step."""

    __tablename__ = "sroi_partnership_task"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("sroi_partnership.id", ondelete="CASCADE"), index=True
    )
    step: Mapped[str] = mapped_column(String(4))
    role: Mapped[str] = mapped_column(String(30))
    #: the cell's text when the partnership started
    text: Mapped[str] = mapped_column(Text)
    #: :data:`TASK_STATUSES`
    status: Mapped[str] = mapped_column(String(10), default="open")
    due_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[str | None] = mapped_column(String(64))
    updated_by_name: Mapped[str | None] = mapped_column(String(200))
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    partnership: Mapped[Partnership] = relationship(Partnership, back_populates="tasks")

    __mapper_args__ = {"version_id_col": version}

    @property
    def done(self) -> bool:
        """``klaar`` or ``n.v.t.`` (what ``rules.matrix.open_tasks_in_step`` asks)."""
        return self.status in DONE_STATUSES

    def overdue(self, today: date) -> bool:
        """Not done and past its due date."""
        return not self.done and self.due_date is not None and self.due_date < today


class MatrixEdit(Base):
    """An admin's change to one cell of the organisation's matrix; rows are never updated.

    The latest row per (step, role) counts; ``reverted`` restores the shipped text.
    """

    __tablename__ = "sroi_matrix_edit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    step: Mapped[str] = mapped_column(String(4), index=True)
    role: Mapped[str] = mapped_column(String(30))
    #: the new wording; blank drops the task from the organisation's matrix
    text: Mapped[str] = mapped_column(Text, default="")
    #: back to the handreiking's text (``text`` is then ignored)
    reverted: Mapped[bool] = mapped_column(Boolean, default=False)
    edited_by_id: Mapped[str] = mapped_column(String(64))
    edited_by_name: Mapped[str] = mapped_column(String(200))
    edited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PartnershipEvent(Base):
    """One line of a partnership's log: what happened, who did it and when."""

    __tablename__ = "sroi_partnership_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("sroi_partnership.id", ondelete="CASCADE"), index=True
    )
    #: e.g. ``created``, ``step``, ``roles``, ``task``, ``meeting``, ``action``, ``brainstorm``
    kind: Mapped[str] = mapped_column(String(30))
    #: Dutch description for the log
    summary: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[str] = mapped_column(String(64))
    actor_name: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Meeting(Base):
    """A partnership meeting: kennismaking, verkenning, voortgang or evaluatie."""

    __tablename__ = "sroi_meeting"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("sroi_partnership.id", ondelete="CASCADE"), index=True
    )
    #: :data:`MEETING_KINDS`
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    meeting_date: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time | None] = mapped_column(Time)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=90)
    location: Mapped[str] = mapped_column(String(200), default="")
    #: for progress meetings planned as a series: the frequency key (``per_kwartaal`` …)
    frequency: Mapped[str | None] = mapped_column(String(20))
    #: stable UID of the calendar invitation
    uid: Mapped[str] = mapped_column(String(80), unique=True)
    created_by_id: Mapped[str] = mapped_column(String(64))
    created_by_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    partnership: Mapped[Partnership] = relationship(Partnership, back_populates="meetings")
    #: the agenda, in order
    items: Mapped[list[MeetingItem]] = relationship(
        "MeetingItem",
        back_populates="meeting",
        order_by="(MeetingItem.position, MeetingItem.id)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    #: action items agreed in this meeting
    actions: Mapped[list[MeetingAction]] = relationship(
        "MeetingAction",
        back_populates="meeting",
        order_by="MeetingAction.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    #: the invited people
    participants: Mapped[list[PartnershipPerson]] = relationship(
        PartnershipPerson,
        secondary=meeting_participants,
        order_by=(PartnershipPerson.name, PartnershipPerson.id),
    )

    @property
    def order_key(self) -> tuple[date, time, int]:
        """Sort key: date, start time, then creation order."""
        return (self.meeting_date, self.start_time or time(0, 0), self.id)


class MeetingItem(Base):
    """One agenda item, with the notes taken on it during or after the meeting."""

    __tablename__ = "sroi_meeting_item"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("sroi_meeting.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    #: the guide's step or table the item comes from; empty for items added by hand
    #: indexed: the monitoring panel finds the meetings that discussed a contract's lag by it
    source: Mapped[str] = mapped_column(String(300), default="", index=True)
    #: sub-questions or checklist lines
    points: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    notes_by_id: Mapped[str | None] = mapped_column(String(64))
    notes_by_name: Mapped[str | None] = mapped_column(String(200))
    notes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    added_by_id: Mapped[str] = mapped_column(String(64))
    added_by_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    meeting: Mapped[Meeting] = relationship(Meeting, back_populates="items")


class MeetingAction(Base):
    """An action item agreed in a meeting; carried into every later agenda until done."""

    __tablename__ = "sroi_meeting_action"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("sroi_meeting.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("sroi_partnership_person.id", ondelete="SET NULL"), index=True
    )
    due_date: Mapped[date | None] = mapped_column(Date)
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_by_id: Mapped[str | None] = mapped_column(String(64))
    done_by_name: Mapped[str | None] = mapped_column(String(200))
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[str] = mapped_column(String(64))
    created_by_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    meeting: Mapped[Meeting] = relationship(Meeting, back_populates="actions")
    owner: Mapped[PartnershipPerson | None] = relationship(PartnershipPerson)


class Brainstorm(Base):
    """A filled Bijlage III brainstorm form for one contract or tender of the partnership."""

    __tablename__ = "sroi_brainstorm"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    partnership_id: Mapped[int] = mapped_column(
        ForeignKey("sroi_partnership.id", ondelete="CASCADE"), index=True
    )
    #: the contract it is about; ``None`` for the planned tender
    contract_id: Mapped[int | None] = mapped_column(
        ForeignKey("sroi_contract.id", ondelete="SET NULL"), index=True
    )
    #: answers by ``BRAINSTORM_FIELDS`` key
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[str] = mapped_column(String(64))
    created_by_name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by_id: Mapped[str] = mapped_column(String(64))
    updated_by_name: Mapped[str] = mapped_column(String(200))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    partnership: Mapped[Partnership] = relationship(Partnership, back_populates="brainstorms")
    contract: Mapped[Contract | None] = relationship(Contract)

    __mapper_args__ = {"version_id_col": version}

    @property
    def title(self) -> str:
        """The form's title field, else the contract's title."""
        text = str(self.answers.get("title") or "").strip()
        if text:
            return text
        return self.contract.title if self.contract is not None else "Brainstorm"


# --- the organisation's matrix -------------------------------------------------------------


def matrix_edits(session: Session) -> dict[tuple[str, str], str]:
    """The edits in force: the latest :class:`MatrixEdit` per cell, unless it reverted."""
    latest: dict[tuple[str, str], MatrixEdit] = {}
    for edit in session.scalars(select(MatrixEdit).order_by(MatrixEdit.edited_at, MatrixEdit.id)):
        latest[(edit.step, edit.role)] = edit
    return {cell: edit.text for cell, edit in latest.items() if not edit.reverted}


def effective_matrix(session: Session) -> Matrix:
    """The organisation's matrix: Bijlage II with the admins' edits (``Matrix.with_edits``)."""
    return load_matrix().with_edits(matrix_edits(session))
