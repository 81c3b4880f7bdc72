"""WTForms for the partnership workspace, and the Dutch labels its templates show.

Every message names its field ("Naam: …") so it reads on its own beside the input. The plugin
checks CSRF for every non-GET request itself (``web/csrf.py``), so these are plain
``wtforms.Form`` classes fed with ``request.form``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from datetime import time
from typing import Any

from wtforms import BooleanField  # type: ignore[import-untyped, unused-ignore]
from wtforms import HiddenField  # type: ignore[import-untyped, unused-ignore]
from wtforms import IntegerField  # type: ignore[import-untyped, unused-ignore]
from wtforms import RadioField  # type: ignore[import-untyped, unused-ignore]
from wtforms import SelectChoice  # type: ignore[import-untyped, unused-ignore]
from wtforms import SelectField  # type: ignore[import-untyped, unused-ignore]
from wtforms import SelectMultipleField  # type: ignore[import-untyped, unused-ignore]
from wtforms import StringField  # type: ignore[import-untyped, unused-ignore]
from wtforms import TextAreaField  # type: ignore[import-untyped, unused-ignore]
from wtforms import TimeField  # type: ignore[import-untyped, unused-ignore]
from wtforms import ValidationError  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import DataRequired  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import InputRequired  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import Length  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import NumberRange  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import Optional  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import Regexp  # type: ignore[import-untyped, unused-ignore]
from wtforms.widgets import CheckboxInput  # type: ignore[import-untyped, unused-ignore]
from wtforms.widgets import ListWidget  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.models import MEETING_KINDS
from sroi_plugin.models import ORGANISATIONS
from sroi_plugin.models import PARTNERSHIP_OUTCOMES
from sroi_plugin.models import PARTNERSHIP_ROUTES
from sroi_plugin.models import PARTNERSHIP_STATES
from sroi_plugin.models import TARGET_GROUPS
from sroi_plugin.models import TASK_STATUSES
from sroi_plugin.rules.agendas import BRAINSTORM_FIELDS
from sroi_plugin.rules.agendas import MEETING_TYPES
from sroi_plugin.rules.agendas import load_agenda_settings
from sroi_plugin.rules.matrix import ROLES
from sroi_plugin.rules.matrix import STEP_TITLES
from sroi_plugin.web.fields import DatePickerField
from sroi_plugin.web.fields import Form

#: Dutch names of the routes (handreiking Bijlage I).
ROUTE_LABELS = {
    "2A": "Route 2A — via een nieuwe aanbesteding",
    "2B": "Route 2B — binnen bestaande contracten",
    "both": "Beide routes (2A en 2B)",
}
#: Dutch names of the target groups (stap 1c).
TARGET_GROUP_LABELS = {
    "doelgroepregister": "Alleen mensen uit het doelgroepregister (banenafspraak)",
    "afstand_arbeidsmarkt": "Iedereen met een afstand tot de arbeidsmarkt",
}
#: Dutch names of the task statuses.
STATUS_LABELS = {"open": "Open", "bezig": "Bezig", "klaar": "Klaar", "nvt": "N.v.t."}
#: Dutch names of the organisations.
ORGANISATION_LABELS = {"eigen": "Eigen organisatie", "opdrachtnemer": "Opdrachtnemer"}
#: Dutch names of the Bijlage II roles (column labels).
ROLE_LABELS = {role.key: role.label for role in ROLES}
#: Short role labels for narrow grid headers.
ROLE_SHORT_LABELS = {role.key: role.label.removesuffix(" (indien aanwezig)") for role in ROLES}
#: Dutch names of the meeting kinds.
MEETING_LABELS = {meeting.key: meeting.label for meeting in MEETING_TYPES}
#: Dutch names of where a partnership stands.
STATE_LABELS = {"active": "Actief", "parked": "Geparkeerd", "closed": "Afgesloten"}
#: Dutch names of how a partnership ended (stap 2Bb: a partnership, not now, or not suitable).
OUTCOME_LABELS = {
    "formed": "Partnership gevormd",
    "not_now": "Nu niet — vraag social return uit bij de volgende aanbesteding",
    "not_suitable": "Niet geschikt",
}
assert set(ROUTE_LABELS) == set(PARTNERSHIP_ROUTES)
assert set(STATE_LABELS) == set(PARTNERSHIP_STATES)
assert set(OUTCOME_LABELS) == set(PARTNERSHIP_OUTCOMES)
assert set(TARGET_GROUP_LABELS) == set(TARGET_GROUPS)
assert set(STATUS_LABELS) == set(TASK_STATUSES)
assert set(ORGANISATION_LABELS) == set(ORGANISATIONS)
assert set(MEETING_LABELS) == set(MEETING_KINDS)


def labels() -> dict[str, Mapping[str, str]]:
    """Every label table, for the templates (``labels.role[key]`` …)."""
    return {
        "route": ROUTE_LABELS,
        "state": STATE_LABELS,
        "outcome": OUTCOME_LABELS,
        "target_group": TARGET_GROUP_LABELS,
        "status": STATUS_LABELS,
        "organisation": ORGANISATION_LABELS,
        "role": ROLE_LABELS,
        "role_short": ROLE_SHORT_LABELS,
        "meeting": MEETING_LABELS,
        "step": STEP_TITLES,
        "frequency": frequency_labels(),
    }


def frequency_labels() -> dict[str, str]:
    """Progress-meeting frequencies the organisation offers (``rules.agendas`` settings)."""
    return {key: value.label for key, value in load_agenda_settings().frequencies.items()}


def choices(pairs: Any) -> list[SelectChoice]:
    """``(value, label)`` pairs as WTForms choices (tuples are deprecated in WTForms 3.3)."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def _field_message(field_label: str, message: str) -> str:
    return f"{field_label}: {message}"


