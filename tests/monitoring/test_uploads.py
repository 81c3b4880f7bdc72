"""Uploads waiting for confirmation: kept under a token, bound to contract and user, expiring."""

from __future__ import annotations

import os
import time
from pathlib import Path

from sroi_plugin.monitoring import uploads


def test_keep_and_load(tmp_path: Path) -> None:
    token = uploads.keep(
        str(tmp_path), contract_ref="GEM-1", user_id="u-sanne", file_name="q3.xlsx", data=b"xlsx"
    )
    pending = uploads.load(str(tmp_path), token)
    assert pending is not None
    assert (pending.contract_ref, pending.user_id, pending.file_name, pending.data) == (
        "GEM-1",
        "u-sanne",
        "q3.xlsx",
        b"xlsx",
    )
    assert (uploads.upload_dir(str(tmp_path)) / f"{token}.xlsx").stat().st_mode & 0o077 == 0


def test_discard_deletes_both_files(tmp_path: Path) -> None:
    token = uploads.keep(str(tmp_path), contract_ref="A", user_id="u", file_name="f", data=b"x")
    uploads.discard(str(tmp_path), token)
    assert uploads.load(str(tmp_path), token) is None
    assert list(uploads.upload_dir(str(tmp_path)).iterdir()) == []


def test_malformed_tokens_never_touch_the_file_system(tmp_path: Path) -> None:
    for token in ["../../etc/passwd", "", "a" * 10, "x/" * 20]:
        assert uploads.load(str(tmp_path), token) is None
        uploads.discard(str(tmp_path), token)  # no error, nothing removed


def test_expired_uploads_are_refused_and_purged(tmp_path: Path) -> None:
    token = uploads.keep(str(tmp_path), contract_ref="A", user_id="u", file_name="f", data=b"x")
    later = time.time() + uploads.UPLOAD_TTL_SECONDS + 1
    assert uploads.load(str(tmp_path), token, now=later) is None
    assert list(uploads.upload_dir(str(tmp_path)).iterdir()) == []


def test_keeping_a_new_upload_purges_old_ones(tmp_path: Path) -> None:
    old = uploads.keep(str(tmp_path), contract_ref="A", user_id="u", file_name="f", data=b"x")
    meta = uploads.upload_dir(str(tmp_path)) / f"{old}.json"
    stale = time.time() - uploads.UPLOAD_TTL_SECONDS - 10
    os.utime(meta, (stale, stale))
    new = uploads.keep(str(tmp_path), contract_ref="A", user_id="u", file_name="f", data=b"y")
    names = sorted(path.stem for path in uploads.upload_dir(str(tmp_path)).iterdir())
    assert names == [new, new]
