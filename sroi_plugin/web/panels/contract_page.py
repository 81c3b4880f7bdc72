"""Page "Contract": every panel of one contract, for contracts the host has no page for.

A contract an import added may not (yet) be in the host's register, so the host has no page
to embed the panels in. This page stands in for it: the attention summary and the registered
panels (:func:`~sroi_plugin.web.panels.registry.sroi_panels`), each loaded as on a host page.
"""

from __future__ import annotations

from flask import Response
from flask import render_template

from sroi_plugin.web.access import ANY_ROLE
from sroi_plugin.web.access import require_roles
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.contract_links import host_contract_url
from sroi_plugin.web.htmx import page_response
from sroi_plugin.web.loading import contract_or_404


@bp.get("/contracten/<path:ref>/panelen")
@require_roles(*ANY_ROLE)
def contract_page(ref: str) -> Response:
    """The contract's key facts, its attention summary and all its panels."""
    contract = contract_or_404(ref)
    body = render_template(
        "sroi/pages/contract.html",
        ref=contract.ref,
        contract=contract,
        contract_url=host_contract_url(contract.ref),
    )
    return page_response(body, 200)
