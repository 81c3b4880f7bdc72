"""Columns: find the header row of an export and map its columns to contract fields.

Exports start with a title block, merged cells or a date line, so the header row is
searched within the first :data:`HEADER_SCAN_ROWS` rows: the row matching the most fields
wins, provided it has the contract number and at least two other fields. A row that does
not qualify on its own is tried once more combined with a group row above it (``Looptijd``
over ``van``/``tot`` reads as ``Looptijd van``/``Looptijd tot``).

How a header is matched to a field
----------------------------------
1. **Exact spelling.** A header whose key (:func:`normalise_header`: no case, accents,
   spacing or punctuation) equals a field's label or synonym, with or without a money unit
   (``Contractwaarde (€)``, ``Waarde excl. btw``), scores 1.
2. **Words.** Otherwise the header is read as words (:func:`header_words`): a hyphen at a
   line break joins the word again (``Arbeids-⏎kostenaandeel``), text in parentheses is set
   aside as a weak hint, units (``excl. btw``, ``in EUR``, ``incl. opties``) are dropped,
   ``social return``/``social value``/``SROI`` read as ``sr``, Dutch compounds are split into
   known word parts (``Arbeidskostenaandeel`` → ``arbeid kosten aandeel``, a linking ``s`` or
   ``en`` allowed) and every word is reduced to one concept in both languages (``bedrag``,
   ``value``, ``amount`` → ``waarde``; ``arbeid``, ``labour``, ``wage`` → ``loon``).
   The same is done to every synonym. A synonym whose concepts equal the header's scores
   0.95; one whose concepts are all in the header scores less the more the header says
   besides: a word that names another field (``optie`` in ``Startdatum optie``, ``jaar`` in
   ``Waarde per jaar``) weighs heavily, an unknown word less, a context word (``contract``,
   ``looptijd``, ``huidige``) little. A partial overlap only scores low.
3. **Assignment.** Every (column, field) score is ranked and assigned best first, so each
   column feeds one field and each field comes from one column. A score from
   :data:`MAP_THRESHOLD` maps; a score from :data:`SUGGEST_THRESHOLD` for a column and a
   field both left over is kept as a suggestion for the preview ("Bedoelt u …?").

A saved import profile (``{field: header text}``) overrides all of this; the profile is
found again for the next file through :func:`headers_signature`.

Which fields a file holds is a :class:`FieldSet`: the portfolio export's contract fields
(:data:`PORTFOLIO_FIELDS`, the default) or a monitoring report's columns (built in
``monitoring.layout``). Both imports match their headers with this one matcher.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field
from dataclasses import replace
from functools import lru_cache
from itertools import islice
from typing import Final
from typing import Protocol

from sroi_plugin.importing.fields import FIELDS
from sroi_plugin.importing.fields import REF_FIELD
from sroi_plugin.rules.dutch import fold

__all__ = [
    "HEADER_SCAN_ROWS",
    "MAP_THRESHOLD",
    "MIN_OTHER_FIELDS",
    "SUGGEST_THRESHOLD",
    "PORTFOLIO_FIELDS",
    "ColumnMapping",
    "FieldSet",
    "HeaderField",
    "HeaderWords",
    "Suggestion",
    "combine_header_rows",
    "detect_columns",
    "header_words",
    "headers_signature",
    "map_headers",
    "normalise_header",
    "score_header",
]

#: How many rows from the top may precede the header row.
HEADER_SCAN_ROWS: Final = 20
#: Fields besides the contract number a header row must have.
MIN_OTHER_FIELDS: Final = 2
#: A header scoring at least this for a field is read as that field.
MAP_THRESHOLD: Final = 0.65
#: A header scoring at least this (but below :data:`MAP_THRESHOLD`) is offered as a suggestion.
SUGGEST_THRESHOLD: Final = 0.35


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A near miss: a column that may hold a field nobody mapped."""

    #: the header text as written in the file
    header: str
    #: 0-based column index
    column: int
    #: the match score, between :data:`SUGGEST_THRESHOLD` and :data:`MAP_THRESHOLD`
    score: float


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Where each field is in the sheet, and what could not be placed."""

    #: sheet row number (1-based) of the header row (the lower one of a two-row header)
    header_row: int
    #: field name → 0-based column index
    field_to_column: dict[str, int]
    #: field name → the header text as written in the file
    field_to_header: dict[str, str]
    #: headers that matched no field (or a field already taken), for the preview
    unmapped_headers: list[str]
    #: required fields without a column
    missing_required: list[str]
    #: field name → a near-miss column for a field without one (see :class:`Suggestion`)
    suggestions: dict[str, Suggestion] = field(default_factory=dict)
    #: the header texts in column order as matched: the header row's cells, or for a
    #: two-row header the group text joined with the cell below (``Looptijd van``)
    headers: tuple[str, ...] = ()
    #: the row number of the group row above :attr:`header_row` when two rows were joined
    group_row: int | None = None


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
#: Units people append to money headers; dropped when the full header is not known.
_UNIT_SUFFIX = re.compile(
    r"(?:exclusiefbtw|exclbtw|exbtw|exclvat|exvat|excludingvat|ineuros?|euros?|eur)$"
)


def normalise_header(value: object) -> str:
    """Comparison key of a header: accents, case, spacing and punctuation removed.

    ``%`` becomes ``procent`` so ``SR %`` stays distinct from ``SR``. This key is also what
    :func:`headers_signature` is built from, so it must not change.
    """
    if value is None:
        return ""
    return _NOT_ALNUM.sub("", fold(str(value).replace("%", " procent ")))


# --- words and concepts -----------------------------------------------------------------

#: Concept → the words (Dutch and English, whole or as part of a compound) that name it.
_CONCEPTS: Final[Mapping[str, tuple[str, ...]]] = {
    "nummer": (
        "nummer",
        "nr",
        "no",
        "number",
        "num",
        "id",
        "ref",
        "reference",
        "referentie",
        "kenmerk",
        "code",
    ),
    "contract": ("contract", "contracten", "agreement", "overeenkomst", "overeenkomsten"),
    "leverancier": (
        "leverancier",
        "leveranciers",
        "supplier",
        "vendor",
        "contractor",
        "opdrachtnemer",
        "crediteur",
        "creditor",
        "contractant",
        "contractpartij",
        "aannemer",
    ),
    "waarde": ("waarde", "value", "amount", "bedrag", "som"),
    "eind": ("eind", "einde", "end", "expiry", "expiration", "expires", "afloop", "verval"),
    "start": ("start", "begin", "aanvang", "ingang", "commencement"),
    "datum": ("datum", "date", "dt"),
    "soort": ("soort", "type", "kind", "aard"),
    "kosten": ("kosten", "cost", "costs"),
    "loon": ("loon", "lonen", "wage", "wages", "labour", "labor", "arbeid"),
    "aandeel": ("aandeel", "share", "portion"),
    "jaar": ("jaar", "year", "annual", "yearly", "jaarlijks", "jaarlijkse", "annually"),
    "totaal": ("totaal", "totale", "total"),
    "percentage": ("percentage", "procent", "pct", "perc", "percent"),
    "sr": ("sr", "sroi", "socialreturn", "socialvalue"),
    "optie": ("optie", "opties", "option", "options"),
    "verlenging": ("verlenging", "verlengingen", "extension", "extensions", "renewal"),
    "raam": ("raam", "framework"),
    "afdeling": ("afdeling", "department", "dept", "directie", "organisatieonderdeel"),
    "manager": ("manager", "beheerder", "eigenaar", "owner", "verantwoordelijke"),
    "inkoop": ("inkoop", "aanbesteding", "procurement", "tender", "purchasing", "sourcing"),
    "procedure": ("procedure", "procedures"),
    "categorie": ("categorie", "category"),
    "kvk": ("kvk", "coc"),
    "grondslag": ("grondslag", "basis"),
    "vorm": ("vorm", "form"),
    "bepaling": ("bepaling", "clausule", "clause"),
    "omschrijving": ("omschrijving", "omschr", "description"),
    "titel": ("titel", "title"),
    "naam": ("naam", "name"),
    "onderwerp": ("onderwerp", "subject"),
    "dienst": ("dienst", "diensten", "service", "services"),
    "werk": ("werk", "werken", "works", "work"),
    "levering": ("levering", "leveringen", "goods", "supplies"),
    "opdracht": ("opdracht", "opdrachten", "assignment"),
    "ja": ("ja", "yes"),
    "nee": ("nee",),
    "doelgroep": ("doelgroep", "doelgroepen", "targetgroup"),
    "plaatsing": ("plaatsing", "plaatsingen", "placement", "placements", "inzet"),
    "personen": (
        "personen",
        "persoon",
        "persons",
        "people",
        "medewerkers",
        "werknemers",
        "kandidaten",
        "kandidaat",
        "deelnemers",
        "employees",
    ),
    "aantal": ("aantal", "count"),
    "uren": ("uren", "uur", "hours", "hrs"),
    "verloond": ("verloond", "verloonde", "paid", "betaalde"),
    "bewijs": ("bewijs", "bewijsstuk", "bewijsstukken", "evidence", "proof"),
    "aanwezig": ("aanwezig", "available", "present"),
    "toelichting": (
        "toelichting",
        "opmerking",
        "opmerkingen",
        "remark",
        "remarks",
        "comment",
        "comments",
        "notes",
        "note",
    ),
}
#: Word parts that only help split a compound (they name no concept of their own).
_EXTRA_PARTS: Final = (
    "nemer",
    "gever",
    "project",
    "aanneem",
    "product",
    "groep",
    "pakket",
    "overzicht",
    "wijziging",
    "mogelijkheden",
    "kamer",
    "koophandel",
    "partij",
    "spend",
    "looptijd",
    "berekening",
    "instrument",
    "tekst",
    "onderdeel",
    "organisatie",
    "laatst",
    "status",
    "gemiddeld",
    "gemiddelde",
    "geraamde",
    "streef",
    "dossier",
    "zaak",
    "eis",
    "verplichting",
)
_WORD_TO_CONCEPT: Final[Mapping[str, str]] = {
    word: concept for concept, words in _CONCEPTS.items() for word in words
}
#: Words that carry no meaning for the match.
_STOPWORDS: Final = frozenset({"de", "het", "een", "the", "of", "a", "an", "en", "and", "is"})
#: Context words that barely change what a header means (``Einddatum contract``).
_LIGHT: Final = frozenset(
    {
        "contract",
        "looptijd",
        "totaal",
        "huidig",
        "huidige",
        "actueel",
        "actuele",
        "gepland",
        "geplande",
        "geraamd",
        "geraamde",
        "geschat",
        "geschatte",
        "verwacht",
        "verwachte",
        "definitief",
        "definitieve",
        "naam",
        "ja",
        "nee",
        "current",
        "estimated",
        "planned",
        "eur",
    }
)
#: Token sequences dropped as units or explanations (``excl. btw``, ``in EUR``).
_DROP_PHRASES: Final[tuple[tuple[str, ...], ...]] = (
    ("exclusief", "btw"),
    ("excl", "btw"),
    ("ex", "btw"),
    ("excl", "vat"),
    ("ex", "vat"),
    ("excluding", "vat"),
    ("in", "euros"),
    ("in", "euro"),
    ("in", "eur"),
    ("euros",),
    ("euro",),
    ("eur",),
    ("incl", "opties"),
    ("inclusief", "opties"),
    ("incl", "optie"),
    ("including", "options"),
    ("incl", "verlengingen"),
    ("inclusief", "verlengingen"),
    ("incl", "verlengingsopties"),
    ("inclusief", "verlengingsopties"),
)
#: An amount including VAT is another amount: it stays a word of its own that fits no field.
_GROSS_PHRASES: Final[tuple[tuple[str, ...], ...]] = (
    ("inclusief", "btw"),
    ("incl", "btw"),
    ("incl", "vat"),
    ("including", "vat"),
)
_GROSS: Final = "inclbtw"
#: Two words that name one concept.
_BIGRAMS: Final[Mapping[tuple[str, str], str]] = {
    ("social", "return"): "sr",
    ("social", "value"): "sr",
    ("business", "unit"): "afdeling",
    ("per", "annum"): "jaar",
    ("target", "group"): "doelgroep",
}
_PARTS: Final = frozenset(_WORD_TO_CONCEPT) | frozenset(_EXTRA_PARTS)
_LINKS: Final = ("", "s", "en", "e")
_HYPHEN_BREAK = re.compile(r"(\w)-[ \t]*[\r\n]+\s*(?=\w)")
_PARENTHESES = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_WORD = re.compile(r"[0-9a-z]+")


@dataclass(frozen=True, slots=True)
class HeaderWords:
    """A header read as concepts: the main text, and the text in parentheses as a hint."""

    main: tuple[str, ...]
    hint: frozenset[str]


@lru_cache(maxsize=4096)
def _split_compound(word: str) -> tuple[str, ...] | None:
    """``word`` as known word parts (fewest parts wins), or ``None`` when it does not split.

    A linking ``s``, ``e`` or ``en`` may follow a part (``arbeid-s-kosten``).
    """
    best: dict[int, tuple[str, ...]] = {0: ()}
    for start in range(len(word)):
        if start not in best:
            continue
        for end in range(start + 2, len(word) + 1):
            part = word[start:end]
            if part not in _PARTS:
                continue
            found = (*best[start], part)
            for link in _LINKS:
                after = end + len(link)
                if link and (after >= len(word) or not word.startswith(link, end)):
                    continue
                if after not in best or len(found) < len(best[after]):
                    best[after] = found
    parts = best.get(len(word))
    return parts if parts is not None and len(parts) > 1 else None


def _drop_phrases(tokens: list[str]) -> list[str]:
    """Tokens without units and explanations; ``incl. btw`` as one word of its own."""
    out: list[str] = []
    index = 0
    while index < len(tokens):
        for phrase in _GROSS_PHRASES:
            if tuple(tokens[index : index + len(phrase)]) == phrase:
                out.append(_GROSS)
                index += len(phrase)
                break
        else:
            for dropped in _DROP_PHRASES:
                if tuple(tokens[index : index + len(dropped)]) == dropped:
                    index += len(dropped)
                    break
            else:
                out.append(tokens[index])
                index += 1
    return out


def _concepts(tokens: Sequence[str]) -> tuple[str, ...]:
    """Words → concepts: bigrams joined, compounds split, stopwords left out."""
    out: list[str] = []
    index = 0
    while index < len(tokens):
        pair = tuple(tokens[index : index + 2])
        if len(pair) == 2 and pair in _BIGRAMS:
            out.append(_BIGRAMS[(pair[0], pair[1])])
            index += 2
            continue
        word = tokens[index]
        index += 1
        if word in _STOPWORDS:
            continue
        if word in _WORD_TO_CONCEPT:
            out.append(_WORD_TO_CONCEPT[word])
            continue
        parts = _split_compound(word) if word.isalpha() else None
        if parts is None:
            out.append(word)
        else:
            out.extend(_WORD_TO_CONCEPT.get(part, part) for part in parts)
    return tuple(dict.fromkeys(out))


@lru_cache(maxsize=4096)
def header_words(text: str) -> HeaderWords:
    """A header's concepts (see the module docstring), e.g. ``Agreement Type (Services/Goods)``
    → main ``contract soort``, hint ``dienst levering``."""
    joined = _HYPHEN_BREAK.sub(r"\1", text)
    folded = fold(joined).replace("%", " procent ").replace("€", " eur ")
    hints: list[str] = []
    for match in _PARENTHESES.finditer(folded):
        hints.extend(_WORD.findall(match.group(1) or match.group(2) or ""))
    main = _PARENTHESES.sub(" ", folded)
    main_tokens = _drop_phrases(_WORD.findall(main))
    hint_tokens = _drop_phrases(hints)
    return HeaderWords(_concepts(main_tokens), frozenset(_concepts(hint_tokens)))


# --- scoring ----------------------------------------------------------------------------

#: Weight of an extra header word that names another field's concept.
_HEAVY: Final = 1.5
#: Weight of an extra word the vocabulary does not know.
_UNKNOWN: Final = 1.0
#: Weight of an extra context word (:data:`_LIGHT`).
_LIGHT_WEIGHT: Final = 0.3
#: A header exactly a synonym's concepts scores this (a literal spelling scores 1).
_SAME_WORDS: Final = 0.95
#: Text in parentheses naming at least two of these adds a small bonus for that field.
_HINTS: Final[Mapping[str, frozenset[str]]] = {
    "kind": frozenset({"werk", "dienst", "levering"}),
}
_HINT_BONUS: Final = 0.1
#: Per field, words that say no more than its synonyms do (``Loonaandeel %``).
_FIELD_LIGHT: Final[Mapping[str, frozenset[str]]] = {
    "wage_share": frozenset({"percentage"}),
}


class HeaderField(Protocol):
    """What the matcher needs of a field: its name, label, other spellings, whether required."""

    @property
    def name(self) -> str: ...  # noqa: D102

    @property
    def label(self) -> str: ...  # noqa: D102

    @property
    def synonyms(self) -> tuple[str, ...]: ...  # noqa: D102

    @property
    def required(self) -> bool: ...  # noqa: D102


class FieldSet:
    """The fields one kind of file holds, and what makes a row its header row.

    :param fields: the fields, in the order a tie between them is settled
    :param anchor: a field every header row must have (the contract number of a portfolio
        export), or ``None``
    :param min_other: fields besides the anchor a header row must have
    :param refused: header words that keep a column out of every field (``FTE`` is no count
        of persons), so it is neither mapped nor suggested
    """

    def __init__(
        self,
        fields: Sequence[HeaderField],
        *,
        anchor: str | None,
        min_other: int,
        refused: Iterable[str] = (),
    ) -> None:
        self.fields: tuple[HeaderField, ...] = tuple(fields)
        self.by_name: dict[str, HeaderField] = {spec.name: spec for spec in self.fields}
        self.anchor = anchor
        self.min_other = min_other
        self.refused = frozenset(refused)
        self.order = {spec.name: index for index, spec in enumerate(self.fields)}
        #: header key → field name, from every field's label and synonyms
        self.index = {
            normalise_header(spelling): spec.name
            for spec in self.fields
            for spelling in (spec.label, *spec.synonyms)
        }
        #: per field the concept sets of its label and synonyms
        self.synonym_words: dict[str, tuple[frozenset[str], ...]] = {}
        for spec in self.fields:
            sets = {frozenset(header_words(text).main) for text in (spec.label, *spec.synonyms)}
            self.synonym_words[spec.name] = tuple(sorted((s for s in sets if s), key=sorted))
        #: concepts that name some field: an extra one of these in a header weighs heavily
        self.vocabulary = (
            frozenset(w for sets in self.synonym_words.values() for ws in sets for w in ws) - _LIGHT
        )

    @property
    def required(self) -> list[str]:
        """The required fields' names, in order."""
        return [spec.name for spec in self.fields if spec.required]


