"""Preview = plan, confirm = apply: the preview writes nothing and keeps a plan; the confirm
applies exactly that plan (nothing read or compared again), refuses a stale one, and never
meets a constraint the plan did not check first."""

from __future__ import annotations

import marshal
from collections.abc import Callable
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any
from typing import cast

import pytest
from sqlalchemy import String
from sqlalchemy import Table
from sqlalchemy import event
from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.importing import apply as apply_stage
from sroi_plugin.importing.apply import PLAN_OVERTAKEN
from sroi_plugin.importing.apply import STALE_MESSAGE
from sroi_plugin.importing.apply import apply_plan
from sroi_plugin.importing.apply import preview_portfolio
from sroi_plugin.importing.fields import FIELDS_BY_NAME
from sroi_plugin.importing.fields import MODEL_FIELD_NAMES
from sroi_plugin.importing.result import ImportResult
from sroi_plugin.importing.stored_plan import StoredPlan
from sroi_plugin.importing.stored_plan import decode_plan
from sroi_plugin.importing.stored_plan import encode_plan
from sroi_plugin.models import Contract
from sroi_plugin.models import ContractRevision
from sroi_plugin.models import Modification
from sroi_plugin.models import PortfolioImport
from sroi_plugin.models import utcnow
from tests.helpers.clock import TODAY
from tests.helpers.portfolio import HEADER
from tests.helpers.portfolio import SEEDED
from tests.helpers.portfolio import USER
from tests.helpers.portfolio import contract
from tests.helpers.portfolio import count
from tests.helpers.portfolio import read
from tests.helpers.portfolio import row
from tests.helpers.portfolio import run
from tests.helpers.portfolio import xlsx

MakeContract = Callable[..., Contract]
_CONTRACTS = cast(Table, Contract.__table__)


@contextmanager
def statements(session: Session) -> Iterator[list[str]]:
    """The SQL statements the session's engine runs meanwhile."""
    seen: list[str] = []
    engine = session.get_bind()

    def note(*args: Any) -> None:
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def preview(session: Session, data: bytes) -> tuple[ImportResult, StoredPlan]:
    """The preview and its plan as kept with the upload (encoded, decoded)."""
    result = preview_portfolio(session, read(session, data), user=USER, today=TODAY)
    assert result.plan is not None
    kept = decode_plan(encode_plan(result.plan), now=utcnow())
    assert kept is not None
    return result, kept


