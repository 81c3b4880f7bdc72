"""Social-return clause and applicability checks (handreiking stap 2Ac, 2Ad, 2Ba, 4a, Bijlage IV).

:func:`check_clause` looks at a contract's facts (value, wage sum, term, kind, authority) and at
the Dutch text of its social-return clause, and returns :class:`Finding` objects a contract
manager can act on. The thresholds come from :class:`~sroi_plugin.rules.norms.Norms`.

How the clause text is read
---------------------------
Plain regular expressions and word lists, no language model and no network:

1. **Sentences.** Blank lines and bulleted or numbered lines start a new paragraph; inside a
   paragraph a sentence ends at ``.``, ``!`` or ``?`` followed by a capital, digit, quote or
   bullet, unless the word before the full stop is a known abbreviation (``art.``, ``o.a.``,
   ``bijv.`` …). A finding's ``evidence`` is the sentence in its original casing.
2. **Folding.** Each sentence is normalised with NFKD, combining marks are dropped and the text
   is case-folded ("VOG", "vog" and "Één" → "een" all match). Words are runs of letters and
   digits (so "social-returnverplichting" reads as "social returnverplichting" and
   "niet-nakoming" as "niet nakoming"); ``, ; : ( )``, a free-standing dash and ``%`` are kept as
   tokens.
3. **Clauses.** ``, ; : ( ) –`` and "maar", "echter", "doch", "tenzij" end a clause, except a
   comma inside a list of trigger words ("namen, BSN en geboortedatum").
4. **Triggers.** One pattern per finding (``_PENALTY``, ``_VOG``, ``_TARGET_GROUP`` …, below),
   matched on whole words with inflections spelled out (``boete\\w*`` covers "boetes",
   "boetebeding", "boeteclausule"). "korting", "malus" and "sanctie" count as a penalty only
   when the same sentence names social return.
5. **Negation.** A trigger is ignored when a negation governs it:

   * "geen" or "zonder" *before* the trigger governs only its own noun phrase: the words in
     between must be articles, quantifiers and similar (``_NP_WORDS``) or a list of the same
     triggers ("er wordt geen boete opgelegd", "geen sprake van een boete", "zonder namen of
     BSN"); "als er geen kandidaten worden geplaatst volgt een boete" still fires.
   * "niet", "nooit", "nimmer" before the trigger, and "niet", "nooit", "nimmer", "geen" after
     it ("een VOG is niet vereist", "boetes zijn niet van toepassing"), govern it within the
     clause, **unless** the negation belongs to something else: it is part of a failure
     phrase ("bij het niet nakomen", "niet-nakoming", "indien de doelstelling niet wordt
     gehaald", "niet tijdig"), a bound ("niet ouder dan"), "niet alleen", or a subordinate
     clause (als, indien, wanneer, dat, die …) separates it from the trigger. So "bij het niet
     nakomen van de social-returnverplichting is een boete verschuldigd" fires.
   * "tenzij" later in the sentence re-opens a negated trigger ("geen boete, tenzij …").

6. **Per finding.**

   * *Target group* (``SR_TARGET_GROUP_PRESCRIBED``): one clause names the banenafspraak,
     doelgroepregister or doelgroepverklaring together with a requirement word (uitsluitend,
     alleen, moet, dient, verplicht, vereist …) and without a preference word (voorkeur,
     bijvoorbeeld, zoals, waar mogelijk …).
   * *VOG*: a live "VOG" / "verklaring omtrent het gedrag", unless the sentence limits it
     ("alleen voor", "functies waarvoor", "indien nodig", "op verzoek" …).
   * *Personal data*: BSN, burgerservicenummer, geboortedatum, identiteitsbewijs, NAW,
     "herleidbaar" on their own; names, initials and addresses only when the sentence is
     about persons (kandidaat, medewerker, geplaatst …).
   * *Monitoring*: a live reporting word (rapport…, monitor…, verantwoord…, voortgang,
     evalu…, verloonde uren, agendapunt …), or a review (bespreken, overleg, aan de orde)
     of the resultaten/realisatie/uitvoering/inzet.
   * *Framework*: a call-off word (nadere opdracht, minicompetitie, afroep …) with "per",
     "elke", "iedere", "afzonderlijke" … just before it, in a sentence about the obligation.

These are heuristics: they are tested on many real-looking sentences, and a text finding
shows the sentence that triggered it so a person can judge it.

Choices where the guide gives no detail
---------------------------------------
* A percentage without a basis (``sr_basis`` null) is read as a share of the project sum, the
  stricter reading for the supply and wage-share checks.
* A missing wage sum is derived as wage share × project sum, and a missing wage share as wage
  sum / project sum; the explanation says so when it was derived.
* Terms use the base term (start to inclusive end date); options are not certain.
* ``SR_EXPIRING`` is for contracts without an extension option; one with an option falling
  due gets ``SR_EXTENSION_COMING`` instead (the contract need not end).
* ``SR_NO_MONITORING`` is only judged when there is clause text to read.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from collections.abc import Mapping
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from datetime import datetime
from decimal import Decimal
from functools import partial
from typing import TypeVar

from sroi_plugin.errors import RuleInputError
from sroi_plugin.rules import values
from sroi_plugin.rules.contract_facts import ContractFacts as ContractFacts
from sroi_plugin.rules.contract_facts import parse_extension_options as parse_extension_options
from sroi_plugin.rules.dutch import fold
from sroi_plugin.rules.dutch import format_date
from sroi_plugin.rules.dutch import format_eur
from sroi_plugin.rules.findings import Finding
from sroi_plugin.rules.findings import Severity
from sroi_plugin.rules.norms import Norms
from sroi_plugin.rules.portfolio import covers_months
from sroi_plugin.rules.portfolio import ends_within
from sroi_plugin.rules.portfolio import extension_falls_due
from sroi_plugin.rules.portfolio import score_contract
from sroi_plugin.rules.portfolio import sr_status
from sroi_plugin.rules.values import ValueParseError
from sroi_plugin.rules.values import parse_term
from sroi_plugin.rules.vocabulary import AuthorityType
from sroi_plugin.rules.vocabulary import ContractKind
from sroi_plugin.rules.vocabulary import SrApplies
from sroi_plugin.rules.vocabulary import SrBasis
from sroi_plugin.rules.vocabulary import SrForm
from sroi_plugin.rules.vocabulary import Term

#: Amounts in explanations: cents only when there are any.
_eur = partial(format_eur, cents=None)

T = TypeVar("T")
_TermT = TypeVar("_TermT", bound=Term)

#: stored codes of the choice fields (the vocabulary's lists; any of their words is read)
KINDS = ContractKind.codes()
AUTHORITIES = AuthorityType.codes()
SR_BASES = SrBasis.codes()
SR_FORMS = SrForm.codes()


# --------------------------------------------------------------------------- input parsing

_LABELS = {
    "kind": "De soort opdracht",
    "authority": "Het type aanbestedende dienst",
    "value_total_eur": "De totale contractwaarde",
    "value_annual_eur": "De jaarwaarde",
    "wage_sum_eur": "De loonsom",
    "wage_share": "Het loonaandeel",
    "start_date": "De startdatum",
    "end_date": "De einddatum",
    "extension_options": "De verlengingsopties",
    "framework": "Het veld raamovereenkomst",
    "category": "De inkoopcategorie",
    "sr_percentage": "Het social-returnpercentage",
    "sr_basis": "De grondslag van social return",
    "sr_form": "De vorm van social return",
    "clause_text": "De clausuletekst",
    "today": "De peildatum",
    "has_sr": "Het antwoord of er social return is",
}


def parse_contract_facts(data: Mapping[str, object]) -> ContractFacts:
    """Build :class:`ContractFacts` from the CLI's JSON object, checking every field.

    Nullable fields may be left out (read as null); unknown fields are refused so a typo
    cannot silently switch a check off.

    :raises RuleInputError: naming the field (Dutch message) when a field is missing or invalid.
    """
    for key in data:
        if key not in _LABELS:
            raise RuleInputError(str(key), f"Onbekend veld '{key}'.")
    facts = ContractFacts(
        kind=_choice(data, "kind", ContractKind, "soort opdracht"),
        authority=_choice(data, "authority", AuthorityType, "soort aanbestedende dienst"),
        value_total_eur=_amount(data, "value_total_eur"),
        value_annual_eur=_amount(data, "value_annual_eur"),
        wage_sum_eur=_optional(data, "wage_sum_eur", _amount),
        wage_share=_optional(data, "wage_share", _share),
        start_date=_date(data, "start_date"),
        end_date=_optional(data, "end_date", _date),
        extension_options=_optional(data, "extension_options", _text),
        framework=_flag(data, "framework"),
        category=_text(data, "category"),
        sr_percentage=_optional(data, "sr_percentage", _percentage),
        sr_basis=_optional_choice(data, "sr_basis", SrBasis, "SR-grondslag"),
        sr_form=_optional_choice(data, "sr_form", SrForm, "vorm van social return"),
        clause_text=_optional(data, "clause_text", _text),
        today=_date(data, "today"),
        has_sr=_optional_choice(data, "has_sr", SrApplies, "antwoord ja, nee, n.v.t. of onbekend"),
    )
    if facts.end_date is not None and facts.end_date < facts.start_date:
        raise RuleInputError(
            "end_date",
            f"De einddatum ({format_date(facts.end_date)}) ligt vóór de startdatum "
            f"({format_date(facts.start_date)}).",
        )
    parse_extension_options(facts.extension_options)
    return facts


def _present(data: Mapping[str, object], key: str) -> object:
    """The value of a required field."""
    value = data.get(key)
    if value is None:
        raise RuleInputError(key, f"{_LABELS[key]} ontbreekt.")
    return value


def _optional(
    data: Mapping[str, object], key: str, convert: Callable[[Mapping[str, object], str], T]
) -> T | None:
    """None for an absent or null field, else the converted value."""
    return None if data.get(key) is None else convert(data, key)


def _text(data: Mapping[str, object], key: str) -> str:
    """A string field."""
    value = _present(data, key)
    if not isinstance(value, str):
        raise RuleInputError(key, f"{_LABELS[key]} moet tekst zijn, niet {value!r}.")
    return value


def _optional_choice(
    data: Mapping[str, object], key: str, vocabulary: type[_TermT], noun_nl: str
) -> _TermT | None:
    """A closed-list value by any word of the vocabulary; ``None`` when empty or ``n.v.t.``."""
    try:
        return parse_term(data.get(key), vocabulary, noun_nl)
    except ValueParseError as error:
        raise RuleInputError(key, f"{_LABELS[key]}: {error.message}.") from None


def _choice(
    data: Mapping[str, object], key: str, vocabulary: type[_TermT], noun_nl: str
) -> _TermT:
    """A required closed-list value: its code, Dutch label or any synonym the importer reads."""
    found = _optional_choice(data, key, vocabulary, noun_nl)
    if found is None:
        raise RuleInputError(key, f"{_LABELS[key]} ontbreekt.")
    return found


def _flag(data: Mapping[str, object], key: str) -> bool:
    """A JSON boolean."""
    value = _present(data, key)
    if not isinstance(value, bool):
        raise RuleInputError(key, f"{_LABELS[key]} moet true of false zijn, niet {value!r}.")
    return value


def _refused(key: str, error: values.ValueParseError) -> RuleInputError:
    """A shared parser's refusal, named after the field."""
    return RuleInputError(key, f"{_LABELS[key]}: {error.message}.")


