"""WTForms fields that read what people type with the parsers of :mod:`sroi_plugin.rules.values`.

A form reads an amount, a percentage or a date exactly as the importer, the monitoring reader and
the ``--json`` CLIs do. Each field calls one parser in ``process_formdata`` and turns its
:class:`~sroi_plugin.rules.values.ValueParseError` into ``ValueError("<label>: <message>")``,
which WTForms shows beside the input. After an error the input shows the typed text again, so
nothing the user typed disappears.

:class:`Form` is the base of every form of the plugin: it refuses control characters in every
text field and bounds every text field's length (see :class:`Form`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import wtforms  # type: ignore[import-untyped, unused-ignore]
from wtforms import DateField  # type: ignore[import-untyped, unused-ignore]
from wtforms import StringField  # type: ignore[import-untyped, unused-ignore]
from wtforms import TextAreaField  # type: ignore[import-untyped, unused-ignore]
from wtforms.fields.core import UnboundField  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import Length  # type: ignore[import-untyped, unused-ignore]
from wtforms.validators import StopValidation  # type: ignore[import-untyped, unused-ignore]

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


class ShareField(StringField):  # type: ignore[misc, unused-ignore]
    """A share of a whole as people type it (``45%``, ``0,45``, ``45``), kept as a fraction 0..1
    (:func:`~sroi_plugin.rules.values.parse_share`) and shown as a percentage."""

    data: Decimal | None

    def process_formdata(self, valuelist: Sequence[Any]) -> None:
        self.data = None
        try:
            self.data = values.parse_share(_typed(valuelist))
        except values.ValueParseError as exc:
            raise ValueError(_message(self.label.text, exc)) from None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        if self.data is None:
            return ""
        return f"{(self.data * 100).normalize():f}".replace(".", ",") + "%"


class MonthsField(StringField):  # type: ignore[misc, unused-ignore]
    """A duration in whole months as people type it (``24 maanden``, ``2 jaar``), read by
    :func:`~sroi_plugin.rules.values.parse_duration_months` as the importer reads it."""

    data: int | None

    def process_formdata(self, valuelist: Sequence[Any]) -> None:
        self.data = None
        try:
            self.data = values.parse_duration_months(_typed(valuelist))
        except values.ValueParseError as exc:
            raise ValueError(_message(self.label.text, exc)) from None

    def _value(self) -> str:
        if self.raw_data:
            return str(self.raw_data[0])
        return "" if self.data is None else f"{self.data} maanden"


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


#: Length of a text field whose form sets none: one line, and a text area.
DEFAULT_MAX_LINE: int = 200
DEFAULT_MAX_TEXT: int = 5000


def short_label(label: object) -> str:
    """A field's label as its messages start: ``Impact: wat heeft …?`` → ``Impact``,
    ``Werkblad (optioneel)`` → ``Werkblad``."""
    return str(label).split(":")[0].split(" (")[0].strip()


def refuse_control_chars(_form: Any, field: Any) -> None:
    """Validator: the typed text holds no control character (NUL, other C0 except tab, LF, CR),
    which PostgreSQL refuses or nobody can see. Checks what was sent, whatever the field made of
    it, and stops the other validators: the message names the field."""
    for part in field.raw_data or ():
        char = values.find_control_char(str(part))
        if char is not None:
            message = values.control_char_message(char)
            raise StopValidation(f"{short_label(field.label.text)}: {message}.")


def _bounded(field_class: type, validators: Sequence[Any], label: object) -> list[Any]:
    """``validators`` with :func:`refuse_control_chars` first, and a :class:`Length` when a
    plain text field has none (typed fields such as :class:`AmountField` bound their own)."""
    bounded = [refuse_control_chars, *validators]
    plain = field_class in (StringField, TextAreaField)
    if plain and not any(isinstance(v, Length) and v.max > -1 for v in validators):
        maximum = DEFAULT_MAX_TEXT if field_class is TextAreaField else DEFAULT_MAX_LINE
        message = f"{short_label(label)}: maximaal {maximum} tekens."
        bounded.append(Length(max=maximum, message=message))
    return bounded


class _Meta:
    def bind_field(self, form: Any, unbound_field: Any, options: dict[str, Any]) -> Any:
        field_class = unbound_field.field_class
        if issubclass(field_class, StringField):
            args = list(unbound_field.args)
            kwargs = dict(unbound_field.kwargs)
            label = args[0] if args else kwargs.get("label", "")
            if len(args) > 1:  # validators given positionally
                args[1] = _bounded(field_class, args[1] or (), label)
            else:
                kwargs["validators"] = _bounded(field_class, kwargs.get("validators") or (), label)
            unbound_field = UnboundField(field_class, *args, name=unbound_field.name, **kwargs)
        return unbound_field.bind(form=form, **options)


class Form(wtforms.Form):  # type: ignore[misc, unused-ignore]
    """The base of every form of the plugin. Each text field (``StringField`` and its
    subclasses, ``TextAreaField``) refuses control characters with a Dutch message naming the
    field (:func:`refuse_control_chars`), and a plain text field without a :class:`Length` gets
    one (:data:`DEFAULT_MAX_LINE`, :data:`DEFAULT_MAX_TEXT`); the field macro shows a text
    area's limit in its hint and every limit as ``maxlength``."""

    Meta = _Meta
