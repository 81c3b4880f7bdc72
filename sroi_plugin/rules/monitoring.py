"""Monitoring rules: vocabulary, banenafspraak jobs, valuation, obligation vs realised, report rows.

Implements what the handreiking asks a contract manager to collect and judge during the
contract (stap 4a "Maak monitoring onderdeel van het partnership", stap 4b "Evalueer de
resultaten") for the ways of creating jobs in stap 3a. Norms, rates and vocabulary are data
(``data/monitoring.json``); an organisation overrides norms and rates through
:func:`load_monitoring_settings`. The AVG guard lives in :mod:`sroi_plugin.rules.privacy`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP
from decimal import Decimal
from decimal import InvalidOperation
from functools import lru_cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any
from typing import Literal
from typing import TypeVar
from typing import cast

from sroi_plugin.errors import ConfigError
from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules import values
from sroi_plugin.rules.dutch import fold as fold_accents
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.findings import Finding
from sroi_plugin.rules.findings import Severity
from sroi_plugin.rules.months import EARLIEST_DAY
from sroi_plugin.rules.months import horizon_end
from sroi_plugin.rules.months import previous_day
from sroi_plugin.rules.obligation import elapsed_share
from sroi_plugin.rules.vocabulary import term_key

_T = TypeVar("_T")

#: what a valuation rate multiplies: reported costs, paid hours or persons placed
Basis = Literal["costs", "hours", "persons"]
_BASES: tuple[Basis, ...] = ("costs", "hours", "persons")

# Precision of results (presentation, not norms): euros to the cent, jobs and fractions.
_CENT = Decimal("0.01")
_JOBS_QUANTUM = Decimal("0.01")
_FRACTION_QUANTUM = Decimal("0.0001")
_HUNDRED = Decimal(100)
_DAYS_PER_WEEK = Decimal(7)

#: Dutch names of the report fields, used in every message about a field
FIELD_TITLES: Mapping[str, str] = MappingProxyType(
    {
        "target_group": "Doelgroep",
        "placement_type": "Soort plaatsing",
        "persons": "Aantal personen",
        "hours": "Verloonde uren",
        "costs": "Kosten",
        "evidence": "Bewijsstuk",
        "weeks": "Aantal weken",
        "percentage": "Percentage social return",
        "basis_amount": "Grondslag (project- of loonsom)",
        "obligation": "Verplichting",
        "realised": "Gerealiseerd",
        "start": "Begindatum",
        "end": "Einddatum",
    }
)



def fold(text: str) -> str:
    """Lower-case ``text``, drop accents and keep only letters and digits, one space apart.

    Suppliers type "Ex-gedetineerden", "ex gedetineerden" or "EX-GEDETINEERDEN"; all fold alike.
    """
    return " ".join(re.findall(r"[0-9a-z]+", fold_accents(text)))


def _compact(text: str) -> str:
    """The vocabulary's word key: spacing, case, accents and punctuation never decide a match."""
    return term_key(text)


def _title(field: str) -> str:
    return FIELD_TITLES.get(field, field)


# --- vocabulary -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One entry of a vocabulary: stable ``key``, Dutch ``label`` and accepted ``aliases``."""

    key: str
    label: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    """A closed list of terms for one report field (target groups, placement types, evidence).

    Source: handreiking stap 1c (doelgroepen), stap 3a (ways to create jobs), stap 4a (evidence).
    """

    #: report field the terms fill, e.g. ``target_group``
    field: str
    terms: tuple[Term, ...]
    #: compacted key, label or alias → key
    index: Mapping[str, str]

    def parse(self, value: object) -> str:
        """Map what a supplier typed (key or label, any case, accents or spacing) to the key.

        :raises RuleInputError: empty or unknown; the Dutch message lists the choices.
        """
        text = "" if value is None else str(value).strip()
        if not text:
            raise RuleInputError(self.field, f"{_title(self.field)}: is verplicht.")
        key = self.index.get(_compact(text))
        if key is None:
            choices = "; ".join(term.label for term in self.terms)
            raise RuleInputError(
                self.field, f"{_title(self.field)}: '{text}' is onbekend; kies uit: {choices}."
            )
        return key

    def label(self, key: str) -> str:
        """Dutch label of ``key`` for display."""
        return next(term.label for term in self.terms if term.key == key)


