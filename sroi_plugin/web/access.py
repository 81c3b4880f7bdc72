"""Who is acting, and whether their roles allow a view (role checks live only here)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from typing import TypeVar

from flask import abort
from flask import current_app
from flask import request

from sroi_plugin.errors import HostContractError
from sroi_plugin.hostspec import ROLES
from sroi_plugin.hostspec import SroiUser
from sroi_plugin.rules.vocabulary import Role

F = TypeVar("F", bound=Callable[..., Any])

#: Dutch names of the roles, for messages ("Hiervoor is de rol … nodig"): the vocabulary's labels.
ROLE_LABELS = {role.value: role.label for role in Role}


def _user_from_headers() -> SroiUser | None:
    """Trusted-header mode: a reverse proxy that authenticated the user says who it is."""
    config = current_app.config
    user_id = request.headers.get(config["SROI_HEADER_USER_ID"], "").strip()
    if not user_id:
        return None
    name = request.headers.get(config["SROI_HEADER_USER_NAME"], "").strip() or user_id
    raw_roles = request.headers.get(config["SROI_HEADER_ROLES"], "")
    roles = frozenset(r.strip() for r in raw_roles.split(",") if r.strip() in ROLES)
    return SroiUser(id=user_id, name=name, roles=roles)


def _load_user() -> SroiUser | None:
    if current_app.config["SROI_TRUSTED_HEADERS"]:
        return _user_from_headers()
    loader = current_app.extensions["sroi"].host.user_loader
    if loader is None:
        raise HostContractError(
            "No user loader: register one with @sroi.user_loader "
            "(or set SROI_TRUSTED_HEADERS=True behind an authenticating proxy)"
        )
    user = loader()
    if user is None:
        return None
    return SroiUser(user.id, user.name, frozenset(r for r in user.roles if r in ROLES))


_USER_KEY = "sroi.user"


def current_user() -> SroiUser | None:
    """The user of this request, loaded once per request.

    Kept in the request's environ rather than ``g``: an app context may outlive one request
    (tests, CLI), and the user must never carry over to the next request.
    """
    if _USER_KEY not in request.environ:
        request.environ[_USER_KEY] = _load_user()
    user: SroiUser | None = request.environ[_USER_KEY]
    return user


def acting_user() -> SroiUser:
    """The user of a view behind :func:`require_roles` (never ``None`` there)."""
    user = current_user()
    if user is None:  # pragma: no cover - require_roles refuses anonymous users first
        abort(403)
    return user


def _needed_roles_text(roles: tuple[str, ...]) -> str:
    names = [ROLE_LABELS[r] for r in roles]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " of " + names[-1]


def require_roles(*roles: str) -> Callable[[F], F]:
    """Allow the view to users holding one of ``roles`` (admin always); 403 otherwise."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            user = current_user()
            if user is None:
                abort(
                    403,
                    description="U bent niet aangemeld. Meld u aan om social return te bekijken.",
                )
            if not user.has_any(*roles):
                abort(
                    403,
                    description=(
                        "U heeft geen toegang tot dit onderdeel. "
                        f"Hiervoor is de rol {_needed_roles_text(roles)} nodig."
                    ),
                )
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


#: Every role may read the contract panels.
ANY_ROLE = ROLES
