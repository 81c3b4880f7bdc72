"""Bouwblokken: valuing social-return effort with a region's table of fixed effort values.

Many Dutch regions value social return not at the contractor's costs but at a fixed effort value
("inspanningswaarde") per target group and full-time year, counted pro rata by paid hours; social
purchasing counts at invoice value excluding btw. A region revises its table; a contract is
valued with the version in force when it was awarded. These tables are organisation settings:
the handreiking names no valuation method (stap 4a only asks to collect hours, target groups and
SR-related costs). Without a table the reported costs value a report
(:func:`sroi_plugin.rules.monitoring.value_of_row`).

A table is JSON data (``data/valuation/<name>.json`` or an organisation's own file), read and
checked strictly by :func:`parse_table`; every error names the field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal
from decimal import InvalidOperation
from importlib.resources import files
from types import MappingProxyType
from typing import Any
from typing import Literal

from sroi_plugin.errors import ConfigError
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.monitoring import ReportRow
from sroi_plugin.rules.monitoring import Vocabulary

#: the placement type valued as social purchasing (invoice value excl. btw)
SOCIAL_BUYING = "inkoop_sociaal_ondernemer"
_MONTHS_PER_YEAR = Decimal(12)
_CENT = Decimal("0.01")
_FTE_QUANTUM = Decimal("0.01")


@dataclass(frozen=True)
class Block:
    """One building block: € per full-time year for a target group."""

    value: Decimal
    #: months one candidate counts at most; ``None``: as long as the candidate works
    cap_months: int | None


@dataclass(frozen=True)
class Bonus:
    """A bonus per qualifying candidate (e.g. age 55+); needs a count of such candidates."""

    key: str
    label: str
    value: Decimal


@dataclass(frozen=True)
class TableVersion:
    """One version of a region's table, in force from ``valid_from`` (tender publication)."""

    version: str
    valid_from: date
    valid_until: date | None
    #: paid hours of one full-time year (36 h × 52 weeks = 1,872)
    hours_per_fte_year: Decimal
    #: target group key → block
    blocks: Mapping[str, Block]
    bonuses: tuple[Bonus, ...]
    #: purchases from a social firm count at invoice value excl. btw
    social_buying: bool
    source: str

    def in_force_on(self, day: date) -> bool:
        """Both boundary days included."""
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


@dataclass(frozen=True)
class ValuationTable:
    """A region's or organisation's table with its versions."""

    name: str
    organisation: str
    #: shipped as an illustration: verify the values before relying on them
    example: bool
    versions: tuple[TableVersion, ...]

    def version_on(self, day: date) -> TableVersion | None:
        """The version in force on ``day``, if any."""
        return next((v for v in self.versions if v.in_force_on(day)), None)


# --- reading a table -------------------------------------------------------------------------


def _fail(origin: str, where: str, rule: str) -> ConfigError:
    return ConfigError(f"Waarderingstabel {origin}: {where}: {rule}")


def _keys(
    origin: str, where: str, raw: object, required: set[str], optional: set[str]
) -> dict[str, Any]:
    if not isinstance(raw, Mapping):
        raise _fail(origin, where, "moet een object zijn")
    missing = sorted(required - set(raw))
    unknown = sorted(set(raw) - required - optional)
    if missing:
        raise _fail(origin, where, f"ontbreekt: {', '.join(missing)}")
    if unknown:
        raise _fail(origin, where, f"onbekende velden: {', '.join(unknown)}")
    return dict(raw)


def _text(origin: str, where: str, raw: object) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise _fail(origin, where, "moet een niet-lege tekst zijn")
    return raw.strip()


def _amount(origin: str, where: str, raw: object) -> Decimal:
    """A positive amount, written as a string (``"50000"``) or a whole number."""
    if isinstance(raw, bool) or not isinstance(raw, str | int):
        raise _fail(
            origin, where, f'moet een bedrag als tekst zijn, bijvoorbeeld "50000", niet {raw!r}'
        )
    try:
        amount = Decimal(str(raw).strip())
    except InvalidOperation:
        raise _fail(origin, where, f"{raw!r} is geen bedrag") from None
    if not amount.is_finite() or amount <= 0:
        raise _fail(origin, where, f"moet groter dan 0 zijn, niet {raw!r}")
    return amount


