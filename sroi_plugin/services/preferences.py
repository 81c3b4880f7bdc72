"""A user's screen preferences, kept per host user id: which contract panels they folded.

The host passes no user id to its page: the plugin knows the user through its user loader,
so the panels of a host page come out folded or open for whoever looks at it.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.exc import IntegrityError

from sroi_plugin.db import current_session
from sroi_plugin.models import UserPreference

#: The preference key of the folded panels (a sorted list of panel names).
FOLDED_PANELS = "folded_panels"
#: The longest user id a preference can be kept for (the column's length).
MAX_USER_ID = 64


def can_keep_preferences(user_id: str) -> bool:
    """The id fits the preference table (a longer host id gets no folding, rather than a
    truncated id that could match another user)."""
    return 0 < len(user_id) <= MAX_USER_ID


def folded_panels(user_id: str) -> frozenset[str]:
    """The panels ``user_id`` folded (one primary-key lookup)."""
    if not can_keep_preferences(user_id):
        return frozenset()
    found = current_session().get(UserPreference, (user_id, FOLDED_PANELS))
    value = found.value if found is not None else None
    return frozenset(name for name in value if isinstance(name, str)) if value else frozenset()


def set_folded(user_id: str, panel: str, folded: bool, known: Collection[str]) -> None:
    """Fold or unfold one panel for ``user_id`` and commit; names not in ``known`` (panels no
    longer registered) are dropped on the way. A first save racing another tab retries once."""
    for attempt in range(2):
        session = current_session()
        found = session.get(UserPreference, (user_id, FOLDED_PANELS))
        current = set(found.value or ()) if found is not None else set()
        current = (current | {panel}) if folded else (current - {panel})
        value = sorted(name for name in current if name in known)
        if found is None:
            session.add(UserPreference(user_id=user_id, key=FOLDED_PANELS, value=value))
        else:
            found.value = value
        try:
            session.commit()
            return
        except IntegrityError:
            session.rollback()
            if attempt:
                raise
