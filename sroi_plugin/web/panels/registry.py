"""The panel registry and the Jinja helpers a host uses to embed panels (page slots).

Like datasette's ``top_*`` hooks: the host asks for a panel by name, ``sroi_panel("overview",
ref)``, or for all of them, ``sroi_panels(ref)``; each renders a placeholder that htmx fills on
load and that stays a plain link without JavaScript. Beside each placeholder sits a button
that folds the panel for the current user (remembered, :mod:`~sroi_plugin.services.preferences`);
a folded panel is not loaded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from flask import request
from flask import url_for
from markupsafe import Markup

from sroi_plugin.services.preferences import can_keep_preferences
from sroi_plugin.services.preferences import folded_panels
from sroi_plugin.web.access import current_user
from sroi_plugin.web.csrf import csrf_token

_HTMX_FILE = "htmx-2.0.11.min.js"

#: htmx settings the panels need: swap the plugin's error fragments (400/403/404/409/422/500) into
#: the panel instead of dropping them, no eval (strict CSP), no injected or settled inline style.
HTMX_CONFIG = {
    "responseHandling": [
        {"code": "204", "swap": False},
        {"code": "[23]..", "swap": True},
        {"code": "(400|403|404|409|422|500)", "swap": True, "error": True},
        {"code": "[45]..", "swap": False, "error": True},
    ],
    "allowEval": False,
    "includeIndicatorStyles": False,
    "historyRestoreAsHxRequest": False,
    "attributesToSettle": ["class", "width", "height"],
}


@dataclass(frozen=True)
class PanelSpec:
    """A contract panel: its slot name, Dutch title and view endpoint (``sroi.<name>``)."""

    name: str
    title: str


#: Registered panels by name; plugin modules register here.
PANELS: dict[str, PanelSpec] = {}

#: The order a contract manager reads them in: the state first, then what needs doing, then
#: the record. Panels not listed (a host's own) follow in registration order.
PANEL_ORDER = ("overview", "monitoring", "clauses", "changes", "partnership", "history")


def register_panel(name: str, title: str) -> None:
    """Make a contract panel available to the host's ``sroi_panel``/``sroi_panels`` helpers."""
    PANELS[name] = PanelSpec(name, title)


def sroi_assets(*, htmx_config: bool = True) -> Markup:
    """Tags for the host's ``<head>``: the plugin's CSS, vendored htmx and its config.

    :param htmx_config: set ``False`` when the host already configures htmx itself.
    """
    css = url_for("sroi.static", filename="sroi.css")
    js = url_for("sroi.static", filename=_HTMX_FILE)
    tags = [
        Markup('<link rel="stylesheet" href="{}">').format(css),
        Markup('<script src="{}" defer></script>').format(js),
    ]
    if htmx_config:
        tags.insert(
            0, Markup('<meta name="htmx-config" content="{}">').format(json.dumps(HTMX_CONFIG))
        )
    return Markup("\n").join(tags)


_FOLDED_KEY = "sroi.folded_panels"


def _folded_now() -> frozenset[str] | None:
    """The current user's folded panels, read once per request; ``None`` when nobody is
    logged in or the id cannot be kept (then no fold button is offered)."""
    if _FOLDED_KEY not in request.environ:
        user = current_user()
        known = user is not None and can_keep_preferences(user.id)
        request.environ[_FOLDED_KEY] = folded_panels(user.id) if known and user else None
    folded: frozenset[str] | None = request.environ[_FOLDED_KEY]
    return folded


def _fold_form(spec: PanelSpec, ref: str, folded: bool) -> Markup:
    """The button that folds or unfolds a panel: a plain form, posted by htmx when present."""
    url = url_for("sroi.panel_fold", ref=ref, name=spec.name)
    return Markup(
        '<form class="sroi-fold" method="post" action="{url}" hx-post="{url}" '
        'hx-target="#sroi-fold-{name}" hx-swap="outerHTML">'
        '<input type="hidden" name="csrf_token" value="{token}">'
        '<input type="hidden" name="ingeklapt" value="{value}">'
        '<button type="submit" class="sroi-fold-button" aria-expanded="{expanded}" '
        'aria-controls="sroi-slot-{name}" aria-label="{title}: {action}">{shown}</button></form>'
    ).format(
        url=url,
        name=spec.name,
        token=csrf_token(),
        value="nee" if folded else "ja",
        expanded="false" if folded else "true",
        title=spec.title,
        action="uitklappen" if folded else "inklappen",
        shown=f"{spec.title}: uitklappen" if folded else "Inklappen",
    )


def panel_slot(name: str, ref: str, folded: bool | None) -> Markup:
    """One panel's placeholder with its fold button (none when ``folded`` is ``None``).

    Open, the placeholder loads on page load; folded, it is hidden and waits for an event that
    never comes (unfolding replaces the whole slot), so a folded panel costs no request.
    """
    spec = PANELS.get(name)
    if spec is None:
        raise KeyError(f"unknown SROI panel {name!r}; known: {', '.join(PANELS)}")
    url = url_for(f"sroi.{name}", ref=ref)
    headers = json.dumps({"X-CSRFToken": csrf_token()})
    slot = Markup(
        '<div class="sroi-slot" id="sroi-slot-{name}" hx-get="{url}" hx-trigger="{trigger}" '
        'hx-headers="{headers}"{hidden}><a href="{url}">{title} openen</a></div>'
    ).format(
        name=name,
        url=url,
        headers=headers,
        title=spec.title,
        trigger="sroiUnfold" if folded else "load",
        hidden=Markup(" hidden") if folded else "",
    )
    if folded is None:
        return slot
    return Markup(
        '<div class="sroi-fold-wrap{folded}" id="sroi-fold-{name}">{form}{slot}</div>'
    ).format(
        folded=" sroi-folded" if folded else "",
        name=name,
        form=_fold_form(spec, ref, folded),
        slot=slot,
    )


def sroi_panel(name: str, ref: str) -> Markup:
    """Placeholder for one panel: loads through htmx, a plain link without JavaScript; folded
    (not loaded) when the current user folded it."""
    folded = _folded_now()
    return panel_slot(name, ref, None if folded is None else name in folded)


def ordered_panel_names() -> list[str]:
    """Registered panel names in :data:`PANEL_ORDER`, others after them."""
    rank = {name: index for index, name in enumerate(PANEL_ORDER)}
    return sorted(PANELS, key=lambda name: rank.get(name, len(rank)))


def sroi_panels(ref: str) -> Markup:
    """Placeholders for every registered panel, in :data:`PANEL_ORDER`."""
    return Markup("\n").join(sroi_panel(name, ref) for name in ordered_panel_names())