def _day(origin: str, where: str, raw: object) -> date:
    if not isinstance(raw, str):
        raise _fail(origin, where, f"moet een datum als JJJJ-MM-DD zijn, niet {raw!r}")
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise _fail(origin, where, f"{raw!r} is geen datum (JJJJ-MM-DD)") from None


def _cap(origin: str, where: str, raw: object) -> int | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
        raise _fail(origin, where, f"moet een geheel aantal maanden ≥ 1 zijn of null, niet {raw!r}")
    return raw


def _blocks(origin: str, where: str, raw: object, groups: Vocabulary) -> Mapping[str, Block]:
    if not isinstance(raw, Mapping) or not raw:
        raise _fail(origin, where, "moet minstens één doelgroep met een bedrag noemen")
    known = {term.key for term in groups.terms}
    blocks: dict[str, Block] = {}
    for key, entry in raw.items():
        if key not in known:
            raise _fail(
                origin, f"{where}.{key}", f"onbekende doelgroep; bekend: {', '.join(sorted(known))}"
            )
        fields = _keys(origin, f"{where}.{key}", entry, {"value", "cap_months"}, {"note"})
        blocks[key] = Block(
            _amount(origin, f"{where}.{key}.value", fields["value"]),
            _cap(origin, f"{where}.{key}.cap_months", fields["cap_months"]),
        )
    return MappingProxyType(blocks)


def _bonuses(origin: str, where: str, raw: object) -> tuple[Bonus, ...]:
    if not isinstance(raw, list):
        raise _fail(origin, where, "moet een lijst zijn (mag leeg)")
    bonuses = []
    for index, entry in enumerate(raw):
        at = f"{where}[{index}]"
        fields = _keys(origin, at, entry, {"key", "label", "value"}, set())
        bonuses.append(
            Bonus(
                _text(origin, f"{at}.key", fields["key"]),
                _text(origin, f"{at}.label", fields["label"]),
                _amount(origin, f"{at}.value", fields["value"]),
            )
        )
    return tuple(bonuses)


def _version(origin: str, index: int, raw: object, groups: Vocabulary) -> TableVersion:
    at = f"versions[{index}]"
    fields = _keys(
        origin,
        at,
        raw,
        {"version", "valid_from", "hours_per_fte_year", "blocks", "social_buying", "source"},
        {"valid_until", "bonuses"},
    )
    valid_from = _day(origin, f"{at}.valid_from", fields["valid_from"])
    until_raw = fields.get("valid_until")
    valid_until = None if until_raw is None else _day(origin, f"{at}.valid_until", until_raw)
    if valid_until is not None and valid_until < valid_from:
        raise _fail(origin, f"{at}.valid_until", "ligt vóór valid_from")
    if not isinstance(fields["social_buying"], bool):
        raise _fail(origin, f"{at}.social_buying", "moet true of false zijn")
    return TableVersion(
        version=_text(origin, f"{at}.version", fields["version"]),
        valid_from=valid_from,
        valid_until=valid_until,
        hours_per_fte_year=_amount(
            origin, f"{at}.hours_per_fte_year", fields["hours_per_fte_year"]
        ),
        blocks=_blocks(origin, f"{at}.blocks", fields["blocks"], groups),
        bonuses=_bonuses(origin, f"{at}.bonuses", fields.get("bonuses", [])),
        social_buying=fields["social_buying"],
        source=_text(origin, f"{at}.source", fields["source"]),
    )