#: the contract fields of a portfolio export (the default field set)
PORTFOLIO_FIELDS: Final = FieldSet(FIELDS, anchor=REF_FIELD, min_other=MIN_OTHER_FIELDS)


def _field_for(key: str, fields: FieldSet) -> str | None:
    """Field a header key names literally, also without a money unit."""
    found = fields.index.get(key)
    if found is None:
        found = fields.index.get(_UNIT_SUFFIX.sub("", key))
    return found


def _extra_weight(word: str, field_name: str, fields: FieldSet) -> float:
    if word in _LIGHT or word in _FIELD_LIGHT.get(field_name, ()):
        return _LIGHT_WEIGHT
    if word in fields.vocabulary or word == _GROSS:
        return _HEAVY
    return _UNKNOWN


def _words_score(words: HeaderWords, field_name: str, fields: FieldSet) -> float:
    """How well a header's concepts fit a field's synonyms (0 to 0.95, plus a hint)."""
    main = frozenset(words.main)
    best = 0.0
    if main and not main & fields.refused:
        for synonym in fields.synonym_words[field_name]:
            if synonym == main:
                best = _SAME_WORDS
                break
            common = synonym & main
            if not common:
                continue
            if synonym <= main:
                extra = sum(_extra_weight(word, field_name, fields) for word in main - synonym)
                score = 0.9 * len(synonym) / (len(synonym) + extra)
            else:
                score = 0.6 * len(common) / len(synonym | main)
            best = max(best, score)
    hints = _HINTS.get(field_name)
    if hints is not None and len(words.hint & hints) >= 2:
        best = min(_SAME_WORDS, best + _HINT_BONUS) if best else SUGGEST_THRESHOLD
    return best


