"""Bad uploads are refused with a clear Dutch message, before anything is parsed."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from sroi_plugin.errors import ImportFileError
from sroi_plugin.importing import safety
from sroi_plugin.importing.safety import RATIO_GRACE_BYTES
from sroi_plugin.importing.safety import open_workbook_safely
from sroi_plugin.importing.workbook import Workbook
from tests.helpers.xlsx import PORTFOLIO_HEADERS
from tests.helpers.xlsx import minimal_xlsx_entries
from tests.helpers.xlsx import ole2_bytes
from tests.helpers.xlsx import portfolio_row
from tests.helpers.xlsx import write_xlsx
from tests.helpers.xlsx import zip_bytes


def xlsx_bytes() -> bytes:
    """A small valid workbook."""
    buffer = io.BytesIO()
    write_xlsx(buffer, [PORTFOLIO_HEADERS, portfolio_row(1)])
    return buffer.getvalue()


def refusal(data: bytes, **limits: int) -> str:
    """The message with which ``data`` is refused."""
    with pytest.raises(ImportFileError) as caught:
        open_workbook_safely(io.BytesIO(data), **limits).close()
    return str(caught.value)


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the reader gets to parse the file."""

    def parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was parsed before it was refused")

    monkeypatch.setattr(safety, "open_rows", parse)


def test_valid_workbook_opens_with_the_calamine_reader_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_bytes(xlsx_bytes())
    workbook = open_workbook_safely(path)
    try:
        assert isinstance(workbook, Workbook)
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
        assert rows[1][0] == "C-00001"
    finally:
        workbook.close()


def test_valid_workbook_opens_from_an_upload_stream() -> None:
    workbook = open_workbook_safely(io.BytesIO(xlsx_bytes()))
    try:
        assert workbook.worksheets[0].title == "Contracten"
    finally:
        workbook.close()


@pytest.mark.usefixtures("no_parsing")
def test_csv_renamed_to_xlsx_is_recognised_as_text() -> None:
    csv = b"Contractnummer;Leverancier;Waarde\nC-1;Schoon B.V.;1000\n"
    message = refusal(csv)
    assert "geen Excel-bestand maar tekst (bijvoorbeeld CSV)" in message
    assert "sla het op als Excel-werkmap (.xlsx)" in message


@pytest.mark.usefixtures("no_parsing")
def test_other_binary_is_no_excel_file() -> None:
    assert refusal(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR").startswith(
        "Dit is geen Excel-bestand (.xlsx)"
    )


@pytest.mark.usefixtures("no_parsing")
def test_empty_file_is_refused() -> None:
    assert refusal(b"") == "Het bestand is leeg (0 bytes)."


