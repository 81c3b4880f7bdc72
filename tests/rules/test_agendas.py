"""Meeting agendas, carried action items, participants, progress schedule, brainstorm form."""

from __future__ import annotations

from datetime import date

import pytest

from sroi_plugin.errors import ConfigError
from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.agendas import BRAINSTORM_FIELDS
from sroi_plugin.rules.agendas import BRAINSTORM_SECTIONS
from sroi_plugin.rules.agendas import MEETING_TYPES
from sroi_plugin.rules.agendas import ActionItem
from sroi_plugin.rules.agendas import action_item_problems
from sroi_plugin.rules.agendas import agenda_for
from sroi_plugin.rules.agendas import load_agenda_settings
from sroi_plugin.rules.agendas import progress_schedule
from sroi_plugin.rules.agendas import propose_participants
from sroi_plugin.rules.matrix import PersonId

TEAM: dict[str, list[PersonId]] = {
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

GOOD_ACTION = ActionItem("Vacatures schoonmaak delen met opdrachtnemer", "piet", date(2025, 3, 1))


def _titles(meeting_type: str, carried: list[ActionItem] | None = None) -> list[str]:
    return [item.title for item in agenda_for(meeting_type, carried or [])]


# --- agendas --------------------------------------------------------------------------------


def test_meeting_types_in_order() -> None:
    assert [meeting.key for meeting in MEETING_TYPES] == [
        "kennismaking", "verkenning", "voortgang", "evaluatie"
    ]


def test_first_meeting_follows_tabel_2() -> None:
    assert _titles("kennismaking") == [
        "Opening en update stand van zaken bij opdrachtgever m.b.t. Wet banenafspraak",
        "Toelichting over doelstelling en gewenste samenwerking",
        "Ervaringen opdrachtnemer inzake partnership op het gebied van inclusiviteit",
        "Ervaringen afdeling inkoop op het gebied van inclusiviteit",
        "Verkennen mogelijkheden partnership en afstemmen acties",
        "Rondvraag",
    ]
    assert {item.source for item in agenda_for("kennismaking")} == {
        "handreiking stap 2Bb, Tabel 2 (agenda 1e gesprek)"
    }


def test_second_meeting_lists_the_four_exploring_questions() -> None:
    items = agenda_for("verkenning")
    assert [item.title for item in items] == [
        "Opening",
        "Verkennen mogelijkheden voor opdrachtgever",
        "Afstemmen ambities en acties",
        "Rondvraag",
    ]
    assert len(items[1].points) == 4
    assert "natuurlijke uitstroom" in items[1].points[1]


def test_progress_meeting_has_the_action_plan_and_the_4a_checklist() -> None:
    items = {item.title: item for item in agenda_for("voortgang")}
    assert items["Voortgang actieplan"].source == "handreiking stap 4a (bepaal de agenda)"
    checklist = " ".join(items["Informatie uit de monitoring"].points)
    for expected in ("verloonde uren", "doelgroepregister", "Type doelgroep", "Bewijsmateriaal",
                     "AVG"):
        assert expected in checklist


def test_evaluation_covers_stap_4b() -> None:
    assert _titles("evaluatie") == [
        "Opening",
        "Impact",
        "Uitvraag en uitvoering verbeteren",
        "Sociale innovatie",
        "Lessen voor de volgende aanbesteding",
        "Resultaten delen en waarderen",
        "Rondvraag",
    ]
    assert agenda_for("evaluatie")[1].source == "handreiking stap 4b"


@pytest.mark.parametrize("meeting_type", ["kennismaking", "verkenning", "voortgang", "evaluatie"])
def test_every_agenda_item_has_dutch_text_and_a_source(meeting_type: str) -> None:
    for item in agenda_for(meeting_type):
        assert item.title and item.source.startswith("handreiking")


def test_unknown_meeting_type_is_refused() -> None:
    with pytest.raises(RuleInputError) as error:
        agenda_for("borrel")
    assert error.value.field == "meeting_type"


# --- carried action items -------------------------------------------------------------------


@pytest.mark.parametrize("meeting_type", ["kennismaking", "verkenning", "voortgang", "evaluatie"])
def test_open_actions_are_carried_in_right_after_the_opening(meeting_type: str) -> None:
    open_action = ActionItem("Personeelsschouw opvragen bij opdrachtnemer", "carla", None)
    done_action = ActionItem("Contract doorlichten op social return", "ingrid", None, done=True)
    items = agenda_for(meeting_type, [open_action, done_action])
    assert items[1].title == "Openstaande actiepunten"
    assert items[1].actions == (open_action,)
    assert len(items) == len(agenda_for(meeting_type)) + 1


def test_every_open_action_is_listed_in_order() -> None:
    first = ActionItem("Vacatures schoonmaak delen met opdrachtnemer", "piet", None)
    second = ActionItem("Doelgroepregister raadplegen via UWV", "hanna", None)
    assert agenda_for("voortgang", [first, second])[1].actions == (first, second)


def test_no_carried_item_when_all_actions_are_done() -> None:
    done = ActionItem("Contract doorlichten op social return", "ingrid", None, done=True)
    assert _titles("voortgang", [done]) == _titles("voortgang")
    assert "Openstaande actiepunten" not in _titles("voortgang", [done])


# --- participants ---------------------------------------------------------------------------


def test_first_meetings_invite_the_tabel_2_roles() -> None:
    assert propose_participants("kennismaking", TEAM) == [
        "sanne", "piet", "petra", "hanna", "ingrid", "carla", "iris", "olaf"
    ]
    assert propose_participants("verkenning", TEAM) == propose_participants("kennismaking", TEAM)


def test_progress_meeting_invites_monitoring_roles_and_contractor() -> None:
    assert propose_participants("voortgang", TEAM) == [
        "sanne", "piet", "petra", "hanna", "ingrid", "carla", "olaf"
    ]


def test_evaluation_invites_the_working_group_and_contractor_not_the_executive() -> None:
    invited = propose_participants("evaluatie", TEAM)
    assert "karel" in invited and "iris" in invited and "olaf" in invited
    assert "bert" not in invited


def test_person_in_several_roles_is_invited_once() -> None:
    team: dict[str, list[PersonId]] = {
        "project_coordinator": [1, 2], "hr_expert": [1], "contract_manager": [3]
    }
    assert propose_participants("voortgang", team) == [1, 2, 3]


def test_unheld_sr_coordinator_seat_goes_to_the_project_coordinators() -> None:
    settings = load_agenda_settings({"participants": {"voortgang": ["sr_coordinator"]}})
    team = {key: value for key, value in TEAM.items() if key != "sr_coordinator"}
    assert propose_participants("voortgang", team, settings) == ["piet", "petra"]
    assert propose_participants("voortgang", TEAM, settings) == ["sanne"]


def test_participants_can_be_overridden_per_meeting_type() -> None:
    settings = load_agenda_settings({"participants": {"voortgang": ["contract_manager"]}})
    assert propose_participants("voortgang", TEAM, settings) == ["carla"]
    assert "olaf" in propose_participants("evaluatie", TEAM, settings)


# --- progress schedule ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "frequency", "until", "expected"),
    [
        # month ends: keep the anchor day, clamp to shorter months (leap year 2024)
        (date(2024, 1, 31), "maandelijks", date(2024, 5, 31),
         [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30),
          date(2024, 5, 31)]),
        # not a leap year
        (date(2025, 1, 31), "maandelijks", date(2025, 3, 30),
         [date(2025, 1, 31), date(2025, 2, 28)]),
        # December to January crosses the year
        (date(2024, 11, 15), "maandelijks", date(2025, 1, 15),
         [date(2024, 11, 15), date(2024, 12, 15), date(2025, 1, 15)]),
        (date(2024, 11, 30), "per_kwartaal", date(2025, 11, 30),
         [date(2024, 11, 30), date(2025, 2, 28), date(2025, 5, 30), date(2025, 8, 30),
          date(2025, 11, 30)]),
        (date(2023, 8, 31), "halfjaarlijks", date(2025, 3, 1),
         [date(2023, 8, 31), date(2024, 2, 29), date(2024, 8, 31), date(2025, 2, 28)]),
        (date(2024, 12, 31), "halfjaarlijks", date(2026, 1, 1),
         [date(2024, 12, 31), date(2025, 6, 30), date(2025, 12, 31)]),
        # boundaries: until equal to start, and one day short of the next meeting
        (date(2025, 4, 1), "maandelijks", date(2025, 4, 1), [date(2025, 4, 1)]),
        (date(2025, 4, 1), "per_kwartaal", date(2025, 6, 30), [date(2025, 4, 1)]),
        (date(2025, 4, 1), "per_kwartaal", date(2025, 7, 1), [date(2025, 4, 1), date(2025, 7, 1)]),
    ],
)
def test_progress_schedule(
    start: date, frequency: str, until: date, expected: list[date]
) -> None:
    assert progress_schedule(start, frequency, until) == expected


