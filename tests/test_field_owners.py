"""Who owns each contract field on an import, and SROI_FIELD_OWNERS checked at start-up."""

from __future__ import annotations

import pytest
from flask import Flask

from sroi_plugin import SroiPlugin
from sroi_plugin.errors import ConfigError
from sroi_plugin.importing.fields import MODEL_FIELD_NAMES
from sroi_plugin.importing.fields import REF_FIELD
from sroi_plugin.models import BASIS_EDIT_FIELDS
from sroi_plugin.models import SR_EDIT_FIELDS
from sroi_plugin.rules.field_owners import DEFAULT_OWNERS
from sroi_plugin.rules.field_owners import PLUGIN
from sroi_plugin.rules.field_owners import REGISTER
from sroi_plugin.rules.field_owners import field_owners


def test_every_imported_field_has_an_owner_and_the_panel_fields_are_the_plugins() -> None:
    assert set(DEFAULT_OWNERS) == set(MODEL_FIELD_NAMES) - {REF_FIELD}
    edited = (set(SR_EDIT_FIELDS) | set(BASIS_EDIT_FIELDS)) & set(DEFAULT_OWNERS)
    assert {name for name, owner in DEFAULT_OWNERS.items() if owner == PLUGIN} == edited


def test_an_override_moves_one_field_and_leaves_the_rest() -> None:
    owners = field_owners({"sr_percentage": REGISTER, "title": PLUGIN})
    assert (owners["sr_percentage"], owners["title"]) == (REGISTER, PLUGIN)
    assert owners["sr_basis"] == PLUGIN and owners["value_total"] == REGISTER


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"sr_procent": "plugin"}, "'sr_procent'"),
        ({"sr_percentage": "host"}, "'host'"),
        (["sr_percentage"], "mapping"),
    ],
)
def test_a_wrong_override_fails_at_start_naming_the_key(overrides: object, named: str) -> None:
    app = Flask(__name__)
    app.config.update(SECRET_KEY="k", SROI_DATABASE_URI="sqlite://", SROI_FIELD_OWNERS=overrides)
    with pytest.raises(ConfigError, match="SROI_FIELD_OWNERS") as raised:
        SroiPlugin(app)
    assert named in str(raised.value)
