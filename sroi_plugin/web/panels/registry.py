"""The panel registry and the Jinja helpers a host uses to embed panels (page slots).

Like datasette's ``top_*`` hooks: the host asks for a panel by name, ``sroi_panel("overview",
ref)``, or for all of them, ``sroi_panels(ref)``; each renders a placeholder that htmx fills on
load and that stays a plain link without JavaScript.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from flask import url_for
from markupsafe import Markup

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


def sroi_panel(name: str, ref: str) -> Markup:
    """Placeholder for one panel: loads through htmx, a plain link without JavaScript."""
    spec = PANELS.get(name)
    if spec is None:
        raise KeyError(f"unknown SROI panel {name!r}; known: {', '.join(PANELS)}")
    url = url_for(f"sroi.{name}", ref=ref)
    headers = json.dumps({"X-CSRFToken": csrf_token()})
    return Markup(
        '<div class="sroi-slot" id="sroi-slot-{name}" hx-get="{url}" hx-trigger="load" '
        'hx-headers="{headers}"><a href="{url}">{title} openen</a></div>'
    ).format(name=name, url=url, headers=headers, title=spec.title)


def ordered_panel_names() -> list[str]:
    """Registered panel names in :data:`PANEL_ORDER`, others after them."""
    rank = {name: index for index, name in enumerate(PANEL_ORDER)}
    return sorted(PANELS, key=lambda name: rank.get(name, len(rank)))


def sroi_panels(ref: str) -> Markup:
    """Placeholders for every registered panel, in :data:`PANEL_ORDER`."""
    return Markup("\n").join(sroi_panel(name, ref) for name in ordered_panel_names())