def test_schedule_with_an_added_frequency() -> None:
    settings = load_agenda_settings(
        {"frequencies": {"tweemaandelijks": {"label": "Tweemaandelijks", "months": 2}}}
    )
    assert progress_schedule(date(2025, 12, 31), "tweemaandelijks", date(2026, 4, 30),
                             settings) == [date(2025, 12, 31), date(2026, 2, 28),
                                           date(2026, 4, 30)]
    assert set(settings.frequencies) == {"maandelijks", "per_kwartaal", "halfjaarlijks",
                                         "tweemaandelijks"}


@pytest.mark.parametrize(
    ("frequency", "until", "field"),
    [("wekelijks", date(2026, 1, 1), "frequency"), ("maandelijks", date(2024, 12, 31), "until")],
)
def test_bad_schedule_input_is_refused(frequency: str, until: date, field: str) -> None:
    with pytest.raises(RuleInputError) as error:
        progress_schedule(date(2025, 1, 1), frequency, until)
    assert error.value.field == field


# --- action items ---------------------------------------------------------------------------


def test_smart_action_item_has_no_problems() -> None:
    assert action_item_problems(GOOD_ACTION) == []


@pytest.mark.parametrize(
    ("item", "starts"),
    [
        (ActionItem("Vacatures schoonmaak delen met opdrachtnemer", None, date(2025, 3, 1)),
         ["Geen eigenaar"]),
        (ActionItem("Vacatures schoonmaak delen met opdrachtnemer", "  ", date(2025, 3, 1)),
         ["Geen eigenaar"]),
        (ActionItem("Vacatures schoonmaak delen met opdrachtnemer", "piet", None),
         ["Geen deadline"]),
        (ActionItem("Bellen opdrachtnemer", "piet", date(2025, 3, 1)), ["Te vaag"]),
        (ActionItem("Bellen", None, None), ["Geen eigenaar", "Geen deadline", "Te vaag"]),
    ],
)
def test_action_item_problems(item: ActionItem, starts: list[str]) -> None:
    problems = action_item_problems(item)
    assert [problem.split(":")[0] for problem in problems] == starts


