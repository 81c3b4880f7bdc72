"""SQLAlchemy models of the plugin (tables ``sroi_*``), one module per area.

Every schema change is a migration under ``migrations/versions``.
"""

from __future__ import annotations

from sroi_plugin.models.base import utcnow
from sroi_plugin.models.contract import AUTHORITY_TYPES
from sroi_plugin.models.contract import CONTRACT_KINDS
from sroi_plugin.models.contract import CONTRACT_STATUSES
from sroi_plugin.models.contract import SR_BASES
from sroi_plugin.models.contract import SR_FORMS
from sroi_plugin.models.contract import Contract
from sroi_plugin.models.contract import ref_key

__all__ = [
    "AUTHORITY_TYPES",
    "CONTRACT_KINDS",
    "CONTRACT_STATUSES",
    "SR_BASES",
    "SR_FORMS",
    "Contract",
    "ref_key",
    "utcnow",
]
