"""The upload store between preview and confirm: tokens, kinds, expiry, deletion."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from sroi_plugin.importing import uploads
from sroi_plugin.importing.uploads import Kind

ALL_KINDS = pytest.mark.parametrize("kind", list(Kind))


@ALL_KINDS
def test_keep_load_update_and_discard(tmp_path: Path, kind: Kind) -> None:
    instance = str(tmp_path)
    token = uploads.keep(
        instance,
        kind,
        user_id="u-1",
        file_name="export.xlsx",
        data=b"PK..",
        meta={"contract_ref": "GEM-1"},
    )
    assert uploads.valid_token(token)
    kept = uploads.load(instance, kind, token)
    assert kept is not None
    assert (kept.user_id, kept.file_name, kept.data, kept.meta) == (
        "u-1",
        "export.xlsx",
        b"PK..",
        {"contract_ref": "GEM-1"},
    )
    uploads.update_meta(instance, kind, token, {"stage": "mapping"})
    uploads.save_rows(instance, kind, token, b"rows")
    assert uploads.load_rows(instance, kind, token) == b"rows"
    reloaded = uploads.load(instance, kind, token)
    assert reloaded is not None and reloaded.meta == {"stage": "mapping"}
    directory = uploads.upload_dir(instance, kind)
    for suffix in (".xlsx", ".json", ".rows"):  # readable by this user only
        assert (directory / f"{token}{suffix}").stat().st_mode & 0o777 == 0o600
    uploads.discard(instance, kind, token)
    assert uploads.load(instance, kind, token) is None
    assert uploads.load_rows(instance, kind, token) is None
    assert list(directory.iterdir()) == []


def test_the_kinds_stay_apart(tmp_path: Path) -> None:
    instance = str(tmp_path)
    assert uploads.upload_dir(instance, Kind.PORTFOLIO) != uploads.upload_dir(
        instance, Kind.MONITORING
    )
    portfolio = uploads.keep(
        instance, Kind.PORTFOLIO, user_id="u", file_name="p.xlsx", data=b"p", meta={}
    )
    monitoring = uploads.keep(
        instance, Kind.MONITORING, user_id="u", file_name="m.xlsx", data=b"m", meta={}
    )
    uploads.save_rows(instance, Kind.PORTFOLIO, portfolio, b"rows")
    assert uploads.load(instance, Kind.MONITORING, portfolio) is None
    assert uploads.load_rows(instance, Kind.MONITORING, portfolio) is None
    assert uploads.load(instance, Kind.PORTFOLIO, monitoring) is None
    uploads.discard(instance, Kind.MONITORING, portfolio)  # the other kind's file stays
    uploads.discard(instance, Kind.PORTFOLIO, monitoring)
    kept_portfolio = uploads.load(instance, Kind.PORTFOLIO, portfolio)
    kept_monitoring = uploads.load(instance, Kind.MONITORING, monitoring)
    assert kept_portfolio is not None and kept_portfolio.data == b"p"
    assert kept_monitoring is not None and kept_monitoring.data == b"m"


def test_each_kind_has_its_own_expiry(tmp_path: Path) -> None:
    assert Kind.PORTFOLIO.ttl_seconds == 2 * 60 * 60
    assert Kind.MONITORING.ttl_seconds == 60 * 60
    instance = str(tmp_path)
    tokens = {
        kind: uploads.keep(instance, kind, user_id="u", file_name="x", data=b"x", meta={})
        for kind in Kind
    }
    between = time.time() + Kind.MONITORING.ttl_seconds + 1
    assert uploads.purge_expired(instance, Kind.PORTFOLIO, now=between) == 0
    assert uploads.load(instance, Kind.PORTFOLIO, tokens[Kind.PORTFOLIO], now=between)
    assert uploads.load(instance, Kind.MONITORING, tokens[Kind.MONITORING], now=between) is None


@ALL_KINDS
def test_expired_uploads_are_gone_and_deleted(tmp_path: Path, kind: Kind) -> None:
    instance = str(tmp_path)
    token = uploads.keep(instance, kind, user_id="u", file_name="x.xlsx", data=b"x", meta={})
    later = time.time() + kind.ttl_seconds + 1
    assert uploads.load(instance, kind, token, now=later) is None
    assert list(uploads.upload_dir(instance, kind).iterdir()) == []
    stale = uploads.keep(instance, kind, user_id="u", file_name="x.xlsx", data=b"x", meta={})
    assert uploads.purge_expired(instance, kind, now=later) == 1
    assert uploads.load(instance, kind, stale) is None


@ALL_KINDS
def test_keeping_a_new_upload_purges_old_ones(tmp_path: Path, kind: Kind) -> None:
    instance = str(tmp_path)
    old = uploads.keep(instance, kind, user_id="u", file_name="f", data=b"x", meta={})
    stale = time.time() - kind.ttl_seconds - 10
    os.utime(uploads.upload_dir(instance, kind) / f"{old}.json", (stale, stale))
    new = uploads.keep(instance, kind, user_id="u", file_name="f", data=b"y", meta={})
    names = sorted(path.stem for path in uploads.upload_dir(instance, kind).iterdir())
    assert names == [new, new]


@ALL_KINDS
def test_a_token_is_never_a_path(tmp_path: Path, kind: Kind) -> None:
    instance = str(tmp_path)
    (tmp_path / "secret.json").write_text('{"user_id": "u", "file_name": "x", "meta": {}}')
    (tmp_path / "secret.xlsx").write_bytes(b"x")
    for token in ("../secret", "..%2Fsecret", "../../etc/passwd", "", "a" * 10, "a/b" * 20):
        assert not uploads.valid_token(token)
        assert uploads.load(instance, kind, token) is None
        assert uploads.load_rows(instance, kind, token) is None
        uploads.discard(instance, kind, token)  # no error, nothing touched
        assert uploads.retired(instance, kind, token) is None
        uploads.retire(instance, kind, token, {})
    assert (tmp_path / "secret.json").exists() and (tmp_path / "secret.xlsx").exists()


def test_a_retired_upload_keeps_only_what_was_recorded_until_it_expires(tmp_path: Path) -> None:
    instance, kind = str(tmp_path), Kind.MONITORING
    token = uploads.keep(
        instance, kind, user_id="u-1", file_name="q3.xlsx", data=b"PK..", meta={"a": 1}
    )
    assert uploads.retired(instance, kind, token) is None  # not confirmed yet
    uploads.retire(instance, kind, token, {"report_id": 7})
    assert uploads.load(instance, kind, token) is None  # cannot be confirmed again
    assert [path.suffix for path in uploads.upload_dir(instance, kind).iterdir()] == [".json"]
    done = uploads.retired(instance, kind, token)
    assert done is not None and (done.user_id, done.meta) == ("u-1", {"report_id": 7})
    later = time.time() + kind.ttl_seconds + 1
    assert uploads.retired(instance, kind, token, now=later) is None
    assert uploads.purge_expired(instance, kind, now=later) == 1
    assert not any(uploads.upload_dir(instance, kind).iterdir())
