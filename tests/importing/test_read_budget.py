"""The read budget: a workbook that would cost far more work than a portfolio can hold is
refused within seconds, before openpyxl parses it or as soon as its rows pass the budget; the
largest real portfolio shape passes."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]

from sroi_plugin.config import DEFAULTS
from sroi_plugin.errors import ImportFileError
from sroi_plugin.importing import safety
from sroi_plugin.importing.read import ReadPortfolio
from sroi_plugin.importing.read import read_portfolio
from sroi_plugin.importing.safety import DEFAULT_MAX_RATIO
from sroi_plugin.importing.safety import DEFAULT_MAX_UNCOMPRESSED_BYTES
from sroi_plugin.importing.safety import DEFAULT_PORTFOLIO_MAX_CELLS
from sroi_plugin.importing.safety import PORTFOLIO_BUDGET
from sroi_plugin.importing.safety import ReadBudget
from sroi_plugin.importing.safety import check_xlsx_bytes
from sroi_plugin.importing.safety import open_workbook_safely
from tests.helpers.bombs import SHARED_STRINGS_XML
from tests.helpers.bombs import shared_strings_bomb
from tests.helpers.bombs import wide_rows_bomb
from tests.helpers.xlsx import PORTFOLIO_HEADERS
from tests.helpers.xlsx import minimal_xlsx_entries
from tests.helpers.xlsx import portfolio_row
from tests.helpers.xlsx import zip_bytes

TOO_BIG = "Het bestand is te groot om te verwerken: "
#: generous: the refusals take well under a second; the old reader took minutes
SECONDS = 10
UPLOAD_LIMIT = DEFAULTS["SROI_MAX_UPLOAD_MB"] * 1024 * 1024
#: the largest real portfolio the defaults are derived from
LARGEST_ROWS, LARGEST_COLUMNS = 200_000, 40


def refused(data: bytes, budget: ReadBudget = PORTFOLIO_BUDGET) -> tuple[str, float]:
    """The message ``read_portfolio`` refuses ``data`` with, and how long that took."""
    start = time.monotonic()
    with pytest.raises(ImportFileError) as caught:
        read_portfolio(data, file_name="bom.xlsx", max_bytes=UPLOAD_LIMIT, budget=budget)
    return str(caught.value), time.monotonic() - start


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the reader gets to parse the file."""

    def parse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was parsed before it was refused")

    monkeypatch.setattr(safety, "open_rows", parse)


def test_the_config_default_is_the_budget_default() -> None:
    assert DEFAULTS["SROI_IMPORT_MAX_CELLS"] == DEFAULT_PORTFOLIO_MAX_CELLS
    assert ReadBudget.for_cells(DEFAULT_PORTFOLIO_MAX_CELLS) == PORTFOLIO_BUDGET


def test_the_shared_strings_bomb_passes_the_zip_bomb_limits() -> None:
    data = shared_strings_bomb()
    assert len(data) < UPLOAD_LIMIT
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = archive.infolist()
        shared = archive.getinfo(SHARED_STRINGS_XML).file_size
    assert sum(entry.file_size for entry in entries) < DEFAULT_MAX_UNCOMPRESSED_BYTES
    assert all(entry.file_size < DEFAULT_MAX_RATIO * entry.compress_size for entry in entries)
    assert shared > PORTFOLIO_BUDGET.max_shared_strings_bytes


@pytest.mark.usefixtures("no_parsing")
def test_shared_strings_inflating_past_the_budget_are_refused_before_parsing() -> None:
    message, seconds = refused(shared_strings_bomb())
    assert seconds < SECONDS
    expected = "de teksten zijn uitgepakt 157,5 MB, de limiet is 114,4 MB."
    assert message.startswith(TOO_BIG + expected)


def test_the_shared_strings_bomb_is_refused_in_seconds_with_the_real_reader() -> None:
    message, seconds = refused(shared_strings_bomb())
    assert seconds < SECONDS
    assert message.startswith(TOO_BIG)


