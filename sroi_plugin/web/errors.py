"""Error handling for the blueprint: HTTP errors become Dutch fragments or pages."""

from __future__ import annotations

from flask import Response
from werkzeug.exceptions import HTTPException

from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.render import render_error

_DEFAULT_MESSAGES = {
    400: "Het verzoek kon niet worden verwerkt.",
    403: "U heeft geen toegang tot dit onderdeel.",
    404: "Dit onderdeel bestaat niet (meer).",
    405: "Deze handeling is hier niet mogelijk.",
}


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    """Render HTTP errors raised in the plugin's views; the host's own errors stay the host's."""
    status = error.code or 500
    description = error.description
    generic = type(error).description
    message = description if description and description != generic else None
    return render_error(status, message or _DEFAULT_MESSAGES.get(status, "Er ging iets mis."))