def _date(data: Mapping[str, object], key: str) -> date:
    """A date as text, in any notation :func:`.values.parse_date` reads (``2026-12-31``,
    ``31-12-2026``, ``31 december 2026``), or a ``date`` from the importer."""
    value = _present(data, key)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise RuleInputError(
            key, f'{_LABELS[key]} {value!r} is geen geldige datum (schrijf "2026-12-31").'
        )
    try:
        day = values.parse_date(value)
    except values.ValueParseError as exc:
        raise _refused(key, exc) from None
    if day is None:
        raise RuleInputError(key, f"{_LABELS[key]} ontbreekt.")
    return day


def _exact(data: Mapping[str, object], key: str, *, allow_float: bool) -> object:
    """The field's value when it is text or a number JSON can hold exactly (floats only where
    a fraction is expected)."""
    value = _present(data, key)
    accepted = (str, int, Decimal, float) if allow_float else (str, int, Decimal)
    if isinstance(value, bool) or not isinstance(value, accepted):
        raise RuleInputError(
            key,
            f'{_LABELS[key]} moet een getal als tekst zijn, zoals "125000.00", niet {value!r}.',
        )
    return value


def _amount(data: Mapping[str, object], key: str) -> Decimal:
    """A euro amount as text (``"125000.00"``, ``"€ 1.234.567"``, ``"2 mln"``) or a JSON
    integer, read by :func:`.values.parse_amount`; never a float."""
    value = _exact(data, key, allow_float=False)
    try:
        amount = values.parse_amount(value, allow_negative=True)
    except values.ValueParseError as exc:
        raise _refused(key, exc) from None
    if amount is None:
        raise RuleInputError(key, f"{_LABELS[key]} ontbreekt.")
    if amount < 0:
        raise RuleInputError(key, f"{_LABELS[key]} mag niet negatief zijn ({amount}).")
    return amount


