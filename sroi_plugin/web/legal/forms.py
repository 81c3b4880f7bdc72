"""WTForms for the change register and the legal review, with their Dutch labels.

Every message names its field ("Omschrijving: …") so it reads on its own beside the input. The
plugin checks CSRF for every non-GET request itself (``web/csrf.py``), so these are plain
``wtforms.Form`` classes fed with ``request.form``.
"""

from __future__ import annotations

from typing import Any

from wtforms import BooleanField  # type: ignore[import-untyped, unused-ignore]
from wtforms import HiddenField  # type: ignore[import-untyped, unused-ignore]
from wtforms import RadioField  # type: ignore[import-untyped, unused-ignore]
from wtforms import SelectField  # type: ignore[import-untyped, unused-ignore]
from wtforms import StringField  # type: ignore[import-untyped, unused-ignore]
from wtforms import TextAreaField  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import AnyOf  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import DataRequired  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import InputRequired  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import Length  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import Optional  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import ValidationError  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.models import CHANGE_KINDS
from sroi_plugin.models import DECISIONS
from sroi_plugin.rules.modification_notice import MAX_REFERENCE_LENGTH
from sroi_plugin.rules.vocabulary import Decision
from sroi_plugin.rules.vocabulary import Ground
from sroi_plugin.rules.vocabulary import Verdict
from sroi_plugin.web.fields import AmountField
from sroi_plugin.web.fields import DayField
from sroi_plugin.web.fields import Form

#: Dutch names of the kinds of change (the import's detected kinds and manual ones).
KIND_LABELS = {
    "value_increase": "Wijziging van de waarde",
    "term_extension": "Verlenging van de looptijd",
    "supplier_change": "Andere opdrachtnemer",
    "kind_change": "Andere soort opdracht",
    "category_change": "Andere inkoopcategorie",
    "manual": "Overige wijziging",
}

#: Dutch names of the grounds (Aw 2012 art. 2.163b–2.163f / Richtlijn 2014/24 art. 72).
GROUND_LABELS = {ground.value: ground.label for ground in Ground}

#: Dutch names of the checker's verdicts.
VERDICT_LABELS = {verdict.value: verdict.label for verdict in Verdict}

#: Dutch names of the legal reviewers' decisions.
DECISION_LABELS = {decision.value: decision.label for decision in Decision}
assert set(DECISION_LABELS) == set(DECISIONS)
assert set(KIND_LABELS) == set(CHANGE_KINDS)

#: The answers to a qualitative question; ``weet_niet`` is stored as ``None``.
ANSWER_CHOICES = {"ja": "Ja", "nee": "Nee", "weet_niet": "Weet ik niet"}
_ANSWER_VALUES = {"ja": True, "nee": False, "weet_niet": None}


def answer_value(field: RadioField) -> bool | None:
    """``ja``/``nee``/``weet_niet`` → ``True``/``False``/``None``."""
    return _ANSWER_VALUES.get(str(field.data))


def answer_key(value: bool | None) -> str:
    """The radio value for a stored answer."""
    return {True: "ja", False: "nee", None: "weet_niet"}[value]


def _answer(label: str, help_text: str) -> RadioField:
    return RadioField(
        label,
        choices=ANSWER_CHOICES,
        default="weet_niet",
        validate_choice=False,
        validators=[
            AnyOf(list(_ANSWER_VALUES), message=f"{label} Kies ja, nee of weet ik niet."),
        ],
        description=help_text,
    )