def _vocabulary(field: str, entries: list[dict[str, Any]]) -> Vocabulary:
    """Build a vocabulary and refuse data in which one spelling means two keys."""
    terms = tuple(Term(e["key"], e["label"], tuple(e["aliases"])) for e in entries)
    index: dict[str, str] = {}
    for term in terms:
        for spelling in (term.key, term.label, *term.aliases):
            if index.setdefault(_compact(spelling), term.key) != term.key:
                raise ConfigError(f"monitoring.json: '{spelling}' names two {field} terms")
    return Vocabulary(field, terms, MappingProxyType(index))


# --- settings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """How one placement type is valued: ``basis`` × ``amount`` (e.g. costs × 1, hours × €30)."""

    basis: Basis
    amount: Decimal
    #: where the rate comes from (handreiking, or "organisatie-instelling")
    source: str


@dataclass(frozen=True)
class HeaderTerm:
    """A word in a column header that asks for personal data (see ``data/monitoring.json``)."""

    term: str
    #: Dutch name of the personal data, e.g. ``naam``
    what: str
    whole_word: bool

    def matches(self, word: str) -> bool:
        """True when the folded header ``word`` is or (for compounds) contains the term."""
        return word == self.term if self.whole_word else self.term in word


@dataclass(frozen=True)
class PersonalDataPatterns:
    """Header patterns of the AVG guard (:mod:`sroi_plugin.rules.privacy`)."""

    header_terms: tuple[HeaderTerm, ...]
    #: words that make a header about a person even when it also names an organisation
    person_words: tuple[str, ...]
    #: words that make a header about an organisation or thing ("Naam opdrachtnemer")
    non_person_words: tuple[str, ...]
    #: whole headers that name a person by themselves ("Medewerker" lists names)
    person_headers: tuple[str, ...]
    #: kinds of personal data looked for in every short text cell, not only in table headers
    anywhere: frozenset[str]
    #: words of a label or header that make a number or date an identifier, amount or period
    identifier_words: tuple[str, ...]


@dataclass(frozen=True)
class MonitoringSettings:
    """Norms, rates and vocabulary for monitoring, after the organisation's overrides."""

    #: paid hours a week that count as one banenafspraak job (25.5)
    hours_per_job_week: Decimal
    #: counts below this are shown as "< n" outside the working group
    small_number_threshold: int
    #: realisation may lag the elapsed share of the term by this fraction before "behind"
    behind_schedule_tolerance: Decimal
    birth_date_min_age: int
    birth_date_max_age: int
    #: row numbers listed per problem in a rejection explanation
    rows_listed_per_problem: int
    #: placement type key → rate
    valuation: Mapping[str, Rate]
    #: target groups whose paid hours count for the banenafspraak
    banenafspraak_target_groups: frozenset[str]
    target_groups: Vocabulary
    placement_types: Vocabulary
    evidence_kinds: Vocabulary
    personal_data: PersonalDataPatterns


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = files("sroi_plugin.rules").joinpath("data/monitoring.json").read_text("utf-8")
    return cast(dict[str, Any], json.loads(text))


def _config_number(key: str, value: object) -> Decimal:
    """A finite, non-negative number from config; a float goes through ``str`` (25.5 stays 25.5)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise ConfigError(
            f"SROI monitoring setting {key!r}: use a number or numeric string, "
            f"not {type(value).__name__}"
        )
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ConfigError(f"SROI monitoring setting {key!r}: {value!r} is not a number") from None
    _require(number.is_finite() and number >= 0, key, "must be a number of at least 0")
    return number


def _config_int(key: str, value: object) -> int:
    number = _config_number(key, value)
    _require(
        number == number.to_integral_value() and number >= 1, key, "must be a whole number ≥ 1"
    )
    return int(number)


def _require(condition: bool, key: str, rule: str) -> None:
    if not condition:
        raise ConfigError(f"SROI monitoring setting {key!r} {rule}")


def _rates(defaults: dict[str, Any], overrides: object) -> Mapping[str, Rate]:
    """Default rates per placement type, with the organisation's partial overrides applied."""
    if not isinstance(overrides, Mapping):
        raise ConfigError("SROI monitoring setting 'valuation' must map placement types to rates")
    unknown = sorted(set(overrides) - set(defaults))
    _require(
        not unknown,
        "valuation",
        f"has unknown placement types {unknown}; known: {sorted(defaults)}",
    )
    return MappingProxyType(
        {key: _rate(key, entry, overrides.get(key)) for key, entry in defaults.items()}
    )