def _json_number(key: str, value: object, upper: Decimal) -> Decimal:
    """A JSON number taken exactly as written, from 0 up to ``upper``."""
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(str(value))
    if not number.is_finite():
        raise RuleInputError(key, f"{_LABELS[key]} '{value}' is geen geldig getal.")
    if number < 0:
        raise RuleInputError(key, f"{_LABELS[key]} mag niet negatief zijn ({number}).")
    if number > upper:
        raise RuleInputError(key, f"{_LABELS[key]} moet tussen 0 en {upper} liggen ({number}).")
    return number


def _share(data: Mapping[str, object], key: str) -> Decimal:
    """A fraction 0..1: a JSON number as written, or text read by :func:`.values.parse_share`
    (``"0,45"``, ``"45%"``)."""
    value = _exact(data, key, allow_float=True)
    if not isinstance(value, str):
        return _json_number(key, value, Decimal(1))
    try:
        share = values.parse_share(value)
    except values.ValueParseError as exc:
        raise _refused(key, exc) from None
    if share is None:
        raise RuleInputError(key, f"{_LABELS[key]} ontbreekt.")
    return share


def _percentage(data: Mapping[str, object], key: str) -> Decimal:
    """Percentage points 0..100: a JSON number as written, or text read by
    :func:`.values.parse_percentage` (``"5"``, ``"5%"``, ``"2,5"``)."""
    value = _exact(data, key, allow_float=True)
    if not isinstance(value, str):
        return _json_number(key, value, Decimal(100))
    try:
        points = values.parse_percentage(value)
    except values.ValueParseError as exc:
        raise _refused(key, exc) from None
    if points is None:
        raise RuleInputError(key, f"{_LABELS[key]} ontbreekt.")
    return points


# ---------------------------------------------------------------------------- reading text

_ABBREVIATIONS = frozenset(
    {
        "art", "artt", "o.a", "bijv", "b.v", "bv", "nr", "nrs", "ca", "incl", "excl", "i.v.m",
        "m.b.t", "t.a.v", "t.b.v", "e.d", "resp", "jo", "z.s.m", "d.w.z", "m.u.v", "vs", "blz",
        "p", "mr", "dhr", "mevr", "drs", "ir", "ing", "min", "max", "evt", "zgn", "m.i.v",
        "n.v.t", "o.b.v", "i.p.v", "c.q", "lid", "sub"
    }
)  # fmt: skip
_PARAGRAPHS = re.compile(r"\n\s*\n|\n(?=[ \t]*(?:[-•*▪·]|\d+[.)])\s)")
_SENTENCE_END = re.compile(r"[.!?]+[\"'”’)]*\s+")
_TOKEN = re.compile(r"[a-z0-9]+|[,;:()%]|(?<=\s)[-–—](?=\s)")
_BOUNDARIES = frozenset(
    {",", ";", ":", "(", ")", "-", "–", "—", "maar", "echter", "doch", "tenzij"}
)
_ARTICLES = frozenset({"de", "het", "een"})
_LIST_WORDS = frozenset({",", "en", "of", "noch"})
_NEGATIONS = frozenset({"geen", "niet", "nooit", "nimmer", "zonder"})
_NOUN_PHRASE_NEGATIONS = frozenset({"geen", "zonder"})
#: words that may stand between "geen"/"zonder" and the noun it negates
_NP_WORDS = frozenset(
    {
        "een", "de", "het", "enkel", "enkele", "enig", "enige", "ander", "andere", "aparte",
        "afzonderlijke", "aanvullende", "extra", "verdere", "nadere", "financiele", "hoge",
        "hogere", "standaard", "geldige", "nieuwe", "recente", "sprake", "van", "vorm", "dat",
        "er", "verplichte", "verplichting", "verplichtingen", "tot", "om", "eis", "eisen",
        "recht", "op", "dergelijke", "zulke", "zo", "n", "opleggen", "overleggen", "vragen",
        "verlangen", "hanteren", "toepassen", "aanleveren", "verstrekken", "opnemen", "te",
        "zogenaamde", "zogeheten", "specifieke", "contractuele", "directe", "automatische",
        "eventuele"
    }
)  # fmt: skip
_SUBORDINATORS = frozenset(
    {
        "als", "indien", "wanneer", "zodra", "dat", "die", "wie", "waarbij", "waarin",
        "waarvoor", "waarmee", "waardoor", "welke", "omdat", "doordat", "mits", "zolang",
        "nadat", "voordat", "totdat", "ingeval", "zover", "hoewel", "ofschoon"
    }
)  # fmt: skip
#: "als" followed by one of these means "as", not "if"
_AS_NOT_IF = frozenset({"geheel", "zodanig", "zodanige", "bedoeld", "volgt", "onderdeel", "basis"})
#: words right before a negation that make it part of a failure noun ("bij het niet nakomen")
_NOMINALISERS = frozenset({"het", "bij", "van", "per", "voor", "wegens", "vanwege", "door"})
#: stems of "meeting the obligation": "niet" + one of these describes a failure, not a denial
_FULFILMENT_STEMS = (
    "nakom", "nagekom", "nalev", "naleef", "nageleef", "voldo", "voldaan", "haal", "hale",
    "behaal", "behal", "gehaald", "realis", "realiseer", "gerealiseerd", "besteed", "bested",
    "invul", "ingevuld", "waarma", "waargemaakt", "presteer", "gepresteerd", "tijdig",
    "volledig", "voldoende", "conform", "overeenkomstig",
)  # fmt: skip
_COMPARATIVES = frozenset(
    {
        "meer", "minder", "ouder", "later", "eerder", "langer", "korter", "hoger", "lager",
        "groter", "kleiner"
    }
)  # fmt: skip
_NOT_EXCLUSIVE = frozenset({"alleen", "enkel", "slechts", "uitsluitend"})
_NP_WINDOW = 8
_FAILURE_WINDOW = 3