class ChangeForm(Form):  # type: ignore[misc, unused-ignore]
    """A contract change as a contract manager proposes it (or completes a detected draft)."""

    kind = SelectField(
        "Soort wijziging",
        choices=dict(KIND_LABELS),
        default="manual",
        validate_choice=False,
        validators=[AnyOf(list(KIND_LABELS), message="Soort wijziging: kies een van de soorten.")],
    )
    description = TextAreaField(
        "Omschrijving",
        validators=[
            DataRequired(message="Omschrijving: beschrijf wat er aan het contract verandert."),
            Length(max=4000, message="Omschrijving: maximaal 4000 tekens."),
        ],
    )
    modification_date = DayField(
        "Datum van de wijziging",
        validators=[InputRequired(message="Datum van de wijziging: vul de datum in.")],
        description="De datum waarop de wijziging ingaat; die bepaalt welke EU-drempel geldt.",
    )
    value_delta = AmountField(
        "Waardeverandering (€)",
        allow_negative=True,
        description=(
            "Hoeveel de contractwaarde (excl. btw) verandert; negatief voor een verlaging, 0 als "
            "de prijs gelijk blijft. Bij een verlenging zonder bedrag rekent de toets met de "
            "jaarwaarde."
        ),
    )
    new_end_date = DayField(
        "Nieuwe einddatum",
        description="Alleen bij een verlenging van de looptijd.",
    )
    ground = SelectField(
        "Grond voor de wijziging",
        choices={"": "— kies een grond —", **GROUND_LABELS},
        default="",
        validate_choice=False,
        validators=[
            AnyOf(
                list(GROUND_LABELS),
                message=(
                    "Grond voor de wijziging: kies een grond (of 'Geen van deze / weet ik niet')."
                ),
            )
        ],
        description=(
            "Op welke regel uit de Aanbestedingswet steunt de wijziging? Weet u het niet, kies dan "
            "'Geen van deze / weet ik niet'."
        ),
    )
    has_review_clause = BooleanField(
        "Het contract bevat een duidelijke herzieningsclausule of optie voor precies deze "
        "wijziging",
        description=(
            "Bijvoorbeeld een verlengingsoptie of prijsherzieningsclausule in de "
            "aanbestedingsstukken."
        ),
    )
    indexation = BooleanField(
        "Dit is een prijsherziening volgens de indexatieclausule van het contract",
        description=(
            "Telt niet mee als wijziging voor de de-minimisruimte, maar verhoogt de "
            "referentiewaarde van latere toetsen (Richtlijn 2014/24 art. 72 lid 3). Kies als grond "
            "meestal de herzieningsclausule."
        ),
    )
    changes_overall_nature = _answer(
        "Verandert de algehele aard van de opdracht?",
        "Bijvoorbeeld: een schoonmaakcontract wordt ook een beveiligingscontract, of er komt een "
        "heel ander soort werk of product bij.",
    )
    attracts_other_bidders = _answer(
        "Hadden andere bedrijven meegedaan of gewonnen als dit vanaf het begin in de "
        "aanbesteding had gestaan?",
        "Criterium a. Bijvoorbeeld: lichtere eisen, een ander volume of andere voorwaarden "
        "waardoor meer of andere inschrijvers hadden kunnen meedoen.",
    )
    shifts_economic_balance = _answer(
        "Verschuift het economisch evenwicht in het voordeel van de opdrachtnemer?",
        "Criterium b. Bijvoorbeeld: de opdrachtnemer krijgt meer betaald voor hetzelfde werk, "
        "of een risico dat bij de opdrachtnemer lag, komt bij de gemeente te liggen.",
    )
    extends_scope_considerably = _answer(
        "Wordt de omvang van de opdracht aanzienlijk groter?",
        "Criterium c. Bijvoorbeeld: veel meer locaties, uren of producten dan in het contract "
        "staan.",
    )
    successor_via_restructuring = _answer(
        "Komt de nieuwe opdrachtnemer in de plaats van de oude door een overname, fusie, "
        "verwerving of faillissement (opvolging na herstructurering)?",
        "Alleen bij vervanging van de opdrachtnemer (art. 2.163f Aw 2012). Bijvoorbeeld: de "
        "opdrachtnemer is overgenomen en het werk gaat over naar het overnemende bedrijf. Een "
        "ander bedrijf dat het werk gewoon overneemt, zonder zo'n herstructurering, telt niet.",
    )
    successor_meets_original_selection_criteria = _answer(
        "Voldoet de nieuwe opdrachtnemer aan de geschiktheidseisen (selectiecriteria) van de "
        "oorspronkelijke aanbesteding?",
        "Alleen bij vervanging van de opdrachtnemer. Bijvoorbeeld: dezelfde ervaring, "
        "financiële draagkracht en certificaten als in de aanbesteding gevraagd.",
    )
    adds_social_return = BooleanField(
        "Social return toevoegen: de wijziging voegt een social-returnverplichting toe aan het "
        "contract",
    )
    flagged = BooleanField(
        "Voorleggen aan een aanbestedingsjurist, ook als de toets geen bezwaar ziet",
    )
    flag_note = TextAreaField(
        "Toelichting voor de jurist",
        validators=[
            Optional(),
            Length(max=2000, message="Toelichting voor de jurist: maximaal 2000 tekens."),
        ],
    )
    #: optimistic lock when completing a detected draft
    version = HiddenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: problems that belong to no single field (e.g. contract data the check needs)
        self.general_errors: list[str] = []

    #: the fields the significance check reads (the live assessment looks only at these)
    ASSESSMENT_FIELDS = (
        "modification_date",
        "value_delta",
        "new_end_date",
        "ground",
        "has_review_clause",
        "changes_overall_nature",
        "attracts_other_bidders",
        "shifts_economic_balance",
        "extends_scope_considerably",
        "successor_via_restructuring",
        "successor_meets_original_selection_criteria",
    )
    #: the two questions asked only when the ground is contractor replacement (Aw 2012 2.163f)
    REPLACEMENT_QUESTIONS = (
        "successor_via_restructuring",
        "successor_meets_original_selection_criteria",
    )
    #: the four qualitative questions, in the order shown
    QUESTIONS = (
        "changes_overall_nature",
        "attracts_other_bidders",
        "shifts_economic_balance",
        "extends_scope_considerably",
    )