def parse_table(raw: object, *, target_groups: Vocabulary, origin: str) -> ValuationTable:
    """Check a table's JSON data strictly and build it.

    Dates are ISO, amounts positive, target groups keys of the monitoring vocabulary, and the
    versions' validity periods do not overlap (one version is in force on any day).

    :param origin: the table's name or path, named in every error.
    :raises ConfigError: the first problem, naming the field (e.g. ``versions[0].valid_from``).
    """
    fields = _keys(
        origin,
        "tabel",
        raw,
        {"name", "organisation", "example", "versions"},
        {"about", "source_url"},
    )
    if not isinstance(fields["example"], bool):
        raise _fail(origin, "example", "moet true of false zijn")
    raw_versions = fields["versions"]
    if not isinstance(raw_versions, list) or not raw_versions:
        raise _fail(origin, "versions", "moet minstens één versie bevatten")
    versions = sorted(
        (_version(origin, i, v, target_groups) for i, v in enumerate(raw_versions)),
        key=lambda v: v.valid_from,
    )
    for earlier, later in zip(versions, versions[1:], strict=False):
        if earlier.valid_until is None or earlier.valid_until >= later.valid_from:
            raise _fail(
                origin,
                "versions",
                f"versie {earlier.version} en {later.version} gelden tegelijk; "
                f"geef {earlier.version} een valid_until vóór {later.valid_from.isoformat()}",
            )
    return ValuationTable(
        name=_text(origin, "name", fields["name"]),
        organisation=_text(origin, "organisation", fields["organisation"]),
        example=fields["example"],
        versions=tuple(versions),
    )


