"""The Bijlage II column of the user who starts a partnership (``rules.matrix.starter_roles``)."""

from __future__ import annotations

import pytest

from sroi_plugin.rules.matrix import ROLE_KEYS
from sroi_plugin.rules.matrix import starter_roles


@pytest.mark.parametrize(
    ("user_roles", "columns"),
    [
        (["contract_manager"], ["contract_manager"]),
        (["sr_coordinator"], ["sr_coordinator"]),
        (["hr"], ["hr_expert"]),
        (["procurement"], ["procurement_expert"]),
        # several roles: every column, in the table's order
        (["contract_manager", "hr"], ["hr_expert", "contract_manager"]),
        # roles outside the werkgroep add no column
        (["viewer"], []),
        (["legal_reviewer"], []),
        (["admin"], []),
        (["admin", "sr_coordinator"], ["sr_coordinator"]),
        (["somebody_else"], []),
    ],
)
def test_the_starter_holds_the_column_of_their_role(
    user_roles: list[str], columns: list[str]
) -> None:
    assert starter_roles(user_roles) == columns


def test_every_starter_column_is_a_bijlage_ii_role() -> None:
    every = ["contract_manager", "sr_coordinator", "hr", "procurement"]
    assert set(starter_roles(every)) <= set(ROLE_KEYS)
    assert len(starter_roles(every)) == 4
