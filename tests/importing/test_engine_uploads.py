"""The upload store between preview and confirm: tokens, expiry, deletion."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sroi_plugin.importing import uploads


def test_keep_load_update_and_discard(tmp_path: Path) -> None:
    instance = str(tmp_path)
    token = uploads.keep(
        instance, user_id="u-1", file_name="export.xlsx", data=b"PK..", meta={"stage": "preview"}
    )
    assert uploads.valid_token(token)
    kept = uploads.load(instance, token)
    assert kept is not None
    assert (kept.user_id, kept.file_name, kept.data, kept.meta) == (
        "u-1",
        "export.xlsx",
        b"PK..",
        {"stage": "preview"},
    )
    uploads.update_meta(instance, token, {"stage": "mapping"})
    uploads.save_rows(instance, token, b"rows")
    assert uploads.load_rows(instance, token) == b"rows"
    reloaded = uploads.load(instance, token)
    assert reloaded is not None and reloaded.meta == {"stage": "mapping"}
    assert oct(os.stat(uploads.upload_dir(instance) / f"{token}.xlsx").st_mode)[-3:] == "600"
    uploads.discard(instance, token)
    assert uploads.load(instance, token) is None and uploads.load_rows(instance, token) is None
    assert list(uploads.upload_dir(instance).iterdir()) == []


def test_expired_uploads_are_gone_and_deleted(tmp_path: Path) -> None:
    instance = str(tmp_path)
    token = uploads.keep(instance, user_id="u", file_name="x.xlsx", data=b"x", meta={})
    later = time.time() + uploads.UPLOAD_TTL_SECONDS + 1
    assert uploads.load(instance, token, now=later) is None
    assert list(uploads.upload_dir(instance).iterdir()) == []
    stale = uploads.keep(instance, user_id="u", file_name="x.xlsx", data=b"x", meta={})
    assert uploads.purge_expired(instance, now=later) == 1
    assert uploads.load(instance, stale) is None


def test_a_token_is_never_a_path(tmp_path: Path) -> None:
    instance = str(tmp_path)
    (tmp_path / "secret.json").write_text('{"user_id": "u", "file_name": "x", "meta": {}}')
    for token in ("../secret", "..%2Fsecret", "a" * 10, "a/b" * 20):
        assert not uploads.valid_token(token)
        assert uploads.load(instance, token) is None
        uploads.discard(instance, token)  # no error, nothing touched
    assert (tmp_path / "secret.json").exists()