def shipped_table_names() -> tuple[str, ...]:
    """Names of the tables shipped with the plugin (``data/valuation/<name>.json``)."""
    folder = files("sroi_plugin.rules").joinpath("data/valuation")
    return tuple(
        sorted(p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json"))
    )


def shipped_table_data(name: str) -> object:
    """The JSON data of a shipped table, ``None`` when there is none by that name."""
    if name not in shipped_table_names():
        return None
    path = files("sroi_plugin.rules").joinpath(f"data/valuation/{name}.json")
    return json.loads(path.read_text("utf-8"))


# --- choosing the version for a contract -----------------------------------------------------


@dataclass(frozen=True)
class ValuationChoice:
    """How one contract's reports are valued, and why (shown on the panel)."""

    #: the version that values the reports; ``None``: the reported costs value them
    version: TableVersion | None
    table: ValuationTable | None
    #: the date the version was chosen by
    day: date | None
    #: which date that is: the award date, or the start date when no award date is known
    by: Literal["award_date", "start_date"] | None
    #: Dutch: which method valued the figures and why
    method: str


_COSTS = "Gewaardeerd tegen de opgegeven kosten"


def choose_valuation(
    table: ValuationTable | None, award_date: date | None, start_date: date | None
) -> ValuationChoice:
    """The table version in force at the contract's award date (else its start date).

    A contract is valued with the table in force when it was tendered; the award date is the
    nearest date the plugin knows. Without a table, a date, or a version in force on that date,
    the reported costs value the reports, and the method says so.
    """
    if table is None:
        return ValuationChoice(
            None, None, None, None, f"{_COSTS} (geen waarderingstabel ingesteld)."
        )
    day = award_date or start_date
    by: Literal["award_date", "start_date"] | None = (
        "award_date" if award_date else "start_date" if start_date else None
    )
    if day is None:
        return ValuationChoice(
            None,
            table,
            None,
            None,
            f"{_COSTS}: het contract heeft geen gunnings- of begindatum, dus is niet te bepalen "
            f"welke versie van de tabel {table.organisation} geldt.",
        )
    version = table.version_on(day)
    named = "gunningsdatum" if by == "award_date" else "begindatum (gunningsdatum onbekend)"
    if version is None:
        return ValuationChoice(
            None,
            table,
            day,
            by,
            f"{_COSTS}: op de {named} {format_date(day)} gold geen versie van de tabel "
            f"{table.organisation}.",
        )
    example = " (voorbeeldtabel: controleer de bedragen)" if table.example else ""
    return ValuationChoice(
        version,
        table,
        day,
        by,
        f"Gewaardeerd met de bouwblokkentabel {table.organisation} "
        f"{format_date(version.valid_from)}{example}, de versie die gold op de {named} "
        f"{format_date(day)}.",
    )


# --- valuing rows ----------------------------------------------------------------------------


def counted_fte_years(
    hours: Decimal, persons: int, block: Block, hours_per_year: Decimal
) -> Decimal:
    """Full-time years a row counts: hours ÷ hours per year, at most persons × cap.

    On aggregated reports the cap can only bound a row (its persons each for at most the cap);
    that no one candidate counts longer than the cap over the whole contract is the
    contractor's to respect, and part of what the attestation declares.
    """
    years = hours / hours_per_year
    if block.cap_months is not None:
        years = min(years, Decimal(max(persons, 1)) * block.cap_months / _MONTHS_PER_YEAR)
    return years


def value_with_table(row: ReportRow, version: TableVersion) -> Decimal:
    """The effort value of one report row in euros under ``version``.

    Social purchasing: the row's costs, which the template asks as invoice value excl. btw
    (0 when the table does not count it). Otherwise the target group's block × counted
    full-time years; 0 for a target group without a block.
    """
    if row.placement_type == SOCIAL_BUYING:
        return row.costs.quantize(_CENT, ROUND_HALF_UP) if version.social_buying else Decimal(0)
    block = version.blocks.get(row.target_group)
    if block is None:
        return Decimal(0)
    years = counted_fte_years(row.hours, row.persons, block, version.hours_per_fte_year)
    return (years * block.value).quantize(_CENT, ROUND_HALF_UP)


@dataclass(frozen=True)
class ValuationLine:
    """One line of the panel's explanation: a target group (or social purchasing) summed."""

    #: target group key, or :data:`SOCIAL_BUYING`
    key: str
    kind: Literal["block", "social_buying", "not_valued"]
    hours: Decimal
    #: counted full-time years (after caps), for a block
    fte_years: Decimal
    #: € per full-time year, for a block
    unit_value: Decimal
    #: invoice value excl. btw, for social purchasing
    invoices: Decimal
    value: Decimal
    #: some row was bounded by the cap
    capped: bool
    cap_months: int | None


def explain(rows: Iterable[ReportRow], version: TableVersion) -> tuple[ValuationLine, ...]:
    """The valuation per target group (and social purchasing), in the order first met."""
    sums: dict[str, dict[str, Any]] = {}
    for row in rows:
        buying = row.placement_type == SOCIAL_BUYING
        key = SOCIAL_BUYING if buying else row.target_group
        block = None if buying else version.blocks.get(row.target_group)
        entry = sums.setdefault(
            key,
            {
                "hours": Decimal(0),
                "years": Decimal(0),
                "invoices": Decimal(0),
                "value": Decimal(0),
                "capped": False,
                "block": block,
            },
        )
        entry["hours"] += row.hours
        entry["invoices"] += row.costs
        entry["value"] += value_with_table(row, version)
        if block is not None:
            years = counted_fte_years(row.hours, row.persons, block, version.hours_per_fte_year)
            entry["years"] += years
            entry["capped"] |= years < row.hours / version.hours_per_fte_year
    lines = []
    for key, entry in sums.items():
        block = entry["block"]
        if key == SOCIAL_BUYING:
            kind: Literal["block", "social_buying", "not_valued"] = (
                "social_buying" if version.social_buying else "not_valued"
            )
        else:
            kind = "block" if block is not None else "not_valued"
        lines.append(
            ValuationLine(
                key=key,
                kind=kind,
                hours=entry["hours"],
                fte_years=entry["years"].quantize(_FTE_QUANTUM, ROUND_HALF_UP),
                unit_value=block.value if block is not None else Decimal(0),
                invoices=entry["invoices"],
                value=entry["value"],
                capped=entry["capped"],
                cap_months=block.cap_months if block is not None else None,
            )
        )
    return tuple(lines)