@dataclass(frozen=True)
class _Sentence:
    """One sentence: its original text and its folded tokens."""

    original: str
    tokens: tuple[str, ...]
    #: the tokens separated by single spaces: the text the trigger patterns run on
    joined: str
    #: character offset of each token in ``joined``
    starts: tuple[int, ...]

    def hits(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        """Token spans ``(start, end)`` (end exclusive) where the pattern matches."""
        return [
            (
                bisect.bisect_right(self.starts, match.start()) - 1,
                bisect.bisect_left(self.starts, match.end()),
            )
            for match in pattern.finditer(self.joined)
        ]

    def live_hits(self, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
        """The spans of :meth:`hits` that no negation governs."""
        spans = self.hits(pattern)
        family = frozenset(i for start, end in spans for i in range(start, end))
        return [span for span in spans if not _negated(self, span, family)]

    def mentions(self, pattern: re.Pattern[str]) -> bool:
        """Whether the pattern occurs at all (negated or not)."""
        return pattern.search(self.joined) is not None


def _words(pattern: str) -> re.Pattern[str]:
    """A trigger pattern matched on whole folded words."""
    return re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])")


def _split_sentences(text: str) -> list[str]:
    """Sentences of a clause, whitespace collapsed, original casing kept."""
    sentences: list[str] = []
    for paragraph in _PARAGRAPHS.split(text):
        flat = " ".join(paragraph.split())
        begin = 0
        for end in _SENTENCE_END.finditer(flat):
            if _is_sentence_end(flat, end):
                sentences.append(flat[begin : end.end()].strip())
                begin = end.end()
        if flat[begin:].strip():
            sentences.append(flat[begin:].strip())
    return sentences


def _is_sentence_end(flat: str, end: re.Match[str]) -> bool:
    """Punctuation followed by a sentence start, and not an abbreviation's full stop."""
    following = flat[end.end() : end.end() + 1]
    if not following or not (following.isupper() or following.isdigit() or following in "\"'“‘(•-"):
        return False
    before = flat[: end.start()].rsplit(" ", 1)[-1].lstrip("(")
    return not (end.group().startswith(".") and fold(before) in _ABBREVIATIONS)


def _analyse(text: str | None) -> list[_Sentence]:
    """Tokenise every sentence of the clause text."""
    sentences = []
    for original in _split_sentences(text or ""):
        tokens = tuple(m.group() for m in _TOKEN.finditer(f" {fold(original)} "))
        starts, offset = [], 0
        for token in tokens:
            starts.append(offset)
            offset += len(token) + 1
        sentences.append(_Sentence(original, tokens, " ".join(tokens), tuple(starts)))
    return sentences


def _is_boundary(sentence: _Sentence, index: int, family: frozenset[int]) -> bool:
    """A clause boundary; a comma between two triggers of one list is not."""
    if sentence.tokens[index] not in _BOUNDARIES:
        return False
    if sentence.tokens[index] != ",":
        return True
    after = index + 1
    while after < len(sentence.tokens) and sentence.tokens[after] in _ARTICLES:
        after += 1
    return not (index - 1 in family and after in family)


def _clause_bounds(
    sentence: _Sentence, span: tuple[int, int], family: frozenset[int]
) -> tuple[int, int]:
    """First and past-last token index of the clause around ``span``."""
    low, high = span
    while low > 0 and not _is_boundary(sentence, low - 1, family):
        low -= 1
    while high < len(sentence.tokens) and not _is_boundary(sentence, high, family):
        high += 1
    return low, high


def _negated(sentence: _Sentence, span: tuple[int, int], family: frozenset[int]) -> bool:
    """Whether a negation in the trigger's clause governs it (rules in the module docstring)."""
    start, end = span
    low, high = _clause_bounds(sentence, span, family)
    tokens = sentence.tokens
    before = any(
        _governs_from_before(sentence, at, start, low, family)
        for at in range(low, start)
        if tokens[at] in _NEGATIONS
    )
    after = any(
        _governs_from_after(sentence, end, at)
        for at in range(end, high)
        if tokens[at] in _NEGATIONS and tokens[at] != "zonder"
    )
    return (before or after) and "tenzij" not in tokens[end:]


def _governs_from_before(
    sentence: _Sentence, at: int, start: int, low: int, family: frozenset[int]
) -> bool:
    """A negation before the trigger: its noun phrase, or (niet/nooit) the rest of the clause."""
    tokens = sentence.tokens
    if tokens[at] not in _NOUN_PHRASE_NEGATIONS and _nominalised(sentence, at):
        return False
    between = range(at + 1, start)
    if len(between) <= _NP_WINDOW and all(
        tokens[i] in _NP_WORDS or tokens[i] in _LIST_WORDS or i in family for i in between
    ):
        return True
    if tokens[at] in _NOUN_PHRASE_NEGATIONS or _about_something_else(sentence, at):
        return False
    return not any(_subordinates(sentence, i) for i in range(low, start) if i != at)


def _governs_from_after(sentence: _Sentence, end: int, at: int) -> bool:
    """A negation after the trigger governs it unless it negates a failure or a subclause."""
    if _about_something_else(sentence, at):
        return False
    return not any(_subordinates(sentence, i) for i in range(end, at))


def _subordinates(sentence: _Sentence, at: int) -> bool:
    """The token opens a subordinate clause ("als" in "als geheel" does not)."""
    tokens = sentence.tokens
    if tokens[at] not in _SUBORDINATORS:
        return False
    return not (tokens[at] == "als" and tokens[at + 1 : at + 2] and tokens[at + 1] in _AS_NOT_IF)


def _nominalised(sentence: _Sentence, at: int) -> bool:
    """The negation is part of a failure noun: "bij het niet nakomen", "bij niet-nakoming"."""
    return at > 0 and sentence.tokens[at - 1] in _NOMINALISERS


def _about_something_else(sentence: _Sentence, at: int) -> bool:
    """The negation describes a failure ("bij het niet nakomen"), a bound or "niet alleen"."""
    tokens = sentence.tokens
    if _nominalised(sentence, at):
        return True
    following: list[str] = []
    for token in tokens[at + 1 : at + 1 + _FAILURE_WINDOW]:
        if token in _BOUNDARIES:
            break
        following.append(token)
    if following[:1] and (following[0] in _NOT_EXCLUSIVE or following[0] == "na"):
        return True
    if following[1:2] == ["dan"] and following[0] in _COMPARATIVES:
        return True
    return any(token.startswith(_FULFILMENT_STEMS) for token in following)


# -------------------------------------------------------------------------------- triggers