def _rate(key: str, default: dict[str, Any], override: object) -> Rate:
    if override is None:
        return Rate(default["basis"], Decimal(default["amount"]), default["source"])
    if not isinstance(override, Mapping) or not set(override) <= {"basis", "amount"}:
        raise ConfigError(
            f"SROI monitoring setting 'valuation.{key}' takes only 'basis' and 'amount'"
        )
    basis = override.get("basis", default["basis"])
    _require(basis in _BASES, f"valuation.{key}.basis", f"must be one of {list(_BASES)}")
    amount = _config_number(f"valuation.{key}.amount", override.get("amount", default["amount"]))
    return Rate(cast(Basis, basis), amount, "Instelling van de organisatie.")


def _patterns(raw: dict[str, Any]) -> PersonalDataPatterns:
    return PersonalDataPatterns(
        header_terms=tuple(
            HeaderTerm(t["term"], t["what"], bool(t["whole_word"])) for t in raw["header_terms"]
        ),
        person_words=tuple(raw["person_words"]),
        non_person_words=tuple(raw["non_person_words"]),
        person_headers=tuple(raw["person_headers"]),
        anywhere=frozenset(raw["anywhere"]),
        identifier_words=tuple(raw["identifier_words"]),
    )


def load_monitoring_settings(overrides: Mapping[str, object] | None = None) -> MonitoringSettings:
    """Read ``data/monitoring.json`` and apply the organisation's overrides.

    Keys of ``overrides`` are the names under ``norms`` in the data file (e.g.
    ``{"small_number_threshold": 5}``) plus ``valuation``, a mapping of placement type to
    ``{"basis": ..., "amount": ...}`` (either may be left out). Numbers may be ``Decimal``,
    ``int``, ``float`` (read through ``str``) or numeric strings, as in ``rules/norms.py``.

    :raises ConfigError: unknown key or unusable value (message names the key).
    """
    data = _data()
    given = dict(overrides or {})
    unknown = sorted(set(given) - set(data["norms"]) - {"valuation"})
    if unknown:
        known = [*sorted(data["norms"]), "valuation"]
        raise ConfigError(f"Unknown SROI monitoring settings {unknown}; known: {known}")
    norms = {key: given.get(key, entry["value"]) for key, entry in data["norms"].items()}
    hours = _config_number("hours_per_job_week", norms["hours_per_job_week"])
    _require(hours > 0, "hours_per_job_week", "must be greater than 0")
    tolerance = _config_number("behind_schedule_tolerance", norms["behind_schedule_tolerance"])
    _require(tolerance <= 1, "behind_schedule_tolerance", "is a fraction and must be at most 1")
    min_age = _config_int("birth_date_min_age", norms["birth_date_min_age"])
    max_age = _config_int("birth_date_max_age", norms["birth_date_max_age"])
    _require(min_age < max_age, "birth_date_min_age", "must be lower than birth_date_max_age")
    return MonitoringSettings(
        hours_per_job_week=hours,
        small_number_threshold=_config_int(
            "small_number_threshold", norms["small_number_threshold"]
        ),
        behind_schedule_tolerance=tolerance,
        birth_date_min_age=min_age,
        birth_date_max_age=max_age,
        rows_listed_per_problem=_config_int(
            "rows_listed_per_problem", norms["rows_listed_per_problem"]
        ),
        valuation=_rates(data["valuation"], given.get("valuation", {})),
        banenafspraak_target_groups=frozenset(data["banenafspraak_target_groups"]),
        target_groups=_vocabulary("target_group", data["target_groups"]),
        placement_types=_vocabulary("placement_type", data["placement_types"]),
        evidence_kinds=_vocabulary("evidence", data["evidence_kinds"]),
        personal_data=_patterns(data["personal_data"]),
    )


@lru_cache(maxsize=1)
def default_monitoring_settings() -> MonitoringSettings:
    """The settings of the data file without overrides (read once)."""
    return load_monitoring_settings()


# --- numbers as suppliers type them ----------------------------------------------------------


