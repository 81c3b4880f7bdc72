"""WTForms fields that read what people type with the parsers of :mod:`sroi_plugin.rules.values`.

A form reads an amount, a percentage or a date exactly as the importer, the monitoring reader and
the ``--json`` CLIs do. Each field calls one parser in ``process_formdata`` and turns its
:class:`~sroi_plugin.rules.values.ValueParseError` into ``ValueError("<label>: <message>")``,
which WTForms shows beside the input. After an error the input shows the typed text again, so
nothing the user typed disappears.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from wtforms import DateField  # type: ignore[import-untyped, unused-ignore]
from wtforms import StringField  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.rules import values

_CENT = Decimal("0.01")


def _typed(valuelist: Sequence[Any] | None) -> str:
    """The text the browser sent for one input (empty when there was none)."""
    return " ".join(str(part) for part in valuelist).strip() if valuelist else ""


def _message(label: object, error: values.ValueParseError) -> str:
    return f"{label}: {error.message}."


class AmountField(StringField):  # type: ignore[misc, unused-ignore]
    """An amount in euros as people type it: ``25.000``, ``€ 1.234.567,89``, ``± 2 mln``.

    :param allow_negative: accept ``-5.000`` (a decrease)
    """

    data: Decimal | None

    def __init__(self, *args: Any, allow_negative: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.allow_negative = allow_negative

    def process_formdata(self, valuelist: Sequence[Any]) -> None:
        self.data = None
        try:
            self.data = values.parse_amount(_typed(valuelist), allow_negative=self.allow_negative)
        except values.ValueParseError as exc:
            raise ValueError(_message(self.label.text, exc)) from None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        if self.data is None:
            return ""
        return f"{self.data.quantize(_CENT):f}".replace(".", ",")


class PercentageField(StringField):  # type: ignore[misc, unused-ignore]
    """A percentage in points as people type it: ``5``, ``5%``, ``2,5``; at most two decimals."""

    data: Decimal | None

    def process_formdata(self, valuelist: Sequence[Any]) -> None:
        self.data = None
        try:
            points = values.parse_percentage(_typed(valuelist))
        except values.ValueParseError as exc:
            raise ValueError(_message(self.label.text, exc)) from None
        if points is not None and points != points.quantize(_CENT):
            raise ValueError(f"{self.label.text}: gebruik hoogstens twee cijfers achter de komma.")
        self.data = points

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        if self.data is None:
            return ""
        return f"{self.data.normalize():f}".replace(".", ",")


def _parse_day(field: Any, valuelist: Sequence[Any] | None) -> date | None:
    try:
        return values.parse_date(_typed(valuelist))
    except values.ValueParseError as exc:
        raise ValueError(_message(field.label.text, exc)) from None


def _day_value(field: Any) -> str:
    """The typed text after an error; a date as ``2026-12-31`` for the browser's date input."""
    if field.raw_data:
        return " ".join(str(part) for part in field.raw_data)
    return field.data.isoformat() if isinstance(field.data, date) else ""


class _DayParsing:
    """Reads a date with :func:`_parse_day` and shows the typed text again after an error."""

    data: date | None
    raw_data: list[Any] | None

    def process_formdata(self, valuelist: Sequence[Any]) -> None:
        self.data = None
        self.data = _parse_day(self, valuelist)

    def _value(self) -> str:
        return _day_value(self)


class DayField(_DayParsing, StringField):  # type: ignore[misc, unused-ignore]
    """A date as people type it (``31-12-2026``, ``31 december 2026``) or the picker sends it."""


class DatePickerField(_DayParsing, DateField):  # type: ignore[misc, unused-ignore]
    """:class:`DayField` rendered as ``<input type="date">`` (WTForms' date widget)."""