_SR_TERM = _words(r"social return\w*|socialreturn\w*|sroi\w*|sr")
_PENALTY = _words(r"boete\w*|beboet\w*|gefixeerde schadevergoeding\w*")
_PENALTY_IF_TIED = _words(r"korting\w*|malus\w*|sanctie\w*")
_VOG = _words(r"vogs?|verklaring(?:en)? omtrent (?:het )?gedrag")
_VOG_LIMITED = _words(
    r"(?:alleen|uitsluitend|enkel|slechts) (?:voor|bij)|voor zover|op verzoek"
    r"|functies? (?:waarvoor|waarin|waarbij|met|die)"
    r"|(?:bepaalde|specifieke|sommige|gevoelige|vertrouwelijke)"
    r" (?:functies?|werkzaamheden|locaties?)"
    r"|(?:waar|indien|zo|als|wanneer) (?:dat )?(?:nodig|noodzakelijk)"
)
_TARGET_GROUP = _words(
    r"doelgroepregister\w*|banenafspraak\w*|doelgroepverklaring\w*|quotumregeling"
)
_REQUIREMENT = _words(
    r"uitsluitend|alleen|enkel|slechts|moet|moeten|dient|dienen|verplicht|verplichte|vereist"
    r"|vereiste|verbindt"
)
_PREFERENCE = _words(
    r"voorkeur\w*|bijvoorbeeld|waaronder|onder andere|o a|zoals|stimul\w*|aangemoedigd"
    r"|aanmoedig\w*|wenselijk|mogelijk"
)
_IDENTIFIER = _words(
    r"bsn\w*|burgerservicenummer\w*|sofi ?nummer\w*|geboortedat\w*|identiteitsbewij\w*"
    r"|paspoort\w*|kopie(?:en)? (?:van (?:het |een )?)?id|naw(?: gegevens)?|herleidba\w*"
)
_NAME = _words(
    r"naam|namen|voorna(?:am|men)|achterna(?:am|men)|initialen|adresgegevens"
    r"|woonadres\w*|huisadres\w*"
)
_PERSON = _words(
    r"kandida\w*|medewerker\w*|werknemer\w*|personen|persoon|deelnemer\w*|werkzoekende\w*"
    r"|geplaatst\w*|ingezet\w*|doelgroep\w*"
)
_MONITORING = _words(
    r"monitor\w*|rapport\w*|gerapporteerd|verantwoord|verantwoording\w*|verantwoordt"
    r"|verantwoorden|voortgang\w*|evalu\w*|geevalueerd|registr\w*|geregistreerd|verloonde"
    r"|aanton\w*|aangetoond|bewijs\w*|meting\w*|meten|gemeten|opgave|agendapunt\w*|wizzr"
)
#: a periodic review counts as monitoring when it names what is reviewed
_REVIEW = _words(r"bespre\w*|besproken|\w*overleg\w*|aan de orde")
_REVIEWED = _words(r"resultat\w*|realisatie|uitvoering|inzet")
_CALL_OFF = _words(
    r"nadere opdracht\w*|nadere overeenkomst\w*|minicompetitie\w*|mini competitie\w*"
    r"|afroep\w*|deelopdracht\w*"
)
_DISTRIBUTIVE = frozenset({"per", "elke", "elk", "ieder", "iedere", "afzonderlijke", "individuele"})
_SR_OBLIGATION = _words(
    r"social return\w*|socialreturn\w*|sroi\w*|sr|%|percentage\w*|verplichting\w*"
)
_CALL_OFF_REACH = 3


def _first_evidence(
    sentences: Sequence[_Sentence], found: Callable[[_Sentence], bool]
) -> str | None:
    """The first sentence in which ``found`` holds."""
    return next((sentence.original for sentence in sentences if found(sentence)), None)


def _penalty_in(sentence: _Sentence) -> bool:
    """A live penalty trigger; korting/malus/sanctie only beside social return."""
    tied = sentence.mentions(_SR_TERM) and bool(sentence.live_hits(_PENALTY_IF_TIED))
    return tied or bool(sentence.live_hits(_PENALTY))


def _vog_in(sentence: _Sentence) -> bool:
    """A live VOG demand not limited to certain functions or situations."""
    return bool(sentence.live_hits(_VOG)) and not sentence.mentions(_VOG_LIMITED)


def _target_group_prescribed_in(sentence: _Sentence) -> bool:
    """A clause naming the target group with a requirement word and no preference word."""
    groups = sentence.live_hits(_TARGET_GROUP)
    requirements = sentence.live_hits(_REQUIREMENT)
    preferences = sentence.hits(_PREFERENCE)
    for group in groups:
        clause = _clause_bounds(sentence, group, frozenset())
        inside = [span for span in requirements if clause[0] <= span[0] < clause[1]]
        preferred = [span for span in preferences if clause[0] <= span[0] < clause[1]]
        if inside and not preferred:
            return True
    return False


def _personal_data_in(sentence: _Sentence) -> bool:
    """A live identifier, or a live name/address of a person."""
    identifiers, names = sentence.hits(_IDENTIFIER), sentence.hits(_NAME)
    family = frozenset(i for start, end in identifiers + names for i in range(start, end))
    spans = identifiers + names if sentence.mentions(_PERSON) else identifiers
    return any(not _negated(sentence, span, family) for span in spans)


def _monitoring_in(sentence: _Sentence) -> bool:
    """A live monitoring or reporting word, or a review of the results."""
    reviewed = sentence.mentions(_REVIEWED) and bool(sentence.live_hits(_REVIEW))
    return reviewed or bool(sentence.live_hits(_MONITORING))


def _per_call_off_in(sentence: _Sentence) -> bool:
    """Social return tied to each call-off ("per nadere opdracht", "bij iedere minicompetitie")."""
    if not sentence.mentions(_SR_OBLIGATION):
        return False
    for start, _end in sentence.live_hits(_CALL_OFF):
        reach = sentence.tokens[max(0, start - _CALL_OFF_REACH) : start]
        if any(token in _DISTRIBUTIVE for token in reach):
            return True
    return False


# --------------------------------------------------------------------------- fact rules


def _wage_sum(facts: ContractFacts) -> Decimal | None:
    """The wage sum, or the wage share times the project sum when only the share is known."""
    if facts.wage_sum_eur is not None:
        return facts.wage_sum_eur
    if facts.wage_share is not None:
        return facts.value_total_eur * facts.wage_share
    return None


def _wage_share(facts: ContractFacts) -> Decimal | None:
    """The wage share, or wage sum / project sum when only the sum is known."""
    if facts.wage_share is not None:
        return facts.wage_share
    if facts.wage_sum_eur is not None and facts.value_total_eur > 0:
        return facts.wage_sum_eur / facts.value_total_eur
    return None


def _asks_share_of_project_sum(facts: ContractFacts) -> bool:
    """A percentage of the project sum is asked (no basis given reads as the project sum)."""
    asks = facts.sr_percentage is not None and facts.sr_percentage > 0
    return asks and facts.sr_basis in (SrBasis.PROJECT_SUM, None)


def _percent(fraction: Decimal) -> str:
    """A fraction as a Dutch percentage, "0.455" → "45,5"."""
    return _number_nl(fraction * 100)


