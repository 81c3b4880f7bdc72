"""Control characters (NUL and the other C0 except tab, LF, CR) never reach the database: text
a file supplies is refused naming the cell's value, an uploaded file's name is cleaned."""

from __future__ import annotations

import pytest

from sroi_plugin.rules import values


@pytest.mark.parametrize("text", ["a\x00b", "\x00", "regel\x1bkleur", "x\x7f", "verti\x0bcaal"])
def test_parse_text_refuses_control_characters(text: str) -> None:
    with pytest.raises(values.ValueParseError, match="onzichtbaar stuurteken"):
        values.parse_text(text)


def test_parse_text_keeps_tab_and_line_breaks() -> None:
    assert values.parse_text("regel 1\r\nregel 2\tkolom") == "regel 1\r\nregel 2\tkolom"


def test_the_message_names_the_character_and_quotes_the_value_without_it() -> None:
    with pytest.raises(values.ValueParseError) as caught:
        values.parse_text("Schoon\x00maak")
    assert caught.value.message == (
        "'Schoonmaak' bevat een onzichtbaar stuurteken (U+0000); verwijder het"
    )


def test_clean_file_name_drops_control_characters_path_and_line_breaks() -> None:
    assert values.clean_file_name("C:\\map\\ex\x00port\r\nQ3.xlsx", "upload.xlsx") == (
        "export Q3.xlsx"
    )
    assert values.clean_file_name("\x00\r\n", "upload.xlsx") == "upload.xlsx"
    assert values.clean_file_name(None, "upload.xlsx") == "upload.xlsx"
    assert len(values.clean_file_name("a" * 400, "upload.xlsx")) == 255
