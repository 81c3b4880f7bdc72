"""EU procurement thresholds by period, and the percentage limits for contract modifications.

The figures are data (``data/eu_thresholds.json``), not code: the Commission revises the
thresholds every two years (Dir. 2014/24 art. 6, Dir. 2014/25 art. 17) and an organisation
must be able to add a new period before the plugin is updated. Sources: Dir. 2014/24 art. 4,
Dir. 2014/25 art. 15, Commission Delegated Regulations (EU) 2023/2495, 2023/2496 (2024–2025)
and 2025/2150–2152 (2026–2027); percentage limits from Dir. 2014/24 art. 72(1)(b)(c) and
72(2) / Aw 2012 art. 2.163b, 2.163d and 2.163e.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from decimal import InvalidOperation
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

from sroi_plugin.errors import ConfigError
from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.vocabulary import AuthorityType
from sroi_plugin.rules.vocabulary import ContractKind as ContractKind

#: What is procured and who procures: the vocabulary's lists (one definition; ``Authority`` is
#: the name the threshold rules have always used for :class:`AuthorityType`).
Authority = AuthorityType


#: the threshold columns every period must have, as named in the JSON file
THRESHOLD_COLUMNS = (
    "works",
    "supplies_services_central",
    "supplies_services_other",
    "social_services",
    "special_sector_works",
    "special_sector_supplies_services",
    "special_sector_social_services",
)

_LIMIT_KEYS = (
    "de_minimis_share_works",
    "de_minimis_share_supplies_services",
    "capped_ground_share",
)


def to_decimal(value: object) -> Decimal:
    """Read an amount from JSON-like input without ever going through float.

    Accepts ``Decimal``, ``int`` and numeric strings such as ``"1234.56"``; rejects
    ``float`` (inexact), ``bool`` and non-finite values.

    :raises ValueError: when the value is not an exact, finite number
    """
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        raise ValueError(f"not an exact amount: {value!r}")
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return amount


def to_date(value: object) -> date:
    """Read a ``YYYY-MM-DD`` date (or pass a ``date`` through).

    :raises ValueError: when the value is not such a date
    """
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) != len("YYYY-MM-DD"):
        raise ValueError(f"not a YYYY-MM-DD date: {value!r}")
    return date.fromisoformat(value)


def _column(kind: ContractKind, authority: Authority) -> str:
    """Name of the threshold column that applies to this kind of contract and authority."""
    if kind is ContractKind.WORKS:
        base = "works"
    elif kind is ContractKind.SOCIAL_SERVICES:
        base = "social_services"
    elif authority is Authority.SPECIAL_SECTOR:
        base = "supplies_services"
    else:
        base = f"supplies_services_{authority.value}"
    return f"special_sector_{base}" if authority is Authority.SPECIAL_SECTOR else base


@dataclass(frozen=True)
class ThresholdPeriod:
    """The EU thresholds in force from ``start`` to ``end`` (both inclusive), in EUR excl. VAT."""

    start: date
    end: date
    #: column name (see :data:`THRESHOLD_COLUMNS`) → amount
    amounts: Mapping[str, Decimal]
    #: the Official Journal act the figures come from
    source: str

    def covers(self, on: date) -> bool:
        """Whether ``on`` falls inside this period."""
        return self.start <= on <= self.end

    def amount_for(self, kind: ContractKind, authority: Authority) -> Decimal:
        """The threshold for this kind of contract awarded by this kind of authority."""
        return self.amounts[_column(kind, authority)]


@dataclass(frozen=True)
class ModificationLimits:
    """Shares of the initial contract value that bound a modification (Dir. 2014/24 art. 72)."""

    #: de-minimis share for works (art. 72(2): 15%)
    de_minimis_share_works: Decimal
    #: de-minimis share for services and supplies, social services included (art. 72(2): 10%)
    de_minimis_share_supplies_services: Decimal
    #: cap per modification for additional work and unforeseeable circumstances
    #: (art. 72(1)(b) and (c): 50%)
    capped_ground_share: Decimal

    def de_minimis_share(self, kind: ContractKind) -> Decimal:
        """The de-minimis share for this kind of contract (Aw 2012 art. 2.163b / Dir. 72(2))."""
        if kind is ContractKind.WORKS:
            return self.de_minimis_share_works
        return self.de_minimis_share_supplies_services


@dataclass(frozen=True)
class ThresholdTable:
    """All known threshold periods (non-overlapping) and the modification limits."""

    periods: tuple[ThresholdPeriod, ...]
    limits: ModificationLimits

    def __post_init__(self) -> None:
        ordered = sorted(self.periods, key=lambda p: p.start)
        for earlier, later in zip(ordered, ordered[1:], strict=False):
            if later.start <= earlier.end:
                raise ConfigError(
                    f"threshold periods overlap: {earlier.start}..{earlier.end} and "
                    f"{later.start}..{later.end}"
                )

    def period_on(self, on: date) -> ThresholdPeriod:
        """The period in force on ``on``.

        :raises RuleInputError: (field ``modification.date``) when no period covers the date
        """
        for period in self.periods:
            if period.covers(on):
                return period
        known = ", ".join(f"{p.start} t/m {p.end}" for p in self.periods)
        raise RuleInputError(
            "modification.date",
            f"voor {on.isoformat()} is geen EU-drempel bekend (bekende perioden: {known}); "
            "laat de beheerder de drempels voor die periode toevoegen",
        )

    def threshold_for(self, kind: ContractKind, authority: Authority, on: date) -> Decimal:
        """The EU threshold on this date (Dir. 2014/24 art. 4, Dir. 2014/25 art. 15)."""
        return self.period_on(on).amount_for(kind, authority)


def _config_mapping(value: object, key: str) -> Mapping[str, object]:
    """A JSON object from the data file or overrides, or a ConfigError naming ``key``."""
    if not isinstance(value, Mapping):
        raise ConfigError(f"{key}: expected an object, got {value!r}")
    return value


def _config_amount(value: object, key: str) -> Decimal:
    """A positive exact amount or share, or a ConfigError naming ``key``."""
    try:
        amount = to_decimal(value)
    except ValueError as exc:
        raise ConfigError(f'{key}: {exc} (write amounts as strings, e.g. "143000")') from exc
    if amount <= 0:
        raise ConfigError(f"{key}: must be greater than zero, got {amount}")
    return amount


def _config_date(value: object, key: str) -> date:
    """A date, or a ConfigError naming ``key``."""
    try:
        return to_date(value)
    except ValueError as exc:
        raise ConfigError(f"{key}: {exc}") from exc


def _required(data: Mapping[str, object], name: str, key: str) -> object:
    """``data[name]``, or a ConfigError naming the missing key."""
    if name not in data:
        raise ConfigError(f"{key}.{name}: missing")
    return data[name]


def _parse_period(value: object, key: str) -> ThresholdPeriod:
    """One period object of the data file or overrides."""
    data = _config_mapping(value, key)
    start = _config_date(_required(data, "start", key), f"{key}.start")
    end = _config_date(_required(data, "end", key), f"{key}.end")
    if end < start:
        raise ConfigError(f"{key}: end {end} lies before start {start}")
    amounts = {
        column: _config_amount(_required(data, column, key), f"{key}.{column}")
        for column in THRESHOLD_COLUMNS
    }
    return ThresholdPeriod(
        start=start,
        end=end,
        amounts=MappingProxyType(amounts),
        source=str(_required(data, "source", key)),
    )


def _parse_periods(value: object, key: str) -> list[ThresholdPeriod]:
    """The ``periods`` list of the data file or overrides."""
    if not isinstance(value, list):
        raise ConfigError(f"{key}: expected a list of periods, got {value!r}")
    return [_parse_period(item, f"{key}[{index}]") for index, item in enumerate(value)]


def _parse_limits(data: Mapping[str, object], key: str) -> ModificationLimits:
    """The ``modification_limits`` object; shares must lie in (0, 1]."""
    unknown = sorted(set(data) - {*_LIMIT_KEYS, "source"})
    if unknown:
        raise ConfigError(f"{key}: unknown keys {unknown}")
    shares = {
        name: _config_amount(_required(data, name, key), f"{key}.{name}") for name in _LIMIT_KEYS
    }
    for name, share in shares.items():
        if share > 1:
            raise ConfigError(f"{key}.{name}: a share is at most 1, got {share}")
    return ModificationLimits(**shares)


@lru_cache(maxsize=1)
def _bundled_data() -> Mapping[str, object]:
    """The JSON file shipped in ``sroi_plugin/rules/data``."""
    text = (resources.files("sroi_plugin.rules") / "data" / "eu_thresholds.json").read_text("utf-8")
    return _config_mapping(json.loads(text), "eu_thresholds.json")


def load_threshold_table(overrides: Mapping[str, object] | None = None) -> ThresholdTable:
    """Build the table from the bundled data file, with an organisation's overrides applied.

    ``overrides`` has the file's shape. ``modification_limits`` keys replace single limits;
    each entry of ``periods`` (a complete period) replaces the bundled period with the same
    ``start`` or is added. Periods may not overlap.

    :param overrides: e.g. ``{"periods": [{"start": "2028-01-01", "end": "2029-12-31", …}]}``
    :raises ConfigError: when the data or the overrides are malformed
    """
    extra = overrides or {}
    unknown = sorted(set(extra) - {"periods", "modification_limits"})
    if unknown:
        raise ConfigError(f"threshold overrides: unknown keys {unknown}")
    bundled = _bundled_data()
    limits = {
        **_config_mapping(bundled["modification_limits"], "modification_limits"),
        **_config_mapping(extra.get("modification_limits", {}), "overrides.modification_limits"),
    }
    by_start = {p.start: p for p in _parse_periods(bundled["periods"], "periods")}
    by_start.update(
        {p.start: p for p in _parse_periods(extra.get("periods", []), "overrides.periods")}
    )
    return ThresholdTable(
        periods=tuple(sorted(by_start.values(), key=lambda p: p.start)),
        limits=_parse_limits(limits, "modification_limits"),
    )


@lru_cache(maxsize=1)
def default_table() -> ThresholdTable:
    """The bundled table without overrides (built once)."""
    return load_threshold_table()


def threshold_for(
    kind: ContractKind,
    authority: Authority,
    on: date,
    *,
    table: ThresholdTable | None = None,
) -> Decimal:
    """The EU threshold in force on ``on`` (Dir. 2014/24 art. 4 and 13, Dir. 2014/25 art. 15).

    :param on: the date that decides the period (for a modification: its date)
    :param table: a table with the organisation's overrides; the bundled one by default
    :raises RuleInputError: (field ``modification.date``) when no period covers ``on``
    """
    return (table or default_table()).threshold_for(kind, authority, on)