def _number_nl(number: Decimal) -> str:
    """A number without trailing zeros, decimal comma."""
    text = f"{number.quantize(Decimal('0.1')):f}".removesuffix(".0")
    return text.replace(".", ",")


def _check_size(facts: ContractFacts, norms: Norms) -> Finding | None:
    """SR_SIZE_SMALL: a percentage demanded below the size norm (handreiking stap 2Ac, omvang)."""
    if facts.sr_percentage is None or facts.sr_percentage <= 0:
        return None
    if facts.value_total_eur >= norms.size_norm_eur:
        return None
    return Finding(
        code="SR_SIZE_SMALL",
        severity=Severity.WARNING,
        title="Social-returneis bij een kleine opdracht",
        explanation=(
            f"De contractwaarde ({_eur(facts.value_total_eur)}) ligt onder de omvangsnorm "
            f"van {_eur(norms.size_norm_eur)}, maar er wordt "
            f"{_number_nl(facts.sr_percentage)}% social return geëist. De eis moet proportioneel "
            "zijn ten opzichte van de totale projectsom; veel overheden passen social return pas "
            f"toe vanaf {_eur(norms.size_norm_eur)}. Ga bij een kleine opdracht liever met "
            "de opdrachtnemer in gesprek over kansen dan een percentage te eisen."
        ),
        source="handreiking stap 2Ac (omvang)",
    )


def _check_rijk_wage_sum(facts: ContractFacts, norms: Norms) -> Finding | None:
    """SR_RIJK_WAGE_SUM: central government, large wage sum, no social return (or unknown).

    Source: handreiking Bijlage IV (Maatwerk voor Mensen): "Bij aanbestedingen met een loonsom
    vanaf 250.000 euro kijken betrokkenen altijd naar kansen voor social return". A contract
    marked *n.v.t.* is left alone (someone decided social return does not apply); one marked
    *onbekend* gets the finding, worded as unknown rather than absent.
    """
    wage_sum = _wage_sum(facts)
    status = sr_status(facts)
    if facts.authority != AuthorityType.CENTRAL or wage_sum is None:
        return None
    if status not in (SrApplies.NO, SrApplies.UNKNOWN):
        return None
    if wage_sum < norms.rijk_wage_sum_norm_eur:
        return None
    derived = " (berekend uit loonaandeel en contractwaarde)" if facts.wage_sum_eur is None else ""
    unknown = status is SrApplies.UNKNOWN
    return Finding(
        code="SR_RIJK_WAGE_SUM",
        severity=Severity.WARNING,
        title=(
            "Rijksopdracht met grote loonsom: onbekend of er social return is"
            if unknown
            else "Rijksopdracht met grote loonsom zonder social return"
        ),
        explanation=(
            f"Dit is een opdracht van de Rijksoverheid met een loonsom van {_eur(wage_sum)}"
            f"{derived}, maar "
            + (
                "het is onbekend of er social return is; zoek dat eerst na in het contract. "
                if unknown
                else "er is geen social-returnafspraak. "
            )
            + "In de werkwijze van de "
            "Rijksoverheid (Maatwerk voor Mensen) kijken betrokkenen bij een loonsom vanaf "
            f"{_eur(norms.rijk_wage_sum_norm_eur)} altijd naar kansen voor social return. "
            "Verken die kansen met de opdrachtnemer, binnen de ruimte van het contract of in de "
            "volgende aanbesteding."
        ),
        source="handreiking Bijlage IV (Maatwerk voor Mensen)",
    )


def _check_duration(facts: ContractFacts, norms: Norms) -> Finding | None:
    """SR_SHORT_DURATION: social return on a contract shorter than the minimum (stap 2Ac, duur).

    The base term counts (start to inclusive end date); options are not certain.
    """
    if not facts.has_sr_demand or facts.end_date is None:
        return None
    if covers_months(facts.start_date, facts.end_date, norms.min_duration_months):
        return None
    return Finding(
        code="SR_SHORT_DURATION",
        severity=Severity.WARNING,
        title="Social return bij een kortlopende opdracht",
        explanation=(
            f"De looptijd ({format_date(facts.start_date)} t/m {format_date(facts.end_date)}) is "
            f"korter dan {norms.min_duration_months} maanden, terwijl er social return wordt "
            "gevraagd. Veel overheden passen social return niet toe bij kortdurende opdrachten, "
            "omdat dat veel uitvoeringsproblemen geeft en de doelen dan niet of lastig haalbaar "
            "zijn. Overweeg de eis te schrappen en met de opdrachtnemer in gesprek te gaan over "
            "kansen."
        ),
        source="handreiking stap 2Ac (duur)",
    )


def _check_supply(facts: ContractFacts, norms: Norms) -> Finding | None:
    """SR_SUPPLY_LOW_LABOUR: a percentage of the project sum on a supply contract.

    Source: handreiking stap 2Ac (omvang): "diensten en werken [lenen] zich beter voor social
    return dan leveringen, vanwege de lage arbeidscomponent bij leveringen".
    """
    if facts.kind != ContractKind.SUPPLIES or not _asks_share_of_project_sum(facts):
        return None
    assert facts.sr_percentage is not None  # implied by _asks_share_of_project_sum
    return Finding(
        code="SR_SUPPLY_LOW_LABOUR",
        severity=Severity.WARNING,
        title="Percentage van de projectsom bij een levering",
        explanation=(
            f"Bij deze levering wordt {_number_nl(facts.sr_percentage)}% van de projectsom "
            "gevraagd. Leveringen hebben meestal een lage arbeidscomponent; diensten en werken "
            "lenen zich beter voor social return, dus de eis kan disproportioneel zijn. Bepaal "
            "hoe groot het arbeidsdeel van de opdracht is en vraag zo nodig een lager percentage "
            f"(bijvoorbeeld {_number_nl(norms.max_project_sum_pct_at_low_wage_share)}%) of een "
            "percentage van de loonsom."
        ),
        source="handreiking stap 2Ac (omvang, arbeidscomponent)",
    )