def score_header(header: object, field_name: str, fields: FieldSet = PORTFOLIO_FIELDS) -> float:
    """How well ``header`` names ``field_name``: 1 for a known spelling, else 0..0.95."""
    if header is None or isinstance(header, bool) or not isinstance(header, str):
        return 0.0
    key = normalise_header(header)
    if not key:
        return 0.0
    literal = _field_for(key, fields)
    if literal is not None:
        return 1.0 if literal == field_name else 0.0
    return _words_score(header_words(header), field_name, fields)


@lru_cache(maxsize=8192)
def _scores(header: str, fields: FieldSet) -> tuple[tuple[str, float], ...]:
    """Every field this header scores at least :data:`SUGGEST_THRESHOLD` for."""
    key = normalise_header(header)
    if not key or key.isdigit():
        return ()
    literal = _field_for(key, fields)
    if literal is not None:
        return ((literal, 1.0),)
    words = header_words(header)
    found = [(spec.name, _words_score(words, spec.name, fields)) for spec in fields.fields]
    return tuple((name, score) for name, score in found if score >= SUGGEST_THRESHOLD)


# --- mapping ----------------------------------------------------------------------------


def _header_text(value: object) -> str:
    """A header cell as display text."""
    return "" if value is None else str(value).strip()


def _check_profile(explicit: Mapping[str, str], fields: FieldSet) -> None:
    """A saved profile naming an unknown field is a bug or a stale profile: say which."""
    unknown = sorted(set(explicit) - set(fields.by_name))
    if unknown:
        raise ValueError(f"import profile names unknown fields: {', '.join(unknown)}")


