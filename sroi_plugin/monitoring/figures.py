"""Monitoring figures aggregated in SQL: one contract's panel, and the portfolio dashboard.

The database sums persons, hours and costs per report, target group and placement type in one
query, so the number of queries does not grow with the number of reports. The sums are then
valued and converted to banenafspraak jobs by the rules (:func:`rules.monitoring.report_totals`,
:func:`rules.monitoring.value_of_row`) with the organisation's current rates, or with the
bouwblokken table version in force at the contract's award date (:mod:`rules.valuation`):
changing a rate or table revalues every report alike. (The totals a report had when it was
uploaded stay in the report and in the audit trail.)
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import replace
from datetime import date
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Row
from sqlalchemy import bindparam
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.models import Contract
from sroi_plugin.models import Evaluation
from sroi_plugin.models import MonitoringReport
from sroi_plugin.models import MonitoringRow
from sroi_plugin.rules.attestation import attestation_line
from sroi_plugin.rules.monitoring import MonitoringSettings
from sroi_plugin.rules.monitoring import Period
from sroi_plugin.rules.monitoring import ReportRow
from sroi_plugin.rules.monitoring import Totals
from sroi_plugin.rules.monitoring import last_complete_quarters
from sroi_plugin.rules.monitoring import period_weeks
from sroi_plugin.rules.monitoring import periods_overlap
from sroi_plugin.rules.monitoring import report_period_problem
from sroi_plugin.rules.monitoring import report_totals
from sroi_plugin.rules.monitoring import value_of_row
from sroi_plugin.rules.obligation import has_sr_demand
from sroi_plugin.rules.valuation import ValuationChoice
from sroi_plugin.rules.valuation import ValuationLine
from sroi_plugin.rules.valuation import ValuationTable
from sroi_plugin.rules.valuation import choose_valuation
from sroi_plugin.rules.valuation import explain
from sroi_plugin.rules.valuation import value_with_table
from sroi_plugin.rules.vocabulary import ContractStatus
from sroi_plugin.services.change_value import obligation_for
from sroi_plugin.services.change_value import portfolio_followed_values
from sroi_plugin.services.contract_facts import sr_terms_of

_ZERO = Decimal(0)
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class PeriodFigures:
    """One current report: its period, who uploaded it, and its totals at today's rates."""

    report_id: int
    period: Period
    uploaded_by_name: str
    uploaded_at: datetime
    file_name: str
    totals: Totals
    #: why the stored period cannot stand (Dutch), for a report stored before periods were
    #: bounded; ``None`` for a valid report
    problem: str | None = None
    #: "Verklaard door J. Jansen (directeur) op 15-07-2025"; ``None`` for a report without
    attested: str | None = None


@dataclass(frozen=True)
class BreakdownLine:
    """Sums for one placement type over all current reports."""

    key: str
    label: str
    hours: Decimal
    costs: Decimal
    value_eur: Decimal


@dataclass(frozen=True)
class ContractFigures:
    """Everything the monitoring panel shows about the reports of one contract."""

    periods: tuple[PeriodFigures, ...]
    #: over all current reports: value and hours summed, jobs averaged over the reported weeks,
    #: persons of the latest period
    totals: Totals
    #: weeks covered by the current reports
    weeks: Decimal
    by_placement: tuple[BreakdownLine, ...]
    #: current reports whose period is impossible (outside the term or the horizon): shown as
    #: "ongeldige periode", left out of every total and of the chart, and withdrawable
    invalid: tuple[PeriodFigures, ...] = ()
    #: which method valued the figures, and why (``None``: the rates, nothing to explain)
    valuation: ValuationChoice | None = None
    #: with a bouwblokken table: the value per target group, summed over the reports
    valuation_lines: tuple[ValuationLine, ...] = ()

    @property
    def has_reports(self) -> bool:
        """At least one report is held (valid or not)."""
        return bool(self.periods or self.invalid)


@dataclass(frozen=True)
class _Group:
    """Sums of one report's rows for one target group and placement type."""

    contract_id: int
    report_id: int
    period: Period
    row: ReportRow


