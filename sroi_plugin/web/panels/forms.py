"""WTForms for the clause panel: the contract's social-return fields, with Dutch labels.

Every message names its field ("Percentage: …") so it reads on its own beside the input. The
plugin checks CSRF for every non-GET request itself (``web/csrf.py``), so this is a plain
``wtforms.Form`` fed with ``request.form``.
"""

from __future__ import annotations

from wtforms import HiddenField  # type: ignore[import-untyped, unused-ignore]
from wtforms import SelectField  # type: ignore[import-untyped, unused-ignore]
from wtforms import TextAreaField  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import AnyOf  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import Length  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import ValidationError  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.rules.values import sr_contradiction
from sroi_plugin.rules.vocabulary import SrApplies
from sroi_plugin.rules.vocabulary import SrBasis
from sroi_plugin.rules.vocabulary import SrForm
from sroi_plugin.rules.vocabulary import Term
from sroi_plugin.web.fields import Form
from sroi_plugin.web.fields import PercentageField


def option_labels(vocabulary: type[Term]) -> dict[str, str]:
    """``{code: label}`` with the label capitalised, as a select option reads."""
    return {term.value: term.label[:1].upper() + term.label[1:] for term in vocabulary}


#: Dutch names of the social-return forms (handreiking stap 2Ac).
SR_FORM_LABELS = option_labels(SrForm)
#: Dutch names of the bases the percentage is taken of.
SR_BASIS_LABELS = option_labels(SrBasis)
#: Whether the contract has social return: ja / nee / n.v.t. / onbekend.
HAS_SR_LABELS = option_labels(SrApplies)

#: Longest clause text accepted (a clause is a paragraph or two, not a whole contract).
MAX_CLAUSE_CHARS = 20_000


def _choices(labels: dict[str, str]) -> dict[str, str]:
    """Shorthand ``{value: label}`` choices with an empty first option."""
    return {"": "— niet ingevuld —", **labels}


class SrFieldsForm(Form):  # type: ignore[misc, unused-ignore]
    """The social-return fields a contract manager edits in the clause panel."""

    has_sr = SelectField(
        "Social return",
        choices=_choices(HAS_SR_LABELS),
        validate_choice=False,
        validators=[
            # None: a request without the field (an older page) keeps the stored answer
            AnyOf(
                ["", None, *SrApplies.codes()],
                message="Social return: kies ja, nee, n.v.t., onbekend of niets.",
            )
        ],
    )
    sr_percentage = PercentageField("Percentage")
    sr_basis = SelectField(
        "Grondslag",
        choices=_choices(SR_BASIS_LABELS),
        validate_choice=False,
        validators=[
            AnyOf(["", *SrBasis.codes()], message="Grondslag: kies projectsom, loonsom of niets.")
        ],
    )
    sr_form = SelectField(
        "Vorm",
        choices=_choices(SR_FORM_LABELS),
        validate_choice=False,
        validators=[
            AnyOf(
                ["", *SrForm.codes()],
                message=(
                    "Vorm: kies contractbepaling, gunningscriterium, minimumeis, "
                    "geschiktheidseis of niets."
                ),
            )
        ],
    )
    sr_clause_text = TextAreaField(
        "Clausuletekst",
        validators=[
            Length(
                max=MAX_CLAUSE_CHARS,
                message=f"Clausuletekst: hoogstens {MAX_CLAUSE_CHARS:,} tekens.".replace(",", "."),
            )
        ],
    )
    #: the contract version the form was loaded with (optimistic locking)
    version = HiddenField("Versie")

    def validate_version(self, field: HiddenField) -> None:
        """The version must be a whole number (it comes from the page, not from a person)."""
        if not str(field.data or "").strip().isdigit():
            raise ValidationError(
                "Versie: het formulier mist zijn versie. Laad de pagina opnieuw en probeer het "
                "nog eens."
            )

    def validate_has_sr(self, field: SelectField) -> None:
        """The answer must fit the percentage (the importer's rule): 'nee' and 5% contradict."""
        answer = SrApplies.lookup(field.data) if field.data else None
        problem = sr_contradiction(answer, self.sr_percentage.data)
        if problem is not None:
            raise ValidationError(f"Social return: {problem}. Pas een van beide aan.")

    @property
    def loaded_version(self) -> int:
        """The version the form was loaded with (call after validation)."""
        return int(str(self.version.data).strip())

    def text(self, name: str) -> str:
        """What the input for field ``name`` shows: the typed text, else the value.

        The template writes the inputs itself (WTForms' widgets cost most of the panel's time),
        so it asks the field for the text its widget would have shown.
        """
        return str(getattr(self, name)._value())

    def values(self) -> dict[str, object]:
        """The fields as the contract stores them: empty choices and blank text are ``None``."""
        text = (self.sr_clause_text.data or "").replace("\r\n", "\n")
        return {
            "has_sr": self.has_sr.data or None,
            "sr_percentage": self.sr_percentage.data,
            "sr_basis": self.sr_basis.data or None,
            "sr_form": self.sr_form.data or None,
            "sr_clause_text": text if text.strip() else None,
        }
