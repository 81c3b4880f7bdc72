"""Who may see and change a partnership, loading its objects, and its log.

Role checks come from :func:`~sroi_plugin.web.access.require_roles`; this module adds the
object-level checks of the partnership workspace:

- contract managers, social-return coordinators, HR advisers and admins manage every
  partnership (Bijlage II: the coordinator drives it, HR and the contract manager sit in the
  werkgroep);
- a person in the partnership who holds a role and is linked to the user (by ``user_id``, or by
  e-mail when the host's user id is an e-mail address) sees it and updates their own tasks and
  action items;
- a ``viewer`` sees every partnership read-only;
- anyone else gets a 403, and ids of another partnership's objects give a 404.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol
from typing import TypeVar

from flask import abort
from sqlalchemy import Select
from sqlalchemy import func
from sqlalchemy import or_
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from sroi_plugin.db import current_session
from sroi_plugin.hostspec import SroiUser
from sroi_plugin.models import Brainstorm
from sroi_plugin.models import Meeting
from sroi_plugin.models import MeetingAction
from sroi_plugin.models import MeetingItem
from sroi_plugin.models import Partnership
from sroi_plugin.models import PartnershipEvent
from sroi_plugin.models import PartnershipPerson
from sroi_plugin.models import PartnershipRole
from sroi_plugin.models import PartnershipTask
from sroi_plugin.models import partnership as partnership_models
from sroi_plugin.rules.matrix import RoleAssignment
from sroi_plugin.rules.matrix import assign_role_holders
from sroi_plugin.rules.vocabulary import Role
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.errors import CONFLICT_MESSAGE

#: Roles that manage partnerships (admin always): create, assign roles, move step, meetings.
MANAGER_ROLES = (Role.CONTRACT_MANAGER, Role.SR_COORDINATOR, Role.HR)
#: Roles that read every partnership without changing it.
READER_ROLES = (Role.VIEWER,)
#: What a summary of a partnership reads (access, step progress, next meeting), loaded for all
#: the partnerships of a list in one query per relationship instead of a few per partnership.
SUMMARY_LOADS = (
    selectinload(Partnership.persons).selectinload(PartnershipPerson.roles),
    selectinload(Partnership.tasks),
    selectinload(Partnership.meetings),
)


#: Timestamps are stored in UTC and shown in Dutch time.


def is_manager(user: SroiUser) -> bool:
    """Contract managers, social-return coordinators, HR advisers and admins manage
    partnerships."""
    return user.has_any(*MANAGER_ROLES)


def person_matches(person: PartnershipPerson, user: SroiUser) -> bool:
    """The person is this user: same user id, or the user id is the person's e-mail."""
    if person.user_id and person.user_id == user.id:
        return True
    email = (person.email or "").strip().casefold()
    return bool(email) and email == user.id.strip().casefold()


def matching_persons_query(user: SroiUser) -> Select[PartnershipPerson]:
    """``select`` of every partnership person linked to ``user`` (see :func:`person_matches`)."""
    return select(PartnershipPerson).where(
        or_(
            PartnershipPerson.user_id == user.id,
            func.lower(PartnershipPerson.email) == user.id.strip().lower(),
        )
    )


def in_working_group(contract_id: int, user: SroiUser) -> bool:
    """The user is a person with a role in an active partnership the contract works in.

    The contract's working group sees exact counts of placed persons (handreiking stap 4b:
    outside it, small numbers are shown as "< n"); one query.
    """
    query = (
        matching_persons_query(user)
        .join(PartnershipRole, PartnershipRole.person_id == PartnershipPerson.id)
        .join(Partnership, Partnership.id == PartnershipPerson.partnership_id)
        .join(
            partnership_models.partnership_contracts,
            partnership_models.partnership_contracts.c.partnership_id == Partnership.id,
        )
        .where(
            partnership_models.partnership_contracts.c.contract_id == contract_id,
            Partnership.state == "active",
        )
        .limit(1)
    )
    return current_session().scalar(query) is not None


@dataclass(frozen=True)
class Access:
    """What the current user may do in one partnership."""

    user: SroiUser
    #: holds one of :data:`MANAGER_ROLES`, or admin
    manage: bool
    #: ids of the partnership's persons that are this user
    person_ids: frozenset[int]
    #: one of those persons holds a role
    member: bool
    #: a viewer (reads everything)
    reader: bool

    @property
    def view(self) -> bool:
        """May open the partnership at all."""
        return self.manage or self.member or self.reader

    def owns(self, person_ids: Iterable[object]) -> bool:
        """One of ``person_ids`` is this user."""
        return any(person_id in self.person_ids for person_id in person_ids)


def access_to(partnership: Partnership, user: SroiUser) -> Access:
    """The user's rights in ``partnership``."""
    mine = [person for person in partnership.persons if person_matches(person, user)]
    return Access(
        user=user,
        manage=is_manager(user),
        person_ids=frozenset(person.id for person in mine),
        member=any(person.roles for person in mine),
        reader=user.has_any(*READER_ROLES),
    )


