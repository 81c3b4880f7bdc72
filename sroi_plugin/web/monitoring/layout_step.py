"""The step between upload and preview for a report in a contractor's own layout.

When the header matcher cannot place a required column, or the file names no period, the
upload is kept under its token and the contract manager chooses, per field, the file's column
that holds it (pre-filled with the matcher's choices and suggestions) and types the period.
The chosen columns are saved as the contractor's layout (:mod:`sroi_plugin.monitoring.profiles`),
so the next report in that layout, for any of its contracts, is read without asking. The
choices travel with the kept upload (its metadata) to the preview and the confirmation.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from wtforms import SelectField  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import ValidationError  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.importing.columns import HeaderField
from sroi_plugin.monitoring.importer import MonitoringImport
from sroi_plugin.monitoring.layout import FIELD_LABELS
from sroi_plugin.monitoring.layout import MONITORING_FIELDS
from sroi_plugin.monitoring.report import LayoutProfile
from sroi_plugin.rules.monitoring import Period
from sroi_plugin.web.fields import DayField
from sroi_plugin.web.fields import Form

#: the choice "this file has no such column" (only for optional fields)
NO_COLUMN = ""


class PeriodFields(Form):  # type: ignore[misc, unused-ignore]
    """The reporting period, asked when the file names none: both dates or neither."""

    period_start = DayField("Begin van de rapportageperiode")
    period_end = DayField("Einde van de rapportageperiode")

    def validate_period_end(self, field: DayField) -> None:
        """Both dates or neither; the period runs forward."""
        start, end = self.period_start.data, field.data
        if (start is None) != (end is None):
            missing = self.period_end if end is None else self.period_start
            missing.errors = [
                *missing.errors,
                f"{missing.label.text}: vul ook deze datum in, bijvoorbeeld 30-06-2025.",
            ]
        elif start is not None and end is not None and end < start:
            raise ValidationError("Einde van de rapportageperiode: ligt vóór het begin.")

    @property
    def period(self) -> Period | None:
        """The typed period (after :meth:`validate`), or ``None``."""
        start, end = self.period_start.data, self.period_end.data
        return Period(start, end) if start is not None and end is not None else None


def needs_step(result: MonitoringImport) -> bool:
    """The upload can go on once a person chose its columns or typed its period."""
    blocked = result.personal_data or result.unreadable or result.conflict
    return not blocked and (result.needs_mapping or result.period_missing)


def mapping_form(
    result: MonitoringImport, formdata: Any = None, *, period: Period | None = None
) -> Any:
    """A form with one select of the file's headers per field, and the period fields.

    The selects are pre-filled with the columns the matcher placed and its suggestions.
    """
    headers = [header for header in result.headers if header]
    choices = {NO_COLUMN: "— geen kolom —", **{header: header for header in headers}}

    class MappingForm(PeriodFields):  # type: ignore[misc, unused-ignore]
        def validate(self, extra_validators: Any = None) -> bool:
            valid = bool(super().validate(extra_validators))
            seen: dict[str, str] = {}
            for spec in asked:
                chosen = self[spec.name].data or NO_COLUMN
                if chosen == NO_COLUMN and spec.required:
                    self[spec.name].errors.append(
                        f"{FIELD_LABELS[spec.name]}: kies de kolom die dit bevat."
                    )
                elif chosen != NO_COLUMN and chosen in seen:
                    self[spec.name].errors.append(
                        f"{FIELD_LABELS[spec.name]}: kolom '{chosen}' is al gekozen voor "
                        f"{FIELD_LABELS[seen[chosen]]}."
                    )
                seen.setdefault(chosen, spec.name)
            if result.period_missing and self.period is None and not self.period_start.errors:
                self.period_start.errors.append(
                    "Begin van de rapportageperiode: het bestand noemt geen periode; vul begin "
                    "en einde in."
                )
            return (
                valid
                and not any(self[spec.name].errors for spec in asked)
                and not (self.period_start.errors or self.period_end.errors)
            )

        @property
        def mapping(self) -> dict[str, str]:
            return {spec.name: self[spec.name].data for spec in asked if self[spec.name].data}

    asked: tuple[HeaderField, ...] = MONITORING_FIELDS.fields if result.needs_mapping else ()
    for spec in asked:
        label = FIELD_LABELS[spec.name] + ("" if spec.required else " (optioneel)")
        setattr(
            MappingForm,
            spec.name,
            SelectField(label, choices=choices, validate_choice=True, default=NO_COLUMN),
        )
    defaults: dict[str, Any] = {**result.suggestions, **result.mapping}
    if period is not None:
        defaults.update(period_start=period.start, period_end=period.end)
    return MappingForm(formdata, data=defaults)


def step_meta(
    contract_ref: str, *, signature: str, period: Period | None, mapping: Mapping[str, str]
) -> dict[str, Any]:
    """What a kept upload carries between the steps (JSON): the period typed at the upload or
    in the step, and the columns chosen in the step."""
    return {
        "contract_ref": contract_ref,
        "period": None if period is None else [period.start.isoformat(), period.end.isoformat()],
        "signature": signature,
        "mapping": dict(mapping),
    }


def options_from_meta(meta: Mapping[str, Any]) -> dict[str, Any]:
    """``period`` and ``profile`` for :func:`~sroi_plugin.monitoring.importer.run_import` from
    a kept upload's metadata (nothing when the upload needed no step)."""
    options: dict[str, Any] = {}
    period = meta.get("period")
    if isinstance(period, list) and len(period) == 2:
        options["period"] = Period(date.fromisoformat(period[0]), date.fromisoformat(period[1]))
    mapping = meta.get("mapping")
    signature = meta.get("signature")
    if isinstance(mapping, dict) and mapping and isinstance(signature, str):
        options["profile"] = LayoutProfile(signature, {str(k): str(v) for k, v in mapping.items()})
    return options