def map_headers(
    headers: Sequence[object],
    header_row: int,
    explicit: Mapping[str, str] | None = None,
    fields: FieldSet = PORTFOLIO_FIELDS,
) -> ColumnMapping:
    """Map one header row's cells to fields.

    :param headers: the header row's cell values, in column order
    :param header_row: its sheet row number, kept in the result
    :param explicit: ``{field: header text}`` from a saved profile; wins over matching.
        A field the profile names is only ever taken from that column (an empty text
        keeps it out of the import), never guessed from another header.
    :param fields: the fields the file holds (the portfolio's by default)
    :raises ValueError: when ``explicit`` names a field that does not exist
    """
    explicit = explicit or {}
    _check_profile(explicit, fields)
    keys = [normalise_header(cell) for cell in headers]
    columns: dict[str, int] = {}
    for name, text in explicit.items():
        wanted = normalise_header(text)
        column = next((i for i, key in enumerate(keys) if wanted and key == wanted), None)
        if column is not None and column not in columns.values():
            columns[name] = column
    taken = set(columns.values())
    candidates = [
        (score, column, name)
        for column, cell in enumerate(headers)
        if keys[column] and column not in taken and isinstance(cell, str)
        for name, score in _scores(cell, fields)
        if name not in explicit
    ]
    candidates.sort(key=lambda item: (-item[0], item[1], fields.order[item[2]]))
    for score, column, name in candidates:
        if score >= MAP_THRESHOLD and name not in columns and column not in taken:
            columns[name] = column
            taken.add(column)
    suggestions: dict[str, Suggestion] = {}
    offered: set[int] = set()
    for score, column, name in candidates:
        if name in columns or name in suggestions or column in taken or column in offered:
            continue
        suggestions[name] = Suggestion(_header_text(headers[column]), column, round(score, 2))
        offered.add(column)
    unmapped = [
        _header_text(headers[column])
        for column, key in enumerate(keys)
        if key and column not in taken
    ]
    ordered = dict(sorted(columns.items(), key=lambda item: item[1]))
    return ColumnMapping(
        header_row=header_row,
        field_to_column=ordered,
        field_to_header={name: _header_text(headers[col]) for name, col in ordered.items()},
        unmapped_headers=unmapped,
        missing_required=[name for name in fields.required if name not in ordered],
        suggestions=dict(sorted(suggestions.items(), key=lambda item: item[1].column)),
        headers=tuple(_header_text(cell) for cell in headers),
    )


