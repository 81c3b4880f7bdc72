"""Social-return norms as data: the defaults in ``data/norms.json``, overridable per organisation.

The guide (handreiking stap 2Ac, 2Ba, Bijlage IV) gives its norms as examples ("bijvoorbeeld",
"veel overheden"), so an organisation must be able to use its own. The rule code never holds
these numbers; it reads them from a :class:`Norms` built by :func:`load_norms`.

Overrides are a flat mapping with the keys of the ``norms`` object in ``norms.json`` (the Flask
extension passes the organisation's config). ``score_weights`` may be given partially: the
weights named replace the defaults, the others stay. ``labour_intensive_categories`` replaces the
whole list. An unknown key or an unusable value raises :class:`~sroi_plugin.errors.ConfigError`
naming the key.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import fields
from decimal import Decimal
from decimal import InvalidOperation
from importlib import resources

from sroi_plugin.errors import ConfigError

_DATA_FILE = "data/norms.json"


@dataclass(frozen=True)
class ScoreWeights:
    """Points per promising-contract criterion (handreiking stap 2Ba); see ``portfolio.py``."""

    #: annual value above ``promising_annual_value_eur``
    annual_value: int
    #: category is labour-intensive
    labour_intensive: int
    #: base term of at least ``multi_year_months``
    multi_year: int
    #: at least ``min_remaining_months`` left
    remaining_term: int
    #: an extension option falls due within ``extension_horizon_months``
    extension_due: int
    #: the contract already has a social-return paragraph to build on
    sr_paragraph_present: int
    #: no social return yet: an opportunity to start the conversation
    sr_paragraph_absent: int


@dataclass(frozen=True)
class Norms:
    """Thresholds and weights the clause checks and the promising-contract score use."""

    #: the organisation's size norm ("groottenorm"): below it a demanded percentage is flagged;
    #: stap 2Ac only says many authorities apply social return from € 100.000
    size_norm_eur: Decimal
    #: Rijksoverheid: from this wage sum always look at social return (Bijlage IV)
    rijk_wage_sum_norm_eur: Decimal
    #: shorter contracts usually get no social return (stap 2Ac)
    min_duration_months: int
    #: a wage share below this fraction is "low" (stap 2Ac)
    low_wage_share: Decimal
    #: at a low wage share, flag more than this percentage of the project sum; stap 2Ac gives
    #: 2% as an example of a lower percentage, not as a maximum
    max_project_sum_pct_at_low_wage_share: Decimal
    #: "larger contract": annual value above this (stap 2Ba)
    promising_annual_value_eur: Decimal
    #: "multi-year": a base term of at least this many months (stap 2Ba)
    multi_year_months: int
    #: "enough remaining term": at least this many months left (stap 2Ba)
    min_remaining_months: int
    #: a contract ending within this many months is "expiring" (stap 2Ba)
    expiring_horizon_months: int
    #: an extension option falling due within this many months is "coming" (stap 2Ba)
    extension_horizon_months: int
    #: category words that mark a labour-intensive contract (stap 2Ba)
    labour_intensive_categories: tuple[str, ...]
    #: points per promising criterion
    score_weights: ScoreWeights
    #: a score at or above this is "promising"
    promising_threshold: int


def load_norms(overrides: Mapping[str, object] | None = None) -> Norms:
    """Build the norms from ``norms.json``, with the organisation's overrides applied.

    :param overrides: flat mapping of norm keys to values (money as str/int/Decimal).
    :raises ConfigError: for an unknown key or a value that cannot be used, naming the key.
    """
    raw = dict(_read_defaults())
    for key, value in (overrides or {}).items():
        if key not in raw:
            raise ConfigError(f"Unknown SROI norm {key!r}; known norms: {', '.join(sorted(raw))}")
        raw[key] = _merged_weights(raw[key], value) if key == "score_weights" else value
    return Norms(
        size_norm_eur=_amount(raw, "size_norm_eur"),
        rijk_wage_sum_norm_eur=_amount(raw, "rijk_wage_sum_norm_eur"),
        min_duration_months=_count(raw, "min_duration_months", minimum=1),
        low_wage_share=_fraction(raw, "low_wage_share"),
        max_project_sum_pct_at_low_wage_share=_percentage(
            raw, "max_project_sum_pct_at_low_wage_share"
        ),
        promising_annual_value_eur=_amount(raw, "promising_annual_value_eur"),
        multi_year_months=_count(raw, "multi_year_months", minimum=1),
        min_remaining_months=_count(raw, "min_remaining_months", minimum=1),
        expiring_horizon_months=_count(raw, "expiring_horizon_months", minimum=1),
        extension_horizon_months=_count(raw, "extension_horizon_months", minimum=1),
        labour_intensive_categories=_categories(raw, "labour_intensive_categories"),
        score_weights=_weights(raw, "score_weights"),
        promising_threshold=_count(raw, "promising_threshold", minimum=0),
    )


def _read_defaults() -> Mapping[str, object]:
    """The ``norms`` object of the packaged data file."""
    text = resources.files("sroi_plugin.rules").joinpath(_DATA_FILE).read_text("utf-8")
    document = json.loads(text)
    norms = document.get("norms") if isinstance(document, dict) else None
    if not isinstance(norms, dict):
        raise ConfigError(f"{_DATA_FILE} has no 'norms' object")
    return norms


def _merged_weights(defaults: object, override: object) -> object:
    """Partial weight overrides keep the default weights they do not name."""
    if not isinstance(defaults, Mapping) or not isinstance(override, Mapping):
        return override
    return {**defaults, **override}


def _decimal(raw: Mapping[str, object], key: str) -> Decimal:
    """A number as Decimal; floats go through ``str`` so 0.5 stays exactly 0.5."""
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, (str, int, float, Decimal)):
        raise ConfigError(f"SROI norm {key!r} must be a number, got {value!r}")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ConfigError(f"SROI norm {key!r} must be a number, got {value!r}") from None
    if not number.is_finite():
        raise ConfigError(f"SROI norm {key!r} must be a finite number, got {value!r}")
    return number


def _bounded(raw: Mapping[str, object], key: str, upper: Decimal | None) -> Decimal:
    """A Decimal in ``[0, upper]`` (no upper bound when ``upper`` is None)."""
    number = _decimal(raw, key)
    if number < 0 or (upper is not None and number > upper):
        limit = "at least 0" if upper is None else f"between 0 and {upper}"
        raise ConfigError(f"SROI norm {key!r} must be {limit}, got {number}")
    return number


def _amount(raw: Mapping[str, object], key: str) -> Decimal:
    """A euro amount (not negative)."""
    return _bounded(raw, key, None)


def _fraction(raw: Mapping[str, object], key: str) -> Decimal:
    """A share between 0 and 1."""
    return _bounded(raw, key, Decimal(1))


def _percentage(raw: Mapping[str, object], key: str) -> Decimal:
    """A percentage between 0 and 100."""
    return _bounded(raw, key, Decimal(100))


def _count(raw: Mapping[str, object], key: str, *, minimum: int) -> int:
    """A whole number (months, points) of at least ``minimum``."""
    value = raw.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ConfigError(f"SROI norm {key!r} must be a whole number >= {minimum}, got {value!r}")
    return value


def _categories(raw: Mapping[str, object], key: str) -> tuple[str, ...]:
    """A non-empty list of non-empty category words."""
    value = raw.get(key)
    if (
        not isinstance(value, (list, tuple))
        or not value
        or not all(isinstance(item, str) and item.strip() for item in value)
    ):
        raise ConfigError(f"SROI norm {key!r} must be a non-empty list of words, got {value!r}")
    return tuple(item.strip() for item in value)


def _weights(raw: Mapping[str, object], key: str) -> ScoreWeights:
    """One whole, non-negative weight per :class:`ScoreWeights` field."""
    value = raw.get(key)
    if not isinstance(value, Mapping):
        raise ConfigError(f"SROI norm {key!r} must be a mapping of weights, got {value!r}")
    names = [field.name for field in fields(ScoreWeights)]
    unknown = sorted(set(value) - set(names))
    if unknown:
        raise ConfigError(
            f"Unknown SROI norm '{key}.{unknown[0]}'; known weights: {', '.join(names)}"
        )
    prefixed = {f"{key}.{name}": weight for name, weight in value.items()}
    weights = {name: _count(prefixed, f"{key}.{name}", minimum=0) for name in names}
    return ScoreWeights(**weights)