def test_the_preview_plans_without_a_single_write(
    session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-A")
    make_contract("GEM-C")
    data = xlsx([row("GEM-A", {**SEEDED, "Contractwaarde": "1.300.000"}), row("GEM-D")])
    with statements(session) as seen:
        result, kept = preview(session, data)
    writes = [sql for sql in seen if sql.split(None, 1)[0].upper() in ("INSERT", "UPDATE")]
    assert writes == []
    assert result.counts["new"] == result.counts["changed"] == result.counts["missing"] == 1
    assert [item["ref"] for item in kept.plan.inserts] == ["GEM-D"]
    updates = {kept.plan.ref_of_id[item["b_id"]]: item for item in kept.plan.updates}
    assert updates["GEM-A"]["value_total"] == Decimal("1300000.00")
    assert updates["GEM-C"]["status"] == "missing"
    assert count(session, PortfolioImport) == count(session, ContractRevision) == 0
    assert contract(session, "GEM-C").status == "active"


def test_the_confirm_applies_the_kept_plan_without_reading_or_comparing_again(
    session: Session, make_contract: MakeContract, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_contract("GEM-A")
    make_contract("GEM-C")
    data = xlsx(
        [
            row("GEM-A", {**SEEDED, "Contractwaarde": "1.300.000", "Einddatum": "31-12-2029"}),
            row("GEM-D"),
        ]
    )
    result, kept = preview(session, data)

    def no_second_plan(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the confirm planned again")

    monkeypatch.setattr(apply_stage, "make_plan", no_second_plan)
    done = apply_plan(session, kept, user=USER, allow_mass_missing=True)
    assert done.committed and done.import_id is not None
    assert done.counts == result.counts
    changed = contract(session, "GEM-A")
    assert (changed.value_total, changed.version) == (Decimal("1300000.00"), 2)
    assert contract(session, "GEM-C").status == "missing"
    assert contract(session, "GEM-D").version == 1
    audit = session.get(PortfolioImport, done.import_id)
    assert audit is not None
    assert (audit.new_count, audit.changed_count, audit.missing_count) == (1, 1, 1)
    assert audit.assess_count == 2 == count(session, Modification)
    fields = session.scalars(
        select(ContractRevision.field).where(ContractRevision.import_id == done.import_id)
    ).all()
    assert sorted(fields) == ["end_date", "status", "status", "value_total"]


def test_a_plan_of_an_older_revision_is_refused_and_changes_nothing(
    session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-A")
    _result, kept = preview(
        session, xlsx([row("GEM-A", {**SEEDED, "Contractwaarde": "1.500.000"})])
    )
    assert run(session, xlsx([row("GEM-A", {**SEEDED, "Contractwaarde": "1.400.000"})])).committed
    stale = apply_plan(session, kept, user=USER)
    assert stale.stale and not stale.committed
    assert stale.errors == [STALE_MESSAGE]
    assert contract(session, "GEM-A").value_total == Decimal("1400000.00")
    assert count(session, PortfolioImport) == 1


def test_a_contract_edited_after_the_preview_makes_the_plan_stale(
    session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-A")
    _result, kept = preview(
        session, xlsx([row("GEM-A", {**SEEDED, "Contractwaarde": "1.500.000"})])
    )
    edited = contract(session, "GEM-A")
    edited.sr_clause_text = "Bestek 4.2: 5% van de loonsom"  # a panel edit: a new version
    session.commit()
    overtaken = apply_plan(session, kept, user=USER)
    assert overtaken.stale and not overtaken.committed
    assert overtaken.errors == [PLAN_OVERTAKEN.format(refs="GEM-A")]
    after = contract(session, "GEM-A")
    assert (after.value_total, after.version) == (Decimal("1200000.00"), 2)
    assert count(session, PortfolioImport) == 0


def test_a_plan_confirmed_twice_commits_once(session: Session, make_contract: MakeContract) -> None:
    make_contract("GEM-A")
    data = xlsx([row("GEM-A", {**SEEDED, "Contractwaarde": "1.500.000"})])
    _result, kept = preview(session, data)
    again = decode_plan(encode_plan(kept), now=utcnow())
    assert again is not None
    assert apply_plan(session, kept, user=USER).committed
    assert apply_plan(session, again, user=USER).stale
    assert count(session, PortfolioImport) == 1


def test_an_unusable_plan_payload_decodes_to_none() -> None:
    assert decode_plan(b"not a plan", now=utcnow()) is None
    assert decode_plan(b"\xe9\x00", now=utcnow()) is None
    # the rows as read, as a preview kept them before it planned: planned anew
    assert decode_plan(marshal.dumps({"v": 1, "fields": ["ref"]}), now=utcnow()) is None


# --- constraints the preview finds before the database could --------------------------------

_LIMITED = {
    name: cast(String, _CONTRACTS.c[name].type).length
    for name in MODEL_FIELD_NAMES
    if isinstance(_CONTRACTS.c[name].type, String) and _CONTRACTS.c[name].type.length
}


@pytest.mark.parametrize("name", sorted(_LIMITED))
def test_every_length_limit_of_a_written_column_is_a_row_error_in_the_preview(
    session: Session, name: str
) -> None:
    label = FIELDS_BY_NAME[name].label
    header = [*HEADER, label] if label not in HEADER else list(HEADER)
    too_long = "x" * (int(_LIMITED[name]) + 1)
    ref = too_long if name == "ref" else "GEM-LONG"
    data = xlsx(
        [row("GEM-OK", header=header), row(ref, {label: too_long}, header=header)], header=header
    )
    result, kept = preview(session, data)
    (invalid,) = result.invalid_rows
    assert invalid.row == 3
    assert any(f"Rij 3, {label}" in error for error in invalid.errors), invalid.errors
    done = apply_plan(session, kept, user=USER, allow_invalid=True)
    assert done.committed
    assert count(session, Contract) == 1


def test_a_contract_number_that_grows_when_case_folded_is_a_row_error(session: Session) -> None:
    ref = "ß" * 40  # 40 characters; its matching key "ss" * 40 is 80 (the key column holds 64)
    result, kept = preview(session, xlsx([row("GEM-OK"), row(ref)]))
    (invalid,) = result.invalid_rows
    assert invalid.errors == [
        "Rij 3, Contractnummer: het contractnummer is te lang om op te zoeken (80 tekens "
        "zonder hoofdletters, maximaal 64)"
    ]
    assert apply_plan(session, kept, user=USER, allow_invalid=True).committed
    assert count(session, Contract) == 1


def test_duplicate_numbers_in_the_file_are_row_errors_in_the_preview(session: Session) -> None:
    result, kept = preview(session, xlsx([row("GEM-1"), row("gem-1 "), row("GEM-2")]))
    assert sorted(item.row for item in result.invalid_rows) == [2, 3]
    assert all("meer dan eens" in item.errors[0] for item in result.invalid_rows)
    assert apply_plan(session, kept, user=USER, allow_invalid=True).committed
    assert count(session, Contract) == 1


def test_two_rows_the_matcher_reads_as_one_stored_contract_are_caught_by_the_plan(
    session: Session, make_contract: MakeContract
) -> None:
    make_contract("4711")
    data = xlsx(
        [
            row("004711", {**SEEDED, "Contractwaarde": "1.300.000"}),
            row("4711", {**SEEDED, "Contractwaarde": "1.400.000"}),
        ]
    )
    result, kept = preview(session, data)
    (invalid,) = result.invalid_rows
    assert invalid.errors == [
        "Rij 3, Contractnummer: '4711' is hetzelfde contract als '004711' op rij 2 "
        "(hoofdletters en voorloopnullen tellen niet mee); deze rij is niet geïmporteerd."
    ]
    done = apply_plan(session, kept, user=USER, allow_invalid=True)
    assert done.committed and not done.errors
    assert contract(session, "4711").value_total == Decimal("1300000.00")


def test_a_code_outside_a_closed_list_is_a_row_error_not_a_check_violation(
    session: Session,
) -> None:
    data = xlsx([row("GEM-1"), row("GEM-2", {"Soort opdracht": "ruimtevaart"})])
    result, kept = preview(session, data)
    (invalid,) = result.invalid_rows
    assert invalid.row == 3 and "Soort opdracht" in invalid.errors[0]
    assert apply_plan(session, kept, user=USER, allow_invalid=True).committed
    assert session.scalars(select(Contract.kind)).all() == ["services"]


def test_a_cell_that_keeps_the_stored_value_stays_kept_through_the_kept_plan(
    session: Session, make_contract: MakeContract
) -> None:
    make_contract("GEM-1", sr_percentage=Decimal("7.00"))
    header = (*HEADER, "Social return")
    data = xlsx(
        [
            row("GEM-1", {**SEEDED, "Social return": "ja", "SR-percentage": None}, header),
            row("GEM-2", header=header),
        ],
        header,
    )
    _result, kept = preview(session, data)
    assert apply_plan(session, kept, user=USER).committed
    assert contract(session, "GEM-1").sr_percentage == Decimal("7.00")
    assert contract(session, "GEM-2").sr_percentage == Decimal("5.00")