def parse_amount(field: str, value: object) -> Decimal:
    """A required non-negative number as a supplier writes it (``1.234,50``, ``€ 1.234.567``).

    Read by :func:`sroi_plugin.rules.values.parse_number`, as every other door reads numbers
    (``1.500`` alone is refused as ambiguous; write ``1500`` or ``1.500,00``).

    :param field: report field, named in the Dutch message.
    :raises RuleInputError: empty, not a number, ambiguous or negative.
    """
    if values.is_blank(value):
        raise RuleInputError(field, f"{_title(field)}: is verplicht; vul 0 in als er niets is.")
    try:
        number = values.parse_number(value, allow_negative=True)
    except values.ValueParseError as exc:
        raise RuleInputError(
            field, f"{_title(field)}: {exc.message}; schrijf bijvoorbeeld 1.234,50."
        ) from None
    assert number is not None  # not blank, checked above
    _non_negative(field, number)
    return number


def parse_count(field: str, value: object) -> int:
    """A required whole number ≥ 0, e.g. the number of persons placed.

    :raises RuleInputError: as :func:`parse_amount`, or not a whole number.
    """
    number = parse_amount(field, value)
    if number != number.to_integral_value():
        raise RuleInputError(field, f"{_title(field)}: '{value}' is geen geheel getal.")
    return int(number)


def _non_negative(field: str, number: Decimal | int) -> None:
    if number < 0:
        raise RuleInputError(field, f"{_title(field)}: mag niet negatief zijn.")


def _money(amount: Decimal) -> Decimal:
    return amount.quantize(_CENT, ROUND_HALF_UP)


def _fraction(value: Decimal) -> Decimal:
    return value.quantize(_FRACTION_QUANTUM, ROUND_HALF_UP)


# --- banenafspraak jobs ----------------------------------------------------------------------


def period_weeks(start: date, end: date) -> Decimal:
    """Length of a reporting period in weeks, both days included (exact, not rounded).

    Periods are stated as "1 januari t/m 31 maart", so the end day counts: 1 January to
    31 March 2025 is 90 days, 90/7 weeks. Source: needed for the 25.5-hour job norm, which is
    per week (Wet banenafspraak; handreiking stap 4a).

    :raises RuleInputError: ``end`` before ``start``.
    """
    if end < start:
        raise RuleInputError("end", "Einddatum: ligt vóór de begindatum van de rapportageperiode.")
    return Decimal((end - start).days + 1) / _DAYS_PER_WEEK


def jobs_from_hours(
    paid_hours: Decimal, weeks: Decimal, hours_per_job_week: Decimal | None = None
) -> Decimal:
    """Banenafspraak jobs: paid hours ÷ (25.5 × weeks), to two decimals.

    Source: Wet banenafspraak en quotum arbeidsbeperkten — one job is 25.5 paid hours a week,
    smaller jobs count pro rata, larger ones as more than one job; handreiking stap 4a (paid
    hours of people from the doelgroepregister establish the contribution). Only pass hours
    of the doelgroepregister group; :func:`report_totals` does the filtering.

    :param hours_per_job_week: the norm; default from the settings (25.5).
    :raises RuleInputError: negative hours or a period of no weeks.
    """
    norm = (
        default_monitoring_settings().hours_per_job_week
        if hours_per_job_week is None
        else hours_per_job_week
    )
    _non_negative("hours", paid_hours)
    if weeks <= 0:
        raise RuleInputError("weeks", "Aantal weken: moet groter dan 0 zijn.")
    return (paid_hours / (norm * weeks)).quantize(_JOBS_QUANTUM, ROUND_HALF_UP)


# --- valuation -------------------------------------------------------------------------------


def value_of_row(
    placement_type: str,
    persons: int,
    hours: Decimal,
    costs: Decimal,
    rates: Mapping[str, Rate] | None = None,
) -> Decimal:
    """Realised social-return value of one report row in euros: basis × amount of its rate.

    Source: handreiking stap 4a (collect SR-related costs, with salary-cost overviews and
    invoices as evidence). The guide sets no valuation; the default rates value every type
    at the reported costs and are an organisation setting, not a norm from the guide.

    :param rates: placement type → :class:`Rate`; default from the settings.
    :raises RuleInputError: negative input or a placement type without a rate.
    """
    table = default_monitoring_settings().valuation if rates is None else rates
    rate = table.get(placement_type)
    if rate is None:
        raise RuleInputError(
            "placement_type",
            f"Soort plaatsing: voor '{placement_type}' is geen waardering ingesteld.",
        )
    _non_negative("persons", persons)
    _non_negative("hours", hours)
    _non_negative("costs", costs)
    base = {"costs": costs, "hours": hours, "persons": Decimal(persons)}[rate.basis]
    return _money(base * rate.amount)