class DutchDateField(DatePickerField):  # type: ignore[misc, unused-ignore]
    """A date typed as ``31-12-2026`` (or any notation :func:`~sroi_plugin.rules.values.parse_date`
    reads) or picked as ``2026-12-31``; a Dutch error naming the field otherwise."""


class DutchTimeField(TimeField):  # type: ignore[misc, unused-ignore]
    """A time as ``10:00``, with a Dutch error."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse ``HH:MM``; the message names the field."""
        raw = " ".join(valuelist).strip() if valuelist else ""
        if not raw:
            self.data = None
            return
        try:
            self.data = datetime.strptime(raw, "%H:%M").time()  # noqa: DTZ007 - a time only
        except ValueError as exc:
            self.data = None
            raise ValueError(
                _field_message(str(self.label.text), f"{raw!r} is geen tijd; schrijf 10:00.")
            ) from exc


class DutchIntegerField(IntegerField):  # type: ignore[misc, unused-ignore]
    """A whole number, with a Dutch error naming the field."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Parse an integer; the message names the field."""
        raw = valuelist[0].strip() if valuelist and valuelist[0] else ""
        if not raw:
            self.data = None
            return
        try:
            self.data = int(raw)
        except ValueError as exc:
            self.data = None
            raise ValueError(
                _field_message(
                    str(self.label.text).split(" (")[0], "vul een heel aantal minuten in."
                )
            ) from exc