def test_rows_times_columns_past_the_budget_are_refused_while_reading() -> None:
    message, seconds = refused(wide_rows_bomb())
    assert seconds < SECONDS
    assert message == (
        TOO_BIG + "de werkbladen bevatten meer dan 10.000.000 cellen (rijen × kolommen). "
        "Verwijder overbodige werkbladen, kolommen en opgemaakte lege rijen, of splits het "
        "bestand."
    )


def _with_shared_strings(start_tag: str, size: int = 0) -> bytes:
    entries = minimal_xlsx_entries()
    entries[SHARED_STRINGS_XML] = (start_tag + "x" * size + "</sst>").encode()
    return zip_bytes(entries)


@pytest.mark.usefixtures("no_parsing")
@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ('<sst count="10" uniqueCount="2001">', "het bevat 2.001 verschillende teksten"),
        ('<x:sst xmlns:x="urn:x" uniqueCount="5" count="3001">', "het bevat 3.001 cellen met"),
    ],
)
def test_declared_shared_string_counts_past_the_budget_are_refused(
    tag: str, expected: str
) -> None:
    budget = ReadBudget.for_cells(3000)
    budget = ReadBudget(3000, 2000, budget.max_xml_bytes, budget.max_shared_strings_bytes)
    with pytest.raises(ImportFileError, match=TOO_BIG + expected):
        check_xlsx_bytes(_with_shared_strings(tag), budget=budget)


@pytest.mark.usefixtures("no_parsing")
def test_sheets_and_shared_strings_together_past_the_budget_are_refused() -> None:
    data = _with_shared_strings("<sst>", size=40_000)
    budget = ReadBudget(1000, 1000, 30_000, 50_000)
    expected = TOO_BIG + "de werkbladen zijn uitgepakt 41 kB, de limiet is 29 kB"
    with pytest.raises(ImportFileError, match=expected):
        check_xlsx_bytes(data, budget=budget)


def test_the_cell_count_is_exact_and_covers_every_stream() -> None:
    buffer = io.BytesIO()
    workbook = Workbook()
    for number in range(1, 11):
        workbook.active.append([number, number, number])
    workbook.save(buffer)
    data = buffer.getvalue()
    # 30 cells, plus the first row the "has data" check reads
    workbook = open_workbook_safely(io.BytesIO(data), budget=ReadBudget.for_cells(33))
    assert len(list(workbook.worksheets[0].iter_rows(values_only=True))) == 10
    workbook.close()
    workbook = open_workbook_safely(io.BytesIO(data), budget=ReadBudget.for_cells(32))
    with pytest.raises(ImportFileError, match="meer dan 32 cellen"):
        list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()


def _benchmark_layout(rows: int) -> bytes:
    """The benchmark export's layout (a title row, the header, then contract rows), written
    by openpyxl's streaming writer with inline strings: the most bytes per cell."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Contracten")
    sheet.append(["Contractenoverzicht (benchmark)"])
    sheet.append(list(PORTFOLIO_HEADERS))
    for number in range(1, rows + 1):
        sheet.append(portfolio_row(number))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_largest_portfolio_shape_fits_the_default_budget() -> None:
    rows = 2_000
    data = _benchmark_layout(rows)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml_bytes = sum(i.file_size for i in archive.infolist() if "worksheets/" in i.filename)
    per_cell = xml_bytes / (rows * len(PORTFOLIO_HEADERS))
    largest_cells = LARGEST_ROWS * LARGEST_COLUMNS
    assert per_cell * largest_cells < PORTFOLIO_BUDGET.max_xml_bytes
    assert largest_cells * 1.2 < PORTFOLIO_BUDGET.max_cells
    # read in full with the default budget, and with one a fifth above its own cell count
    # (the header scans and the second pass over the contract numbers fit in that)
    assert len(refused_not(data, PORTFOLIO_BUDGET).rows) == rows
    cells = (rows + 2) * len(PORTFOLIO_HEADERS)
    assert len(refused_not(data, ReadBudget.for_cells(int(cells * 1.2))).rows) == rows


def refused_not(data: bytes, budget: ReadBudget) -> ReadPortfolio:
    """``read_portfolio`` of ``data``; any refusal fails the test."""
    return read_portfolio(data, file_name="export.xlsx", max_bytes=UPLOAD_LIMIT, budget=budget)
