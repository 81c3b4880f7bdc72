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
from sroi_plugin.models.modification import CHANGE_KINDS
from sroi_plugin.models.modification import DECISIONS
from sroi_plugin.models.modification import LegalDecision
from sroi_plugin.models.modification import Modification

__all__ = [
    "AUTHORITY_TYPES",
    "CHANGE_KINDS",
    "CONTRACT_KINDS",
    "CONTRACT_STATUSES",
    "DECISIONS",
    "SR_BASES",
    "SR_FORMS",
    "Contract",
    "LegalDecision",
    "Modification",
    "ref_key",
    "utcnow",
]
