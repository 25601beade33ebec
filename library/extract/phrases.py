"""Phrases of page furniture in each language, kept as data (phrase_lists/<language>.txt), and their matching.

Each file holds one language's phrases, one a line in lower case, under a `[kind]` header:

* `related`: lead-ins of links to other articles ("Lesen Sie auch", "Lire aussi: <headline>");
* `prompts`: share, print, rate, comment, log-in and back-to-top prompts, alone on their line;
* `credits`: labels of credit and source lines ("Foto: dpa", "Quelle: ...");
* `labels`: labels of contact, tag and category lines ("Kontakt:", "Themen: ...");
* `meta`: starts of lines that say when the article was published, as page furniture;
* `authors`: headings of author boxes ("Über den Autor");
* `adverts`: labels of advertisements ("Anzeige");
* `promotions`, `disclosures`, `notices`: phrases that make a short line a promotion of the
  site (newsletter, channels, membership), an affiliate disclosure, or a cookie, consent or
  paywall notice, wherever they sit in the line.

The first seven kinds are matched at the start of a line, word by word (see `PhraseSet.lead`);
the last three anywhere in it. Adding a language is adding a file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

LISTS = Path(__file__).with_name("phrase_lists")
LEADING_KINDS = ("related", "prompts", "credits", "labels", "meta", "authors", "adverts")
WITHIN_KINDS = ("promotions", "disclosures", "notices")
KINDS = LEADING_KINDS + WITHIN_KINDS

# Marks that may stand before a line's first word: bullets, arrows, opening quotes and the
# Spanish opening question and exclamation marks.
_LEADING_MARKS = " \t\n-–—•·*+>»›▶►▸■□●○|/¡¿([{\"'“„«‹"
# Punctuation a phrase's last word may carry in the line ("Lesen Sie auch:", "nützlich?").
_TRAILING_MARKS = ":;,.!?…)]}»›\"'”“"
# What may follow a phrase to set it off from a headline after it ("Lire aussi - <headline>").
# A word, as the within-the-line phrases begin with one ("d'autres", "e-mail", "síguenos").
_WORDS = re.compile(r"[\w'’-]+")
_DELIMITER_MARKS = ":|-–—»›>/•· "
_DELIMITERS = frozenset(_DELIMITER_MARKS.strip())


@dataclass(frozen=True)
class Lead:
    """A phrase found at the start of a line, and what follows it."""

    phrase: str
    rest: str
    # The phrase ends the line or is set off by punctuation ("Lea también: ..."): a label, not
    # the first words of a sentence that happens to begin the same way.
    delimited: bool

    @property
    def words(self) -> int:
        return self.phrase.count(" ") + 1


@dataclass(frozen=True)
class LineMatch:
    """What the phrase lists say about one line: the leading phrase of each kind, and the kinds within it."""

    leads: dict[str, Lead]
    within: frozenset[str]


class Phrases:
    """Every kind's phrases in every language: looked up word by word at the start of a line, or within it."""

    def __init__(self, by_kind: dict[str, set[str]]) -> None:
        self._kinds: dict[str, tuple[str, ...]] = {}
        for kind in LEADING_KINDS:
            for phrase in by_kind[kind]:
                self._kinds[phrase] = (*self._kinds.get(phrase, ()), kind)
        # The longest phrase of the leading kinds that begins with each first word: most lines
        # begin with a word no phrase begins with, and are done with after one lookup.
        self._longest: dict[str, int] = {}
        for phrase in self._kinds:
            words = phrase.split()
            self._longest[words[0]] = max(self._longest.get(words[0], 0), len(words))
        # Phrases looked for within a line, indexed by their first word: a line's words then
        # name the few phrases worth a substring test.
        self._within: dict[str, list[tuple[str, str]]] = {}
        for kind in WITHIN_KINDS:
            for phrase in by_kind[kind]:
                first = phrase.split()[0].strip(_TRAILING_MARKS)
                self._within.setdefault(first, []).append((kind, phrase))

    def match(self, line: str, *, within: bool = True) -> LineMatch:
        """The leading phrases and (unless not `within`) the within-the-line kinds of `line`, read once."""
        lowered = normalised(line)
        return LineMatch(self._leads(lowered), self._mentioned(lowered) if within else frozenset())

    def leads(self, line: str) -> dict[str, Lead]:
        """For each kind, the longest of its phrases that makes up the first words of `line`."""
        return self._leads(normalised(line))

    def may_lead(self, word: str) -> bool:
        """True when a phrase of the leading kinds begins with `word`, the first word of a normalised line."""
        return word.rstrip(_TRAILING_MARKS) in self._longest

    def mentions(self, kind: str, line: str) -> bool:
        """True when one of the phrases of `kind` (a within-the-line kind) occurs in `line`."""
        return kind in self._mentioned(normalised(line))

    def _leads(self, lowered: str) -> dict[str, Lead]:
        found: dict[str, Lead] = {}
        # The first word alone says whether any phrase can begin the line: most lines are done
        # with before the whole of them is split into words.
        first = lowered.split(None, 1)
        if not first:
            return found
        longest = self._longest.get(first[0].rstrip(_TRAILING_MARKS), 0)
        if not longest:
            return found
        words = lowered.split()
        for count in range(min(longest, len(words)), 0, -1):
            last = words[count - 1]
            bare = last.rstrip(_TRAILING_MARKS)
            candidate = " ".join([*words[: count - 1], bare]) if count > 1 else bare
            kinds = self._kinds.get(candidate)
            if not kinds:
                continue
            rest = " ".join(words[count:])
            delimited = not rest or bare != last or rest[0] in _DELIMITERS
            lead = Lead(candidate, rest.lstrip(_DELIMITER_MARKS), delimited)
            for kind in kinds:
                found.setdefault(kind, lead)
        return found

    def _mentioned(self, lowered: str) -> frozenset[str]:
        index = self._within
        # Words found in C; the few that begin a phrase are tested with a substring search.
        starts = index.keys() & set(_WORDS.findall(lowered))
        return frozenset(kind for word in starts for kind, phrase in index[word] if phrase in lowered)


def normalised(line: str) -> str:
    """`line` lower-cased, with typographic apostrophes made plain and leading bullets and marks removed."""
    return line.lower().replace("’", "'").lstrip(_LEADING_MARKS)


def load_phrases(folder: Path = LISTS) -> Phrases:
    """Every language's lists in `folder`, merged by kind: a page's language is often undeclared or wrong."""
    merged: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for path in sorted(folder.glob("*.txt")):
        kind: str | None = None
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                kind = line[1:-1]
                if kind not in merged:
                    raise ValueError(f"{path.name}: unknown kind [{kind}]; the kinds are {', '.join(KINDS)}")
                continue
            if kind is None:
                raise ValueError(f"{path.name}: phrase {line!r} before any [kind]")
            merged[kind].add(" ".join(normalised(line).split()))
    return Phrases(merged)


PHRASES = load_phrases()
