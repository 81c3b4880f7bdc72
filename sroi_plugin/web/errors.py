"""Error handling for the blueprint: HTTP errors become Dutch fragments or pages."""

from __future__ import annotations

from decimal import Decimal

from flask import Response
from flask import current_app
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException
from werkzeug.exceptions import default_exceptions

from sroi_plugin.db import current_session
from sroi_plugin.web.blueprint import bp
from sroi_plugin.web.render import render_error

#: A save that lost to someone else's save of the same row (optimistic lock).
CONFLICT_MESSAGE = (
    "Iemand anders heeft dit intussen gewijzigd. Laad de pagina opnieuw en probeer het nog eens."
)

_DEFAULT_MESSAGES = {
    400: "Het verzoek kon niet worden verwerkt.",
    403: "U heeft geen toegang tot dit onderdeel.",
    404: "Dit onderdeel bestaat niet (meer).",
    405: "Deze handeling is hier niet mogelijk.",
}


@bp.errorhandler(HTTPException)
def _http_error(error: HTTPException) -> Response:
    """Render HTTP errors raised in the plugin's views; the host's own errors stay the host's.

    Also registered per status code (below): Flask prefers a handler registered for a code over
    one registered for a class, so a host's ``@app.errorhandler(404)`` would otherwise replace
    the plugin's Dutch fragment inside a panel with the host's whole page.
    """
    status = error.code or 500
    description = error.description
    generic = type(error).description
    message = description if description and description != generic else None
    return render_error(status, message or _default_message(status))


def _default_message(status: int) -> str:
    if status == 413:  # MAX_CONTENT_LENGTH, set from SROI_MAX_UPLOAD_MB (extension.py)
        max_mb = Decimal(str(current_app.config["SROI_MAX_UPLOAD_MB"])).normalize()
        shown = f"{max_mb:f}".replace(".", ",")
        return f"Het verzoek is te groot: een bestand mag hoogstens {shown} MB zijn."
    return _DEFAULT_MESSAGES.get(status, "Er ging iets mis.")


for _code in default_exceptions:
    bp.register_error_handler(_code, _http_error)


@bp.errorhandler(StaleDataError)
def _stale_save(_error: StaleDataError) -> Response:
    """A save whose row someone else saved meanwhile, flushed where no view caught it: 409.

    Views catch the optimistic lock at their commit and keep what was typed; this is the net
    under them, so such a race is never a server error.
    """
    current_session().rollback()
    return render_error(409, CONFLICT_MESSAGE)
