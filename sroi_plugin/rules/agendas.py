"""Partnership meetings: agendas, who to invite, the progress schedule, action items, brainstorm.

The agenda texts come from the guide (Tabel 2 for the first two meetings with a contractor,
stap 4a for progress meetings, stap 4b for the evaluation) and live in ``data/agendas.json``
with the Bijlage III brainstorm form's fields. Open action items from earlier meetings are
carried into every next agenda until someone marks them done.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace
from datetime import date
from functools import cache
from importlib import resources
from typing import Any
from typing import Literal

from sroi_plugin.errors import ConfigError
from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.matrix import ROLE_KEYS
from sroi_plugin.rules.matrix import PersonId
from sroi_plugin.rules.matrix import assign_role_holders
from sroi_plugin.rules.months import EARLIEST_DAY
from sroi_plugin.rules.months import HORIZON_YEARS
from sroi_plugin.rules.months import add_months
from sroi_plugin.rules.months import horizon_end


@cache
def _data() -> Any:
    path = resources.files("sroi_plugin.rules") / "data" / "agendas.json"
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class ActionItem:
    """An agreed action; the guide wants each with an owner and a deadline (SMART, stap 1d)."""

    text: str
    #: the person responsible
    owner: PersonId | None
    due: date | None
    done: bool = False


@dataclass(frozen=True)
class AgendaItem:
    """One point on a meeting's agenda."""

    title: str
    description: str
    #: the guide's step or table this item comes from
    source: str
    #: sub-questions or checklist lines to go through
    points: tuple[str, ...] = ()
    #: open action items carried over from earlier meetings
    actions: tuple[ActionItem, ...] = ()


@dataclass(frozen=True)
class MeetingType:
    """A kind of partnership meeting and its standard agenda."""

    key: str
    #: Dutch name
    label: str
    source: str
    items: tuple[AgendaItem, ...]


@dataclass(frozen=True)
class BrainstormField:
    """One field of the Bijlage III brainstorm form, filled per contract or tender."""

    key: str
    #: Dutch label as the form prints it
    label: str
    #: Dutch help text (empty where the form's label says it all)
    help: str
    #: column of the form: ``in_beeld``, ``potentie`` or ``vervolg``
    section: str
    kind: Literal["text", "textarea", "choice"]
    #: ``(value, Dutch label)`` pairs for ``choice`` fields
    choices: tuple[tuple[str, str], ...] = ()


def _meeting(raw: Mapping[str, Any]) -> MeetingType:
    source: str = raw["source"]
    items = tuple(
        AgendaItem(
            title=item["title"],
            description=item["description"],
            source=item.get("source", source),
            points=tuple(item.get("points", ())),
        )
        for item in raw["items"]
    )
    return MeetingType(raw["key"], raw["label"], source, items)


#: The meeting types in the order a partnership meets: kennismaking, verkenning (Tabel 2),
#: voortgang (stap 4a), evaluatie (stap 4b).
MEETING_TYPES: tuple[MeetingType, ...] = tuple(_meeting(raw) for raw in _data()["meetings"])
_MEETING_BY_KEY: Mapping[str, MeetingType] = {meeting.key: meeting for meeting in MEETING_TYPES}
_CARRIED_ITEM = AgendaItem(**_data()["carried_actions_item"])

#: Source of the brainstorm form, for the page that shows it.
BRAINSTORM_SOURCE: str = _data()["brainstorm"]["source"]
#: The form's columns as ``(key, Dutch label)``, left to right.
BRAINSTORM_SECTIONS: tuple[tuple[str, str], ...] = tuple(
    (section["key"], section["label"]) for section in _data()["brainstorm"]["sections"]
)
#: The form's fields in order (handreiking Bijlage III).
BRAINSTORM_FIELDS: tuple[BrainstormField, ...] = tuple(
    BrainstormField(
        key=field["key"],
        label=field["label"],
        help=field["help"],
        section=field["section"],
        kind=field["kind"],
        choices=tuple((value, label) for value, label in field.get("choices", ())),
    )
    for field in _data()["brainstorm"]["fields"]
)


# --- settings -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Frequency:
    """A progress-meeting frequency the organisation offers."""

    label: str
    months: int