def _qualifies(mapping: ColumnMapping, fields: FieldSet) -> bool:
    """A header row has the anchor field (the contract number) and enough other fields."""
    found = mapping.field_to_column
    if fields.anchor is None:
        return len(found) >= fields.min_other
    return fields.anchor in found and len(found) - 1 >= fields.min_other


def combine_header_rows(upper: Sequence[object], lower: Sequence[object]) -> list[str]:
    """A two-row header as one row: each group text over the cells below it, joined.

    A group cell (``Looptijd``) spans the cells to its right whose own upper cell is empty,
    as long as the row below has text there (a merged cell keeps its text in the first
    cell). A cell with nothing below (a header merged over both rows) keeps its upper text.
    """
    width = max(len(upper), len(lower))
    texts: list[str] = []
    group = ""
    for column in range(width):
        top = _header_text(upper[column]) if column < len(upper) else ""
        below = _header_text(lower[column]) if column < len(lower) else ""
        if top:
            group = top if below else ""
            texts.append(f"{top} {below}" if below else top)
        elif below:
            texts.append(f"{group} {below}" if group else below)
        else:
            group = ""
            texts.append("")
    return texts


def _is_group_row(cells: Sequence[object]) -> bool:
    """A row that can be a group row above a header: text in at least two cells."""
    return sum(isinstance(cell, str) and bool(cell.strip()) for cell in cells) >= 2


