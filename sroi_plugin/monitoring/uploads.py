"""Keep an upload under a token between preview and confirmation (instance folder).

Only a file that passed the preview is kept: a refused file (personal data, unreadable,
invalid rows) is never written to disk. The token is bound to the contract and the user who
uploaded it; the file is deleted after confirmation, on cancel, and when it expires.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Final

#: how long an upload waits for its confirmation
UPLOAD_TTL_SECONDS: Final = 60 * 60
_TOKEN: Final = re.compile(r"[A-Za-z0-9_-]{32,64}")


@dataclass(frozen=True)
class PendingUpload:
    """A previewed upload waiting for confirmation."""

    token: str
    contract_ref: str
    user_id: str
    file_name: str
    data: bytes


def upload_dir(instance_path: str) -> Path:
    """``<instance>/sroi_uploads/monitoring`` (created on first use)."""
    return Path(instance_path) / "sroi_uploads" / "monitoring"


def _paths(directory: Path, token: str) -> tuple[Path, Path]:
    return directory / f"{token}.xlsx", directory / f"{token}.json"


def purge_expired(instance_path: str, *, now: float | None = None) -> int:
    """Delete uploads older than :data:`UPLOAD_TTL_SECONDS`; returns how many."""
    directory = upload_dir(instance_path)
    if not directory.is_dir():
        return 0
    limit = (time.time() if now is None else now) - UPLOAD_TTL_SECONDS
    removed = 0
    for path in directory.glob("*.json"):
        if path.stat().st_mtime < limit:
            discard(instance_path, path.stem)
            removed += 1
    return removed


def keep(
    instance_path: str, *, contract_ref: str, user_id: str, file_name: str, data: bytes
) -> str:
    """Store a previewed upload; returns its token."""
    purge_expired(instance_path)
    directory = upload_dir(instance_path)
    directory.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    data_path, meta_path = _paths(directory, token)
    fd = os.open(data_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    meta = {"contract_ref": contract_ref, "user_id": user_id, "file_name": file_name}
    meta_path.write_text(json.dumps(meta), encoding="utf-8")
    return token


def load(instance_path: str, token: str, *, now: float | None = None) -> PendingUpload | None:
    """The upload kept under ``token``, or ``None`` when unknown, malformed or expired."""
    if not _TOKEN.fullmatch(token):
        return None
    data_path, meta_path = _paths(upload_dir(instance_path), token)
    try:
        if meta_path.stat().st_mtime < (time.time() if now is None else now) - UPLOAD_TTL_SECONDS:
            discard(instance_path, token)
            return None
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        data = data_path.read_bytes()
    except (OSError, ValueError):
        return None
    return PendingUpload(
        token, str(meta["contract_ref"]), str(meta["user_id"]), str(meta["file_name"]), data
    )


def discard(instance_path: str, token: str) -> None:
    """Delete the upload kept under ``token`` (no error when it is gone already)."""
    if not _TOKEN.fullmatch(token):
        return
    for path in _paths(upload_dir(instance_path), token):
        path.unlink(missing_ok=True)
