"""Keep an upload under a token between the preview and the confirm (instance folder).

One store serves every kind of upload (:class:`Kind`): the portfolio import and the
monitoring report upload. Each kind has its own directory and expiry, so a token of one kind is
never found as the other. ``<instance>/sroi_uploads/<kind>/<token>.xlsx`` holds the file,
``<token>.json`` who uploaded it and what the preview found, ``<token>.rows`` (portfolio only)
the preview's plan (:mod:`.stored_plan`: the confirm applies it without reading the workbook or
comparing again). Only a file that passed the preview is kept. All files of a token are deleted
on cancel and when the upload expires (:attr:`Kind.ttl_seconds` after the last preview). A
confirm that may be sent twice (a double click) retires the token instead (:func:`retire`):
the file and rows are deleted at once, only ``<token>.json`` stays until the expiry, saying
what the first confirm recorded (:func:`retired`), so the second can be answered with that.
"""

from __future__ import annotations

import enum
import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from typing import Final

__all__ = [
    "Kind",
    "PendingUpload",
    "discard",
    "keep",
    "load",
    "load_rows",
    "purge_expired",
    "retire",
    "retired",
    "save_rows",
    "update_meta",
    "upload_dir",
    "valid_token",
]

_TOKEN: Final = re.compile(r"[A-Za-z0-9_-]{32,64}")
_SUFFIXES: Final = (".xlsx", ".json", ".rows")


class Kind(enum.Enum):
    """What an upload is for; the value names its directory (a closed set, never user input)."""

    PORTFOLIO = "portfolio"
    MONITORING = "monitoring"

    @property
    def ttl_seconds(self) -> int:
        """How long an upload waits for its confirmation after its last preview."""
        return _TTL_SECONDS[self]


#: a portfolio import may need a mapping step first, so it waits longer
_TTL_SECONDS: Final[dict[Kind, int]] = {Kind.PORTFOLIO: 2 * 60 * 60, Kind.MONITORING: 60 * 60}


@dataclass(frozen=True)
class PendingUpload:
    """A previewed upload waiting for its confirmation."""

    token: str
    #: the host's id of the user who uploaded it (only they may confirm)
    user_id: str
    file_name: str
    data: bytes
    #: what the caller keeps between the steps (e.g. the preview, the contract)
    meta: dict[str, Any]


def upload_dir(instance_path: str, kind: Kind) -> Path:
    """``<instance>/sroi_uploads/<kind>``."""
    return Path(instance_path) / "sroi_uploads" / kind.value


def _path(instance_path: str, kind: Kind, token: str, suffix: str) -> Path:
    return upload_dir(instance_path, kind) / f"{token}{suffix}"


def valid_token(token: str) -> bool:
    """Whether ``token`` has the shape :func:`keep` gives (never a path)."""
    return _TOKEN.fullmatch(token) is not None


def _expired(path: Path, kind: Kind, now: float | None) -> bool:
    """Whether the metadata at ``path`` was last written before ``kind``'s expiry."""
    return path.stat().st_mtime < (time.time() if now is None else now) - kind.ttl_seconds


def purge_expired(instance_path: str, kind: Kind, *, now: float | None = None) -> int:
    """Delete uploads of ``kind`` whose last preview has expired; returns how many."""
    directory = upload_dir(instance_path, kind)
    if not directory.is_dir():
        return 0
    removed = 0
    for path in directory.glob("*.json"):
        try:
            expired = _expired(path, kind, now)
        except OSError:
            continue
        if expired:
            discard(instance_path, kind, path.stem)
            removed += 1
    return removed


def _write_new(path: Path, data: bytes) -> None:
    """Create ``path`` readable by this user only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _write_replace(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically (a reader never sees half a file)."""
    temporary = path.with_name(f"{path.name}.{secrets.token_hex(4)}.tmp")
    _write_new(temporary, data)
    os.replace(temporary, path)