#: Core tables, not ORM entities: the sums need no ORM behaviour, and rows of plain columns
#: skip the ORM's result processing
_REPORTS = MonitoringReport.__table__
_ROWS = MonitoringRow.__table__
#: what the rows of one report are summed by, besides the report
_GROUP_KEYS = (_ROWS.c.target_group, _ROWS.c.placement_type)
_SUM_NAMES = ("persons", "hours", "costs")
_ROW_SUMS = tuple(func.sum(_ROWS.c[name]).label(name) for name in _SUM_NAMES)
_REPORT = _REPORTS.c
#: Built once (building a statement costs more than running it, see ``make bench``).
#: The dashboard: every current report's sums per target group and placement type.
_PORTFOLIO_GROUPED = (
    select(_REPORT.contract_id, _REPORT.id, _REPORT.period_start, _REPORT.period_end)
    .add_columns(*_GROUP_KEYS, *_ROW_SUMS)
    .join_from(_REPORTS, _ROWS, _ROWS.c.report_id == _REPORT.id)
    .where(_REPORT.replaced_at.is_(None))
    .group_by(_REPORT.contract_id, _REPORT.id, _REPORT.period_start, _REPORT.period_end)
    .group_by(*_GROUP_KEYS)
)
#: One contract's panel: the same sums, grouped on the row table's short keys alone and joined
#: to the report headers afterwards, which keeps SQLite's sort small (half the time of grouping
#: on the headers too). (For the whole portfolio PostgreSQL prefers the plain join above.)
_CONTRACT_SUMS = (
    select(_ROWS.c.report_id, *_GROUP_KEYS, *_ROW_SUMS)
    .join_from(_ROWS, _REPORTS, _ROWS.c.report_id == _REPORT.id)
    .where(_REPORT.replaced_at.is_(None), _REPORT.contract_id == bindparam("contract_id"))
    .group_by(_ROWS.c.report_id, *_GROUP_KEYS)
    .subquery()
)
_CONTRACT_GROUPED = select(
    _REPORT.id,
    _REPORT.period_start,
    _REPORT.period_end,
    _REPORT.uploaded_by_name,
    _REPORT.uploaded_at,
    _REPORT.file_name,
    _REPORT.attested_by_name,
    _REPORT.attested_by_function,
    _REPORT.attested_on,
    *(_CONTRACT_SUMS.c[name] for name in ("target_group", "placement_type", *_SUM_NAMES)),
).join_from(_REPORTS, _CONTRACT_SUMS, _CONTRACT_SUMS.c.report_id == _REPORT.id)


def _report_row(group: str, kind: str, persons: int, hours: object, costs: object) -> ReportRow:
    """SQLite sums NUMERIC as float: go through str, then to the cent."""
    return ReportRow(
        group,
        kind,
        int(persons),
        Decimal(str(hours)).quantize(_CENT),
        Decimal(str(costs)).quantize(_CENT),
        (),
    )


def _grouped_rows(session: Session) -> list[_Group]:
    """Every contract's sums per current report, target group and placement type, in one query."""
    return [
        _Group(cid, rid, Period(start, end), _report_row(group, kind, persons, hours, costs))
        # all() fetches at once: iterating a Core result fetches row by row, much slower
        for cid, rid, start, end, group, kind, persons, hours, costs in session.execute(
            _PORTFOLIO_GROUPED
        ).all()
    ]


#: values one report row (the settings' rates, or a bouwblokken table version)
RowValue = Callable[[ReportRow], Decimal]


def row_value(settings: MonitoringSettings, choice: ValuationChoice | None) -> RowValue:
    """How a row is valued for a contract: its table version, else the settings' rates."""
    version = choice.version if choice is not None else None
    if version is not None:
        return lambda row: value_with_table(row, version)
    return lambda row: value_of_row(
        row.placement_type, row.persons, row.hours, row.costs, settings.valuation
    )


def _contract_totals(
    by_report: dict[int, tuple[Period, list[ReportRow]]],
    settings: MonitoringSettings,
    value: RowValue | None = None,
) -> tuple[Totals, Decimal]:
    """Totals over all reports: value and hours add up; jobs are the register hours over all
    reported weeks (an average); persons are those of the latest period, because people who
    stay in their job are reported again every period and must not be counted twice."""
    weeks = sum((period_weeks(p.start, p.end) for p, _ in by_report.values()), _ZERO)
    rows = [row for _, rows in by_report.values() for row in rows]
    if not rows or weeks <= 0:
        return Totals(0, _ZERO, _ZERO, _ZERO), weeks
    _, latest_rows = max(by_report.values(), key=lambda entry: entry[0].start)
    totals = report_totals(rows, weeks, settings, value=value)
    return replace(totals, persons=sum(row.persons for row in latest_rows)), weeks


def _breakdown(
    rows: Iterable[ReportRow], settings: MonitoringSettings, value: RowValue
) -> tuple[BreakdownLine, ...]:
    sums: dict[str, list[Decimal]] = {}
    for row in rows:
        line = sums.setdefault(row.placement_type, [_ZERO, _ZERO, _ZERO])
        line[0] += row.hours
        line[1] += row.costs
        line[2] += value(row)
    order = [term.key for term in settings.placement_types.terms]
    return tuple(
        BreakdownLine(key, settings.placement_types.label(key), v[0], v[1], v[2])
        for key, v in sorted(sums.items(), key=lambda item: order.index(item[0]))
    )