def _check_wage_share(facts: ContractFacts, norms: Norms) -> Finding | None:
    """SR_LOW_WAGE_SHARE: more than the low-share maximum of the project sum at a low wage share.

    Source: handreiking stap 2Ac (omvang): "Bij ... een project met een lage loonsom (bv. < 50%)
    kun je een lager percentage van de projectsom (b.v. 2%) of een percentage van de loonsom
    vragen."
    """
    share = _wage_share(facts)
    if share is None or share >= norms.low_wage_share or not _asks_share_of_project_sum(facts):
        return None
    assert facts.sr_percentage is not None  # implied by _asks_share_of_project_sum
    if facts.sr_percentage <= norms.max_project_sum_pct_at_low_wage_share:
        return None
    maximum = _number_nl(norms.max_project_sum_pct_at_low_wage_share)
    return Finding(
        code="SR_LOW_WAGE_SHARE",
        severity=Severity.WARNING,
        title="Hoog percentage van de projectsom bij een laag loonaandeel",
        explanation=(
            f"Het loonaandeel is {_percent(share)}% (lager dan {_percent(norms.low_wage_share)}%), "
            f"terwijl {_number_nl(facts.sr_percentage)}% van de projectsom wordt gevraagd (meer "
            f"dan {maximum}%). Bij een lage loonsom adviseert de handreiking een lager percentage "
            f"van de projectsom (bijvoorbeeld {maximum}%) of een percentage van de loonsom. Pas "
            "het percentage of de grondslag aan, zodat de eis proportioneel blijft."
        ),
        source="handreiking stap 2Ac (omvang)",
    )


def _check_promising(facts: ContractFacts, norms: Norms) -> Finding | None:
    """SR_MISSING_ON_PROMISING: a promising contract without social return (stap 2Ba).

    Only for contracts known to have none (*nee*, or nothing said and no percentage or clause)
    or of unknown status (*onbekend*: the wording asks to check first); not for *n.v.t.*.
    """
    status = sr_status(facts)
    if status not in (SrApplies.NO, SrApplies.UNKNOWN):
        return None
    score = score_contract(facts, norms)
    if not score.promising:
        return None
    reasons = "; ".join(reason.label for reason in score.reasons)
    unknown = status is SrApplies.UNKNOWN
    return Finding(
        code="SR_MISSING_ON_PROMISING",
        severity=Severity.INFO,
        title=(
            "Kansrijk contract: onbekend of er social return is"
            if unknown
            else "Kansrijk contract zonder social return"
        ),
        explanation=(
            f"Dit contract scoort {score.score} punten (drempel {norms.promising_threshold}) als "
            f"kansrijk voor meer banen: {reasons}. "
            + (
                "Het is onbekend of er social return is; zoek dat eerst na in het contract. "
                if unknown
                else "Er is nog geen social-returnafspraak. "
            )
            + "Bespreek in de werkgroep of het in de top 3 hoort en verken de mogelijkheden met de "
            "opdrachtnemer; ook zonder formele afspraak kun je afspreken social return periodiek "
            "te bespreken."
        ),
        source="handreiking stap 2Ba",
    )


def _check_expiring(facts: ContractFacts, norms: Norms) -> Finding | None:
    """SR_EXPIRING: the contract ends within the horizon and has no option left (stap 2Ba).

    "Wanneer een contract afloopt, bespreek dan de mogelijkheid om in de komende aanbesteding
    social return mee te nemen." With an extension option the contract need not end, so that
    case is :func:`_check_extension`'s.
    """
    if facts.end_date is None or facts.extension_months:
        return None
    if not ends_within(facts, norms.expiring_horizon_months):
        return None
    return Finding(
        code="SR_EXPIRING",
        severity=Severity.INFO,
        title="Contract loopt binnenkort af",
        explanation=(
            f"Het contract eindigt op {format_date(facts.end_date)}, binnen "
            f"{norms.expiring_horizon_months} maanden, en heeft geen verlengingsoptie. Bespreek "
            "nu de mogelijkheid om social return mee te nemen in de komende aanbesteding en leg "
            "vast wat je uit dit contract meeneemt."
        ),
        source="handreiking stap 2Ba",
    )


def _check_extension(facts: ContractFacts, norms: Norms) -> Finding | None:
    """SR_EXTENSION_COMING: an extension option falls due within the horizon (stap 2Ba, 3a).

    "Is er sprake van een op handen zijnde verlenging ...? ... gebruik de ruimte die je binnen
    het contract hebt en voorkom een wezenlijke wijziging van het contract."
    """
    if facts.end_date is None or not extension_falls_due(facts, norms):
        return None
    return Finding(
        code="SR_EXTENSION_COMING",
        severity=Severity.INFO,
        title="Verlengingsoptie valt binnenkort",
        explanation=(
            f"Het contract eindigt op {format_date(facts.end_date)} en heeft een verlengingsoptie "
            f"({facts.extension_options}); het besluit daarover valt binnen "
            f"{norms.extension_horizon_months} maanden. Overleg of je de verlenging kunt "
            "aangrijpen voor nieuwe of aanvullende kansen voor mensen met een arbeidsbeperking. "
            "Gebruik de ruimte die het contract biedt en voorkom een wezenlijke wijziging; vraag "
            "bij twijfel een aanbestedingsjurist."
        ),
        source="handreiking stap 2Ba / 3a",
    )


# --------------------------------------------------------------------------- text rules


def _check_target_group(facts: ContractFacts, sentences: Sequence[_Sentence]) -> Finding | None:
    """SR_TARGET_GROUP_PRESCRIBED: the banenafspraak target group made a requirement.

    Source: handreiking stap 2Ad (TIP): "Het voorschrijven van de doelgroep banenafspraak in
    bestektekst is af te raden", it can discriminate and is not always proportional. Whether a
    given text breaches the Aanbestedingswet is a lawyer's judgement, so this is a warning that
    asks for review, not a verdict.
    """
    evidence = _first_evidence(sentences, _target_group_prescribed_in)
    if evidence is None:
        return None
    return Finding(
        code="SR_TARGET_GROUP_PRESCRIBED",
        severity=Severity.WARNING,
        title="Doelgroep banenafspraak voorgeschreven",
        explanation=(
            "De clausule maakt de inzet van de doelgroep banenafspraak (doelgroepregister) tot "
            "een eis. Dat kan discriminerend werken en is niet in alle gevallen proportioneel; "
            "dat gaat tegen de Aanbestedingswet in. Spreek een voorkeur voor deze doelgroep liever "
            "uit in een marktconsultatie of in een leidraad met spelregels bij de "
            "aanbestedingsstukken, en werk na gunning samen aan de invulling. Laat de tekst bij "
            "twijfel toetsen door een aanbestedingsjurist."
        ),
        source="handreiking stap 2Ad (tip)",
        evidence=evidence,
    )