@pytest.mark.usefixtures("no_parsing")
def test_truncated_upload_is_damaged() -> None:
    data = xlsx_bytes()
    assert "beschadigd of onvolledig" in refusal(data[: len(data) // 2])


def test_damaged_workbook_part_is_reported_as_damaged() -> None:
    entries = minimal_xlsx_entries()
    entries["xl/workbook.xml"] = b"<workbook><sheets><sheet name="
    assert "beschadigd en kan niet als Excel-werkmap worden gelezen" in refusal(zip_bytes(entries))


@pytest.mark.usefixtures("no_parsing")
def test_old_xls_is_asked_to_be_saved_as_xlsx() -> None:
    message = refusal(ole2_bytes(["Workbook", "\x05SummaryInformation"]))
    assert "oud Excel-bestand (.xls)" in message
    assert "sla het op als Excel-werkmap (.xlsx)" in message


@pytest.mark.usefixtures("no_parsing")
def test_password_protected_workbook_says_so() -> None:
    message = refusal(ole2_bytes(["EncryptionInfo", "EncryptedPackage"]))
    assert message.startswith("Het bestand is beveiligd met een wachtwoord.")


@pytest.mark.usefixtures("no_parsing")
def test_encryption_name_outside_the_directory_is_no_password() -> None:
    text_in_a_cell = b"x" + "EncryptionInfo".encode("utf-16-le") + b"\x00\x00"
    message = refusal(ole2_bytes(["Workbook"]) + text_in_a_cell)
    assert "oud Excel-bestand (.xls)" in message


@pytest.mark.usefixtures("no_parsing")
def test_encrypted_zip_entry_is_refused() -> None:
    data = bytearray(zip_bytes(minimal_xlsx_entries()))
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 0x1  # the "encrypted" bit of the entry's general-purpose flags
    assert "beveiligd met een wachtwoord" in refusal(bytes(data))


@pytest.mark.usefixtures("no_parsing")
@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        ({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}, "(.ods)"),
        ({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x00"}, "(.xlsb)"),
        ({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}, "geen Excel-werkmap"),
    ],
)
def test_other_zip_formats_are_named(entries: dict[str, bytes], expected: str) -> None:
    assert expected in refusal(zip_bytes(entries))


def test_workbook_without_data_is_empty() -> None:
    buffer = io.BytesIO()
    write_xlsx(buffer, [], more_sheets={"Blad2": [[None, "  "]]})
    assert (
        refusal(buffer.getvalue()) == "Het bestand bevat geen gegevens: alle werkbladen zijn leeg."
    )


@pytest.mark.parametrize(("allowed", "accepted"), [(0, True), (-1, False)])
def test_size_limit_is_exact_for_paths(tmp_path: Path, allowed: int, accepted: bool) -> None:
    data = xlsx_bytes()
    path = tmp_path / "export.xlsx"
    path.write_bytes(data)
    if accepted:
        open_workbook_safely(path, max_bytes=len(data) + allowed).close()
    else:
        with pytest.raises(ImportFileError, match="te groot: de limiet is"):
            open_workbook_safely(path, max_bytes=len(data) + allowed)


@pytest.mark.parametrize(
    ("limit", "shown"), [(25 * 1024 * 1024, "25 MB"), (1536 * 1024, "1,5 MB"), (2048, "2 kB")]
)
def test_size_message_states_the_limit(limit: int, shown: str) -> None:
    big = b"PK\x03\x04" + b"\x00" * limit
    assert f"de limiet is {shown}." in refusal(big, max_bytes=limit)


@pytest.mark.usefixtures("no_parsing")
def test_zip_bomb_is_refused_by_its_compression_ratio() -> None:
    entries = minimal_xlsx_entries()
    entries["xl/media/image1.bin"] = b"\x00" * (10 * 1024 * 1024)
    assert "mogelijk een zip-bom" in refusal(zip_bytes(entries))


def test_small_highly_compressible_entry_is_allowed() -> None:
    entries = minimal_xlsx_entries()
    entries["xl/media/image1.bin"] = b"\x00" * RATIO_GRACE_BYTES
    open_workbook_safely(io.BytesIO(zip_bytes(entries))).close()


@pytest.mark.parametrize(("spare", "accepted"), [(0, True), (-1, False)])
def test_uncompressed_total_limit_is_exact(spare: int, accepted: bool) -> None:
    data = zip_bytes(minimal_xlsx_entries())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        total = sum(info.file_size for info in archive.infolist())
    if accepted:
        open_workbook_safely(io.BytesIO(data), max_uncompressed_bytes=total + spare).close()
    else:
        with pytest.raises(ImportFileError, match="uitgepakt zou het meer dan"):
            open_workbook_safely(io.BytesIO(data), max_uncompressed_bytes=total + spare)


@pytest.mark.usefixtures("no_parsing")
def test_zip_with_too_many_entries_is_refused() -> None:
    entries = {f"xl/junk/{n}.xml": b"" for n in range(20)}
    message = refusal(zip_bytes(entries), max_entries=10)
    assert message == "Het bestand is geweigerd: het bevat meer dan 10 onderdelen."
