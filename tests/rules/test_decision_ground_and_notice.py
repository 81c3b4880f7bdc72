"""The legal reviewer's decision against its ground, and the modification notice's term."""

from __future__ import annotations

from datetime import date

import pytest

from sroi_plugin.rules.modification_notice import notice_due
from sroi_plugin.rules.modification_notice import publication_date_problem
from sroi_plugin.rules.significance import decision_ground_problem
from sroi_plugin.rules.significance import ground_article
from sroi_plugin.rules.vocabulary import Decision
from sroi_plugin.rules.vocabulary import Ground

PUBLISHED = {Ground.ADDITIONAL_WORKS, Ground.UNFORESEEABLE}


@pytest.mark.parametrize("ground", list(Ground))
@pytest.mark.parametrize("decision", list(Decision))
def test_publication_goes_with_additional_works_and_unforeseeable_only(
    decision: Decision, ground: Ground
) -> None:
    problem = decision_ground_problem(decision, ground)
    if decision is Decision.SUBSTANTIAL:
        assert problem is None
    elif decision is Decision.ALLOWED_WITH_PUBLICATION:
        assert (problem is None) is (ground in PUBLISHED)
    else:
        assert (problem is None) is (ground not in PUBLISHED)


def test_allowed_under_additional_works_explains_that_publication_is_required() -> None:
    problem = decision_ground_problem(Decision.ALLOWED, Ground.ADDITIONAL_WORKS)
    assert problem is not None
    assert "art. 2.163d Aw 2012" in problem
    assert "aankondiging van de wijziging verplicht" in problem


def test_the_short_article_of_each_ground() -> None:
    assert ground_article(Ground.ADDITIONAL_WORKS) == "art. 2.163d Aw 2012"
    assert ground_article(Ground.DE_MINIMIS) == "art. 2.163b Aw 2012"
    assert ground_article(Ground.CONTRACTOR_REPLACEMENT) == "art. 2.163f Aw 2012"


@pytest.mark.parametrize(
    ("today", "overdue"),
    [(date(2026, 7, 1), False), (date(2026, 7, 2), True)],
)
def test_notice_due_after_the_organisations_term(today: date, overdue: bool) -> None:
    due = notice_due(date(2026, 6, 1), 30, today)
    assert due.due_on == date(2026, 7, 1)
    assert due.overdue is overdue


def test_a_publication_date_lies_between_the_change_and_today() -> None:
    change, today = date(2026, 6, 1), date(2026, 6, 20)
    assert publication_date_problem(date(2026, 6, 1), change, today) is None
    assert publication_date_problem(date(2026, 6, 20), change, today) is None
    assert "toekomst" in (publication_date_problem(date(2026, 6, 21), change, today) or "")
    assert "vóór de datum" in (publication_date_problem(date(2026, 5, 31), change, today) or "")
