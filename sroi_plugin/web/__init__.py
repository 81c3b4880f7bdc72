"""The web layer: the blueprint, one module per panel or page, access and htmx helpers."""

from __future__ import annotations

from sroi_plugin.web import changes
from sroi_plugin.web import errors
from sroi_plugin.web import legal_queue
from sroi_plugin.web import overview
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.csrf import check_csrf

bp.before_request(check_csrf)

__all__ = ["bp", "changes", "errors", "legal_queue", "overview"]