def keep(
    instance_path: str,
    kind: Kind,
    *,
    user_id: str,
    file_name: str,
    data: bytes,
    meta: dict[str, Any],
) -> str:
    """Store an upload and its metadata; returns the token."""
    purge_expired(instance_path, kind)
    upload_dir(instance_path, kind).mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    _write_new(_path(instance_path, kind, token, ".xlsx"), data)
    record = {"user_id": user_id, "file_name": file_name, "meta": meta}
    _write_new(_path(instance_path, kind, token, ".json"), json.dumps(record).encode())
    return token


def update_meta(instance_path: str, kind: Kind, token: str, meta: dict[str, Any]) -> bool:
    """Replace the metadata of a kept upload (a new preview); restarts its expiry.

    ``False`` when the upload is gone: another request confirmed or cancelled it meanwhile (a
    second click on "Bevestigen"), or it expired.
    """
    path = _path(instance_path, kind, token, ".json")
    data = _path(instance_path, kind, token, ".xlsx")
    if not data.is_file():
        return False
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    record["meta"] = meta
    _write_replace(path, json.dumps(record).encode())
    # deleted while this was written: the metadata left is swept up when it expires
    return data.is_file()


def load(
    instance_path: str, kind: Kind, token: str, *, now: float | None = None
) -> PendingUpload | None:
    """The upload of ``kind`` kept under ``token``; ``None`` when unknown, malformed or expired."""
    if not valid_token(token):
        return None
    meta_path = _path(instance_path, kind, token, ".json")
    try:
        if _expired(meta_path, kind, now):
            discard(instance_path, kind, token)
            return None
        record = json.loads(meta_path.read_text(encoding="utf-8"))
        data = _path(instance_path, kind, token, ".xlsx").read_bytes()
    except (OSError, ValueError):
        return None
    return PendingUpload(
        token, str(record["user_id"]), str(record["file_name"]), data, dict(record["meta"])
    )


def save_rows(instance_path: str, kind: Kind, token: str, payload: bytes) -> None:
    """Keep the preview's plan (see :func:`.stored_plan.encode_plan`)."""
    _write_replace(_path(instance_path, kind, token, ".rows"), payload)


def load_rows(instance_path: str, kind: Kind, token: str) -> bytes | None:
    """The plan kept by :func:`save_rows`, or ``None``."""
    if not valid_token(token):
        return None
    try:
        return _path(instance_path, kind, token, ".rows").read_bytes()
    except OSError:
        return None


@dataclass(frozen=True)
class RetiredUpload:
    """A confirmed upload: its file is gone; who confirmed it and what was recorded."""

    token: str
    user_id: str
    meta: dict[str, Any]


def retire(instance_path: str, kind: Kind, token: str, meta: dict[str, Any]) -> None:
    """Delete the file and rows of a confirmed upload; keep ``meta`` (what was recorded)."""
    path = _path(instance_path, kind, token, ".json")
    if not valid_token(token) or not path.is_file():
        return
    record = json.loads(path.read_text(encoding="utf-8"))
    for suffix in (".xlsx", ".rows"):
        _path(instance_path, kind, token, suffix).unlink(missing_ok=True)
    retired_record = {"user_id": record["user_id"], "retired": True, "meta": meta}
    _write_replace(path, json.dumps(retired_record).encode())


def retired(
    instance_path: str, kind: Kind, token: str, *, now: float | None = None
) -> RetiredUpload | None:
    """The upload :func:`retire` confirmed under ``token``; ``None`` when not (or expired)."""
    if not valid_token(token):
        return None
    path = _path(instance_path, kind, token, ".json")
    try:
        if _expired(path, kind, now):
            return None
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("retired") is not True:
        return None
    return RetiredUpload(token, str(record["user_id"]), dict(record["meta"]))


def discard(instance_path: str, kind: Kind, token: str) -> None:
    """Delete everything kept under ``token`` (no error when it is gone already)."""
    if not valid_token(token):
        return
    for suffix in _SUFFIXES:
        _path(instance_path, kind, token, suffix).unlink(missing_ok=True)
