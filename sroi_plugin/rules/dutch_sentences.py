"""Reading Dutch clause text: sentences, folded words, clauses and negation.

Plain regular expressions and word lists, no language model and no network. :func:`analyse`
turns a text into :class:`Sentence` objects; a trigger pattern built with :func:`words` is
matched on a sentence's folded words, and :meth:`Sentence.live_hits` leaves out the hits that a
negation governs. The clause checks (``rules/clause_text.py``) are written on top of this.

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
4. **Negation.** A trigger is ignored when a negation governs it:

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
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from sroi_plugin.rules.dutch import fold

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
class Sentence:
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
        return [span for span in spans if not negated(self, span, family)]

    def mentions(self, pattern: re.Pattern[str]) -> bool:
        """Whether the pattern occurs at all (negated or not)."""
        return pattern.search(self.joined) is not None


def words(pattern: str) -> re.Pattern[str]:
    """A trigger pattern matched on whole folded words."""
    return re.compile(rf"(?<![a-z0-9])(?:{pattern})(?![a-z0-9])")


def split_sentences(text: str) -> list[str]:
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


def analyse(text: str | None) -> list[Sentence]:
    """Tokenise every sentence of the clause text."""
    sentences = []
    for original in split_sentences(text or ""):
        tokens = tuple(m.group() for m in _TOKEN.finditer(f" {fold(original)} "))
        starts, offset = [], 0
        for token in tokens:
            starts.append(offset)
            offset += len(token) + 1
        sentences.append(Sentence(original, tokens, " ".join(tokens), tuple(starts)))
    return sentences


def _is_boundary(sentence: Sentence, index: int, family: frozenset[int]) -> bool:
    """A clause boundary; a comma between two triggers of one list is not."""
    if sentence.tokens[index] not in _BOUNDARIES:
        return False
    if sentence.tokens[index] != ",":
        return True
    after = index + 1
    while after < len(sentence.tokens) and sentence.tokens[after] in _ARTICLES:
        after += 1
    return not (index - 1 in family and after in family)


def clause_bounds(
    sentence: Sentence, span: tuple[int, int], family: frozenset[int]
) -> tuple[int, int]:
    """First and past-last token index of the clause around ``span``."""
    low, high = span
    while low > 0 and not _is_boundary(sentence, low - 1, family):
        low -= 1
    while high < len(sentence.tokens) and not _is_boundary(sentence, high, family):
        high += 1
    return low, high


def negated(sentence: Sentence, span: tuple[int, int], family: frozenset[int]) -> bool:
    """Whether a negation in the trigger's clause governs it (rules in the module docstring)."""
    start, end = span
    low, high = clause_bounds(sentence, span, family)
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
    sentence: Sentence, at: int, start: int, low: int, family: frozenset[int]
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


def _governs_from_after(sentence: Sentence, end: int, at: int) -> bool:
    """A negation after the trigger governs it unless it negates a failure or a subclause."""
    if _about_something_else(sentence, at):
        return False
    return not any(_subordinates(sentence, i) for i in range(end, at))


def _subordinates(sentence: Sentence, at: int) -> bool:
    """The token opens a subordinate clause ("als" in "als geheel" does not)."""
    tokens = sentence.tokens
    if tokens[at] not in _SUBORDINATORS:
        return False
    return not (tokens[at] == "als" and tokens[at + 1 : at + 2] and tokens[at + 1] in _AS_NOT_IF)


def _nominalised(sentence: Sentence, at: int) -> bool:
    """The negation is part of a failure noun: "bij het niet nakomen", "bij niet-nakoming"."""
    return at > 0 and sentence.tokens[at - 1] in _NOMINALISERS


def _about_something_else(sentence: Sentence, at: int) -> bool:
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