@dataclass(frozen=True)
class AgendaSettings:
    """Norms for meetings, from ``agendas.json`` ``settings`` with the organisation's overrides."""

    #: frequency key (``maandelijks`` …) to its label and interval in months
    frequencies: Mapping[str, Frequency]
    #: fewer words than this makes an action item too vague
    action_min_words: int
    #: meeting type to the roles invited, in invitation order
    participants: Mapping[str, tuple[str, ...]]


def load_agenda_settings(overrides: Mapping[str, object] | None = None) -> AgendaSettings:
    """The meeting norms with the organisation's overrides.

    ``frequencies`` and ``participants`` overrides are merged per entry (one meeting type's
    participants can change alone); ``action_min_words`` replaces the default.

    :raises ConfigError: for an unknown key or a value of the wrong shape, naming the key.
    """
    raw = _data()["settings"]
    frequencies = dict(raw["frequencies"])
    participants = dict(raw["participants"])
    min_words: object = raw["action_min_words"]
    for key, value in (overrides or {}).items():
        if key == "action_min_words":
            min_words = value
        elif key in ("frequencies", "participants") and isinstance(value, Mapping):
            (frequencies if key == "frequencies" else participants).update(value)
        else:
            raise ConfigError(
                f"agenda settings: unknown key or not a mapping: {key!r}; known: "
                "frequencies, participants, action_min_words"
            )
    return AgendaSettings(
        frequencies={key: _frequency(key, value) for key, value in frequencies.items()},
        action_min_words=_positive_int(min_words, "action_min_words"),
        participants={key: _participants(key, value) for key, value in participants.items()},
    )


def _positive_int(value: object, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"agenda settings: {key!r} must be an integer >= 1, got {value!r}")
    return value


def _frequency(key: str, value: object) -> Frequency:
    if not isinstance(value, Mapping) or not isinstance(value.get("label"), str):
        raise ConfigError(f"agenda settings: frequencies.{key} must be {{label, months}}")
    return Frequency(value["label"], _positive_int(value.get("months"), f"frequencies.{key}"))


def _participants(meeting_type: str, value: object) -> tuple[str, ...]:
    key = f"participants.{meeting_type}"
    if meeting_type not in _MEETING_BY_KEY:
        raise ConfigError(f"agenda settings: {key}: unknown meeting type")
    if not isinstance(value, list) or any(role not in ROLE_KEYS for role in value):
        raise ConfigError(f"agenda settings: {key} must be a list of role keys")
    return tuple(value)


# --- rules ----------------------------------------------------------------------------------


def _meeting_type(meeting_type: str) -> MeetingType:
    if meeting_type not in _MEETING_BY_KEY:
        raise RuleInputError(
            "meeting_type",
            f"Onbekend soort overleg {meeting_type!r}; kies uit {', '.join(_MEETING_BY_KEY)}.",
        )
    return _MEETING_BY_KEY[meeting_type]


def agenda_for(meeting_type: str, carried_actions: Sequence[ActionItem] = ()) -> list[AgendaItem]:
    """The agenda for a meeting, with open action items from earlier meetings carried in.

    Sources: handreiking Tabel 2 (stap 2Bb) for ``kennismaking`` and ``verkenning``, stap 4a
    for ``voortgang``, stap 4b for ``evaluatie``; actions with owner and deadline from stap 1d.
    Open actions form one item right after the opening, listing each; done ones drop off.

    :param carried_actions: the partnership's action items so far, done or not.
    :raises RuleInputError: for an unknown meeting type.
    """
    items = list(_meeting_type(meeting_type).items)
    still_open = tuple(action for action in carried_actions if not action.done)
    if still_open:
        items.insert(1, replace(_CARRIED_ITEM, actions=still_open))
    return items


