"""Heading levels of an article whose format does not mark them (plain text, and headings
found in the prose of Markdown, HTML or Word files).

Owns :func:`heading_levels`. The first rule that finds a signal decides: outline numbers,
then capitals; else the article's structure and wording: a part of a report ("Background",
"Conclusions", "Issues for Congress") is a section, and the headings after one that puts
questions to its readers ("Issues for Congress") its subsections, as are the shorter
headings after "Background" in a report titled by its findings, a bill's number ("H.R.
1119") a subsection of the topic before it; a heading followed at once by another, or
whose text ends by announcing what follows, is that one's parent (and of the headings
after it that the announcement names), so is one that spells out a name a heading soon
after it shortens ("Department of Defense", then "DOD Funding"), "Other X" is a sibling of
the heading that names X, a short heading the article repeats ("The Pros") or a name from
code ("core.editor") is under the heading before it, and in an article whose headings are
in sentence case a heading that names one thing (in capitals or quotes) is a subsection of
the general heading before it; the topic words the headings share decide the rest, and
without them every heading is a section. A level never exceeds the one before plus one,
nor 3. The rules are spelled out in ``docs/ingest.md``."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from exporter.errors import IngestError
from exporter.ingest.lines import plain_key, report_part, section_key
from exporter.text import OPENERS, words_of

LEVEL_MODES = ("auto", "flat")
MAX_LEVEL = 3

_OUTLINE = re.compile(r"(\d+(?:\.\d+)+)\.?\s")
_PLAIN_NUMBER = re.compile(r"(\d{1,2})[.)]?\s")
_STOPWORDS = words_of(
    "a about after against among an and are as at be before between beyond by for from how "
    "in into is its it of on or over than that the their this through to toward towards "
    "under what when where which who why with within without")
#: Words that stay in lower case inside a title in title case.
_SMALL = _STOPWORDS | words_of("nor but so yet per via vs up down off out")
_CAPITAL_WORD = re.compile(r"[A-Z]{3}")
#: Headings that may come before the first in capitals when capitals mark the sections (an
#: "Abstract" and a "Summary" before "1 INTRODUCTION").
_BEFORE_CAPITALS = 2
#: Where a heading written to a pattern divides ("Scope – Fully Addresses", "Phase 2: Build").
_PARTS = re.compile(r"\s+[–—-]\s+|:\s+")
#: A heading that is a bill's number, or several ("H.R. 1119", "S. 3760/H.R. 7306", "H.J.
#: Res. 12"): a bill under the topic it belongs to.
_ONE_BILL = (r"(?:H\.\s?R\.|S\.|H\.\s?(?:J\.\s?|Con\.\s?)?Res\.|"
             r"S\.\s?(?:J\.\s?|Con\.\s?)?Res\.)\s?\d{1,5}")
_BILL = re.compile(rf"{_ONE_BILL}(?:\s*(?:/|,|and)\s*{_ONE_BILL})*")
_OTHER = re.compile(r"(?:other|more|further|additional)\s+(?P<rest>.+)", re.I)


def heading_levels(titles: Sequence[str], mode: str = "auto", *,
                   opens: Sequence[str | None] = (), title: str = "") -> list[int]:
    """The level (1-3) of each heading.

    ``flat``: every heading is a section. ``auto``: outline numbers ("2.1 ..." is level 2),
    else capitals (when some headings are in capitals and others are not, the capital ones
    are sections and the others their subsections), else the structure rules (see the
    module docstring): ``opens[i]`` is None unless heading ``i``'s subsections follow at
    once: "" when another heading comes with no text between, else the paragraph of its
    text that announces them; ``title`` is the article's title. A level never exceeds the
    one before plus one.
    """
    if mode not in LEVEL_MODES:
        raise IngestError(f"unknown heading level mode {mode!r}",
                          hint=f"use one of: {', '.join(LEVEL_MODES)}")
    if mode == "flat":
        return [1] * len(titles)
    levels = _outline_levels(titles) or _capital_levels(titles) or _structure_levels(
        titles, list(opens) or [None] * len(titles), title)
    return no_jumps(levels)


def no_jumps(levels: Sequence[int]) -> list[int]:
    """Levels where none exceeds the one before plus one, nor :data:`MAX_LEVEL`: each is the
    depth of its heading under the shallower ones before it, so that siblings marked two
    levels down (an h4 under an h2, then another h4) keep one level."""
    out: list[int] = []
    open_levels: list[int] = []  # the levels as given of the headings it is under
    for level in levels:
        while open_levels and open_levels[-1] >= level:
            open_levels.pop()
        open_levels.append(level)
        out.append(max(1, min(len(open_levels), MAX_LEVEL)))
    return out


def _outline_levels(titles: Sequence[str]) -> list[int] | None:
    """Levels from outline numbers when some are dotted ("2.1", "2.1.4"). In a report
    numbered from its sections ("2 Background" before "2.1 History"), a dot is a level;
    in a chapter whose sections are dotted ("3.1", "3.2"), the shallowest dotted depth is
    level 1 and a heading numbered "1." right under a dotted one is a level below it ("3.1
    Layers", then "1. Troposphere"). An unnumbered heading is a section."""
    dotted = [m.group(1).count(".") + 1 if (m := _OUTLINE.match(t)) else None for t in titles]
    if max((depth or 1 for depth in dotted), default=1) <= 1:
        return None
    numbered_sections = _numbers_sections(titles)
    top = 1 if numbered_sections else min(depth for depth in dotted if depth)
    levels: list[int] = []
    under: int | None = None  # the level of the dotted heading that plain numbers go under
    for heading, depth in zip(titles, dotted, strict=True):
        if depth is not None:
            under = depth - top + 1
            levels.append(under)
        elif under is not None and not numbered_sections and _PLAIN_NUMBER.match(heading):
            levels.append(under + 1)
        else:
            under = None
            levels.append(1)
    return levels


def _numbers_sections(titles: Sequence[str]) -> bool:
    """Whether a heading numbered "2" (or "2.") comes before one numbered "2.1"."""
    seen: set[str] = set()
    for heading in titles:
        if dotted := _OUTLINE.match(heading):
            if dotted.group(1).split(".")[0] in seen:
                return True
        elif plain := _PLAIN_NUMBER.match(heading):
            seen.add(plain.group(1))
    return False


def _capital_levels(titles: Sequence[str]) -> list[int] | None:
    """Capital headings are sections, the others their subsections, when some are in
    capitals: written in capitals, that is, with a word of three letters or more (a bill's
    number, "H.R. 1119" or "S. 121", is not). It takes two capital headings, with at most
    :data:`_BEFORE_CAPITALS` others before the first, to show that capitals mark the
    sections: one line in capitals among many headings (a program's output, "GIT 1.4.2.1",
    taken for a heading) would put every heading after it a level down."""
    capitals = [title.isupper() and bool(_CAPITAL_WORD.search(title)) for title in titles]
    if sum(capitals) < 2 or all(capitals) or capitals.index(True) > _BEFORE_CAPITALS:
        return None
    return [1 if capital else 2 for capital in capitals]


def _structure_levels(titles: Sequence[str], opens: Sequence[str | None],
                      title: str) -> list[int]:
    """Levels from the article's structure and wording, heading by heading: headings of one
    pattern in a row (:func:`_parallel_runs`) under the heading before them, the child
    of an empty parent (and the headings after it that share a word with the two, a word
    of the article's subject only when both have it: "Requirements for Tickets",
    "Speculative Tickets", then "Refundable Tickets"; or whose words the parent's
    announcement holds: "...three components: cryptocurrency, smart contracts, and
    oracles"), a sibling ("Other X"), the headings after one that spells out a name a
    heading soon after it shortens (:func:`_spelled_out`), a named subject in a
    sentence-case article, else the topic rule's level (or 1). A part of a report
    ("Background", "Conclusions", "Issues for Congress") is a section and ends the
    children before it; one that opens a report ("Background") may also open a section's
    story, as the first child of an empty parent ("History"); one that puts the report's
    questions to its readers ("Issues for Congress", "Selected Legislative Options") has
    the headings after it, up to the next part, as its subsections (the issues, the
    options); in a report titled by its findings (:func:`_titled_by_findings`),
    "Background" has the headings after it up to the first finding. A short heading the
    article repeats ("The Pros") and a name from code ("core.editor") are under the
    heading before them that is neither."""
    words = [_topic_words(t) for t in titles]
    bills = [_BILL.fullmatch(t.strip()) is not None for t in titles]
    parallel = _parallel_runs(titles)
    base = _topic_levels(titles, [set() if i in parallel else w for i, w in enumerate(words)]) \
        or [1] * len(titles)  # a pattern's words ("Fully Addresses") are no topic
    sentence_case = _in_sentence_case(titles)
    subject = _topic_words(title)
    parts_of = _under_the_last_section(titles)
    levels: list[int] = []
    family: _Family | None = None  # an empty parent's children, while they share its words
    leads = _Leads(_spelled_out(titles), _titled_by_findings(titles))
    for index, heading in enumerate(titles):
        sibling = _other_of(heading, words[:index])
        if family is not None and not family.holds(words[index]):
            family = None
        part = report_part(heading)
        leads.advance(index, heading, part)
        if index in parallel:
            level, family = levels[parallel[index]] + 1, None
        elif index in parts_of and (owner := _owner(index, parts_of)) is not None:
            level = levels[owner] + 1
        elif bills[index] and (topic := _before_bills(bills, index)) is not None:
            level = levels[topic] + 1
        elif part in ("closing", "asking"):
            level, family = 1, None
            leads.closing_part(part)
        elif index and opens[index - 1] is not None and (opens[index] is None
                                                         or opens[index - 1] != ""):
            level = levels[-1] + 1
            both = words[index - 1] & words[index]
            family = _Family(level, (words[index - 1] | words[index]) - (subject - both),
                             _topic_words(opens[index - 1] or ""))
        elif part == "opening":
            level, family = 1, None
            leads.opening_part(heading)
        elif sibling is not None:
            level, family = levels[sibling], None
        elif family is not None:
            level = family.level
        elif (led := leads.level(levels)) is not None:
            level = led
        elif sentence_case and (parent := _named_parent(index, titles, words, levels,
                                                         subject)) is not None:
            level = levels[parent] + 1
        else:
            level = base[index]
        levels.append(min(level, MAX_LEVEL))
    return levels


class _Leads:
    """The parents whose subsections run on, heading after heading, until their own end
    (:func:`_structure_levels` moves them on with :meth:`advance` before each heading's
    level): the heading that spelled out a name a later one shortens (up to the next such
    heading or part of the report), the report's "Background" in a report titled by its
    findings (up to the first finding or part), and the part putting questions to the
    readers (up to the next part); the first of them that runs gives the level."""

    def __init__(self, spelled: dict[int, int], findings: bool) -> None:
        self.spelled = spelled
        self.findings = findings
        self.named: int | None = None  # the index of the heading that spelled out a name
        self.context: int | None = None  # the level of the report's Background
        self.asking: int | None = None  # the level of the part that puts questions

    def advance(self, index: int, heading: str, part: str | None) -> None:
        """Heading ``index`` comes (``part``: the part of a report it names, if any)."""
        if part is not None:
            self.asking = None
        if part is not None or index in self.spelled.values():
            self.named = None
        self.named = self.spelled.get(index, self.named)
        if self.context is not None and (part is not None or _is_finding(heading)):
            self.context = None

    def closing_part(self, part: str) -> None:
        """A closing part of the report is a section: one that puts questions leads on."""
        self.asking = 1 if part == "asking" else None

    def opening_part(self, heading: str) -> None:
        """An opening part is a section: Background leads on in a findings report."""
        self.context = 1 if self.findings and _SETS_CONTEXT.match(section_key(heading)) \
            else None

    def level(self, levels: Sequence[int]) -> int | None:
        """The level under the first parent still leading on, or None."""
        if self.named is not None:
            return levels[self.named] + 1
        if self.context is not None:
            return self.context + 1
        return self.asking + 1 if self.asking is not None else None


@dataclass(frozen=True)
class _Family:
    """The children of a parent whose subsections follow at once: their level, the words
    they share with the parent or its first child, and those of the parent's announcement."""

    level: int
    words: set[str]
    announced: set[str]

    def holds(self, heading_words: set[str]) -> bool:
        """Whether a heading with these words is one more of the children."""
        return bool(heading_words & self.words) or (bool(heading_words) and (
            heading_words <= self.announced))


def _parallel_runs(titles: Sequence[str]) -> dict[int, int]:
    """Headings written to one pattern one after the other, two or more: each in two parts
    around a dash or a colon, the first parts or the second parts all sharing a word
    ("Purpose and Scope – Fully Addresses", "Risk Management – Partially Addresses"). They
    are siblings under the heading right before them, which does not follow the pattern:
    the index of each in a run, mapped to that heading's."""
    halves = [tuple(_topic_words(part) for part in parts) if len(parts) == 2 else None
              for parts in (_PARTS.split(title.strip(), maxsplit=1) for title in titles)]
    runs: dict[int, int] = {}
    start = 0
    while start < len(titles):
        end, shared = start, None  # the words the run's first halves, and its second, share
        while end < len(titles) and (pair := halves[end]) is not None:
            shared = pair if shared is None else (shared[0] & pair[0], shared[1] & pair[1])
            if not any(shared):
                break
            end += 1
        if end - start >= 2 and start > 0:
            runs.update((index, start - 1) for index in range(start, end))
        start = max(end, start + 1)
    return runs


#: A word in capitals that may stand for a name: "DOD", "NIH", "EB", "RDT&E" ("NASA’s").
_ACRONYM = re.compile(r"(?<![\w&])[A-Z][A-Z&]{1,7}(?=s?\b|[’'])")
#: How far before a heading with an acronym the heading that spells it out may stand.
_SPELLED_BEFORE = 4


def _spelled_out(titles: Sequence[str]) -> dict[int, int]:
    """Headings that name something a heading soon after them shortens to its initials
    ("Department of Defense", then "DOD RDT&E Funding ..."; "Extended Benefit Program",
    then "EB Financing"): the index of the heading right after each, mapped to its own.
    From that heading on, the headings are its subsections, up to the next such heading or
    part of the report."""
    spelled: dict[int, int] = {}
    for index, heading in enumerate(titles):
        for acronym in _ACRONYM.findall(heading):
            for earlier in range(max(index - _SPELLED_BEFORE, 0), index):
                if _spells_out(titles[earlier], acronym):
                    spelled.setdefault(earlier + 1, earlier)
                    break
    return spelled


def _spells_out(heading: str, acronym: str) -> bool:
    """Whether a heading holds a name of two capitalised words or more whose initials are
    ``acronym``, with its small words or without them ("Department of Defense": DOD;
    "National Institutes of Health": NIH), and does not use the acronym itself, unless in
    brackets after the name ("Artificial Intelligence (AI)-Focused Products")."""
    words = _words(heading)
    if acronym in (re.sub(r"[’']s$", "", word) for word in heading.split()):
        return False
    for start in range(len(words)):
        for end in range(start + 1, len(words)):
            name = words[start:end + 1]
            if not all(word[:1].isupper() for word in name if word.casefold() not in _SMALL):
                break
            every = "".join(word[0] for word in name).upper()
            content = "".join(word[0] for word in name if word.casefold() not in _SMALL)
            if acronym in (every, content.upper()):
                return True
    return False


#: A heading of at least this many words that names no part of a report states a finding
#: ("Education Staff Reductions Have Led to Decreased Oversight of Servicers"). In 19 GAO
#: reports, the first finding after "Background" has 10-23 words; 34 of the 41 headings
#: under "Background" have 8 or fewer.
FINDING_WORDS = 9
#: The opening parts that set out a report's context in subsections of their own.
_SETS_CONTEXT = re.compile(r"background|overview")


def _is_finding(heading: str) -> bool:
    return len(heading.split()) >= FINDING_WORDS and report_part(heading) is None


def _titled_by_findings(titles: Sequence[str]) -> bool:
    """Whether a report titles its sections by what it found (two findings or more), as an
    audit report does: its shorter headings after "Background" are then Background's
    subsections, up to the first finding."""
    return sum(map(_is_finding, titles)) >= 2


#: A name from code standing as a heading: a setting or a file ("core.editor", "color.*",
#: "receive.denyDeletes") or a command-line option ("--force").
_CODE_NAME = re.compile(r"[a-z][\w-]*(?:[.*][\w*-]*)+|--?[a-z][\w-]+")
#: The most words of a heading that recurs as a subsection's ("The Pros", "The Cons").
_RECURRING_WORDS = 3


def _under_the_last_section(titles: Sequence[str]) -> set[int]:
    """Headings that open no section of their own but a part of the one before: a short
    title the article uses twice or more ("The Pros" and "The Cons" under each protocol),
    or a name from code (:data:`_CODE_NAME`, each setting under "Basic Client
    Configuration")."""
    counts = Counter(plain_key(title) for title in titles)
    return {index for index, title in enumerate(titles)
            if (counts[plain_key(title)] >= 2 and len(title.split()) <= _RECURRING_WORDS)
            or _CODE_NAME.fullmatch(title.strip())}


def _owner(index: int, parts: set[int]) -> int | None:
    """The nearest heading before ``index`` that is not one of ``parts``."""
    return next((i for i in range(index - 1, -1, -1) if i not in parts), None)


def _before_bills(bills: Sequence[bool], index: int) -> int | None:
    """The index of the nearest heading before ``index`` that is no bill's number
    (``bills[i]``: whether heading ``i`` is one)."""
    return next((i for i in range(index - 1, -1, -1) if not bills[i]), None)


def _other_of(heading: str, earlier: Sequence[set[str]]) -> int | None:
    """The index of the nearest earlier heading naming what "Other X" ("More X",
    "Further X") is another of, or None."""
    match = _OTHER.fullmatch(heading.strip())
    if match is None:
        return None
    rest = _topic_words(match.group("rest"))
    return next((i for i in range(len(earlier) - 1, -1, -1) if rest and rest <= earlier[i]),
                None)


def _in_sentence_case(titles: Sequence[str]) -> bool:
    """Whether the headings are written in sentence case: of those of several words, more
    leave a content word after the first in lower case than capitalise them all."""
    lower = capital = 0
    for heading in titles:
        later = [w for w in _words(heading)[1:] if w.casefold() not in _SMALL]
        if not later:
            continue
        if any(w[:1].islower() for w in later):
            lower += 1
        else:
            capital += 1
    return lower > capital


def _named_parent(index: int, titles: Sequence[str], words: Sequence[set[str]],
                  levels: Sequence[int], subject: set[str]) -> int | None:
    """The general heading that a heading naming one thing belongs under, or None.

    A heading names one thing when it is quoted ("'Bodmin Town'") or capitalises every
    content word after its first ("Bodmin College"). It belongs under the nearest earlier
    heading that names nothing when it is quoted, names the article's subject (a word of
    its title), shares a word with that heading, or shares one with the named heading
    before it ("Bodmin College", "Callywith College")."""
    heading = titles[index]
    quoted = heading.lstrip()[:1] in OPENERS.replace("(", "").replace("[", "")
    if not quoted and not _names_one_thing(heading):
        return None
    parent = next((i for i in range(index - 1, -1, -1) if not _names_one_thing(titles[i])
                   and levels[i] == 1), None)
    if parent is None:
        return None
    tied = quoted or bool(words[index] & (subject | words[parent])) or (
        index - 1 != parent and bool(words[index] & words[index - 1]))
    return parent if tied else None


def _names_one_thing(heading: str) -> bool:
    """Whether every content word after the first is capitalised (and there is one)."""
    later = [w for w in _words(heading)[1:] if w.casefold() not in _SMALL]
    return bool(later) and all(w[:1].isupper() for w in later)


def _words(heading: str) -> list[str]:
    return re.findall(r"[^\W\d_][\w’'-]*", heading)


def _topic_levels(titles: Sequence[str], words: Sequence[set[str]]) -> list[int] | None:
    """Topic words: those found in at least a quarter of the headings, and in three at
    least. A heading that names none of them, and is shorter than the nearest heading before
    it that does, is a subsection of that one, unless both are questions."""
    counts = Counter(word for title_words in words for word in title_words)
    needed = max(3, len(titles) / 4)
    topics = {word for word, count in counts.items() if count >= needed}
    if not topics:
        return None
    levels: list[int] = []
    section: int | None = None
    for index, title_words in enumerate(words):
        if title_words & topics:
            section = index
            levels.append(1)
        else:
            shorter = section is not None and len(titles[index].split()) < len(
                titles[section].split())
            asked = section is not None and _asks(titles[index]) and _asks(titles[section])
            levels.append(2 if shorter and not asked else 1)
    return levels if 2 in levels else None


def _asks(title: str) -> bool:
    """Whether a heading is a question: a question after a question is its sibling, as in
    a list of frequently asked questions."""
    return title.rstrip().endswith("?")


def _topic_words(title: str) -> set[str]:
    """The content words of a title, folded: lower case, no possessive, no plural s."""
    words = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)?", title.casefold())
    out = set()
    for word in words:
        word = _singular(re.sub(r"['’]s$", "", word))
        if len(word) > 2 and word not in _STOPWORDS:
            out.add(word)
    return out


def _singular(word: str) -> str:
    """An English plural folded to its singular ("churches", "policies", "sites")."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith("ss"):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses")):
        return word[:-2]
    return word[:-1]
