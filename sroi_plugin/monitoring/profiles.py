"""Contractors' report layouts, saved once a person mapped the columns and reused after.

One profile per contractor (:func:`contractor_key`: the KvK number of the contract's supplier,
else its normalised name), valid for the header row it was saved for
(:func:`~sroi_plugin.importing.columns.headers_signature`). The next report in that layout,
for any contract of the same contractor, is read with it without asking; a report in another
layout is matched as usual, and mapping it replaces the profile.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.hostspec import SroiUser
from sroi_plugin.models import Contract
from sroi_plugin.models import MonitoringProfile
from sroi_plugin.models import utcnow
from sroi_plugin.monitoring.report import LayoutProfile
from sroi_plugin.rules.contract_facts import contractor_key as rules_contractor_key


def contractor_key(contract: Contract) -> str | None:
    """The contractor a profile belongs to (:func:`~sroi_plugin.rules.contract_facts.
    contractor_key`: ``kvk:<number>``, else ``naam:<folded name>``, as the top 3 of
    contractors); ``None`` when the contract names no supplier (the mapping is then used once,
    not saved)."""
    return rules_contractor_key(contract.supplier_kvk, contract.supplier_name)


def _stored(session: Session, key: str) -> MonitoringProfile | None:
    return session.scalars(
        select(MonitoringProfile).where(MonitoringProfile.contractor_key == key)
    ).first()


def profile_for(session: Session, contract: Contract) -> LayoutProfile | None:
    """The contractor's saved layout, or ``None``."""
    key = contractor_key(contract)
    stored = _stored(session, key) if key is not None else None
    if stored is None:
        return None
    mapping = {str(k): str(v) for k, v in stored.mapping.items() if isinstance(v, str)}
    return LayoutProfile(stored.headers_signature, mapping)


def save_profile(
    session: Session,
    contract: Contract,
    *,
    sheet_name: str,
    signature: str,
    mapping: Mapping[str, str],
    user: SroiUser,
) -> bool:
    """Keep (or replace) the contractor's layout; False when the contract names no supplier.

    The caller commits.
    """
    key = contractor_key(contract)
    if key is None:
        return False
    stored = _stored(session, key)
    if stored is None:
        stored = MonitoringProfile(contractor_key=key)
        session.add(stored)
    stored.contractor_name = (contract.supplier_name or key)[:200]
    stored.sheet_name = sheet_name[:100]
    stored.headers_signature = signature
    stored.mapping = dict(mapping)
    stored.updated_by_id = user.id[:64]
    stored.updated_by_name = user.name[:200]
    stored.updated_at = utcnow()
    return True