class MultiCheckboxField(SelectMultipleField):  # type: ignore[misc, unused-ignore]
    """Several choices as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _required(label: str) -> DataRequired:
    return DataRequired(message=_field_message(label, "vul dit veld in."))


def _max_length(label: str, maximum: int) -> Length:
    return Length(max=maximum, message=_field_message(label, f"maximaal {maximum} tekens."))


#: A plausible e-mail address (the address is only used for invitations).
_EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"

#: Separators between contract numbers in the contracts field.
_REF_SEPARATORS = re.compile(r"[\s,;]+")


def split_refs(text: str) -> list[str]:
    """Contract numbers from the contracts field (one per line, or separated by commas)."""
    return list(dict.fromkeys(ref for ref in _REF_SEPARATORS.split(text) if ref))


class PartnershipForm(Form):  # type: ignore[misc, unused-ignore]
    """Start a partnership, or change its name, links, goals and target group."""

    name = StringField("Naam", validators=[_required("Naam"), _max_length("Naam", 200)])
    route = RadioField(
        "Route",
        choices=choices(ROUTE_LABELS.items()),
        validators=[InputRequired(message="Route: kies route 2A, 2B of beide.")],
        validate_choice=False,
    )
    contract_refs = TextAreaField(
        "Contracten (contractnummers, één per regel)",
        validators=[_max_length("Contracten", 5000)],
    )
    tender_title = StringField(
        "Geplande aanbesteding (route 2A)",
        validators=[Optional(), _max_length("Geplande aanbesteding", 300)],
    )
    goals = TextAreaField(
        "Doelstellingen (stap 1c)", validators=[_max_length("Doelstellingen", 5000)]
    )
    target_group = RadioField(
        "Doelgroep (stap 1c)",
        choices=choices([("", "Nog niet gekozen"), *TARGET_GROUP_LABELS.items()]),
        default="",
        validate_choice=False,
    )
    #: the planned tender the partnership starts from (route 2A), from the tender's page
    planned_tender_id = HiddenField()

    def validate_planned_tender_id(self, field: HiddenField) -> None:
        """A tender id comes from the page: a whole number or nothing."""
        if field.data and not str(field.data).isdigit():
            raise ValidationError(
                "Geplande aanbesteding: het formulier noemt een ongeldige aanbesteding. "
                "Start opnieuw vanaf de pagina van de aanbesteding."
            )

    def validate_route(self, field: RadioField) -> None:
        """Only the three routes."""
        if field.data not in ROUTE_LABELS:
            raise ValidationError("Route: kies route 2A, 2B of beide.")

    def validate_target_group(self, field: RadioField) -> None:
        """One of the two target groups, or not chosen yet."""
        if field.data and field.data not in TARGET_GROUP_LABELS:
            raise ValidationError("Doelgroep: kies een van de twee doelgroepen.")


class PersonForm(Form):  # type: ignore[misc, unused-ignore]
    """Add a person to the partnership, or change them and their roles."""

    name = StringField("Naam", validators=[_required("Naam"), _max_length("Naam", 200)])
    email = StringField(
        "E-mail",
        validators=[
            Optional(),
            Regexp(_EMAIL, message="E-mail: dit is geen geldig e-mailadres (naam@organisatie.nl)."),
            _max_length("E-mail", 254),
        ],
    )
    organisation = RadioField(
        "Organisatie",
        choices=choices(ORGANISATION_LABELS.items()),
        default="eigen",
        validate_choice=False,
    )
    user_id = StringField(
        "Gebruikers-id (voor Mijn taken)",
        validators=[Optional(), _max_length("Gebruikers-id", 64)],
    )
    roles = MultiCheckboxField(
        "Rollen", choices=choices(ROLE_LABELS.items()), validate_choice=False
    )

    def validate_organisation(self, field: RadioField) -> None:
        """Own organisation or the contractor."""
        if field.data not in ORGANISATION_LABELS:
            raise ValidationError("Organisatie: kies eigen organisatie of opdrachtnemer.")

    def validate_roles(self, field: MultiCheckboxField) -> None:
        """Only the nine Bijlage II roles."""
        unknown = [role for role in field.data or [] if role not in ROLE_LABELS]
        if unknown:
            raise ValidationError(f"Rollen: onbekende rol {', '.join(unknown)}.")


class TaskForm(Form):  # type: ignore[misc, unused-ignore]
    """Update a task: status, due date, notes."""

    status = SelectField("Status", choices=choices(STATUS_LABELS.items()), validate_choice=False)
    due_date = DutchDateField("Deadline", validators=[Optional()])
    notes = TextAreaField("Notities", validators=[_max_length("Notities", 5000)])
    version = HiddenField()

    def validate_status(self, field: SelectField) -> None:
        """One of the four statuses."""
        if field.data not in STATUS_LABELS:
            raise ValidationError("Status: kies open, bezig, klaar of n.v.t.")


class StepForm(Form):  # type: ignore[misc, unused-ignore]
    """Confirm moving to the next step; carries the step the user saw."""

    from_step = HiddenField()


class EndForm(Form):  # type: ignore[misc, unused-ignore]
    """Park or close a partnership with its outcome and a note (stap 2Bb, 4b)."""

    state = RadioField(
        "Wat wilt u doen",
        choices=choices([("parked", "Parkeren (later te heropenen)"), ("closed", "Afsluiten")]),
        validators=[InputRequired(message="Wat wilt u doen: kies parkeren of afsluiten.")],
    )
    outcome = RadioField(
        "Uitkomst",
        choices=choices(OUTCOME_LABELS.items()),
        validators=[InputRequired(message="Uitkomst: kies een van de drie uitkomsten.")],
    )
    note = TextAreaField(
        "Toelichting",
        validators=[_max_length("Toelichting", 2000)],
        description=(
            "Bij 'nu niet': hoe vraagt u social return uit bij de volgende aanbesteding? "
            "Dit verschijnt bij geplande aanbestedingen in dezelfde categorie."
        ),
    )
    #: the partnership version the form was loaded with (optimistic locking)
    version = HiddenField()


class MatrixCellForm(Form):  # type: ignore[misc, unused-ignore]
    """An admin's wording for one cell of the organisation's matrix."""

    text = TextAreaField(
        "Taak",
        validators=[_max_length("Taak", 2000)],
        description="Leeg laten schrapt deze taak voor nieuwe partnerships.",
    )
    revert = BooleanField("Terug naar de tekst van de handreiking")


class MeetingForm(Form):  # type: ignore[misc, unused-ignore]
    """Plan a meeting; for progress meetings a frequency and end date give the schedule."""

    kind = SelectField(
        "Soort overleg", choices=choices(MEETING_LABELS.items()), validate_choice=False
    )
    meeting_date = DutchDateField(
        "Datum", validators=[InputRequired(message="Datum: vul de datum van het overleg in.")]
    )
    start_time = DutchTimeField("Begintijd", validators=[Optional()], default=time(10, 0))
    duration_minutes = DutchIntegerField(
        "Duur (minuten)",
        default=90,
        validators=[
            InputRequired(message="Duur: vul de duur in minuten in."),
            NumberRange(min=15, max=480, message="Duur: tussen 15 en 480 minuten."),
        ],
    )
    location = StringField("Locatie", validators=[_max_length("Locatie", 200)])
    frequency = SelectField("Frequentie (voortgangsgesprekken)", choices=[], validate_choice=False)
    #: no ``Optional()``: it would skip :meth:`validate_until` for an empty field
    until = DutchDateField("Plannen tot en met")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.frequency.choices = choices([("", "Eenmalig"), *frequency_labels().items()])

    def validate_kind(self, field: SelectField) -> None:
        """One of the four meeting kinds."""
        if field.data not in MEETING_LABELS:
            raise ValidationError("Soort overleg: kies een soort uit de lijst.")

    def validate_frequency(self, field: SelectField) -> None:
        """A series only for progress meetings, with a known frequency."""
        if not field.data:
            return
        if field.data not in frequency_labels():
            raise ValidationError("Frequentie: kies maandelijks, per kwartaal of halfjaarlijks.")
        if self.kind.data != "voortgang":
            raise ValidationError(
                "Frequentie: alleen voortgangsgesprekken worden als reeks gepland."
            )

    def validate_until(self, field: DutchDateField) -> None:
        """A series needs an end date on or after the first meeting."""
        if not self.frequency.data:
            return
        if field.data is None:
            raise ValidationError("Plannen tot en met: vul de einddatum van de reeks in.")
        if self.meeting_date.data is not None and field.data < self.meeting_date.data:
            raise ValidationError("Plannen tot en met: deze datum ligt vóór de eerste datum.")


class MeetingDetailsForm(Form):  # type: ignore[misc, unused-ignore]
    """Change a planned meeting's date, time, duration, place and participants."""

    title = StringField("Titel", validators=[_required("Titel"), _max_length("Titel", 200)])
    meeting_date = DutchDateField(
        "Datum", validators=[InputRequired(message="Datum: vul de datum van het overleg in.")]
    )
    start_time = DutchTimeField("Begintijd", validators=[Optional()])
    duration_minutes = DutchIntegerField(
        "Duur (minuten)",
        validators=[
            InputRequired(message="Duur: vul de duur in minuten in."),
            NumberRange(min=15, max=480, message="Duur: tussen 15 en 480 minuten."),
        ],
    )
    location = StringField("Locatie", validators=[_max_length("Locatie", 200)])
    participants = MultiCheckboxField("Deelnemers", choices=[], validate_choice=False)