def _no_problem(period: Period) -> str | None:
    return None


def _current_reports(
    session: Session, contract_id: int
) -> tuple[dict[int, Row[Any]], dict[int, tuple[Period, list[ReportRow]]]]:
    """The contract's current reports (one query): their headers, and their period and summed
    rows, by report id."""
    headers: dict[int, Row[Any]] = {}
    groups: dict[int, list[ReportRow]] = {}
    for found in session.execute(_CONTRACT_GROUPED, {"contract_id": contract_id}).all():
        headers.setdefault(found.id, found)
        groups.setdefault(found.id, []).append(_report_row(*found[-5:]))
    by_report = {
        rid: (Period(header.period_start, header.period_end), groups[rid])
        for rid, header in headers.items()
    }
    return headers, by_report


def contract_realised(
    session: Session,
    contract_id: int,
    settings: MonitoringSettings,
    *,
    period_problem: Callable[[Period], str | None] = _no_problem,
    valuation: ValuationChoice | None = None,
) -> Totals:
    """The ``totals`` of :func:`contract_figures` alone, by the same query and rules, without
    the lines per period, placement type and target group (the attention summary's need)."""
    _, by_report = _current_reports(session, contract_id)
    valid = {rid: entry for rid, entry in by_report.items() if period_problem(entry[0]) is None}
    return _contract_totals(valid, settings, row_value(settings, valuation))[0]


def contract_figures(
    session: Session,
    contract_id: int,
    settings: MonitoringSettings,
    *,
    period_problem: Callable[[Period], str | None] = _no_problem,
    valuation: ValuationChoice | None = None,
) -> ContractFigures:
    """The monitoring figures of one contract in one query, whatever the number of reports.

    :param period_problem: why a stored period cannot stand (e.g.
        :func:`rules.monitoring.report_period_problem` for the contract's term); such reports
        are listed in ``invalid`` and counted nowhere.
    :param valuation: the contract's bouwblokken table version (:func:`contract_valuation`);
        ``None`` values with the settings' rates.
    """
    value = row_value(settings, valuation)
    headers, by_report = _current_reports(session, contract_id)
    problems = {rid: period_problem(period) for rid, (period, _) in by_report.items()}
    invalid = tuple(
        PeriodFigures(
            rid,
            by_report[rid][0],
            headers[rid].uploaded_by_name,
            headers[rid].uploaded_at,
            headers[rid].file_name,
            Totals(0, _ZERO, _ZERO, _ZERO),
            problem,
        )
        for rid, problem in sorted(problems.items())
        if problem is not None
    )
    by_report = {rid: entry for rid, entry in by_report.items() if problems[rid] is None}
    periods = sorted(
        (
            PeriodFigures(
                rid,
                period,
                headers[rid].uploaded_by_name,
                headers[rid].uploaded_at,
                headers[rid].file_name,
                report_totals(rows, period_weeks(period.start, period.end), settings, value=value),
                attested=_attested(headers[rid]),
            )
            for rid, (period, rows) in by_report.items()
        ),
        key=lambda p: p.period.start,
    )
    totals, weeks = _contract_totals(by_report, settings, value)
    all_rows = [row for _, rows in by_report.values() for row in rows]
    version = valuation.version if valuation is not None else None
    return ContractFigures(
        tuple(periods),
        totals,
        weeks,
        _breakdown(all_rows, settings, value),
        invalid,
        valuation,
        explain(all_rows, version) if version is not None else (),
    )


def _attested(header: Row[Any]) -> str | None:
    """The report's declaration as one line, when it has one."""
    if header.attested_by_name is None or header.attested_on is None:
        return None
    return attestation_line(
        header.attested_by_name, header.attested_by_function or "", header.attested_on
    )


def contract_valuation(contract: Contract, table: ValuationTable | None) -> ValuationChoice:
    """The table version for ``contract``: in force at its award date, else its start date."""
    return choose_valuation(table, contract.award_date, contract.start_date)


#: the evaluation that stands, as Core columns: the panel shows it and needs no ORM object
_EVALUATION = Evaluation.__table__.c
_LATEST_EVALUATION = (
    select(Evaluation.__table__)
    .where(_EVALUATION.contract_id == bindparam("contract_id"))
    .order_by(_EVALUATION.created_at.desc(), _EVALUATION.id.desc())
    .limit(1)
)


def latest_evaluation(session: Session, contract_id: int) -> Row[Any] | None:
    """The evaluation that stands: the newest one saved (saving again adds a row)."""
    return session.execute(_LATEST_EVALUATION, {"contract_id": contract_id}).first()


