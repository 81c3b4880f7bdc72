"""WTForms of the portfolio import: upload, column mapping, confirm.

Every message names its field so it reads on its own beside the input. The plugin checks CSRF
for every non-GET request itself (``web/csrf.py``), so these are plain ``wtforms.Form``
classes fed with ``request.form`` (and ``request.files`` for the upload).
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from typing import Any

from wtforms import BooleanField  # type: ignore[import-untyped, unused-ignore]
from wtforms import FileField  # type: ignore[import-untyped, unused-ignore]
from wtforms import HiddenField  # type: ignore[import-untyped, unused-ignore]
from wtforms import SelectField  # type: ignore[import-untyped, unused-ignore]
from wtforms import StringField  # type: ignore[import-untyped, unused-ignore]
from wtforms import TextAreaField  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import Length  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import Optional  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import ValidationError  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.importing.columns import MIN_OTHER_FIELDS
from sroi_plugin.importing.fields import FIELDS
from sroi_plugin.importing.fields import REF_FIELD
from sroi_plugin.importing.undo import MAX_REASON
from sroi_plugin.importing.undo import ReasonError
from sroi_plugin.importing.undo import clean_reason
from sroi_plugin.web.fields import Form

#: prefix of the mapping form's select fields: ``kolom_<field>``
MAPPING_PREFIX = "kolom_"
#: the select option that keeps a field out of the import
NOT_IMPORTED = ""


class UploadForm(Form):  # type: ignore[misc, unused-ignore]
    """Step 1: the export to import, and optionally which sheet."""

    bestand = FileField("Bestand (.xlsx)")
    werkblad = StringField(
        "Werkblad (optioneel)",
        [Optional(), Length(max=100, message="Werkblad: gebruik hoogstens 100 tekens.")],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )

    def validate_bestand(self, field: Any) -> None:
        """A file must be chosen."""
        if not getattr(field.data, "filename", ""):
            raise ValidationError("Bestand: kies het .xlsx-bestand met het contractregister.")


class ConfirmForm(Form):  # type: ignore[misc, unused-ignore]
    """Step 3: confirm; committing with invalid rows, or with a large share of the portfolio
    marked missing, needs its checkbox."""

    allow_invalid = BooleanField(
        "Toch vastleggen: de ongeldige rijen worden overgeslagen en blijven zoals ze waren"
    )
    allow_mass_missing = BooleanField(
        "Ja, dit klopt: markeer deze contracten als 'niet in laatste export'"
    )


class MappingForm(Form):  # type: ignore[misc, unused-ignore]
    """Step 2 (when needed): which column holds which field, optionally saved as a profile.

    Built by :func:`mapping_form`, which adds one select per field.
    """

    profiel = StringField(
        "Opslaan als importprofiel (optioneel)",
        [Optional(), Length(max=100, message="Profielnaam: gebruik hoogstens 100 tekens.")],
        filters=[lambda value: value.strip() if isinstance(value, str) else value],
    )

    #: the header texts the selects offer (set by :func:`mapping_form`)
    offered: set[str] = set()

    def field_names(self) -> list[str]:
        """The contract fields, in form order."""
        return [spec.name for spec in FIELDS]

    def select_for(self, name: str) -> Any:
        """The select of contract field ``name``."""
        return self[MAPPING_PREFIX + name]

    def mapping(self) -> dict[str, str]:
        """``{field: header}`` for every field; ``""`` keeps a field out of the import."""
        return {name: self.select_for(name).data or NOT_IMPORTED for name in self.field_names()}

    def validate(self, extra_validators: Any = None) -> bool:
        """Field checks, then: a contract-number column, enough other columns, no column twice."""
        valid: bool = super().validate(extra_validators)
        mapping = self.mapping()
        ref_select = self.select_for(REF_FIELD)
        if not mapping[REF_FIELD]:
            ref_select.errors.append(
                "Contractnummer: kies de kolom met het contractnummer; zonder kan niet worden "
                "geïmporteerd."
            )
            valid = False
        others = [name for name, header in mapping.items() if header and name != REF_FIELD]
        if mapping[REF_FIELD] and len(others) < MIN_OTHER_FIELDS:
            ref_select.errors.append(
                f"Kies naast het contractnummer minstens {MIN_OTHER_FIELDS} andere kolommen "
                "(bijvoorbeeld Leverancier en Contractwaarde)."
            )
            valid = False
        used: dict[str, str] = {}
        for spec in FIELDS:
            header = mapping[spec.name]
            if not header:
                continue
            if header not in self.offered:
                self.select_for(spec.name).errors.append(
                    f"{spec.label}: kies een kolom uit de lijst."
                )
                valid = False
            elif header in used:
                self.select_for(spec.name).errors.append(
                    f"{spec.label}: kolom '{header}' is al gekozen voor {used[header]}."
                )
                valid = False
            else:
                used[header] = spec.label
        return valid


def _browser_newlines(value: Any) -> Any:
    """A header with a line break as the sheet has it: browsers send a line break in a form
    value as CRLF, the sheet's header has LF."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def mapping_form(
    headers: Sequence[str],
    *,
    formdata: Any = None,
    proposed: Mapping[str, str] | None = None,
) -> MappingForm:
    """A :class:`MappingForm` whose selects offer ``headers`` (the header row's texts).

    :param proposed: ``{field: header}`` to preselect (what was recognised automatically)
    """
    choices = {NOT_IMPORTED: "— niet importeren —"}
    for header in headers:
        if header:
            choices.setdefault(header, header)
    offered = set(choices)

    class _Form(MappingForm):
        pass

    for spec in FIELDS:
        label = f"{spec.label} (verplicht)" if spec.required else spec.label
        setattr(
            _Form,
            MAPPING_PREFIX + spec.name,
            SelectField(
                label,
                choices=choices,
                validate_choice=False,
                default=NOT_IMPORTED,
                filters=[_browser_newlines],
            ),
        )
    initial = {
        MAPPING_PREFIX + name: header
        for name, header in (proposed or {}).items()
        if header in offered
    }
    form: MappingForm = _Form(formdata=formdata, data=initial)
    form.offered = offered
    return form


class UndoForm(Form):  # type: ignore[misc, unused-ignore]
    """Undoing a confirmed import: the reason (required) and the portfolio revision the
    confirmation screen saw."""

    reden = TextAreaField(
        "Reden",
        [Length(max=MAX_REASON, message=f"Reden: maximaal {MAX_REASON} tekens.")],
        description="Waarom wordt deze import teruggedraaid? De reden blijft bij de import.",
    )
    revisie = HiddenField()

    def validate_reden(self, field: Any) -> None:
        """Required, at most :data:`MAX_REASON` characters, no control characters."""
        try:
            field.data = clean_reason(field.data)
        except ReasonError as exc:
            raise ValidationError(str(exc)) from exc

    def seen_revision(self) -> int | None:
        """The revision posted back, or ``None`` when it is not a number."""
        text = str(self.revisie.data or "")
        return int(text) if text.isdigit() and len(text) < 10 else None
