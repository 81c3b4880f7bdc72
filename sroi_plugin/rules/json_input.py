"""Reading the JSON input of the ``--json`` commands, field by field, with Dutch refusals.

:class:`JsonObject` wraps one object of the input together with its dotted path
(``modification.ground``, ``prior_modifications[0].date``) and offers one reader per kind of
value: :meth:`~JsonObject.text`, :meth:`~JsonObject.flag`, :meth:`~JsonObject.amount`,
:meth:`~JsonObject.share`, :meth:`~JsonObject.percentage`, :meth:`~JsonObject.date`,
:meth:`~JsonObject.months`, :meth:`~JsonObject.term`, nested :meth:`~JsonObject.section` and
:meth:`~JsonObject.items`, :meth:`~JsonObject.optional` for a field that may be null, and
:meth:`~JsonObject.refuse_unknown` so a typo cannot silently switch a check off. Text values
go through the shared parsers of :mod:`.values`, so a JSON input accepts what the importer and
the forms accept (``"€ 1.234.567"``, ``"31 december 2026"``, ``"werk"``).

Every refusal is a :class:`~sroi_plugin.errors.RuleInputError` naming the field by its path.
Its message is worded in one of two ways:

* with ``labels`` (a Dutch name per field, e.g. ``"De startdatum"``) it is a sentence:
  ``De startdatum ontbreekt.``, ``De loonsom: '1.234' is niet eenduidig ….``;
* without, it is the bare predicate the caller prints after the path:
  ``modification.ground: ontbreekt``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field
from decimal import Decimal
from decimal import InvalidOperation
from typing import TypeVar

from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules import values
from sroi_plugin.rules.vocabulary import Term

T = TypeVar("T")
_TermT = TypeVar("_TermT", bound=Term)


@dataclass(frozen=True)
class JsonObject:
    """One object of the input, with the dotted path used in refusals."""

    data: Mapping[str, object]
    #: dotted path of this object; ``""`` for the top level
    path: str = ""
    #: Dutch name per field (``"De startdatum"``): refusals become sentences
    labels: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(
        cls, value: object, path: str = "", labels: Mapping[str, str] | None = None
    ) -> JsonObject:
        """Wrap an object of the input, or refuse a value that is not one."""
        if not isinstance(value, Mapping):
            raise RuleInputError(path, "moet een object zijn")
        return cls(value, path, dict(labels or {}))

    # -------------------------------------------------------------------------- plumbing

    def field_path(self, name: str) -> str:
        """Dotted path of a field, e.g. ``modification.ground``."""
        return f"{self.path}.{name}" if self.path else name

    def refusal(self, name: str, predicate: str) -> RuleInputError:
        """The error for a field: ``{label} {predicate}.`` with a label, else the predicate."""
        label = self.labels.get(name)
        message = f"{label} {predicate}." if label else predicate
        return RuleInputError(self.field_path(name), message)

    def parse_refusal(self, name: str, error: values.ValueParseError) -> RuleInputError:
        """A shared parser's refusal, named after the field."""
        label = self.labels.get(name)
        message = f"{label}: {error.message}." if label else error.message
        return RuleInputError(self.field_path(name), message)

    def present(self, name: str) -> bool:
        """The field is there and not null."""
        return self.data.get(name) is not None

    def required(self, name: str) -> object:
        """The value of a field that must be present and not null."""
        value = self.data.get(name)
        if value is None:
            raise self.refusal(name, "ontbreekt")
        return value

    def optional(self, name: str, read: Callable[[str], T]) -> T | None:
        """``None`` for an absent or null field, else ``read(name)``."""
        return read(name) if self.present(name) else None

    def refuse_unknown(self, known: Iterable[str]) -> None:
        """Refuse any field that is not one of ``known`` (a typo would switch a check off)."""
        allowed = frozenset(known)
        for key in self.data:
            if key not in allowed:
                raise RuleInputError(self.field_path(str(key)), f"Onbekend veld '{key}'.")

    # ------------------------------------------------------------------------ structure

    def section(self, name: str) -> JsonObject:
        """A nested object (same labels)."""
        return JsonObject.of(self.required(name), self.field_path(name), self.labels)

    def items(self, name: str) -> list[JsonObject]:
        """A list of objects, each with its index in the path; ``[]`` when absent or null."""
        value = self.data.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.refusal(name, "moet een lijst zijn")
        path = self.field_path(name)
        return [JsonObject.of(item, f"{path}[{i}]", self.labels) for i, item in enumerate(value)]

    # --------------------------------------------------------------------------- values

    def text(self, name: str) -> str:
        """A string."""
        value = self.required(name)
        if not isinstance(value, str):
            raise self.refusal(name, f"moet tekst zijn, niet {value!r}")
        return value

    def flag(self, name: str) -> bool:
        """A JSON boolean."""
        value = self.required(name)
        if not isinstance(value, bool):
            raise self.refusal(name, f"moet true of false zijn, niet {value!r}")
        return value

    def answer(self, name: str) -> bool | None:
        """A yes/no question: true, false, or null/absent for "weet ik niet"."""
        return self.optional(name, self.flag)

    def months(self, name: str) -> int | None:
        """An optional whole number of months."""
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.refusal(name, "moet een geheel aantal maanden zijn")
        return value

    def date(self, name: str) -> dt.date:
        """A date as text in any notation :func:`.values.parse_date` reads (``2026-12-31``,
        ``31-12-2026``, ``31 december 2026``), or a ``date``."""
        value = self.required(name)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if not isinstance(value, str):
            raise self.refusal(name, f'{value!r} is geen geldige datum (schrijf "2026-12-31")')
        try:
            day = values.parse_date(value)
        except values.ValueParseError as exc:
            raise self.parse_refusal(name, exc) from None
        if day is None:
            raise self.refusal(name, "ontbreekt")
        return day

    def _exact(self, name: str, *, allow_float: bool) -> object:
        """The value when it is text or a number JSON can hold exactly (floats only where a
        fraction is expected)."""
        value = self.required(name)
        accepted = (str, int, Decimal, float) if allow_float else (str, int, Decimal)
        if isinstance(value, bool) or not isinstance(value, accepted):
            raise self.refusal(
                name, f'moet een getal als tekst zijn, zoals "125000.00", niet {value!r}'
            )
        return value

    def _number(self, name: str, value: object) -> Decimal:
        """A JSON number taken exactly as written."""
        try:
            number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            raise self.refusal(name, f"'{value}' is geen geldig getal")
        return number

    def amount(self, name: str, *, negative: bool = False, exact_numbers: bool = False) -> Decimal:
        """A euro amount: text read by :func:`.values.parse_amount` (``"125000.00"``,
        ``"€ 1.234.567"``, ``"2 mln"``, ``"-5.000"``) or a JSON integer or ``Decimal``; never a
        float.

        :param negative: accept a negative amount (a decrease)
        :param exact_numbers: take a JSON number exactly as written instead of reading it as
            text is read (rounded to cents)
        """
        value = self._exact(name, allow_float=False)
        if exact_numbers and not isinstance(value, str):
            return self._number(name, value)
        try:
            amount = values.parse_amount(value, allow_negative=True)
        except values.ValueParseError as exc:
            raise self.parse_refusal(name, exc) from None
        if amount is None:
            raise self.refusal(name, "ontbreekt")
        if amount < 0 and not negative:
            raise self.refusal(name, f"mag niet negatief zijn ({amount})")
        return amount

    def _bounded(self, name: str, value: object, upper: Decimal) -> Decimal:
        """A JSON number taken exactly as written, from 0 up to ``upper``."""
        number = self._number(name, value)
        if number < 0:
            raise self.refusal(name, f"mag niet negatief zijn ({number})")
        if number > upper:
            raise self.refusal(name, f"moet tussen 0 en {upper} liggen ({number})")
        return number

    def share(self, name: str) -> Decimal:
        """A fraction 0..1: a JSON number as written, or text read by
        :func:`.values.parse_share` (``"0,45"``, ``"45%"``)."""
        value = self._exact(name, allow_float=True)
        if not isinstance(value, str):
            return self._bounded(name, value, Decimal(1))
        try:
            share = values.parse_share(value)
        except values.ValueParseError as exc:
            raise self.parse_refusal(name, exc) from None
        if share is None:
            raise self.refusal(name, "ontbreekt")
        return share

    def percentage(self, name: str) -> Decimal:
        """Percentage points 0..100: a JSON number as written, or text read by
        :func:`.values.parse_percentage` (``"5"``, ``"5%"``, ``"2,5"``)."""
        value = self._exact(name, allow_float=True)
        if not isinstance(value, str):
            return self._bounded(name, value, Decimal(100))
        try:
            points = values.parse_percentage(value)
        except values.ValueParseError as exc:
            raise self.parse_refusal(name, exc) from None
        if points is None:
            raise self.refusal(name, "ontbreekt")
        return points

    def optional_term(
        self, name: str, vocabulary: type[_TermT], noun_nl: str | None = None
    ) -> _TermT | None:
        """A closed-list value, or ``None`` when absent or null.

        Read by its code, Dutch label or any synonym the importer reads (``werk``). With
        ``noun_nl`` (``"soort opdracht"``) the value goes through :func:`.values.parse_term`:
        ``n.v.t.`` and empty text read as ``None`` and a refusal names the Dutch words to
        choose from. Without, an unknown value is refused listing the stored codes with their
        labels (for input written by scripts).
        """
        value = self.data.get(name)
        if noun_nl is not None:
            try:
                return values.parse_term(value, vocabulary, noun_nl)
            except values.ValueParseError as exc:
                raise self.parse_refusal(name, exc) from None
        if value is None:
            return None
        found = vocabulary.lookup(value) if isinstance(value, str) else None
        if found is None:
            allowed = ", ".join(f"{option.value} ({option.label})" for option in vocabulary)
            raise self.refusal(name, f"onbekende waarde {value!r}; kies uit: {allowed}")
        return found

    def term(self, name: str, vocabulary: type[_TermT], noun_nl: str | None = None) -> _TermT:
        """A required closed-list value (see :meth:`optional_term`)."""
        found = self.optional_term(name, vocabulary, noun_nl)
        if found is None:
            raise self.refusal(name, "ontbreekt")
        return found
