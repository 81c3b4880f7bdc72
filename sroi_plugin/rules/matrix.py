"""Bijlage II: who does what in each step of the route, and the rules around the roles.

The matrix ships as data (``data/bijlage_ii.json``) with each cell's origin: ``seed`` for cells
taken from the guide's table, ``afgeleid`` for rows 1 and 2A that the table lacks and that were
reconstructed from the step chapters. An organisation adapts cells; the database keeps those
edits and :meth:`Matrix.with_edits` applies them, so this module stays pure.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any
from typing import Literal
from typing import Protocol
from typing import TypeAlias
from typing import TypedDict
from typing import TypeVar

from sroi_plugin.errors import ConfigError
from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.findings import Finding
from sroi_plugin.rules.findings import Severity
from sroi_plugin.rules.vocabulary import Role as UserRole

#: A person as the host identifies them (database id or login name).
PersonId: TypeAlias = int | str
#: Where a cell's text comes from: the guide's table, reconstructed, or changed by the organisation.
Origin: TypeAlias = Literal["seed", "afgeleid", "edited"]

#: The steps of the route (Bijlage I), in order.
STEPS: tuple[str, ...] = ("1", "2A", "2B", "3", "4", "5")
#: Dutch title of each step, as the guide names it.
STEP_TITLES: Mapping[str, str] = {
    "1": "Maak een actieplan en creëer draagvlak",
    "2A": "Verken de mogelijkheden bij aanbestedingen",
    "2B": "Verken de mogelijkheden binnen bestaande overeenkomsten",
    "3": "Realiseer de banen",
    "4": "Zorg voor monitoring en evaluatie",
    "5": "Borg de aanpak in beleid",
}
#: Which step-2 branches each route takes ("Besluit of je wil starten met een aanbesteding, een
#: bestaand inkoopcontract of beide routes wil bewandelen", Bijlage I, stap 1).
ROUTES: Mapping[str, frozenset[str]] = {
    "2A": frozenset({"2A"}),
    "2B": frozenset({"2B"}),
    "both": frozenset({"2A", "2B"}),
}
_BRANCH_STEPS = frozenset({"2A", "2B"})


@dataclass(frozen=True)
class Role:
    """One column of Bijlage II."""

    #: stable key stored in the database
    key: str
    #: Dutch column label
    label: str
    #: the guide marks the role "indien aanwezig": an organisation may not have it
    optional: bool = False
    #: role whose holders take over this role's tasks when nobody holds it
    fallback: str | None = None


#: The nine roles in the table's column order.
ROLES: tuple[Role, ...] = (
    Role(
        "sr_coordinator",
        "Social return coördinator (indien aanwezig)",
        optional=True,
        fallback="project_coordinator",
    ),
    Role("project_coordinator", "Projectcoördinator"),
    Role("hr_expert", "HR-expert"),
    Role("procurement_expert", "Inkoopexpert"),
    Role("category_manager", "Categoriemanager"),
    Role("contract_manager", "Contractmanager"),
    Role("executive", "Bestuurder"),
    Role("internal_client", "Interne opdrachtgever"),
    Role("contractor", "Opdrachtnemer"),
)
#: The role keys in table order.
ROLE_KEYS: tuple[str, ...] = tuple(role.key for role in ROLES)
_ROLE_BY_KEY: Mapping[str, Role] = {role.key: role for role in ROLES}
_COORDINATOR = "project_coordinator"
_AMBASSADOR = "executive"


@dataclass(frozen=True)
class Cell:
    """One (step, role) cell: the task text, or ``None`` where the role has no task."""

    text: str | None
    origin: Origin


class CellDict(TypedDict):
    """JSON form of a :class:`Cell`."""

    text: str | None
    origin: Origin


class MatrixDict(TypedDict):
    """JSON form of a :class:`Matrix` (``cells[step][role]``)."""

    steps: list[str]
    roles: list[str]
    cells: dict[str, dict[str, CellDict]]


@dataclass(frozen=True)
class Matrix:
    """The whole table: one row per step in :data:`STEPS`, one cell per role in :data:`ROLES`."""

    rows: tuple[tuple[Cell, ...], ...]

    def cell(self, step: str, role: str) -> Cell:
        """The cell for ``step`` and ``role``.

        :raises RuleInputError: for an unknown step or role.
        """
        return self.rows[_step_index(step)][_role_index(role)]

    def with_edits(self, edits: Mapping[tuple[str, str], str]) -> Matrix:
        """A copy with the organisation's edits applied; edited cells get origin ``edited``.

        Blank text clears the cell (the organisation drops that task).

        :param edits: new text per ``(step, role)``.
        :raises RuleInputError: for an unknown step or role.
        """
        rows = [list(row) for row in self.rows]
        for (step, role), text in edits.items():
            rows[_step_index(step)][_role_index(role)] = Cell(text.strip() or None, "edited")
        return Matrix(tuple(tuple(row) for row in rows))

    def as_dict(self) -> MatrixDict:
        """JSON-ready form for the CLI and the UI."""
        return {
            "steps": list(STEPS),
            "roles": list(ROLE_KEYS),
            "cells": {
                step: {
                    role: {"text": cell.text, "origin": cell.origin}
                    for role, cell in zip(ROLE_KEYS, row, strict=True)
                }
                for step, row in zip(STEPS, self.rows, strict=True)
            },
        }


def _step_index(step: str) -> int:
    if step not in STEPS:
        raise RuleInputError("step", f"Onbekende stap {step!r}; kies uit {', '.join(STEPS)}.")
    return STEPS.index(step)


def _role_index(role: str) -> int:
    if role not in _ROLE_BY_KEY:
        raise RuleInputError("role", f"Onbekende rol {role!r}; kies uit {', '.join(ROLE_KEYS)}.")
    return ROLE_KEYS.index(role)


@cache
def _table() -> Any:
    path = resources.files("sroi_plugin.rules") / "data" / "bijlage_ii.json"
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def load_matrix() -> Matrix:
    """The matrix as the guide gives it (handreiking Bijlage II; rows 1 and 2A afgeleid)."""
    cells = _table()["cells"]
    return Matrix(
        tuple(
            tuple(
                Cell(cells[step][role]["text"], cells[step][role]["origin"]) for role in ROLE_KEYS
            )
            for step in STEPS
        )
    )


# --- the route ------------------------------------------------------------------------------


def steps_for_route(route: str) -> list[str]:
    """The steps a partnership walks: 1, then 2A and/or 2B, then 3, 4, 5.

    Source: handreiking Bijlage I (stappenplan) and stap 1 ("beide routes").

    :param route: ``"2A"`` (new tender), ``"2B"`` (existing contract) or ``"both"``.
    :raises RuleInputError: for another route.
    """
    if route not in ROUTES:
        raise RuleInputError("route", f"Onbekende route {route!r}; kies uit 2A, 2B of both.")
    taken = ROUTES[route]
    return [step for step in STEPS if step not in _BRANCH_STEPS or step in taken]


def next_step(route: str, current: str) -> str | None:
    """The step after ``current`` on ``route``, ``None`` after the last (handreiking Bijlage I).

    :raises RuleInputError: when ``current`` is not on the route.
    """
    steps = steps_for_route(route)
    if current not in steps:
        raise RuleInputError(
            "current_step", f"Stap {current!r} hoort niet bij route {route!r}."
        )
    position = steps.index(current) + 1
    return steps[position] if position < len(steps) else None


def active_steps(route: str, current: str, track_done: str | None = None) -> tuple[str, ...]:
    """The steps a partnership works in now: on route ``both`` the 2A and 2B tracks run side by
    side, each until it is closed; on any other route just ``current``.

    Source: handreiking Bijlage I, stap 1 ("beide routes wil bewandelen"): a tender and the
    existing contracts are explored at the same time, and step 3 follows when both are done.

    :param current: the stored step; on route ``both`` a step-2 track stands for step 2 (a stored
        ``2B`` means the 2A track was walked before it, as partnerships once did in turn).
    :param track_done: on route ``both``, the step-2 track already closed while the other runs.
    :raises RuleInputError: when ``current`` or ``track_done`` is not on the route.
    """
    steps = steps_for_route(route)
    if current not in steps:
        raise RuleInputError("current_step", f"Stap {current!r} hoort niet bij route {route!r}.")
    if route != "both" or current not in _BRANCH_STEPS:
        return (current,)
    if track_done is not None and track_done not in _BRANCH_STEPS:
        raise RuleInputError("track_done", f"Spoor {track_done!r} is geen stap 2A of 2B.")
    done = {track_done, "2A"} if current == "2B" else {track_done}
    return tuple(step for step in ("2A", "2B") if step not in done)


@dataclass(frozen=True)
class StepMove:
    """Where a partnership stands after closing one of its active steps."""

    #: the step to store
    current_step: str
    #: the step-2 track closed while the other still runs (route ``both``), else ``None``
    track_done: str | None
    #: the steps that open now (their tasks get due dates); empty when only a track closed
    opened: tuple[str, ...]


def close_step(route: str, current: str, track_done: str | None, step: str) -> StepMove | None:
    """Close ``step`` (one of :func:`active_steps`) and move on; ``None`` after the last step.

    On route ``both`` step 1 opens the 2A and 2B tracks together, closing one track leaves the
    other running, and closing the second opens step 3 (handreiking Bijlage I, stap 1). Routes
    2A and 2B walk their steps in turn (:func:`next_step`).

    :raises RuleInputError: when ``step`` is not an active step.
    """
    active = active_steps(route, current, track_done)
    if step not in active:
        raise RuleInputError(
            "from_step", f"Stap {step!r} is nu niet actief; actief: {', '.join(active)}."
        )
    if route == "both" and step in _BRANCH_STEPS:
        if len(active) > 1:
            return StepMove(current, step, ())
        return StepMove("3", None, ("3",))
    following = next_step(route, step)
    if following is None:
        return None
    if route == "both" and following in _BRANCH_STEPS:
        return StepMove(following, None, ("2A", "2B"))
    return StepMove(following, None, (following,))


def route_link_problems(route: str, contracts: int, has_tender: bool) -> list[tuple[str, str]]:
    """What a partnership on ``route`` lacks to work with, as ``(field, Dutch message)``.

    Source: handreiking Bijlage I, stap 1 ("Besluit of je wil starten met een aanbesteding, een
    bestaand inkoopcontract of beide routes"): route 2B works within existing contracts, so it
    needs at least one; route 2A works on a tender, so it needs the planned tender or a contract
    that will be tendered again.

    :param contracts: how many contracts the partnership is linked to.
    :param has_tender: whether a planned tender is named.
    :raises RuleInputError: for an unknown route.
    """
    taken = ROUTES.get(route)
    if taken is None:
        raise RuleInputError("route", f"Onbekende route {route!r}; kies uit 2A, 2B of both.")
    problems: list[tuple[str, str]] = []
    if "2B" in taken and contracts == 0:
        problems.append(
            (
                "contracts",
                "Route 2B gaat over bestaande contracten: koppel minstens één contract.",
            )
        )
    if "2A" in taken and contracts == 0 and not has_tender:
        problems.append(
            (
                "tender_title",
                "Route 2A gaat over een aanbesteding: vul de geplande aanbesteding in "
                "of koppel het contract dat opnieuw wordt aanbesteed.",
            )
        )
    return problems


@dataclass(frozen=True)
class TaskSpec:
    """A task to create for a partnership: one non-empty Bijlage II cell on its route."""

    step: str
    role: str
    text: str


def tasks_for_partnership(matrix: Matrix, route: str) -> list[TaskSpec]:
    """Every task on the route, in step order then table column order.

    Source: handreiking Bijlage II (rollen en verantwoordelijkheden per stap), Bijlage I (route).
    """
    return [
        TaskSpec(step, role, cell.text)
        for step in steps_for_route(route)
        for role in ROLE_KEYS
        if (cell := matrix.cell(step, role)).text is not None
    ]


class TrackedTask(Protocol):
    """Anything with a step and a done flag (a stored task, a dataclass)."""

    @property
    def step(self) -> str: ...

    @property
    def done(self) -> bool: ...


_Task = TypeVar("_Task", bound=TrackedTask)


def open_tasks_in_step(tasks: Iterable[_Task], step: str) -> list[_Task]:
    """The tasks of ``step`` not yet done (handreiking Bijlage II), to show before moving on.

    Open tasks do not block the next step: the guide is a route, not a gate, so moving on is a
    deliberate action that lists what is still open.

    :raises RuleInputError: for an unknown step.
    """
    _step_index(step)
    return [task for task in tasks if task.step == step and not task.done]


# --- role holders ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleAssignment:
    """Who carries out a role's tasks.

    When nobody holds an optional role, its tasks fall to the holders of ``fallback_from``,
    so the UI can show that a stand-in does them.
    """

    #: the Bijlage II role whose tasks these are
    role: str
    #: the persons who carry them out
    holders: tuple[PersonId, ...]
    #: the role whose holders stand in, when nobody holds ``role`` itself
    fallback_from: str | None = None

    @property
    def note(self) -> str | None:
        """Dutch line for the UI when a stand-in does the tasks."""
        if self.fallback_from is None:
            return None
        return (
            f"Niemand vervult de rol {_ROLE_BY_KEY[self.role].label}; de taken vallen terug op "
            f"de {_ROLE_BY_KEY[self.fallback_from].label}."
        )


def _holders(role_holders: Mapping[str, Sequence[PersonId]]) -> dict[str, tuple[PersonId, ...]]:
    """Validate the input and give every role a tuple of distinct persons (maybe empty).

    One person may hold several roles and a role may have several holders (Bijlage II).
    """
    for role, persons in role_holders.items():
        if role not in _ROLE_BY_KEY:
            raise RuleInputError(f"role_holders.{role}", f"Onbekende rol {role!r}.")
        if isinstance(persons, str):
            raise RuleInputError(
                f"role_holders.{role}", "Geef een lijst van personen, geen losse tekst."
            )
    return {role: tuple(dict.fromkeys(role_holders.get(role, ()))) for role in ROLE_KEYS}


def assign_role_holders(
    role_holders: Mapping[str, Sequence[PersonId]],
) -> dict[str, RoleAssignment]:
    """Who does each role's tasks, applying the fallback for an unheld optional role.

    Source: handreiking Bijlage II ("Social return coördinator (indien aanwezig)") and stap 1b
    (the project coordinator is the organisation's "aanjager en coördinator").

    :param role_holders: persons per role key; missing roles are unheld.
    :returns: one assignment per role, in table order.
    :raises RuleInputError: for an unknown role or a bare string instead of a list.
    """
    holders = _holders(role_holders)
    result: dict[str, RoleAssignment] = {}
    for role in ROLES:
        if role.fallback is not None and not holders[role.key]:
            result[role.key] = RoleAssignment(role.key, holders[role.fallback], role.fallback)
        else:
            result[role.key] = RoleAssignment(role.key, holders[role.key])
    return result


@dataclass(frozen=True)
class WerkgroepSlot:
    """A department the working group should include; any one of ``roles`` fills it."""

    label: str
    roles: tuple[str, ...]


@dataclass(frozen=True)
class RoleRules:
    """Norms for the roles, from ``bijlage_ii.json`` with the organisation's overrides."""

    #: distinct persons the project coordinator role needs (the coordinator plus a back-up)
    coordinator_min_persons: int
    #: departments the working group should include (stap 1b)
    werkgroep_slots: tuple[WerkgroepSlot, ...]


def load_role_rules(overrides: Mapping[str, object] | None = None) -> RoleRules:
    """The role norms, with the organisation's overrides (same keys as ``role_rules`` in the JSON).

    :raises ConfigError: for an unknown key or a value of the wrong shape, naming the key.
    """
    raw: dict[str, object] = dict(_table()["role_rules"])
    for key, value in (overrides or {}).items():
        if key not in raw:
            raise ConfigError(f"role rules: unknown key {key!r}; known: {', '.join(raw)}")
        raw[key] = value
    minimum = raw["coordinator_min_persons"]
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1:
        raise ConfigError("role rules: 'coordinator_min_persons' must be an integer >= 1")
    return RoleRules(minimum, _werkgroep_slots(raw["werkgroep_slots"]))


def _werkgroep_slots(value: object) -> tuple[WerkgroepSlot, ...]:
    problem = "role rules: 'werkgroep_slots' must be a list of {label, roles: [role keys]}"
    if not isinstance(value, list):
        raise ConfigError(problem)
    slots = []
    for entry in value:
        if not isinstance(entry, Mapping):
            raise ConfigError(problem)
        label, roles = entry.get("label"), entry.get("roles")
        if not isinstance(label, str) or not isinstance(roles, list) or not roles:
            raise ConfigError(problem)
        if any(role not in _ROLE_BY_KEY for role in roles):
            raise ConfigError(f"{problem}; unknown role in {roles!r}")
        slots.append(WerkgroepSlot(label, tuple(roles)))
    return tuple(slots)


def role_warnings(
    role_holders: Mapping[str, Sequence[PersonId]],
    rules: RoleRules | None = None,
) -> list[Finding]:
    """What the guide asks of the role assignment that is missing.

    Sources: handreiking stap 1b (one coordinator must be appointed; TIP: always a back-up for
    the coordinator; the working group's departments), stap 1e (TIP: an ambassador from the
    board).

    :param rules: role norms; the shipped defaults when omitted.
    :raises RuleInputError: for an unknown role or a bare string instead of a list.
    """
    rules = rules or load_role_rules()
    holders = _holders(role_holders)
    findings = _coordinator_findings(len(holders[_COORDINATOR]), rules.coordinator_min_persons)
    findings += [
        _missing_slot(slot)
        for slot in rules.werkgroep_slots
        if not any(holders[role] for role in slot.roles)
    ]
    if not holders[_AMBASSADOR]:
        findings.append(
            Finding(
                code="SR_ROLE_NO_AMBASSADOR",
                severity=Severity.INFO,
                title="Geen bestuurder als ambassadeur",
                explanation=(
                    "Vraag iemand uit het bestuur om actief ambassadeur te zijn en communiceer "
                    "dat intern; het bestuur neemt ook het principebesluit en bekrachtigt het "
                    "actieplan."
                ),
                source="handreiking stap 1a, 1e",
            )
        )
    return findings


def _coordinator_findings(persons: int, minimum: int) -> list[Finding]:
    if persons == 0:
        return [
            Finding(
                code="SR_ROLE_NO_COORDINATOR",
                severity=Severity.ERROR,
                title="Geen projectcoördinator aangewezen",
                explanation=(
                    "Binnen de organisatie moet ten minste één coördinator worden aangewezen die "
                    "als aanjager optreedt; wijs de rol Projectcoördinator toe."
                ),
                source="handreiking stap 1b",
            )
        ]
    if persons < minimum:
        return [
            Finding(
                code="SR_ROLE_NO_BACKUP",
                severity=Severity.WARNING,
                title="Projectcoördinator zonder back-up",
                explanation=(
                    "Zorg dat er altijd een back-up is voor de coördinator: een tweede persoon "
                    "die zaken kan oppakken als de coördinator langdurig afwezig is of de "
                    "organisatie verlaat. Wijs de rol Projectcoördinator ook aan een tweede "
                    "persoon toe."
                ),
                source="handreiking stap 1b (tip)",
            )
        ]
    return []


def _missing_slot(slot: WerkgroepSlot) -> Finding:
    return Finding(
        code="SR_ROLE_WERKGROEP_INCOMPLETE",
        severity=Severity.WARNING,
        title=f"Werkgroep zonder {slot.label}",
        explanation=(
            f"De werkgroep bestaat uit medewerkers of vertegenwoordigers van alle relevante "
            f"afdelingen; er is niemand voor {slot.label} "
            f"({', '.join(_ROLE_BY_KEY[role].label for role in slot.roles)})."
        ),
        source="handreiking stap 1b",
    )


# --- the user who starts a partnership ------------------------------------------------------

#: The Bijlage II column each user role of the plugin works in (the roles share their names with
#: the table's columns, the HR adviser is its HR-expert, the procurement officer its
#: Inkoopexpert). Viewers, legal reviewers and admins have no column of their own.
_COLUMN_OF_USER_ROLE: Mapping[str, str] = {
    UserRole.SR_COORDINATOR: "sr_coordinator",
    UserRole.HR: "hr_expert",
    UserRole.PROCUREMENT: "procurement_expert",
    UserRole.CONTRACT_MANAGER: "contract_manager",
}


def starter_roles(user_roles: Iterable[str]) -> list[str]:
    """The Bijlage II roles the person who starts a partnership holds in it, in table order.

    Whoever starts the partnership takes part in its werkgroep (handreiking stap 1b: the
    werkgroep gathers people of the relevant departments; Bijlage II names their columns), in
    the column of the role they hold in the organisation. A user whose roles have no column
    (a viewer, legal reviewer or admin) gets none and is not added.
    """
    held = {_COLUMN_OF_USER_ROLE[role] for role in user_roles if role in _COLUMN_OF_USER_ROLE}
    return [key for key in ROLE_KEYS if key in held]
