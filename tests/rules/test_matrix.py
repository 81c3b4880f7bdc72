"""Bijlage II matrix, the route, role assignment and role warnings."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources

import pytest

from sroi_plugin.errors import ConfigError
from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.findings import Severity
from sroi_plugin.rules.matrix import ROLE_KEYS
from sroi_plugin.rules.matrix import ROLES
from sroi_plugin.rules.matrix import STEP_TITLES
from sroi_plugin.rules.matrix import STEPS
from sroi_plugin.rules.matrix import Cell
from sroi_plugin.rules.matrix import PersonId
from sroi_plugin.rules.matrix import RoleAssignment
from sroi_plugin.rules.matrix import assign_role_holders
from sroi_plugin.rules.matrix import load_matrix
from sroi_plugin.rules.matrix import load_role_rules
from sroi_plugin.rules.matrix import next_step
from sroi_plugin.rules.matrix import open_tasks_in_step
from sroi_plugin.rules.matrix import role_warnings
from sroi_plugin.rules.matrix import steps_for_route
from sroi_plugin.rules.matrix import tasks_for_partnership

TABLE_ORDER = (
    "sr_coordinator",
    "project_coordinator",
    "hr_expert",
    "procurement_expert",
    "category_manager",
    "contract_manager",
    "executive",
    "internal_client",
    "contractor",
)

#: Cells where the guide has no task (bijlage-ii-matrix.md).
EMPTY_CELLS = {
    ("1", "contractor"),
    ("2A", "executive"),
    ("2B", "executive"),
    ("3", "procurement_expert"),
    ("3", "executive"),
    ("4", "category_manager"),
    ("4", "internal_client"),
    ("5", "category_manager"),
}

#: A working group that satisfies every role rule.
FULL_TEAM: dict[str, list[PersonId]] = {
    "sr_coordinator": ["sanne"],
    "project_coordinator": ["piet", "petra"],
    "hr_expert": ["hanna"],
    "procurement_expert": ["ingrid"],
    "category_manager": ["karel"],
    "contract_manager": ["carla"],
    "executive": ["bert"],
    "internal_client": ["iris"],
    "contractor": ["olaf"],
}


def _without(*roles: str) -> dict[str, list[PersonId]]:
    return {role: persons for role, persons in FULL_TEAM.items() if role not in roles}


def _codes(holders: dict[str, list[PersonId]]) -> list[str]:
    return [finding.code for finding in role_warnings(holders)]


# --- the matrix data ------------------------------------------------------------------------


def test_steps_and_roles_are_in_the_guides_order() -> None:
    assert STEPS == ("1", "2A", "2B", "3", "4", "5")
    assert ROLE_KEYS == TABLE_ORDER
    assert set(STEP_TITLES) == set(STEPS)
    assert STEP_TITLES["2B"] == "Verken de mogelijkheden binnen bestaande overeenkomsten"


def test_only_the_sr_coordinator_is_optional() -> None:
    assert [role.key for role in ROLES if role.optional] == ["sr_coordinator"]
    assert ROLES[0].label == "Social return coördinator (indien aanwezig)"


def test_data_file_has_exactly_every_step_and_role() -> None:
    path = resources.files("sroi_plugin.rules") / "data" / "bijlage_ii.json"
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    assert list(cells) == list(STEPS)
    for step in STEPS:
        assert list(cells[step]) == list(ROLE_KEYS), step


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("role", TABLE_ORDER)
def test_every_cell_is_filled_except_where_the_guide_has_none(step: str, role: str) -> None:
    text = load_matrix().cell(step, role).text
    if (step, role) in EMPTY_CELLS:
        assert text is None
    else:
        assert text is not None and text.strip() == text and len(text) > 10


@pytest.mark.parametrize(
    ("step", "origin"),
    [("1", "afgeleid"), ("2A", "afgeleid"), ("2B", "seed"), ("3", "seed"), ("4", "seed"),
     ("5", "seed")],
)
def test_rows_1_and_2a_are_reconstructed_the_rest_from_the_table(step: str, origin: str) -> None:
    matrix = load_matrix()
    assert {matrix.cell(step, role).origin for role in ROLE_KEYS} == {origin}


def test_cells_carry_the_guides_text() -> None:
    matrix = load_matrix()
    assert matrix.cell("2B", "project_coordinator") == Cell("Stuurt werkgroep aan.", "seed")
    assert matrix.cell("4", "hr_expert").text == "Rapporteert resultaat aan HR-management."


def test_unknown_step_or_role_is_refused_with_the_field_named() -> None:
    with pytest.raises(RuleInputError) as step_error:
        load_matrix().cell("6", "hr_expert")
    assert step_error.value.field == "step"
    with pytest.raises(RuleInputError) as role_error:
        load_matrix().cell("1", "janitor")
    assert role_error.value.field == "role"


# --- edits and as_dict ----------------------------------------------------------------------


def test_edits_change_only_the_edited_cells_and_mark_them() -> None:
    original = load_matrix()
    edited = original.with_edits({("3", "procurement_expert"): "  Bewaakt de inkoopafspraken. "})
    assert edited.cell("3", "procurement_expert") == Cell("Bewaakt de inkoopafspraken.", "edited")
    assert edited.cell("3", "hr_expert") == original.cell("3", "hr_expert")
    assert original.cell("3", "procurement_expert").text is None  # the shipped matrix is untouched


def test_blank_edit_clears_the_cell() -> None:
    edited = load_matrix().with_edits({("2B", "project_coordinator"): "   "})
    assert edited.cell("2B", "project_coordinator") == Cell(None, "edited")


def test_edit_of_unknown_cell_is_refused() -> None:
    with pytest.raises(RuleInputError):
        load_matrix().with_edits({("2C", "hr_expert"): "x"})


def test_as_dict_shape() -> None:
    data = load_matrix().with_edits({("5", "category_manager"): "Deelt kennis."}).as_dict()
    assert set(data) == {"steps", "roles", "cells"}
    assert data["steps"] == list(STEPS)
    assert data["roles"] == list(TABLE_ORDER)
    assert list(data["cells"]) == list(STEPS)
    assert all(list(row) == list(TABLE_ORDER) for row in data["cells"].values())
    assert data["cells"]["5"]["category_manager"] == {"text": "Deelt kennis.", "origin": "edited"}
    assert data["cells"]["1"]["contractor"] == {"text": None, "origin": "afgeleid"}
    assert json.loads(json.dumps(data)) == data


# --- the route and tasks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("route", "steps"),
    [
        ("2A", ["1", "2A", "3", "4", "5"]),
        ("2B", ["1", "2B", "3", "4", "5"]),
        ("both", ["1", "2A", "2B", "3", "4", "5"]),
    ],
)
def test_steps_for_route(route: str, steps: list[str]) -> None:
    assert steps_for_route(route) == steps


def test_unknown_route_is_refused() -> None:
    with pytest.raises(RuleInputError) as error:
        steps_for_route("2C")
    assert error.value.field == "route"


@pytest.mark.parametrize(
    ("route", "current", "expected"),
    [("2A", "1", "2A"), ("2B", "1", "2B"), ("both", "2A", "2B"), ("2A", "2A", "3"),
     ("2B", "2B", "3"), ("both", "4", "5"), ("both", "5", None)],
)
def test_next_step(route: str, current: str, expected: str | None) -> None:
    assert next_step(route, current) == expected


def test_next_step_from_a_step_off_the_route_is_refused() -> None:
    with pytest.raises(RuleInputError) as error:
        next_step("2A", "2B")
    assert error.value.field == "current_step"


@pytest.mark.parametrize(
    ("route", "skipped"), [("2A", {"2B"}), ("2B", {"2A"}), ("both", set())]
)
def test_tasks_cover_every_filled_cell_on_the_route(route: str, skipped: set[str]) -> None:
    tasks = tasks_for_partnership(load_matrix(), route)
    on_route = [step for step in STEPS if step not in skipped]
    expected = [
        (step, role) for step in on_route for role in TABLE_ORDER if (step, role) not in EMPTY_CELLS
    ]
    assert [(task.step, task.role) for task in tasks] == expected
    assert all(task.text for task in tasks)


def test_tasks_follow_the_organisations_edits() -> None:
    matrix = load_matrix().with_edits(
        {("3", "procurement_expert"): "Bewaakt de inkoopafspraken.", ("2B", "contractor"): ""}
    )
    pairs = {(task.step, task.role) for task in tasks_for_partnership(matrix, "2B")}
    assert ("3", "procurement_expert") in pairs
    assert ("2B", "contractor") not in pairs


@dataclass(frozen=True)
class _StoredTask:
    step: str
    done: bool
    name: str


def test_open_tasks_of_the_current_step_are_listed() -> None:
    tasks = [
        _StoredTask("2B", False, "gesprek plannen"),
        _StoredTask("2B", True, "contracten inventariseren"),
        _StoredTask("3", False, "plaatsing"),
    ]
    assert [task.name for task in open_tasks_in_step(tasks, "2B")] == ["gesprek plannen"]
    assert open_tasks_in_step(tasks, "4") == []


# --- role holders ---------------------------------------------------------------------------


def test_unheld_sr_coordinator_falls_back_to_the_project_coordinator() -> None:
    assignments = assign_role_holders(_without("sr_coordinator"))
    fallback = assignments["sr_coordinator"]
    assert fallback == RoleAssignment("sr_coordinator", ("piet", "petra"), "project_coordinator")
    assert fallback.note is not None and "Projectcoördinator" in fallback.note
    assert list(assignments) == list(TABLE_ORDER)


def test_held_sr_coordinator_keeps_its_tasks() -> None:
    assignment = assign_role_holders(FULL_TEAM)["sr_coordinator"]
    assert assignment == RoleAssignment("sr_coordinator", ("sanne",))
    assert assignment.note is None


def test_empty_list_counts_as_unheld() -> None:
    holders = {**FULL_TEAM, "sr_coordinator": []}
    assert assign_role_holders(holders)["sr_coordinator"].fallback_from == "project_coordinator"


def test_only_the_optional_role_falls_back() -> None:
    assert assign_role_holders(_without("hr_expert"))["hr_expert"] == RoleAssignment(
        "hr_expert", ()
    )


def test_one_person_in_several_roles_and_duplicates_collapse() -> None:
    assignments = assign_role_holders({"hr_expert": [7, 7, 8], "project_coordinator": [7]})
    assert assignments["hr_expert"].holders == (7, 8)
    assert assignments["project_coordinator"].holders == (7,)


@pytest.mark.parametrize(
    ("holders", "field"),
    [
        ({"janitor": ["x"]}, "role_holders.janitor"),
        ({"hr_expert": "anna"}, "role_holders.hr_expert"),
    ],
)
def test_bad_role_holders_are_refused(holders: dict[str, object], field: str) -> None:
    with pytest.raises(RuleInputError) as error:
        assign_role_holders(holders)  # type: ignore[arg-type]
    assert error.value.field == field


# --- role warnings --------------------------------------------------------------------------


def test_full_team_gives_no_findings() -> None:
    assert role_warnings(FULL_TEAM) == []


def test_coordinator_without_backup_is_a_warning() -> None:
    findings = role_warnings({**FULL_TEAM, "project_coordinator": ["piet"]})
    assert [(f.code, f.severity) for f in findings] == [("SR_ROLE_NO_BACKUP", Severity.WARNING)]
    assert findings[0].source == "handreiking stap 1b (tip)"
    assert "back-up" in findings[0].explanation


def test_same_person_twice_is_no_backup() -> None:
    assert _codes({**FULL_TEAM, "project_coordinator": ["piet", "piet"]}) == ["SR_ROLE_NO_BACKUP"]


def test_no_coordinator_is_an_error_not_also_a_backup_warning() -> None:
    findings = role_warnings(_without("project_coordinator"))
    assert [(f.code, f.severity) for f in findings] == [
        ("SR_ROLE_NO_COORDINATOR", Severity.ERROR)
    ]


def test_backup_threshold_comes_from_the_rules() -> None:
    rules = load_role_rules({"coordinator_min_persons": 3})
    assert [f.code for f in role_warnings(FULL_TEAM, rules)] == ["SR_ROLE_NO_BACKUP"]
    assert role_warnings({**FULL_TEAM, "project_coordinator": ["piet"]},
                         load_role_rules({"coordinator_min_persons": 1})) == []


@pytest.mark.parametrize(
    ("missing", "fires"),
    [
        (("procurement_expert",), True),
        (("hr_expert",), True),
        (("internal_client",), True),
        (("contract_manager", "category_manager"), True),
        (("contract_manager",), False),  # the category manager fills the slot
        (("category_manager",), False),
        (("sr_coordinator",), False),  # optional: "indien aanwezig"
        (("contractor",), False),
    ],
)
def test_working_group_departments(missing: tuple[str, ...], fires: bool) -> None:
    codes = _codes(_without(*missing))
    assert codes.count("SR_ROLE_WERKGROEP_INCOMPLETE") == (1 if fires else 0)


def test_missing_department_is_named_in_dutch() -> None:
    (finding,) = role_warnings(_without("procurement_expert"))
    assert finding.title == "Werkgroep zonder inkoop"
    assert finding.severity is Severity.WARNING
    assert finding.source == "handreiking stap 1b"


def test_no_executive_is_an_ambassador_tip() -> None:
    (finding,) = role_warnings(_without("executive"))
    assert (finding.code, finding.severity) == ("SR_ROLE_NO_AMBASSADOR", Severity.INFO)


def test_working_group_slots_can_be_overridden() -> None:
    rules = load_role_rules(
        {"werkgroep_slots": [{"label": "contractbeheer", "roles": ["contract_manager"]}]}
    )
    assert _codes(_without("procurement_expert")) == ["SR_ROLE_WERKGROEP_INCOMPLETE"]
    assert role_warnings(_without("procurement_expert"), rules) == []
    assert [f.title for f in role_warnings(_without("contract_manager"), rules)] == [
        "Werkgroep zonder contractbeheer"
    ]


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"backup": 2}, "backup"),
        ({"coordinator_min_persons": 0}, "coordinator_min_persons"),
        ({"coordinator_min_persons": True}, "coordinator_min_persons"),
        ({"werkgroep_slots": [{"label": "x", "roles": ["janitor"]}]}, "werkgroep_slots"),
        ({"werkgroep_slots": [{"label": "x", "roles": []}]}, "werkgroep_slots"),
        ({"werkgroep_slots": "inkoop"}, "werkgroep_slots"),
    ],
)
def test_bad_role_rule_overrides_fail_naming_the_key(
    overrides: dict[str, object], named: str
) -> None:
    with pytest.raises(ConfigError, match=named):
        load_role_rules(overrides)
