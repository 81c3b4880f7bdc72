"""Who owns each contract field a register import reads: the register or the plugin.

A *register* field comes from the host's contract register (its export); an import writes
it, also over a value someone changed in a panel (the preview says so). A *plugin* field is
kept in the plugin's panels (the clause panel's social-return fields, the basis of the change
tests): an import that brings another value for one edited in a panel since the last import
that touched it does not write it until procurement chooses (a conflict). A plugin field
never edited in a panel takes the export's value. The organisation may move a field to the
other owner (``SROI_FIELD_OWNERS``).

Source: the plugin's design (the plugin keeps its own copy of the fields it needs, synced
from the host's exports); no law or guide rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from sroi_plugin.errors import ConfigError

__all__ = [
    "DEFAULT_OWNERS",
    "OWNERS",
    "PLUGIN",
    "REGISTER",
    "field_owners",
]

#: the export is the source; an import writes it
REGISTER: Final = "register"
#: the panels are the source; an import asks before overwriting an edit
PLUGIN: Final = "plugin"
#: the owners a field may have
OWNERS: Final = (REGISTER, PLUGIN)

#: Every contract field an import reads (the contract number aside) and its default owner.
DEFAULT_OWNERS: Final[Mapping[str, str]] = MappingProxyType(
    {
        "title": REGISTER,
        "supplier_name": REGISTER,
        "supplier_kvk": REGISTER,
        "category": REGISTER,
        "kind": REGISTER,
        "procedure": REGISTER,
        "authority_type": REGISTER,
        "value_total": REGISTER,
        "initial_value": PLUGIN,
        "award_date": PLUGIN,
        "has_indexation_clause": PLUGIN,
        "value_annual": REGISTER,
        "wage_sum": REGISTER,
        "wage_share": REGISTER,
        "start_date": REGISTER,
        "end_date": REGISTER,
        "extension_options": REGISTER,
        "is_framework": REGISTER,
        "department": REGISTER,
        "contract_manager": REGISTER,
        "has_sr": PLUGIN,
        "sr_percentage": PLUGIN,
        "sr_basis": PLUGIN,
        "sr_form": PLUGIN,
        "sr_clause_text": PLUGIN,
    }
)


def field_owners(overrides: object) -> Mapping[str, str]:
    """The owner of every field: :data:`DEFAULT_OWNERS` with ``overrides`` over it.

    :param overrides: ``SROI_FIELD_OWNERS``, a mapping of field name to ``register`` or
        ``plugin``
    :raises ConfigError: naming the key and the field, for anything else
    """
    if not isinstance(overrides, Mapping):
        raise ConfigError(
            "SROI_FIELD_OWNERS must be a mapping of contract field to 'register' or 'plugin', "
            f"got {overrides!r}"
        )
    owners = dict(DEFAULT_OWNERS)
    for name, owner in overrides.items():
        if name not in DEFAULT_OWNERS:
            raise ConfigError(
                f"SROI_FIELD_OWNERS: unknown contract field {name!r}; known fields: "
                f"{', '.join(DEFAULT_OWNERS)}"
            )
        if owner not in OWNERS:
            raise ConfigError(
                f"SROI_FIELD_OWNERS[{name!r}] must be 'register' or 'plugin', got {owner!r}"
            )
        owners[name] = owner
    return MappingProxyType(owners)