# --- obligation vs realised ------------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """How far a contract's social-return obligation is realised against its term."""

    obligation: Decimal
    realised: Decimal
    #: realised ÷ obligation (1 when nothing is owed; may exceed 1)
    fraction_realised: Decimal
    #: share of the term passed, 0 at the start, 1 from the end date on
    fraction_elapsed: Decimal
    #: "achter op schema"
    behind_schedule: bool


def progress(
    obligation: Decimal,
    realised: Decimal,
    start: date,
    end: date,
    today: date,
    *,
    tolerance: Decimal | None = None,
) -> Progress:
    """Compare the realised share of the obligation with the elapsed share of the term.

    Behind schedule when, during the term, the realised share lags the elapsed share by more
    than ``tolerance`` (organisation setting, default 10 percentage points), and after the end
    date when less than 100% is realised; never on or before the start date. Source:
    handreiking stap 4a (monitor periodically during the term); the tolerance is not a norm
    from the guide.

    :raises RuleInputError: ``end`` not after ``start`` or negative amounts.
    """
    if end <= start:
        raise RuleInputError("end", "Einddatum: moet na de begindatum van de looptijd liggen.")
    _non_negative("obligation", obligation)
    _non_negative("realised", realised)
    allowed = (
        default_monitoring_settings().behind_schedule_tolerance if tolerance is None else tolerance
    )
    done = realised / obligation if obligation else Decimal(1)
    elapsed = elapsed_share(start, end, today)
    if not 0 <= allowed <= 1:
        raise RuleInputError("tolerance", "Marge: moet tussen 0 en 1 liggen.")
    # At the start nothing has elapsed, so a lag above a tolerance ≥ 0 is impossible there.
    # Decide on exact shares; round only what is shown.
    behind = done < 1 if today > end else elapsed - done > allowed
    return Progress(obligation, realised, _fraction(done), _fraction(elapsed), behind)


def _percent(fraction: Decimal) -> str:
    return f"{(fraction * _HUNDRED).quantize(Decimal(1), ROUND_HALF_UP)}%"


def progress_finding(result: Progress) -> Finding | None:
    """A warning for the contract manager when realisation is behind schedule, else None.

    Source: handreiking stap 4a (discuss progress in the partnership's progress meetings) and
    stap 1 (a partnership rests on trust, not on fines).
    """
    if not result.behind_schedule:
        return None
    return Finding(
        code="SR_BEHIND_SCHEDULE",
        severity=Severity.WARNING,
        title="Social return loopt achter op schema",
        explanation=(
            f"Gerealiseerd is {_percent(result.fraction_realised)} van de verplichting, terwijl "
            f"{_percent(result.fraction_elapsed)} van de looptijd voorbij is. Bespreek in het "
            "volgende voortgangsgesprek met de opdrachtnemer waar het knelt en welke acties "
            "uit het actieplan helpen om bij te komen."
        ),
        source="handreiking stap 4a",
    )


# --- report rows and totals ------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    """One aggregated line of a monitoring report: no person, only counts per group and type."""

    target_group: str
    placement_type: str
    persons: int
    hours: Decimal
    costs: Decimal
    #: evidence kinds available (may be empty: the guide says the client *can* ask for it)
    evidence: tuple[str, ...]


def _evidence(kinds: Vocabulary, value: object) -> tuple[str, ...]:
    """Zero or more evidence kinds, separated by ";" or ","."""
    parts = [
        part for part in re.split(r"[;,]", "" if value is None else str(value)) if part.strip()
    ]
    return tuple(dict.fromkeys(kinds.parse(part) for part in parts))


#: Persons one report row may count. A row is one target group and placement type at one
#: contractor; 100,000 is far more than any contractor places (the largest Dutch employers have
#: tens of thousands of staff), while 10^7 is a typing error, not a placement.
MAX_PERSONS_PER_ROW = 100_000
#: Hours one person can work in a day: the physical ceiling for the hours of a row.
_HOURS_PER_DAY = 24
#: Without a known period, hours are bounded as for a year (366 days) of every person working
#: every hour; with a period, by its days (see :func:`hours_cap`).
_DAYS_WITHOUT_PERIOD = 366