def assignments_of(partnership: Partnership) -> dict[str, RoleAssignment]:
    """Who does each role's tasks, with the fallback (``rules.matrix.assign_role_holders``)."""
    return assign_role_holders(partnership.role_holders())


def can_update_task(
    access: Access, task: PartnershipTask, assignments: dict[str, RoleAssignment]
) -> bool:
    """Managers update every task; a member only the tasks of the roles they (stand in to) do."""
    return access.manage or access.owns(assignments[task.role].holders)


def can_update_action(access: Access, action: MeetingAction) -> bool:
    """Managers update every action item; a member the ones they own."""
    return access.manage or (action.owner_id is not None and action.owner_id in access.person_ids)


# --- loading --------------------------------------------------------------------------------


def _forbidden() -> None:
    abort(
        403,
        description=(
            "U heeft geen toegang tot deze partnership. Alleen contractmanagers, "
            "social-returncoördinatoren, HR-adviseurs, raadplegers en mensen met een rol in de "
            "partnership kunnen haar bekijken."
        ),
    )


def partnership_or_404(partnership_id: int) -> tuple[Partnership, Access]:
    """The partnership and the user's rights; 404 when unknown, 403 when not allowed to see it."""
    partnership = current_session().get(Partnership, partnership_id)
    if partnership is None:
        abort(404, description=f"Partnership {partnership_id} bestaat niet (meer).")
    access = access_to(partnership, acting_user())
    if not access.view:
        _forbidden()
    return partnership, access


def managed_partnership_or_404(partnership_id: int) -> tuple[Partnership, Access]:
    """As :func:`partnership_or_404`, and the user must manage partnerships."""
    partnership, access = partnership_or_404(partnership_id)
    if not access.manage:
        abort(
            403,
            description=(
                "Alleen een contractmanager, social-returncoördinator, HR-adviseur of beheerder "
                "kan dit in de partnership wijzigen; u kunt haar bekijken."
            ),
        )
    return partnership, access


class _PartnershipOwned(Protocol):
    partnership_id: int


_Owned = TypeVar("_Owned", bound=_PartnershipOwned)


def _owned_or_404(
    model: type[_Owned], object_id: int, partnership: Partnership, what: str
) -> _Owned:
    """``model`` row ``object_id`` if it belongs to ``partnership``; a Dutch 404 otherwise.

    An id of another partnership's object is a 404 too, so ids cannot be guessed across.
    """
    found = current_session().get(model, object_id)
    if found is None or found.partnership_id != partnership.id:
        abort(
            404, description=f"{what} {object_id} bestaat niet in partnership {partnership.name}."
        )
    return found


def task_or_404(partnership: Partnership, task_id: int) -> PartnershipTask:
    """A task of this partnership."""
    return _owned_or_404(PartnershipTask, task_id, partnership, "Taak")


def person_or_404(partnership: Partnership, person_id: int) -> PartnershipPerson:
    """A person of this partnership."""
    return _owned_or_404(PartnershipPerson, person_id, partnership, "Persoon")


def meeting_or_404(partnership: Partnership, meeting_id: int) -> Meeting:
    """A meeting of this partnership."""
    return _owned_or_404(Meeting, meeting_id, partnership, "Overleg")


def item_or_404(meeting: Meeting, item_id: int) -> MeetingItem:
    """An agenda item of this meeting."""
    item = current_session().get(MeetingItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        abort(404, description=f"Agendapunt {item_id} hoort niet bij dit overleg.")
    assert item is not None
    return item


def action_or_404(partnership: Partnership, action_id: int) -> MeetingAction:
    """An action item from any meeting of this partnership."""
    action = current_session().get(MeetingAction, action_id)
    if action is None or action.meeting.partnership_id != partnership.id:
        abort(
            404,
            description=f"Actiepunt {action_id} bestaat niet in partnership {partnership.name}.",
        )
    return action


def brainstorm_or_404(partnership: Partnership, brainstorm_id: int) -> Brainstorm:
    """A brainstorm form of this partnership."""
    return _owned_or_404(Brainstorm, brainstorm_id, partnership, "Brainstorm")


# --- saving -----------------------------------------------------------------------------


def committed() -> bool:
    """Commit; ``False`` (rolled back) when someone else saved the same row meanwhile.

    The optimistic lock speaks at the flush, so every change must still be unflushed here
    (:func:`record` never flushes): a conflict then surfaces inside this ``try``.
    """
    session = current_session()
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        return False
    return True


def commit_or_conflict() -> None:
    """Commit; when someone else saved the same row meanwhile (optimistic lock), roll back and
    answer 409 with a Dutch message instead of a server error."""
    if not committed():
        abort(409, description=CONFLICT_MESSAGE)


# --- the log --------------------------------------------------------------------------------


def record(partnership: Partnership, kind: str, summary: str) -> None:
    """Add a line to the partnership's log with the acting user and the time (no flush)."""
    user = acting_user()
    event = PartnershipEvent(kind=kind, summary=summary, actor_id=user.id, actor_name=user.name)
    # loading the log must not flush the caller's changes: a concurrent save would raise its
    # conflict here, outside commit_or_conflict
    with current_session().no_autoflush:
        partnership.events.append(event)
