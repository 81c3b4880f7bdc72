"""Where a link to a contract goes: the host's contract page, else the plugin's own.

A host names its page per contract (``@sroi.contract_url``) and may answer ``None`` for a
contract it has no page for (one an import added before the host's register knew it). Lists
that name contracts (the import preview, promising contracts) link through
:func:`contract_link`, so no link leads to a page that does not exist.
"""

from __future__ import annotations

from flask import current_app
from flask import url_for

__all__ = ["contract_link", "host_contract_url"]


def host_contract_url(ref: str) -> str | None:
    """The host's page for contract ``ref``, or ``None`` when the host gives none."""
    builder = current_app.extensions["sroi"].host.contract_url
    return builder(ref) if builder is not None else None


def contract_link(ref: str) -> str:
    """The host's page for ``ref``, or the plugin's contract page with all panels."""
    return host_contract_url(ref) or url_for("sroi.contract_page", ref=ref)