def propose_participants(
    meeting_type: str,
    role_holders: Mapping[str, Sequence[PersonId]],
    settings: AgendaSettings | None = None,
) -> list[PersonId]:
    """Whom to invite: the holders of the roles the guide puts at this meeting, each once.

    Sources: handreiking Tabel 2 (participants of the first two meetings), stap 4a (procurement
    and contract management monitor together with HR, in the talks with the contractor),
    Bijlage II stap 4 (the contract manager involves the working group and the contractor in
    the evaluation). The executive is reported to, not invited. An unheld social return
    coordinator role falls back to the project coordinator (Bijlage II).

    :raises RuleInputError: for an unknown meeting type or role.
    """
    _meeting_type(meeting_type)
    settings = settings or load_agenda_settings()
    assignments = assign_role_holders(role_holders)
    roles = settings.participants[meeting_type]
    return list(dict.fromkeys(p for role in roles for p in assignments[role].holders))


#: The most meetings one series may plan (a typo in the end date should not plan a hundred).
MAX_SERIES = 48


def meeting_date_problem(label: str, day: date, today: date) -> str | None:
    """Why ``day`` cannot be a meeting date (Dutch, starting with ``label``), or ``None``.

    A plausibility bound, not a norm of the handreiking: a meeting lies between
    :data:`~sroi_plugin.rules.months.EARLIEST_DAY` and
    :data:`~sroi_plugin.rules.months.HORIZON_YEARS` years after ``today``, so a typo such as
    31-12-9999 never reaches the agenda, the calendar invitation or a series.
    """
    latest = horizon_end(today)
    if day < EARLIEST_DAY:
        return f"{label}: {format_date(day)} ligt vóór {format_date(EARLIEST_DAY)}."
    if day > latest:
        return (
            f"{label}: {format_date(day)} ligt meer dan {HORIZON_YEARS} jaar vooruit; plan "
            f"uiterlijk op {format_date(latest)}."
        )
    return None


def progress_schedule(
    start: date,
    frequency: str,
    until: date,
    settings: AgendaSettings | None = None,
    *,
    limit: int | None = None,
) -> list[date]:
    """Dates of the progress meetings from ``start`` up to and including ``until``.

    Source: handreiking stap 4a ("plan je per maand/kwartaal/halfjaar een voortgangsgesprek
    in"). Every date keeps the start's day of the month, clamped to shorter months
    (31 Jan → 29 Feb in a leap year → 31 Mar), so the schedule never drifts.

    :param frequency: a key of the settings' frequencies (``maandelijks``, ``per_kwartaal``,
        ``halfjaarlijks`` by default).
    :param limit: stop after ``limit + 1`` dates (enough to tell the caller that the series is
        too long, without computing centuries of dates).
    :raises RuleInputError: for an unknown frequency or ``until`` before ``start``.
    """
    settings = settings or load_agenda_settings()
    if frequency not in settings.frequencies:
        raise RuleInputError(
            "frequency",
            f"Onbekende frequentie {frequency!r}; kies uit {', '.join(settings.frequencies)}.",
        )
    if until < start:
        raise RuleInputError("until", "De einddatum ligt vóór de startdatum.")
    step = settings.frequencies[frequency].months
    dates: list[date] = []
    while (meeting := add_months(start, step * len(dates))) <= until:
        if start.year + (start.month - 1 + step * len(dates)) // 12 > date.max.year:
            break  # past the calendar's end (add_months saturates at date.max)
        dates.append(meeting)
        if limit is not None and len(dates) > limit:
            break
    return dates


def action_item_problems(item: ActionItem, settings: AgendaSettings | None = None) -> list[str]:
    """What keeps an action item from being SMART enough to follow up, in Dutch.

    Source: handreiking stap 1d ("Projecten en bijbehorende acties met een eigenaar en
    deadline (SMART)"). Checks only what a tool can see: an owner, a deadline, and a text
    that says more than a word or two.
    """
    settings = settings or load_agenda_settings()
    problems = []
    if item.owner is None or (isinstance(item.owner, str) and not item.owner.strip()):
        problems.append("Geen eigenaar: wijs iemand aan die dit actiepunt oppakt.")
    if item.due is None:
        problems.append("Geen deadline: spreek af wanneer dit actiepunt klaar is.")
    if len(item.text.split()) < settings.action_min_words:
        problems.append(
            "Te vaag: omschrijf concreet wat er moet gebeuren "
            f"(minstens {settings.action_min_words} woorden)."
        )
    return problems
