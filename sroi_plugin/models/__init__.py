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
from sroi_plugin.models.monitoring import UPLOAD_OUTCOMES
from sroi_plugin.models.monitoring import Evaluation
from sroi_plugin.models.monitoring import MonitoringProfile
from sroi_plugin.models.monitoring import MonitoringReport
from sroi_plugin.models.monitoring import MonitoringRow
from sroi_plugin.models.monitoring import MonitoringUpload
from sroi_plugin.models.partnership import DONE_STATUSES
from sroi_plugin.models.partnership import MEETING_KINDS
from sroi_plugin.models.partnership import ORGANISATIONS
from sroi_plugin.models.partnership import PARTNERSHIP_OUTCOMES
from sroi_plugin.models.partnership import PARTNERSHIP_ROUTES
from sroi_plugin.models.partnership import PARTNERSHIP_STATES
from sroi_plugin.models.partnership import TARGET_GROUPS
from sroi_plugin.models.partnership import TASK_STATUSES
from sroi_plugin.models.partnership import Brainstorm
from sroi_plugin.models.partnership import MatrixEdit
from sroi_plugin.models.partnership import Meeting
from sroi_plugin.models.partnership import MeetingAction
from sroi_plugin.models.partnership import MeetingItem
from sroi_plugin.models.partnership import Partnership
from sroi_plugin.models.partnership import PartnershipEvent
from sroi_plugin.models.partnership import PartnershipPerson
from sroi_plugin.models.partnership import PartnershipRole
from sroi_plugin.models.partnership import PartnershipTask
from sroi_plugin.models.partnership import effective_matrix
from sroi_plugin.models.partnership import matrix_edits
from sroi_plugin.models.portfolio import IMPORT_SOURCES
from sroi_plugin.models.portfolio import PORTFOLIO_STATE_ID
from sroi_plugin.models.portfolio import ContractRevision
from sroi_plugin.models.portfolio import ImportJob
from sroi_plugin.models.portfolio import ImportProfile
from sroi_plugin.models.portfolio import PortfolioImport
from sroi_plugin.models.portfolio import PortfolioState
from sroi_plugin.models.preference import UserPreference
from sroi_plugin.models.promising import TOP_SLOTS
from sroi_plugin.models.promising import PromisingMark
from sroi_plugin.models.sr_edit import BASIS_EDIT_FIELDS
from sroi_plugin.models.sr_edit import PANEL_EDIT_FIELDS
from sroi_plugin.models.sr_edit import SR_EDIT_FIELDS
from sroi_plugin.models.sr_edit import SrEdit
from sroi_plugin.models.tender import PlannedTender

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
    # partnership workspace
    "DONE_STATUSES",
    "MEETING_KINDS",
    "ORGANISATIONS",
    "PARTNERSHIP_OUTCOMES",
    "PARTNERSHIP_ROUTES",
    "PARTNERSHIP_STATES",
    "TARGET_GROUPS",
    "TASK_STATUSES",
    "Brainstorm",
    "MatrixEdit",
    "Meeting",
    "MeetingAction",
    "MeetingItem",
    "Partnership",
    "PartnershipEvent",
    "PartnershipPerson",
    "PartnershipRole",
    "PartnershipTask",
    "effective_matrix",
    "matrix_edits",
    # portfolio sync
    "IMPORT_SOURCES",
    "PORTFOLIO_STATE_ID",
    "ContractRevision",
    "ImportJob",
    "ImportProfile",
    "PortfolioImport",
    "PortfolioState",
    # promising contracts and SR field edits
    "BASIS_EDIT_FIELDS",
    "PANEL_EDIT_FIELDS",
    "SR_EDIT_FIELDS",
    "TOP_SLOTS",
    "PromisingMark",
    "SrEdit",
    "UserPreference",
    # planned tenders (route 2A)
    "PlannedTender",
    # monitoring and evaluation
    "UPLOAD_OUTCOMES",
    "Evaluation",
    "MonitoringProfile",
    "MonitoringReport",
    "MonitoringRow",
    "MonitoringUpload",
]