def test_three_words_is_concrete_enough_and_threshold_is_configurable() -> None:
    item = ActionItem("Bel de opdrachtnemer", 12, date(2025, 3, 1))
    assert action_item_problems(item) == []
    strict = load_agenda_settings({"action_min_words": 4})
    assert action_item_problems(item, strict) == [
        "Te vaag: omschrijf concreet wat er moet gebeuren (minstens 4 woorden)."
    ]


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"agenda": {}}, "agenda"),
        ({"action_min_words": 0}, "action_min_words"),
        ({"frequencies": {"wekelijks": {"label": "Wekelijks", "months": 0}}}, "wekelijks"),
        ({"frequencies": {"wekelijks": 1}}, "wekelijks"),
        ({"participants": {"borrel": ["hr_expert"]}}, "borrel"),
        ({"participants": {"voortgang": ["janitor"]}}, "voortgang"),
        ({"participants": ["hr_expert"]}, "participants"),
    ],
)
def test_bad_agenda_overrides_fail_naming_the_key(
    overrides: dict[str, object], named: str
) -> None:
    with pytest.raises(ConfigError, match=named):
        load_agenda_settings(overrides)


# --- brainstorm form ------------------------------------------------------------------------


def test_brainstorm_form_fields_in_order() -> None:
    assert [field.key for field in BRAINSTORM_FIELDS] == [
        "title", "description", "assignment_kind", "assignment_kind_other", "work_type",
        "labour_component", "what_needed", "who_needed", "how", "next_steps",
        "desired_results", "policy_fit",
    ]
    assert BRAINSTORM_FIELDS[0].label == "Titel aanbesteding/contract"


def test_brainstorm_fields_sit_in_the_forms_columns() -> None:
    sections = [key for key, _label in BRAINSTORM_SECTIONS]
    assert sections == ["in_beeld", "potentie", "vervolg"]
    assert all(field.section in sections for field in BRAINSTORM_FIELDS)


def test_brainstorm_choices() -> None:
    by_key = {field.key: field for field in BRAINSTORM_FIELDS}
    assert [value for value, _ in by_key["work_type"].choices] == ["works", "services", "supplies"]
    assert len(by_key["assignment_kind"].choices) == 5
    assert all(
        (field.kind == "choice") == bool(field.choices) for field in BRAINSTORM_FIELDS
    )
