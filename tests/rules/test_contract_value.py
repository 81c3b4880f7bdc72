"""The value the obligation follows: register value plus changes allowed since it last changed."""

from __future__ import annotations

from datetime import UTC
from datetime import datetime
from datetime import timedelta
from decimal import Decimal

from sroi_plugin.rules.contract_value import DecidedChange
from sroi_plugin.rules.contract_value import allowed_since
from sroi_plugin.rules.contract_value import followed_value

REGISTER = Decimal("1200000")
IMPORTED = datetime(2027, 1, 5, 10, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def change(value: str | None, allowed_at: datetime | None, id_: int = 1) -> DecidedChange:
    return DecidedChange(id_, None if value is None else Decimal(value), allowed_at)


def test_without_an_import_that_changed_the_value_every_allowed_change_is_added() -> None:
    result = followed_value(REGISTER, [change("150000", IMPORTED)], None)
    assert result.value == Decimal("1350000")
    assert [c.id for c in result.added] == [1] and result.included == ()


def test_a_change_allowed_after_the_import_is_added_one_allowed_before_or_at_it_is_not() -> None:
    after = change("150000", IMPORTED + SECOND, 1)
    at = change("20000", IMPORTED, 2)
    before = change("30000", IMPORTED - SECOND, 3)
    result = followed_value(REGISTER, [after, at, before], IMPORTED)
    assert result.value == Decimal("1350000")
    assert result.added == (after,)
    assert result.included == (at, before)
    assert result.register_changed_at == IMPORTED


def test_a_decrease_lowers_the_value() -> None:
    result = followed_value(REGISTER, [change("-40000", IMPORTED)], None)
    assert result.value == Decimal("1160000")


def test_a_change_not_allowed_or_without_a_value_adds_nothing() -> None:
    changes = [change("150000", None, 1), change(None, IMPORTED, 2), change("0", IMPORTED, 3)]
    result = followed_value(REGISTER, changes, None)
    assert (result.value, result.added, result.included) == (REGISTER, (), ())


def test_without_a_register_value_there_is_no_value_to_add_to() -> None:
    result = followed_value(None, [change("150000", IMPORTED)], None)
    assert (result.register, result.value, result.added) == (None, None, ())


T1, T2, T3 = (datetime(2027, 1, day, tzinfo=UTC) for day in (1, 2, 3))


def test_allowed_since_is_the_start_of_the_standing_run_of_allowing_decisions() -> None:
    assert allowed_since([]) is None
    assert allowed_since([("allowed", T1)]) == T1
    # reconsidered into the other allowing decision: still allowed since the first
    assert allowed_since([("allowed", T1), ("allowed_with_publication", T2)]) == T1
    # a later "substantial" takes it off; allowed again later counts from then
    assert allowed_since([("allowed", T1), ("substantial", T2)]) is None
    assert allowed_since([("allowed", T1), ("substantial", T2), ("allowed", T3)]) == T3


def test_a_substantial_reconsideration_removes_an_added_change() -> None:
    since = allowed_since([("allowed", T1), ("substantial", T2)])
    result = followed_value(REGISTER, [change("150000", since)], None)
    assert (result.value, result.added) == (REGISTER, ())
