"""Route "both": the 2A and 2B tracks run side by side until both are closed, then step 3."""

from __future__ import annotations

import pytest

from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules.matrix import StepMove
from sroi_plugin.rules.matrix import active_steps
from sroi_plugin.rules.matrix import close_step
from sroi_plugin.rules.matrix import next_step
from sroi_plugin.rules.matrix import steps_for_route


def test_step_1_opens_both_tracks_at_once() -> None:
    assert close_step("both", "1", None, "1") == StepMove("2A", None, ("2A", "2B"))
    assert active_steps("both", "2A") == ("2A", "2B")


@pytest.mark.parametrize(("first", "other"), [("2A", "2B"), ("2B", "2A")])
def test_each_track_closes_on_its_own_and_step_3_follows_the_second(first: str, other: str) -> None:
    move = close_step("both", "2A", None, first)
    assert move == StepMove("2A", first, ())
    assert active_steps("both", move.current_step, move.track_done) == (other,)
    assert close_step("both", "2A", first, other) == StepMove("3", None, ("3",))
    assert active_steps("both", "3") == ("3",)


def test_a_closed_track_cannot_be_closed_again() -> None:
    with pytest.raises(RuleInputError) as caught:
        close_step("both", "2A", "2A", "2A")
    assert caught.value.field == "from_step"


def test_a_both_partnership_stored_in_2b_walked_2a_before() -> None:
    assert active_steps("both", "2B") == ("2B",)
    assert close_step("both", "2B", None, "2B") == StepMove("3", None, ("3",))


@pytest.mark.parametrize("route", ["2A", "2B"])
def test_single_routes_walk_their_steps_in_turn_as_before(route: str) -> None:
    steps = steps_for_route(route)
    for step in steps:
        assert active_steps(route, step) == (step,)
        following = next_step(route, step)
        move = close_step(route, step, None, step)
        if following is None:
            assert move is None
        else:
            assert move == StepMove(following, None, (following,))


def test_the_last_step_has_no_next() -> None:
    assert close_step("both", "5", None, "5") is None


@pytest.mark.parametrize(
    ("route", "current", "done"), [("2A", "2B", None), ("both", "2A", "3"), ("x", "1", None)]
)
def test_unknown_positions_are_refused(route: str, current: str, done: str | None) -> None:
    with pytest.raises(RuleInputError):
        active_steps(route, current, done)
