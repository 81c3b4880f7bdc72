"""The host contract: every callable a host may hand the plugin, in one place.

A host registers them with the decorator methods of :class:`~sroi_plugin.SroiPlugin`
(``@sroi.user_loader``, ``@sroi.contract_url``). Nothing else of the host is used. A host may
listen to :data:`contracts_added` to learn contracts an import added.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field

from blinker import Namespace

from sroi_plugin.rules.vocabulary import Role

#: Roles that grant rights in the plugin: the vocabulary's :class:`Role` codes a host's user
#: loader names; ``admin`` implies all others.
ROLES: tuple[str, ...] = Role.codes()


@dataclass(frozen=True)
class SroiUser:
    """The person acting, as the host knows them."""

    #: the host's stable user id (kept with every recorded decision)
    id: str
    #: display name, shown in audit trails ("door … op …")
    name: str
    #: subset of :data:`ROLES`; unknown role names are ignored
    roles: frozenset[str] = field(default_factory=frozenset)

    def has_any(self, *roles: str) -> bool:
        """True when the user holds one of ``roles`` (or is admin)."""
        return "admin" in self.roles or any(role in self.roles for role in roles)


#: ``user_loader() -> SroiUser | None``: the current user, ``None`` when not logged in.
UserLoader = Callable[[], "SroiUser | None"]
#: ``contract_url(ref) -> str | None``: the host's page for a contract, for "terug naar contract".
ContractUrl = Callable[[str], "str | None"]


@dataclass
class HostCallables:
    """The callables the host registered; ``None`` means not supplied."""

    user_loader: UserLoader | None = None
    contract_url: ContractUrl | None = None


_signals = Namespace()
#: Sent after an import committed contracts the plugin did not know, with ``refs`` (their
#: contract numbers): a host that keeps a register of its own may add them, so its contract
#: page exists for them (the demo host does). Receivers run in the committing app's context.
contracts_added = _signals.signal("sroi-contracts-added")