class FlagForm(Form):  # type: ignore[misc, unused-ignore]
    """Ask for legal review of a change that is already proposed."""

    flag_note = TextAreaField(
        "Toelichting voor de jurist",
        validators=[
            Optional(),
            Length(max=2000, message="Toelichting voor de jurist: maximaal 2000 tekens."),
        ],
    )


class DecisionForm(Form):  # type: ignore[misc, unused-ignore]
    """A legal reviewer's decision under a ground (the proposer's by default); the rationale is
    mandatory."""

    decision = RadioField(
        "Besluit",
        choices=dict(DECISION_LABELS),
        validate_choice=False,
        validators=[
            AnyOf(list(DECISION_LABELS), message="Besluit: kies een van de drie besluiten.")
        ],
    )
    ground = SelectField(
        "Grond van het besluit",
        choices=dict(GROUND_LABELS),
        validate_choice=False,
        validators=[AnyOf(list(GROUND_LABELS), message="Grond van het besluit: kies een grond.")],
        description=(
            "De grond waarop u de wijziging beoordeelt; standaard die van de contractmanager. "
            "Een andere grond haalt de wijziging uit de de-minimisruimte als die grond niet "
            "de-minimis is."
        ),
    )
    rationale = TextAreaField(
        "Motivering",
        validators=[
            DataRequired(
                message="Motivering: leg uit waarom u zo besluit; de motivering is verplicht."
            ),
            Length(max=10000, message="Motivering: maximaal 10.000 tekens."),
        ],
    )


class NoticeForm(Form):  # type: ignore[misc, unused-ignore]
    """The publication of a modification notice: when and under which reference."""

    published_on = DayField(
        "Gepubliceerd op",
        validators=[InputRequired(message="Gepubliceerd op: vul de publicatiedatum in.")],
    )
    reference = StringField(
        "Kenmerk van de aankondiging",
        validators=[
            DataRequired(
                message="Kenmerk van de aankondiging: vul het kenmerk in (bijv. van TenderNed)."
            ),
            Length(
                max=MAX_REFERENCE_LENGTH,
                message=f"Kenmerk van de aankondiging: maximaal {MAX_REFERENCE_LENGTH} tekens.",
            ),
        ],
    )


class BasisForm(Form):  # type: ignore[misc, unused-ignore]
    """The basis of the change tests: initial value, award date, indexation clause (inkoop).

    The initial value is required (it is what the 10%/15% and 50% limits are taken of); the
    award date may stay empty (the start date stands in, and the reasons say so).
    """

    initial_value = AmountField(
        "Initiële waarde (€, excl. btw)",
        description=(
            "De waarde bij gunning, zonder latere wijzigingen; de 10%/15%- en 50%-grenzen worden "
            "hiervan berekend (Richtlijn 2014/24 art. 72)."
        ),
    )
    award_date = DayField(
        "Gunningsdatum",
        description="Leeg laten als die onbekend is; de toets rekent dan met de begindatum.",
    )
    has_indexation_clause = BooleanField(
        "Het contract heeft een indexatieclausule (prijsindexatie)",
        description=(
            "Prijsherzieningen volgens die clausule verhogen de referentiewaarde van de toets "
            "(Richtlijn 2014/24 art. 72 lid 3)."
        ),
    )
    confirm_initial_value = BooleanField("De initiële waarde klopt (bevestigen)")
    #: optimistic lock: the contract's version the form was filled from
    version = HiddenField()

    def validate_initial_value(self, field: AmountField) -> None:
        """Required and above zero: the rules refuse a contract without one."""
        if field.data is None:
            raise ValidationError(f"{field.label.text}: vul de waarde bij gunning in.")
        if field.data <= 0:
            raise ValidationError(f"{field.label.text}: moet groter zijn dan nul.")
