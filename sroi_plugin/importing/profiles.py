"""Import profiles: a saved column mapping, found again through the header row's signature.

When a file's columns cannot all be recognised, the user maps them once and may save that
mapping under a name. The next file whose header row has the same
:func:`~.columns.headers_signature` is read with it automatically.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sroi_plugin.hostspec import SroiUser
from sroi_plugin.importing.fields import FIELDS_BY_NAME
from sroi_plugin.models import ImportProfile
from sroi_plugin.models import utcnow

__all__ = ["ProfileRef", "find_profile", "known_fields_only", "list_profiles", "save_profile"]


@dataclass(frozen=True, slots=True)
class ProfileRef:
    """A saved profile as the engine uses it."""

    id: int
    name: str
    #: ``{field: header text}``; an empty text keeps the field out of the import
    mapping: dict[str, str]


def known_fields_only(mapping: Mapping[str, object]) -> dict[str, str]:
    """The mapping without fields this version does not know (a profile saved long ago)."""
    return {
        str(name): "" if header is None else str(header)
        for name, header in mapping.items()
        if name in FIELDS_BY_NAME
    }


def find_profile(session: Session, signatures: Sequence[str]) -> ProfileRef | None:
    """The profile saved for one of ``signatures`` (header-row candidates, top row first).

    The candidate nearest the top wins; among profiles for the same header row, the one saved
    last.
    """
    if not signatures:
        return None
    found = session.scalars(
        select(ImportProfile).where(ImportProfile.headers_signature.in_(set(signatures)))
    ).all()
    if not found:
        return None
    order = {signature: index for index, signature in reversed(list(enumerate(signatures)))}
    best = min(
        found,
        key=lambda p: (order[p.headers_signature], -p.updated_at.timestamp(), -p.id),
    )
    return ProfileRef(best.id, best.name, known_fields_only(best.mapping))


def save_profile(
    session: Session,
    *,
    name: str,
    signature: str,
    mapping: Mapping[str, str],
    user: SroiUser,
) -> ImportProfile:
    """Save ``mapping`` under ``name`` (an existing profile of that name is overwritten).

    The caller commits.
    """
    profile = session.scalars(select(ImportProfile).where(ImportProfile.name == name)).first()
    now = utcnow()
    if profile is None:
        profile = ImportProfile(
            name=name,
            created_by_id=user.id,
            created_by_name=user.name,
            created_at=now,
        )
        session.add(profile)
    profile.headers_signature = signature
    profile.mapping = dict(mapping)
    profile.updated_by_id = user.id
    profile.updated_by_name = user.name
    profile.updated_at = now
    session.flush()
    return profile


def list_profiles(session: Session) -> list[ImportProfile]:
    """Every saved profile, by name."""
    return list(session.scalars(select(ImportProfile).order_by(ImportProfile.name)).all())
