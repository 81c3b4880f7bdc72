"""The previous release's English URLs keep answering for one release, each with a redirect to
its Dutch successor.

The plugin's URL segments are Dutch, in the words its pages use (``contracten``, ``bepalingen``,
``wijzigingen``, ``juridisch/wachtrij``, ``kansrijk``, ``overleggen``, ``agendapunten``; loan words
the pages use stay: ``partnerships``, ``monitoring``, ``matrix``, ``import``, ``upload``). The
old rules are listed in :data:`OLD_URLS`, each with the endpoint that answers it now, and
:func:`register_old_urls` (called from :mod:`sroi_plugin.web.blueprint`) registers them. A GET or
HEAD gets a 301; a POST gets a 308, which keeps the method and the form, so a page rendered
before the upgrade still posts. The query string is kept. Drop the table a release later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint
from flask import redirect
from flask import request
from flask import url_for
from werkzeug.wrappers import Response

#: ``(method, old rule under SROI_URL_PREFIX, endpoint that answers it now)``.
OLD_URLS: tuple[tuple[str, str, str], ...] = (
    ("GET", "/contracts/<path:ref>/changes", "changes"),
    ("POST", "/contracts/<path:ref>/changes", "change_create"),
    ("GET", "/contracts/<path:ref>/changes/<sroi_id:change_id>/complete", "change_draft_form"),
    ("POST", "/contracts/<path:ref>/changes/<sroi_id:change_id>/complete", "change_draft_save"),
    ("POST", "/contracts/<path:ref>/changes/<sroi_id:change_id>/flag", "change_flag"),
    ("POST", "/contracts/<path:ref>/changes/assess", "change_assess"),
    ("GET", "/contracts/<path:ref>/changes/new", "change_form"),
    ("GET", "/contracts/<path:ref>/clauses", "clauses"),
    ("POST", "/contracts/<path:ref>/clauses", "clauses_save"),
    ("POST", "/contracts/<path:ref>/clauses/check", "clauses_check"),
    ("GET", "/contracts/<path:ref>/evaluation", "evaluation"),
    ("POST", "/contracts/<path:ref>/evaluation", "evaluation_save"),
    ("GET", "/contracts/<path:ref>/evaluation.xlsx", "evaluation_export"),
    ("GET", "/contracts/<path:ref>/history", "history"),
    ("GET", "/contracts/<path:ref>/monitoring", "monitoring"),
    ("GET", "/contracts/<path:ref>/monitoring/template.xlsx", "monitoring_template"),
    ("POST", "/contracts/<path:ref>/monitoring/upload", "monitoring_upload"),
    ("POST", "/contracts/<path:ref>/monitoring/upload/<token>/cancel", "monitoring_cancel"),
    ("POST", "/contracts/<path:ref>/monitoring/upload/<token>/confirm", "monitoring_confirm"),
    ("GET", "/contracts/<path:ref>/overview", "overview"),
    ("GET", "/contracts/<path:ref>/partnership", "partnership"),
    ("GET", "/legal/changes/<sroi_id:change_id>", "legal_review"),
    ("POST", "/legal/changes/<sroi_id:change_id>/decisions", "legal_decide"),
    ("GET", "/legal/queue", "legal_queue"),
    (
        "POST",
        "/partnerships/<sroi_id:partnership_id>/actions/<sroi_id:action_id>",
        "meeting_action_update",
    ),
    (
        "GET",
        "/partnerships/<sroi_id:partnership_id>/brainstorms/<sroi_id:brainstorm_id>/edit",
        "brainstorm_edit",
    ),
    (
        "POST",
        "/partnerships/<sroi_id:partnership_id>/brainstorms/<sroi_id:brainstorm_id>/edit",
        "brainstorm_edit",
    ),
    ("GET", "/partnerships/<sroi_id:partnership_id>/brainstorms/new", "brainstorm_new"),
    ("POST", "/partnerships/<sroi_id:partnership_id>/brainstorms/new", "brainstorm_new"),
    ("GET", "/partnerships/<sroi_id:partnership_id>/edit", "partnership_edit"),
    ("POST", "/partnerships/<sroi_id:partnership_id>/edit", "partnership_edit"),
    ("GET", "/partnerships/<sroi_id:partnership_id>/meetings/<sroi_id:meeting_id>", "meeting"),
    (
        "POST",
        "/partnerships/<sroi_id:partnership_id>/meetings/<sroi_id:meeting_id>/actions",
        "meeting_action_add",
    ),
    (
        "GET",
        "/partnerships/<sroi_id:partnership_id>/meetings/<sroi_id:meeting_id>/edit",
        "meeting_edit",
    ),
    (
        "POST",
        "/partnerships/<sroi_id:partnership_id>/meetings/<sroi_id:meeting_id>/edit",
        "meeting_edit",
    ),
    (
        "GET",
        "/partnerships/<sroi_id:partnership_id>/meetings/<sroi_id:meeting_id>/invite.ics",
        "meeting_ics",
    ),
    (
        "POST",
        "/partnerships/<sroi_id:partnership_id>/meetings/<sroi_id:meeting_id>/items",
        "meeting_item_add",
    ),
    (
        "GET",
        "/partnerships/<sroi_id:partnership_id>/meetings/<sroi_id:meeting_id>/items/<sroi_id:item_id>",
        "meeting_item_edit",
    ),
    (
        "POST",
        "/partnerships/<sroi_id:partnership_id>/meetings/<sroi_id:meeting_id>/items/<sroi_id:item_id>",
        "meeting_item_edit",
    ),
    (
        "POST",
        "/partnerships/<sroi_id:partnership_id>/meetings/<sroi_id:meeting_id>/items/<sroi_id:item_id>/delete",
        "meeting_item_delete",
    ),
    (
        "POST",
        "/partnerships/<sroi_id:partnership_id>/meetings/<sroi_id:meeting_id>/items/<sroi_id:item_id>/move",
        "meeting_item_move",
    ),
    (
        "POST",
        "/partnerships/<sroi_id:partnership_id>/meetings/<sroi_id:meeting_id>/items/<sroi_id:item_id>/notes",
        "meeting_item_notes",
    ),
    ("GET", "/partnerships/<sroi_id:partnership_id>/meetings/new", "meeting_new"),
    ("POST", "/partnerships/<sroi_id:partnership_id>/meetings/new", "meeting_new"),
    ("GET", "/partnerships/<sroi_id:partnership_id>/people", "partnership_people"),
    ("POST", "/partnerships/<sroi_id:partnership_id>/people", "partnership_person_add"),
    (
        "GET",
        "/partnerships/<sroi_id:partnership_id>/people/<sroi_id:person_id>",
        "partnership_person",
    ),
    (
        "POST",
        "/partnerships/<sroi_id:partnership_id>/people/<sroi_id:person_id>",
        "partnership_person",
    ),
    ("GET", "/partnerships/<sroi_id:partnership_id>/step", "partnership_step"),
    ("POST", "/partnerships/<sroi_id:partnership_id>/step", "partnership_step"),
    ("GET", "/partnerships/<sroi_id:partnership_id>/tasks/<sroi_id:task_id>", "partnership_task"),
    ("POST", "/partnerships/<sroi_id:partnership_id>/tasks/<sroi_id:task_id>", "partnership_task"),
    ("GET", "/partnerships/new", "partnership_new"),
    ("POST", "/partnerships/new", "partnership_new"),
    ("GET", "/promising", "promising"),
    ("GET", "/promising.xlsx", "promising_export"),
    ("POST", "/promising/top3", "promising_mark"),
    ("POST", "/promising/top3/<path:key>/remove", "promising_unmark"),
)


#: The end of an old URL's endpoint name.
_SUFFIX = "_old_url"


def is_old_url(endpoint: str | None) -> bool:
    """Whether ``endpoint`` is one of the redirects registered here."""
    return endpoint is not None and endpoint.endswith(_SUFFIX)


def _redirect_to(endpoint: str) -> Callable[..., Response]:
    """A view that sends the request to ``endpoint`` with the same arguments and query."""

    def old_url(**values: Any) -> Response:
        url = url_for(f".{endpoint}", **values)
        if request.query_string:
            url += "?" + request.query_string.decode()
        return redirect(url, code=308 if request.method == "POST" else 301)

    return old_url


def register_old_urls(bp: Blueprint) -> None:
    """Answer each old rule with a redirect (GET 301, POST 308) to its endpoint's new URL."""
    for method, rule, endpoint in OLD_URLS:
        bp.add_url_rule(
            rule,
            endpoint=f"{endpoint}_{method.lower()}{_SUFFIX}",
            view_func=_redirect_to(endpoint),
            methods=[method],
        )