class AgendaItemForm(Form):  # type: ignore[misc, unused-ignore]
    """Add or change an agenda item."""

    title = StringField(
        "Agendapunt", validators=[_required("Agendapunt"), _max_length("Agendapunt", 300)]
    )
    description = TextAreaField("Toelichting", validators=[_max_length("Toelichting", 5000)])


class NotesForm(Form):  # type: ignore[misc, unused-ignore]
    """Notes taken on an agenda item."""

    notes = TextAreaField("Notities", validators=[_max_length("Notities", 10000)])


class ActionForm(Form):  # type: ignore[misc, unused-ignore]
    """An action item: what, who, when (SMART hints come from ``action_item_problems``)."""

    text = TextAreaField(
        "Actiepunt", validators=[_required("Actiepunt"), _max_length("Actiepunt", 2000)]
    )
    owner_id = SelectField("Eigenaar", choices=[], validate_choice=False)
    due_date = DutchDateField("Deadline", validators=[Optional()])
    item_id = HiddenField()


def _one_of(label: str, values: set[str]) -> Any:
    """Validator: empty, or one of ``values``."""

    def check(_form: Form, field: RadioField) -> None:
        if field.data and field.data not in values:
            raise ValidationError(f"{label}: kies een van de mogelijkheden.")

    return check


def brainstorm_form_class() -> type[Form]:
    """A form with one field per Bijlage III field (``BRAINSTORM_FIELDS``)."""
    fields: dict[str, Any] = {}
    for spec in BRAINSTORM_FIELDS:
        validators = [Optional(), _max_length(spec.label, 5000)]
        if spec.kind == "choice":
            fields[spec.key] = RadioField(
                spec.label,
                choices=choices(spec.choices),
                validators=[_one_of(spec.label, {value for value, _label in spec.choices})],
                description=spec.help,
                validate_choice=False,
            )
        elif spec.kind == "textarea":
            fields[spec.key] = TextAreaField(
                spec.label, validators=validators, description=spec.help
            )
        else:
            fields[spec.key] = StringField(spec.label, validators=validators, description=spec.help)
    fields["contract_id"] = SelectField(
        "Contract of aanbesteding", choices=[], validate_choice=False
    )
    fields["version"] = HiddenField()
    return type("BrainstormForm", (Form,), fields)
