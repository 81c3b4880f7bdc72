"""People and their Bijlage II roles in a partnership.

One person may hold several roles and a role several people. The page shows who does each
role's tasks (``rules.matrix.assign_role_holders``: when nobody holds the optional social
return coordinator role, the project coordinator does its tasks, and the page says so) and what
the assignment lacks (``rules.matrix.role_warnings``: no coordinator, no back-up, …).
"""

from __future__ import annotations

from typing import Any

from flask import request
from flask import url_for
from werkzeug.wrappers import Response

from sroi_plugin.db import current_session
from sroi_plugin.models import Partnership
from sroi_plugin.models import PartnershipPerson
from sroi_plugin.models import PartnershipRole
from sroi_plugin.rules.matrix import ROLE_KEYS
from sroi_plugin.web.access import ANY_ROLE
from sroi_plugin.web.access import acting_user
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.partnerships.access import MANAGER_ROLES
from sroi_plugin.web.partnerships.access import access_to
from sroi_plugin.web.partnerships.access import assignments_of
from sroi_plugin.web.partnerships.access import commit_or_conflict
from sroi_plugin.web.partnerships.access import managed_partnership_or_404
from sroi_plugin.web.partnerships.access import partnership_or_404
from sroi_plugin.web.partnerships.access import person_or_404
from sroi_plugin.web.partnerships.access import record
from sroi_plugin.web.partnerships.forms import ROLE_LABELS
from sroi_plugin.web.partnerships.forms import PersonForm
from sroi_plugin.web.partnerships.forms import labels
from sroi_plugin.web.partnerships.workspace import role_findings
from sroi_plugin.web.render import render_panel
from sroi_plugin.web.render import respond_after_post


def _people_context(found: Partnership, form: PersonForm | None = None) -> dict[str, Any]:
    user = acting_user()
    persons = {person.id: person for person in found.persons}
    return {
        "partnership": found,
        "access": access_to(found, user),
        "assignments": assignments_of(found),
        "persons": persons,
        "findings": role_findings(found),
        "form": form or PersonForm(data={"organisation": "eigen"}),
        "user": user,
        "labels": labels(),
    }


@bp.get("/partnerships/<sroi_id:partnership_id>/personen")
@require_roles(*ANY_ROLE)
def partnership_people(partnership_id: int) -> Response:
    """Who holds each role, who stands in, what the guide still asks; the people list."""
    found, _access = partnership_or_404(partnership_id)
    return render_panel("partnerships/people", **_people_context(found))


def _ordered_roles(roles: list[str]) -> list[str]:
    return [role for role in ROLE_KEYS if role in roles]


def _set_roles(person: PartnershipPerson, roles: list[str]) -> tuple[list[str], list[str]]:
    """Make ``person`` hold exactly ``roles``; returns (added, removed), kept assignments stay."""
    user = acting_user()
    wanted = _ordered_roles(roles)
    removed = [r.role for r in person.roles if r.role not in wanted]
    person.roles = [r for r in person.roles if r.role in wanted]
    held = {r.role for r in person.roles}
    added = [role for role in wanted if role not in held]
    for role in added:
        person.roles.append(
            PartnershipRole(role=role, assigned_by_id=user.id, assigned_by_name=user.name)
        )
    return added, removed


def _role_names(roles: list[str]) -> str:
    return ", ".join(ROLE_LABELS[role] for role in roles) or "geen"


def _after_change(found: Partnership) -> Response:
    """After a successful POST: the people page again (htmx) or a redirect to it (plain)."""

    def page() -> Response:
        current_session().expire_all()
        return render_panel("partnerships/people", **_people_context(found))

    return respond_after_post(url_for("sroi.partnership_people", partnership_id=found.id), page)


def _clean(value: str | None) -> str | None:
    return (value or "").strip() or None


@bp.post("/partnerships/<sroi_id:partnership_id>/personen")
@require_roles(*MANAGER_ROLES)
def partnership_person_add(partnership_id: int) -> Response:
    """Add a person with their roles."""
    found, _access = managed_partnership_or_404(partnership_id)
    form = PersonForm(request.form)
    if not form.validate():
        return render_panel("partnerships/people", http_status=422, **_people_context(found, form))
    user = acting_user()
    person = PartnershipPerson(
        name=form.name.data.strip(),
        email=_clean(form.email.data),
        organisation=form.organisation.data,
        user_id=_clean(form.user_id.data),
        created_by_id=user.id,
        created_by_name=user.name,
    )
    found.persons.append(person)
    added, _removed = _set_roles(person, list(form.roles.data or []))
    record(found, "roles", f"{person.name} toegevoegd; rollen: {_role_names(added)}.")
    commit_or_conflict()
    return _after_change(found)


def _person_page(
    found: Partnership, person: PartnershipPerson, form: PersonForm, status: int
) -> Response:
    return render_panel(
        "partnerships/person",
        http_status=status,
        partnership=found,
        person=person,
        form=form,
        user=acting_user(),
        labels=labels(),
    )


@bp.route(
    "/partnerships/<sroi_id:partnership_id>/personen/<sroi_id:person_id>", methods=["GET", "POST"]
)
@require_roles(*MANAGER_ROLES)
def partnership_person(partnership_id: int, person_id: int) -> Response:
    """Change a person's details and roles (no roles left = still listed, holds nothing)."""
    found, _access = managed_partnership_or_404(partnership_id)
    person = person_or_404(found, person_id)
    if request.method != "POST":  # GET and HEAD read; only POST writes
        form = PersonForm(
            data={
                "name": person.name,
                "email": person.email or "",
                "organisation": person.organisation,
                "user_id": person.user_id or "",
                "roles": person.role_keys,
            }
        )
        return _person_page(found, person, form, 200)
    form = PersonForm(request.form)
    if not form.validate():
        return _person_page(found, person, form, 422)
    person.name = form.name.data.strip()
    person.email = _clean(form.email.data)
    person.organisation = form.organisation.data
    person.user_id = _clean(form.user_id.data)
    added, removed = _set_roles(person, list(form.roles.data or []))
    change = []
    if added:
        change.append(f"rollen erbij: {_role_names(added)}")
    if removed:
        change.append(f"rollen eraf: {_role_names(removed)}")
    record(
        found,
        "roles",
        f"{person.name} gewijzigd" + (f"; {'; '.join(change)}" if change else "") + ".",
    )
    commit_or_conflict()
    return _after_change(found)
