"""Management reports as xlsx: the portfolio dashboard and a contract's evaluation (stap 4b/5b).

Every value goes through :func:`~sroi_plugin.importing.spreadsheet_out.neutralise`, so text
from the register or typed in an evaluation never becomes a formula. Counts of persons are
written as the dashboard shows them outside the working group ("< 3").
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.importing.spreadsheet_out import neutralise
from sroi_plugin.models import Contract
from sroi_plugin.models import Evaluation
from sroi_plugin.monitoring.figures import ContractLine
from sroi_plugin.monitoring.figures import Dashboard
from sroi_plugin.monitoring.figures import GroupLine
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.dutch import format_moment
from sroi_plugin.rules.monitoring import Period
from sroi_plugin.rules.privacy import display_count

#: the evaluation's questions, in order (field → Dutch label)
EVALUATION_QUESTIONS: dict[str, str] = {
    "impact": "Impact: wat heeft social return in dit contract opgeleverd?",
    "improvements": "Wat doen we beter bij de volgende aanbesteding?",
    "innovation_ideas": "Ideeën van de opdrachtnemer voor sociale innovatie",
    "recognition": "Waardering voor de opdrachtnemer",
}

_GROUP_HEADERS = (
    "Naam",
    "Contracten",
    "Verplichting (€)",
    "Gerealiseerd (€)",
    "Gerealiseerd (%)",
    "Personen",
    "Verloonde uren",
    "Banen (banenafspraak)",
)


def _sheet(
    workbook: Workbook, title: str, headers: Sequence[object], rows: Iterable[Sequence[object]]
) -> None:
    sheet = workbook.create_sheet(title=title)
    sheet.append([neutralise(value) for value in headers])
    for row in rows:
        sheet.append([neutralise(value) for value in row])


def _count(n: int, threshold: int) -> int | str:
    shown = display_count(n, inside_working_group=False, threshold=threshold)
    return int(shown) if shown.isdigit() else shown


def _percent(share: Decimal | None) -> Decimal | None:
    return None if share is None else (share * 100).quantize(Decimal("0.1"))


def _group_rows(groups: Iterable[GroupLine], threshold: int) -> Iterable[Sequence[object]]:
    for group in groups:
        yield (
            group.name,
            group.contracts,
            group.obligation,
            group.realised,
            _percent(group.share),
            _count(group.persons, threshold),
            group.hours,
            group.jobs,
        )


def _period_text(period: Period | None) -> str:
    if period is None:
        return ""
    return f"{format_date(period.start)} t/m {format_date(period.end)}"


def _contract_rows(lines: Iterable[ContractLine], threshold: int) -> Iterable[Sequence[object]]:
    for line in lines:
        yield (
            line.ref,
            line.title,
            line.category,
            line.department,
            line.supplier,
            line.obligation,
            line.totals.value_eur,
            _count(line.totals.persons, threshold),
            line.totals.hours,
            line.totals.jobs,
            line.reported_periods,
            _period_text(line.last_period),
        )


def dashboard_xlsx(
    figures: Dashboard, *, threshold: int, target_jobs: Decimal | None, today: date
) -> bytes:
    """The dashboard as a workbook: totals, per category/department/contractor, contracts."""
    workbook = Workbook(write_only=True)
    total = figures.total
    _sheet(
        workbook,
        "Totaal",
        ("Onderdeel", "Waarde"),
        [
            ("Peildatum", format_date(today)),
            ("Contracten met social return of rapportage", total.contracts),
            ("Verplichting (€)", total.obligation),
            ("Gerealiseerd (€)", total.realised),
            ("Gerealiseerd (%)", _percent(total.share)),
            ("Personen (plaatsingen)", _count(total.persons, threshold)),
            ("Verloonde uren", total.hours),
            ("Banen (banenafspraak)", total.jobs),
            ("Doel banen (organisatie)", target_jobs if target_jobs is not None else "geen doel"),
            (
                "Contracten zonder rapportage in de laatste twee kwartalen",
                len(figures.missing_reports),
            ),
        ],
    )
    _sheet(workbook, "Per categorie", _GROUP_HEADERS, _group_rows(figures.by_category, threshold))
    _sheet(workbook, "Per afdeling", _GROUP_HEADERS, _group_rows(figures.by_department, threshold))
    _sheet(
        workbook, "Per opdrachtnemer", _GROUP_HEADERS, _group_rows(figures.by_supplier, threshold)
    )
    contract_headers = (
        "Contractnummer",
        "Omschrijving",
        "Categorie",
        "Afdeling",
        "Opdrachtnemer",
        "Verplichting (€)",
        "Gerealiseerd (€)",
        "Personen",
        "Verloonde uren",
        "Banen (banenafspraak)",
        "Gerapporteerde periodes",
        "Laatste periode",
    )
    _sheet(workbook, "Contracten", contract_headers, _contract_rows(figures.contracts, threshold))
    _sheet(
        workbook,
        "Zonder rapportage",
        contract_headers,
        _contract_rows(figures.missing_reports, threshold),
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def evaluation_xlsx(contract: Contract, history: Sequence[Evaluation]) -> bytes:
    """A contract's evaluation: the one that stands, and every earlier version with who/when."""
    workbook = Workbook(write_only=True)
    current = history[0] if history else None
    head = [
        ("Contract", contract.ref),
        ("Omschrijving", contract.title),
        ("Opdrachtnemer", contract.supplier_name or ""),
    ]
    if current is not None:
        head += [
            ("Vastgelegd door", current.created_by_name),
            ("Vastgelegd op", format_moment(current.created_at)),
        ]
        head += [(label, getattr(current, name)) for name, label in EVALUATION_QUESTIONS.items()]
    else:
        head.append(("Evaluatie", "Nog niet ingevuld"))
    _sheet(workbook, "Evaluatie", ("Onderdeel", "Inhoud"), head)
    _sheet(
        workbook,
        "Historie",
        ("Vastgelegd op", "Vastgelegd door", *EVALUATION_QUESTIONS.values()),
        (
            (
                format_moment(item.created_at),
                item.created_by_name,
                *(getattr(item, name) for name in EVALUATION_QUESTIONS),
            )
            for item in history
        ),
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