# --- portfolio dashboard ------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractLine:
    """One contract on the dashboard."""

    ref: str
    title: str
    category: str
    department: str
    supplier: str
    obligation: Decimal | None
    totals: Totals
    reported_periods: int
    last_period: Period | None


@dataclass(frozen=True)
class GroupLine:
    """Totals of the contracts in one category, department or contractor."""

    name: str
    contracts: int
    obligation: Decimal
    realised: Decimal
    persons: int
    hours: Decimal
    jobs: Decimal

    @property
    def share(self) -> Decimal | None:
        """Realised ÷ obligation, ``None`` when nothing is owed."""
        return self.realised / self.obligation if self.obligation else None


@dataclass(frozen=True)
class Dashboard:
    """The portfolio dashboard's figures."""

    contracts: tuple[ContractLine, ...]
    total: GroupLine
    by_category: tuple[GroupLine, ...]
    by_department: tuple[GroupLine, ...]
    by_supplier: tuple[GroupLine, ...]
    #: the last two complete quarters, newest first
    window: tuple[Period, ...]
    #: contracts with a social-return demand running in the window without any report in it
    missing_reports: tuple[ContractLine, ...]


_UNKNOWN = "(onbekend)"


def _group(name: str, lines: Sequence[ContractLine]) -> GroupLine:
    return GroupLine(
        name=name,
        contracts=len(lines),
        obligation=sum((line.obligation or _ZERO for line in lines), _ZERO),
        realised=sum((line.totals.value_eur for line in lines), _ZERO),
        persons=sum(line.totals.persons for line in lines),
        hours=sum((line.totals.hours for line in lines), _ZERO),
        jobs=sum((line.totals.jobs for line in lines), _ZERO),
    )


def _groups(lines: Sequence[ContractLine], attribute: str) -> tuple[GroupLine, ...]:
    buckets: dict[str, list[ContractLine]] = {}
    for line in lines:
        buckets.setdefault(getattr(line, attribute) or _UNKNOWN, []).append(line)
    return tuple(
        _group(name, members)
        for name, members in sorted(buckets.items(), key=lambda item: item[0].casefold())
    )


def _runs_in(contract: Contract, window: Period) -> bool:
    start = contract.start_date or date.min
    end = contract.end_date or date.max
    return contract.status != ContractStatus.MISSING and periods_overlap(Period(start, end), window)


def dashboard(
    session: Session,
    settings: MonitoringSettings,
    today: date,
    table: ValuationTable | None = None,
) -> Dashboard:
    """Portfolio figures in four queries: the contracts, the grouped report rows, and the two
    the obligation's contract value needs for the whole portfolio (decisions on changes proposed
    by hand, when imports last changed the values: ``portfolio_followed_values``).

    :param table: the bouwblokken table; each contract is valued with its own version.
    """
    by_contract: dict[int, dict[int, tuple[Period, list[ReportRow]]]] = {}
    for found in _grouped_rows(session):
        reports = by_contract.setdefault(found.contract_id, {})
        reports.setdefault(found.report_id, (found.period, []))[1].append(found.row)
    quarters = last_complete_quarters(today, 2)
    window = Period(quarters[-1].start, quarters[0].end)
    lines: list[ContractLine] = []
    missing: list[ContractLine] = []
    followed = portfolio_followed_values(session)
    for contract in session.scalars(select(Contract).order_by(Contract.ref)):
        terms = sr_terms_of(contract)
        # a report with an impossible period (stored before periods were bounded) counts nowhere
        reports = {
            rid: entry
            for rid, entry in by_contract.get(contract.id, {}).items()
            if report_period_problem(entry[0], contract.start_date, contract.end_date, today)
            is None
        }
        if not has_sr_demand(terms) and not reports:
            continue
        value = row_value(settings, contract_valuation(contract, table))
        totals, _weeks = _contract_totals(reports, settings, value)
        periods = sorted((period for period, _ in reports.values()), key=lambda p: p.start)
        line = ContractLine(
            ref=contract.ref,
            title=contract.title,
            category=contract.category or "",
            department=contract.department or "",
            supplier=contract.supplier_name or "",
            obligation=obligation_for(contract, followed(contract)).amount,
            totals=totals,
            reported_periods=len(periods),
            last_period=periods[-1] if periods else None,
        )
        lines.append(line)
        if (
            has_sr_demand(terms)
            and _runs_in(contract, window)
            and not any(periods_overlap(p, window) for p in periods)
        ):
            missing.append(line)
    return Dashboard(
        contracts=tuple(lines),
        total=_group("Totaal", lines),
        by_category=_groups(lines, "category"),
        by_department=_groups(lines, "department"),
        by_supplier=_groups(lines, "supplier"),
        window=tuple(quarters),
        missing_reports=tuple(missing),
    )