def _check_penalty(facts: ContractFacts, sentences: Sequence[_Sentence]) -> Finding | None:
    """SR_PENALTY: fines or penalties tied to the social-return result.

    Source: handreiking stap 1 (quote): "Partnership en eisen stellen gaan niet goed samen.
    Zeker niet als er met boetes gedreigd wordt".
    """
    evidence = _first_evidence(sentences, _penalty_in)
    if evidence is None:
        return None
    return Finding(
        code="SR_PENALTY",
        severity=Severity.WARNING,
        title="Boete gekoppeld aan social return",
        explanation=(
            "De clausule verbindt een boete of andere sanctie aan het resultaat van social "
            "return. Dreigen met boetes maakt opdrachtnemers voorzichtig in wat zij beloven, "
            "terwijl een partnership draait om wederzijds vertrouwen. Overweeg de boete te "
            "vervangen door afspraken over periodiek overleg en samen bijsturen."
        ),
        source="handreiking stap 1 (partnership en boetes)",
        evidence=evidence,
    )


def _check_vog(facts: ContractFacts, sentences: Sequence[_Sentence]) -> Finding | None:
    """SR_VOG_REQUIRED: a VOG demanded as standard of all workers.

    Source: handreiking, praktijkvoorbeeld Sodexo/DJI (Deel 3): "die passage over een VOG [zou]
    niet standaard in elk contract moeten staan, vaak is het gewoon niet nodig."
    """
    evidence = _first_evidence(sentences, _vog_in)
    if evidence is None:
        return None
    return Finding(
        code="SR_VOG_REQUIRED",
        severity=Severity.WARNING,
        title="VOG standaard geëist",
        explanation=(
            "De clausule eist standaard een verklaring omtrent het gedrag (VOG). Daarmee vallen "
            "bijvoorbeeld ex-gedetineerden af, die daar zelden voor in aanmerking komen, terwijl "
            "een VOG vaak niet nodig is. Beperk de eis tot functies waarvoor een VOG echt nodig "
            "is, of sta een alternatief toe, zoals een bewijs van goed gedrag van de "
            "vestigingsdirecteur van de opdrachtnemer."
        ),
        source="handreiking praktijkvoorbeeld Sodexo (VOG)",
        evidence=evidence,
    )


def _check_monitoring(facts: ContractFacts, sentences: Sequence[_Sentence]) -> Finding | None:
    """SR_NO_MONITORING: a social-return clause without a monitoring or reporting arrangement.

    Source: handreiking stap 4a ("Maak monitoring onderdeel van het partnership") and stap 2Ad
    (the leidraad names how you will monitor). Only judged when there is clause text.
    """
    if not sentences or not facts.has_sr_demand:
        return None
    if any(_monitoring_in(sentence) for sentence in sentences):
        return None
    return Finding(
        code="SR_NO_MONITORING",
        severity=Severity.WARNING,
        title="Geen monitoring of rapportage afgesproken",
        explanation=(
            "De clausule vraagt social return, maar regelt niet hoe de resultaten worden "
            "gemonitord of gerapporteerd. Zonder monitoring kun je niet vaststellen of de "
            "afspraken worden nagekomen en wat de bijdrage aan de banenafspraak is. Spreek af "
            "welke informatie de opdrachtnemer periodiek aanlevert (bijvoorbeeld verloonde uren "
            "van mensen uit de doelgroep, geanonimiseerd) en bespreek de voortgang in het "
            "contractoverleg."
        ),
        source="handreiking stap 4a",
    )


def _check_personal_data(facts: ContractFacts, sentences: Sequence[_Sentence]) -> Finding | None:
    """SR_PERSONAL_DATA: the clause asks for data traceable to placed persons.

    Source: AVG; handreiking stap 4a ("Opdrachtnemers mogen deze gegevens niet herleidbaar
    verstrekken") and 4b (tip: ask for anonymised or aggregated results; names with paid
    hours are personal data).
    """
    evidence = _first_evidence(sentences, _personal_data_in)
    if evidence is None:
        return None
    return Finding(
        code="SR_PERSONAL_DATA",
        severity=Severity.ERROR,
        title="Clausule vraagt herleidbare persoonsgegevens",
        explanation=(
            "De clausule vraagt gegevens die herleidbaar zijn tot geplaatste personen, zoals "
            "namen of BSN. Dat zijn persoonsgegevens waarop de AVG van toepassing is; "
            "opdrachtnemers mogen deze gegevens niet herleidbaar verstrekken. Vraag de resultaten "
            "geanonimiseerd of geaggregeerd op, bijvoorbeeld het totaal aantal verloonde uren per "
            "doelgroep."
        ),
        source="AVG / handreiking stap 4a",
        evidence=evidence,
    )


def _check_framework(facts: ContractFacts, sentences: Sequence[_Sentence]) -> Finding | None:
    """SR_FRAMEWORK_PER_CALL: social return attached to each call-off of a framework.

    Source: handreiking stap 2Ac, praktijkvoorbeeld "bundeling van social return": relate the
    obligation to the framework agreement, not to each mini-competition.
    """
    if not facts.framework:
        return None
    evidence = _first_evidence(sentences, _per_call_off_in)
    if evidence is None:
        return None
    return Finding(
        code="SR_FRAMEWORK_PER_CALL",
        severity=Severity.INFO,
        title="Social return per nadere opdracht",
        explanation=(
            "De social-returnverplichting hangt aan elke nadere opdracht of minicompetitie. "
            "Koppel haar liever aan de raamovereenkomst als geheel: dat geeft de opdrachtnemer "
            "meer ruimte om social return in te vullen, het hoeft niet bij elke minicompetitie "
            "opnieuw, en de schaalvergroting vergroot de sociale impact."
        ),
        source="handreiking stap 2Ac (praktijkvoorbeeld bundeling)",
        evidence=evidence,
    )


_FACT_RULES: tuple[Callable[[ContractFacts, Norms], Finding | None], ...] = (
    _check_size,
    _check_rijk_wage_sum,
    _check_duration,
    _check_supply,
    _check_wage_share,
    _check_promising,
    _check_expiring,
    _check_extension,
)
_TEXT_RULES: tuple[Callable[[ContractFacts, Sequence[_Sentence]], Finding | None], ...] = (
    _check_target_group,
    _check_penalty,
    _check_vog,
    _check_monitoring,
    _check_personal_data,
    _check_framework,
)


def check_clause(facts: ContractFacts, norms: Norms) -> list[Finding]:
    """All clause and applicability findings for one contract, errors first, then by code.

    Sources per finding: handreiking stap 1, 2Ac, 2Ad, 2Ba, 3a, 4a, Bijlage IV, praktijkvoorbeeld
    Sodexo, and the AVG (see each ``check_*`` function).
    """
    sentences = _analyse(facts.clause_text)
    found = [rule(facts, norms) for rule in _FACT_RULES]
    found += [rule(facts, sentences) for rule in _TEXT_RULES]
    findings = [finding for finding in found if finding is not None]
    return sorted(findings, key=lambda finding: (finding.severity.rank, finding.code))