def hours_cap(persons: int, period_days: int | None) -> Decimal:
    """The most hours ``persons`` could work in the period: persons × 24 × days.

    A physical ceiling, not a norm: it only refuses what cannot be (10^9 hours by a handful of
    people). A row with 0 persons is bounded as one person's hours (its persons may be counted on
    another row). Without a known period the days of a leap year.
    """
    days = period_days if period_days is not None and period_days > 0 else _DAYS_WITHOUT_PERIOD
    return Decimal(max(persons, 1) * _HOURS_PER_DAY * days)


def _dutch_number(number: Decimal | int) -> str:
    """``1.000.000`` or ``1.234,5``: a count or hours as the messages show them."""
    whole, _, fraction = f"{Decimal(number).normalize():f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{fraction}" if fraction else grouped


def _bounded_persons(persons: int) -> int:
    if persons > MAX_PERSONS_PER_ROW:
        raise RuleInputError(
            "persons",
            f"{_title('persons')}: {_dutch_number(persons)} is meer dan "
            f"{_dutch_number(MAX_PERSONS_PER_ROW)} personen in één regel; controleer het getal.",
        )
    return persons


def _bounded_hours(hours: Decimal, persons: int | None, period_days: int | None) -> Decimal:
    cap = hours_cap(min(persons or 0, MAX_PERSONS_PER_ROW), period_days)
    if hours > cap:
        days = period_days if period_days is not None and period_days > 0 else _DAYS_WITHOUT_PERIOD
        people = max(persons or 0, 1)
        who = "1 persoon" if people == 1 else f"{_dutch_number(people)} personen"
        raise RuleInputError(
            "hours",
            f"{_title('hours')}: {_dutch_number(hours)} uur is meer dan {who} in {days} dagen "
            f"kunnen werken (24 uur per dag: hoogstens {_dutch_number(cap)} uur); controleer "
            "het getal.",
        )
    return hours


def _collect(errors: list[str], parse: Callable[[], _T]) -> _T | None:
    try:
        return parse()
    except RuleInputError as exc:
        errors.append(exc.message)
        return None


def validate_report_row(
    raw: Mapping[str, object],
    settings: MonitoringSettings | None = None,
    *,
    period_days: int | None = None,
) -> tuple[ReportRow | None, list[str]]:
    """Check one row of a monitoring report and type it; problems come back, never raise.

    Source: handreiking stap 4a (information to collect: target group, paid hours, SR-related
    costs, evidence). Keys of ``raw``: ``target_group``, ``placement_type``, ``persons``,
    ``hours``, ``costs``, ``evidence`` (optional).

    Persons are at most :data:`MAX_PERSONS_PER_ROW`, hours at most what they could work in the
    period (:func:`hours_cap`; ``period_days`` is the report period's length in days).

    :returns: ``(row, [])`` or ``(None, Dutch messages naming each faulty field)``.
    """
    s = settings or default_monitoring_settings()
    errors: list[str] = []
    group = _collect(errors, lambda: s.target_groups.parse(raw.get("target_group")))
    kind = _collect(errors, lambda: s.placement_types.parse(raw.get("placement_type")))
    persons = _collect(
        errors, lambda: _bounded_persons(parse_count("persons", raw.get("persons")))
    )
    hours = _collect(
        errors,
        lambda: _bounded_hours(parse_amount("hours", raw.get("hours")), persons, period_days),
    )
    costs = _collect(errors, lambda: parse_amount("costs", raw.get("costs")))
    evidence = _collect(errors, lambda: _evidence(s.evidence_kinds, raw.get("evidence")))
    if (
        group is None
        or kind is None
        or persons is None
        or hours is None
        or costs is None
        or evidence is None
    ):
        return None, errors
    return ReportRow(group, kind, persons, hours, costs, evidence), []


@dataclass(frozen=True)
class Totals:
    """What a report adds up to for the obligation-vs-realised panel."""

    #: placements summed over rows (a person who changed placement type counts twice)
    persons: int
    hours: Decimal
    #: banenafspraak jobs, from doelgroepregister hours only
    jobs: Decimal
    value_eur: Decimal


