"""The form of a planned tender (route 2A): what the tender will be, and its draft SR paragraph.

Amounts, percentages, the term and the date are read by the fields of :mod:`sroi_plugin.web.fields`
(the parsers of :mod:`sroi_plugin.rules.values`), so typed text stays in the input after an
error. The closed lists are the vocabulary's (:mod:`sroi_plugin.rules.vocabulary`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from wtforms import HiddenField  # type: ignore[import-untyped, unused-ignore]
from wtforms import SelectField  # type: ignore[import-untyped, unused-ignore]
from wtforms import StringField  # type: ignore[import-untyped, unused-ignore]
from wtforms import TextAreaField  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import AnyOf  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import DataRequired  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import Length  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import ValidationError  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.models import PlannedTender
from sroi_plugin.rules.vocabulary import AuthorityType
from sroi_plugin.rules.vocabulary import ContractKind
from sroi_plugin.web.fields import AmountField
from sroi_plugin.web.fields import DatePickerField
from sroi_plugin.web.fields import Form
from sroi_plugin.web.fields import MonthsField
from sroi_plugin.web.fields import PercentageField
from sroi_plugin.web.fields import ShareField
from sroi_plugin.web.panels.forms import MAX_CLAUSE_CHARS
from sroi_plugin.web.panels.forms import SR_BASIS_LABELS
from sroi_plugin.web.panels.forms import SR_FORM_LABELS
from sroi_plugin.web.panels.forms import option_labels

#: The fields a planned tender stores from its form, in form order.
TENDER_FIELDS = (
    "title",
    "category",
    "department",
    "kind",
    "authority_type",
    "value_total",
    "term_months",
    "wage_share",
    "sr_percentage",
    "sr_basis",
    "sr_form",
    "sr_clause_text",
    "planned_publication",
)


_max_clause = f"{MAX_CLAUSE_CHARS:,}".replace(",", ".")

#: Dutch names of the kinds of contract and of the authority types.
KIND_LABELS = option_labels(ContractKind)
AUTHORITY_LABELS = option_labels(AuthorityType)


def _select(label: str, labels: dict[str, str], *, blank: bool = True) -> SelectField:
    options = {"": "— niet ingevuld —", **labels} if blank else labels
    allowed = ["", None, *labels] if blank else list(labels)  # None: the field was not sent
    return SelectField(
        label,
        choices=options,
        validate_choice=False,
        validators=[AnyOf(allowed, message=f"{label}: kies {', '.join(labels.values()).lower()}.")],
    )


@dataclass(frozen=True)
class TenderDraft:
    """The typed values of the form, in the shape the checks read (``TenderFields``)."""

    title: str
    category: str | None
    department: str | None
    kind: str | None
    authority_type: str
    value_total: Decimal | None
    term_months: int | None
    wage_share: Decimal | None
    sr_percentage: Decimal | None
    sr_basis: str | None
    sr_form: str | None
    sr_clause_text: str
    planned_publication: date | None


class TenderForm(Form):  # type: ignore[misc, unused-ignore]
    """A planned tender: the facts the clause checks need and the draft SR paragraph."""

    title = StringField(
        "Titel",
        validators=[
            DataRequired(message="Titel: vul de naam van de aanbesteding in."),
            Length(max=300, message="Titel: maximaal 300 tekens."),
        ],
    )
    category = StringField(
        "Inkoopcategorie",
        validators=[Length(max=100, message="Inkoopcategorie: maximaal 100 tekens.")],
    )
    department = StringField(
        "Afdeling", validators=[Length(max=100, message="Afdeling: maximaal 100 tekens.")]
    )
    kind = _select("Soort opdracht", KIND_LABELS)
    authority_type = _select("Aanbestedende dienst", AUTHORITY_LABELS, blank=False)
    value_total = AmountField("Geraamde waarde (excl. btw)")
    term_months = MonthsField("Looptijd")
    wage_share = ShareField("Loonaandeel")
    sr_percentage = PercentageField("Percentage social return")
    sr_basis = _select("Grondslag", SR_BASIS_LABELS)
    sr_form = _select("Vorm", SR_FORM_LABELS)
    sr_clause_text = TextAreaField(
        "Concepttekst social return",
        validators=[
            Length(
                max=MAX_CLAUSE_CHARS,
                message=f"Concepttekst social return: hoogstens {_max_clause} tekens.",
            )
        ],
    )
    planned_publication = DatePickerField("Geplande publicatie")
    #: the tender version the form was loaded with (optimistic locking); empty for a new one
    version = HiddenField()

    def validate_version(self, field: HiddenField) -> None:
        """A version comes from the page: a whole number or nothing."""
        if field.data and not str(field.data).strip().isdigit():
            raise ValidationError("Versie: het formulier mist zijn versie. Laad de pagina opnieuw.")

    @classmethod
    def of(cls, tender: PlannedTender) -> TenderForm:
        """The form filled with a stored tender."""
        data: dict[str, object] = {name: getattr(tender, name) for name in TENDER_FIELDS}
        data = {name: ("" if value is None else value) for name, value in data.items()}
        data["version"] = str(tender.version)
        for name in ("value_total", "term_months", "wage_share", "sr_percentage"):
            data[name] = getattr(tender, name)
        data["planned_publication"] = tender.planned_publication
        return cls(data=data)

    def draft(self) -> TenderDraft:
        """The typed values (call after validation; an invalid typed value reads as empty)."""
        text = (self.sr_clause_text.data or "").replace("\r\n", "\n")
        return TenderDraft(
            title=(self.title.data or "").strip(),
            category=(self.category.data or "").strip() or None,
            department=(self.department.data or "").strip() or None,
            kind=self.kind.data or None,
            authority_type=self.authority_type.data or AuthorityType.OTHER.value,
            value_total=self.value_total.data,
            term_months=self.term_months.data,
            wage_share=self.wage_share.data,
            sr_percentage=self.sr_percentage.data,
            sr_basis=self.sr_basis.data or None,
            sr_form=self.sr_form.data or None,
            sr_clause_text=text if text.strip() else "",
            planned_publication=self.planned_publication.data,
        )