def detect_columns(
    rows: Iterable[Sequence[object]],
    explicit: Mapping[str, str] | None = None,
    fields: FieldSet = PORTFOLIO_FIELDS,
    scan_rows: int = HEADER_SCAN_ROWS,
) -> ColumnMapping | None:
    """Find the header row among the first rows of a sheet and map it.

    :param rows: the sheet's rows from row 1, as cell values; at most
        :data:`HEADER_SCAN_ROWS` are read
    :param explicit: a saved profile, as for :func:`map_headers`
    :param fields: the fields the file holds (the portfolio's by default)
    :param scan_rows: how many rows from the top are searched
    :returns: the mapping of the best-matching row (the first on a tie), or ``None``
        when no row has the anchor field (the contract number) and enough other fields.
        A row that does not qualify alone is tried joined with the row above (see
        :func:`combine_header_rows`); the mapping then names the lower row and carries the
        joined texts in :attr:`ColumnMapping.headers`.
    """
    best: ColumnMapping | None = None
    previous: Sequence[object] | None = None
    for row_number, cells in enumerate(islice(rows, scan_rows), start=1):
        mapping = map_headers(cells, row_number, explicit, fields)
        if not _qualifies(mapping, fields) and previous is not None and _is_group_row(previous):
            joined = map_headers(combine_header_rows(previous, cells), row_number, explicit, fields)
            mapping = replace(joined, group_row=row_number - 1)
        previous = cells
        if not _qualifies(mapping, fields):
            continue
        if best is None or len(mapping.field_to_column) > len(best.field_to_column):
            best = mapping
    return best


def headers_signature(headers: Sequence[object]) -> str:
    """Stable fingerprint of a header row, to find the saved profile for the next file.

    Built from the normalised non-empty headers in order, so spacing, case and empty
    trailing columns do not change it but a renamed, added or moved column does.
    """
    keys = [key for key in map(normalise_header, headers) if key]
    return hashlib.sha256("\x1f".join(keys).encode()).hexdigest()
