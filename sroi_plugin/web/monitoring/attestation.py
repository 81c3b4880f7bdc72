"""The contractor's declaration asked on the confirmation of an upload (not on the preview).

The fields are read by the plugin's form helpers (control characters refused, 200 characters at
most) and then by :func:`sroi_plugin.rules.attestation.parse_attestation`, the same rule the
command line uses; the date is checked against the report's period by the import itself.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from wtforms import BooleanField  # type: ignore[import-untyped, unused-ignore]
from wtforms import StringField  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import Length  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.rules.attestation import FIELD_TITLES
from sroi_plugin.rules.attestation import MAX_TEXT
from sroi_plugin.rules.attestation import Attestation
from sroi_plugin.rules.attestation import parse_attestation
from sroi_plugin.web.fields import DayField
from sroi_plugin.web.fields import Form


def _length(field: str) -> Length:
    return Length(max=MAX_TEXT, message=f"{FIELD_TITLES[field]}: maximaal {MAX_TEXT} tekens.")


class AttestationForm(Form):  # type: ignore[misc, unused-ignore]
    """Who at the contractor signed the declaration, when, and that they declared it."""

    name = StringField(
        FIELD_TITLES["name"],
        [_length("name")],
        description="De persoon die namens de opdrachtnemer tekent, nooit een kandidaat.",
    )
    function = StringField(FIELD_TITLES["function"], [_length("function")])
    on = DayField(FIELD_TITLES["on"])
    agreed = BooleanField("Verklaring")

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._today = today
        #: the declaration once :meth:`validate` passed
        self.attestation: Attestation | None = None

    def validate(self, extra_validators: Any = None) -> bool:
        """Bounds and control characters first, then the declaration rule, field by field."""
        valid = bool(super().validate(extra_validators))
        attestation, problems = parse_attestation(
            self.name.data, self.function.data, self.on.data, today=self._today
        )
        for name, message in problems.items():
            field = self[name]
            if not field.errors:
                field.errors = [*field.errors, message]
        if not self.agreed.data:
            self.agreed.errors = [
                *self.agreed.errors,
                "Verklaring: vink aan dat de opdrachtnemer verklaart dat het rapport juist en "
                "volledig is.",
            ]
        self.attestation = attestation if valid and not problems and self.agreed.data else None
        return self.attestation is not None