def report_totals(
    rows: Iterable[ReportRow],
    weeks: Decimal,
    settings: MonitoringSettings | None = None,
    *,
    value: Callable[[ReportRow], Decimal] | None = None,
) -> Totals:
    """Sum a report: persons, hours, banenafspraak jobs and value in euros.

    Source: handreiking stap 1c and 4a — only jobs of people in the doelgroepregister count for
    the banenafspraak, so only their hours become jobs; every row adds to the value.

    :param weeks: length of the reporting period (:func:`period_weeks`).
    :param value: values one row (a bouwblokken table, :mod:`sroi_plugin.rules.valuation`);
        default :func:`value_of_row` with the settings' rates.
    """
    s = settings or default_monitoring_settings()
    lines = tuple(rows)

    def by_rates(r: ReportRow) -> Decimal:
        return value_of_row(r.placement_type, r.persons, r.hours, r.costs, s.valuation)

    valued = value or by_rates

    register_hours = sum(
        (r.hours for r in lines if r.target_group in s.banenafspraak_target_groups), Decimal(0)
    )
    return Totals(
        persons=sum(r.persons for r in lines),
        hours=sum((r.hours for r in lines), Decimal(0)),
        jobs=jobs_from_hours(register_hours, weeks, s.hours_per_job_week),
        value_eur=_money(sum((valued(r) for r in lines), Decimal(0))),
    )


# --- reporting periods -----------------------------------------------------------------------

_QUARTER_MONTHS = 3


@dataclass(frozen=True)
class Period:
    """A reporting period, both days included."""

    start: date
    end: date


def quarter_of(day: date) -> Period:
    """The calendar quarter holding ``day`` (1 January – 31 March, …)."""
    first_month = (day.month - 1) // _QUARTER_MONTHS * _QUARTER_MONTHS + 1
    start = date(day.year, first_month, 1)
    if first_month + _QUARTER_MONTHS > 12:
        if day.year == date.max.year:
            return Period(start, date.max)
        next_start = date(day.year + 1, 1, 1)
    else:
        next_start = date(day.year, first_month + _QUARTER_MONTHS, 1)
    return Period(start, previous_day(next_start))


def last_complete_quarters(today: date, count: int = 2) -> list[Period]:
    """The ``count`` calendar quarters that ended before ``today``, newest first.

    Source: handreiking stap 4a (monitor periodically during the term and discuss progress in
    the partnership's progress meetings). The guide sets no frequency; reporting per quarter
    is the organisation's choice, and "no report in the last two periods" on the dashboard
    means no report overlapping the last two complete quarters.

    :raises RuleInputError: ``count`` below 1.
    """
    if count < 1:
        raise RuleInputError("count", "Aantal periodes: moet minstens 1 zijn.")
    periods: list[Period] = []
    current = quarter_of(today)
    for _ in range(count):
        current = quarter_of(previous_day(current.start))
        periods.append(current)
    return periods


def periods_overlap(a: Period, b: Period) -> bool:
    """True when two periods share at least one day."""
    return a.start <= b.end and b.start <= a.end


def report_period_problem(
    period: Period, term_start: date | None, term_end: date | None, today: date
) -> str | None:
    """Why a reporting period cannot be reported on for a contract, in Dutch; ``None`` when it
    can.

    Source: handreiking stap 4a (the contractor reports periodically *during the term*): a
    period must lie wholly inside the contract's term, both days included. A missing begin or
    end date leaves that side open. Independent of the term, a period must lie between
    :data:`~sroi_plugin.rules.months.EARLIEST_DAY` and
    :data:`~sroi_plugin.rules.months.HORIZON_YEARS` years after ``today`` (a plausibility bound,
    not a norm of the guide): a typo such as 31-12-9999 would otherwise block every later
    report as overlapping.
    """
    shown = f"{format_date(period.start)} t/m {format_date(period.end)}"
    if period.end < period.start:
        return f"De periode {shown} klopt niet: de einddatum ligt vóór de begindatum."
    if (term_start is not None and period.start < term_start) or (
        term_end is not None and period.end > term_end
    ):
        term = (
            f"{format_date(term_start) if term_start else 'onbekend'} t/m "
            f"{format_date(term_end) if term_end else 'onbepaald'}"
        )
        return (
            f"De periode {shown} valt (deels) buiten de looptijd van het contract ({term}). "
            "Kies een periode binnen de looptijd."
        )
    latest = horizon_end(today)
    if period.start < EARLIEST_DAY or period.end > latest:
        return (
            f"De periode {shown} ligt buiten wat gerapporteerd kan worden: kies een periode "
            f"tussen {format_date(EARLIEST_DAY)} en {format_date(latest)}."
        )
    return None
