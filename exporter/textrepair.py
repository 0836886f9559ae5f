"""Repair of accents broken on the way from a web page to plain text.

Owns :func:`repair_text`, :class:`Repair` and :class:`Doubt`. Two passes, reported
together word by word:

1. **Split UTF-8 pairs.** An accented Latin letter is two bytes in UTF-8: a lead byte
   0xC3-0xC5 and a continuation byte 0x80-0xBF. Text decoded with a single-byte code page
   shows the lead as "Ă" or "Ĺ" (Windows-1250) or "Ã", "Ä", "Å" (Windows-1252), and the
   continuation as its Latin-1, Windows-1252 or Windows-1250 character ("¡", "³", "‰",
   "ł"...). A continuation byte with no visible character (the soft hyphen 0xAD of "í";
   0x81, 0x8D, 0x8F, 0x90, 0x9D, undefined in Windows-1252) is lost, leaving a bare lead.
   This pass puts the pairs back together and restores the bytes lost after the 0xC3 lead.
   It uses no word list: its rules are about bytes, letters and letter case (the rules are
   spelled out in ``docs/ingest.md``). A lost capital is restored when the text writes the
   word elsewhere, or when the text proves that the copy lost only the bytes its code page
   lacks; otherwise the word is left as it is and reported as a :class:`Doubt`
   ("Ăditions" may be "Éditions": "Áditions" would be worse than the broken word).
2. **ftfy** for the damage it knows (consistent mojibake, C1 controls, ligatures, control
   characters), with every option that would change correct text switched off: curly
   quotes, dashes, character widths, HTML entities, line breaks and Unicode normalisation
   are left as they are. Its repairs are taken word by word, except the ones that would
   undo a word in capitals such as Portuguese "IRMÃ" before a dash or a quote.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # ftfy takes a tenth of a second to import: only when a line needs it
    import ftfy


@dataclass(frozen=True)
class Repair:
    """One repaired word: what it was, what it became, and its 1-based line."""

    before: str
    after: str
    line: int


@dataclass(frozen=True)
class Doubt:
    """A word left as it is: its accent is broken, but which letter it was is uncertain."""

    word: str
    line: int


class Repaired(NamedTuple):
    """Text with its broken accents repaired, the repairs word by word, and the words left
    as they were because the repair would be a guess."""

    text: str
    repairs: tuple[Repair, ...]
    doubts: tuple[Doubt, ...]


def repair_text(text: str) -> Repaired:
    """``text`` with broken accents repaired, the repairs and the doubts word by word."""
    fixes, doubts = _pair_fixes(text)
    fixed = _run_ftfy(_apply(text, fixes))
    return Repaired(fixed, tuple(_word_repairs(text, fixed)),
                    tuple(_doubt(text, at) for at in doubts))


# ---------------------------------------------------------------------------------------
# Pass 1: split UTF-8 pairs
# ---------------------------------------------------------------------------------------

_LEAD_BYTES = (0xC3, 0xC4, 0xC5)  # UTF-8 leads of U+00C0-U+017F: Latin-1 and Extended-A
_LEADS = {bytes([b]).decode(codec): b for b in _LEAD_BYTES for codec in ("cp1252", "cp1250")}
_LEAD_RE = re.compile(f"[{''.join(sorted(_LEADS))}]")


def _continuation_chars() -> dict[str, int]:
    """Every character a continuation byte 0x80-0xBF may show up as, and that byte."""
    chars: dict[str, int] = {}
    for codec in ("latin-1", "cp1252", "cp1250"):
        for byte in range(0x80, 0xC0):
            try:
                chars.setdefault(bytes([byte]).decode(codec), byte)
            except UnicodeDecodeError:
                continue
    return chars


_CONTINUATION = _continuation_chars()
#: The lead after which lost bytes are restored, and the bytes that get lost.
_BARE_LEAD = 0xC3
_LOST_BYTES = (0xAD, 0x81, 0x8D, 0x8F, 0x90, 0x9D)
_LOST_LOWER = "".join(c for b in _LOST_BYTES if (c := bytes([_BARE_LEAD, b]).decode()).islower())
_LOST_UPPER = "".join(c for b in _LOST_BYTES if (c := bytes([_BARE_LEAD, b]).decode()).isupper())
#: Characters that stand between words in correct text: a pair ending in one is a guess.
_BETWEEN_WORDS = frozenset("’‘“”„‚‹›«»–—…•·\xa0")
#: Of those, the ones that also stand between words with no space around them.
_GLUED_MARKS = frozenset("’–—…")
_VOWELS = frozenset("aeiouAEIOU")
_HIATUS_BEFORE = frozenset("aeoAEO")
_MARK = "\0"
_WORD_RE = re.compile(r"\w+")


@dataclass(frozen=True)
class _Fix:
    """A candidate repair of text[start:end]; ``sure`` ones need no other evidence."""

    start: int
    end: int
    text: str
    sure: bool


def _pair_fixes(text: str) -> tuple[list[_Fix], list[int]]:
    """The fixes to apply (sure ones always, guesses only when the text shows the damage)
    and the positions of the broken letters left alone because no evidence decides them."""
    leads = [m.start() for m in _LEAD_RE.finditer(text)]
    letters = {i: letter for i in leads if (letter := _pair_letter(text, i))}
    pairs = {i: letter for i, letter in letters.items() if _case_fits(
        letter, _letters(text, i - 1, -1, letters), _letters(text, i + 2, 1, letters))}
    fixes = [fix for i in leads if (fix := _classify(text, i, pairs)) is not None]
    if not any(fix.sure for fix in fixes):
        return [], []
    return _resolve_guesses(text, fixes, pairs)


def _pair_letter(text: str, i: int) -> str | None:
    """The letter that the lead at ``i`` and the character after it encode, if any."""
    byte = _CONTINUATION.get(text[i + 1]) if i + 1 < len(text) else None
    if byte is None:
        return None
    letter = bytes([_LEADS[text[i]], byte]).decode("utf-8")
    return letter if letter.isalpha() else None


def _classify(text: str, i: int, pairs: dict[int, str]) -> _Fix | None:
    """The candidate fix for the lead at ``i``, or None when it is correct text."""
    letter = pairs.get(i)
    end = i + 1 if letter is None else i + 2
    left, right = _letters(text, i - 1, -1, pairs), _letters(text, end, 1, pairs)
    before, after = left[:1], right[:1]
    if letter is not None:
        follower = text[i + 1]
        glued = follower not in _BETWEEN_WORDS and not (follower.isalpha() and ord(follower) > 0xFF)
        return _Fix(i, end, letter, before.islower() or (bool(after) and glued))
    if _LEADS[text[i]] != _BARE_LEAD or not (left or right):
        return None
    if left and not _all_caps(left + right):
        return _Fix(i, end, _LOST_LOWER, before.islower() or after.islower())
    return _Fix(i, end, "", False)  # a lost capital, chosen by _capital


def _letters(text: str, j: int, step: int, pairs: dict[int, str]) -> str:
    """The letters of the word from ``j`` on (step -1: leftwards, nearest first), pairs
    read as their letter and bare leads, whose case is open, left out."""
    out = []
    while 0 <= j < len(text):
        pair = j - 1 if step < 0 else j
        if pair in pairs:
            out.append(pairs[pair])
            j += 2 * step
            continue
        char = text[j]
        if not char.isalpha():
            break
        if _LEADS.get(char) != _BARE_LEAD:
            out.append(char)
        j += step
    return "".join(out)


def _all_caps(letters: str) -> bool:
    return len(letters) > 1 and letters.isupper()


def _case_fits(letter: str, left: str, right: str) -> bool:
    """Whether a repaired letter fits the case of its word: no lower-case letter after two
    capitals or in a word in capitals, no capital after a lower-case letter or inside a word
    in lower case."""
    if letter.islower():
        return not (_all_caps(left) or _all_caps(left + right))
    if left[:1].islower():
        return False
    return not (left and right[:1].islower())


def _resolve_guesses(text: str, fixes: list[_Fix],
                     pairs: dict[int, str]) -> tuple[list[_Fix], list[int]]:
    """Keep the sure fixes; keep guesses unless the text also writes the lead's lower case;
    restore a lost capital when the evidence decides it (the others are returned as
    doubts, see :func:`_capital`).

    A language that writes "Ă", "Ã", "Ä", "Å" or "Ĺ" as a letter also writes "ă", "ã", "ä",
    "å" or "ĺ"; in such a text a capital lead may be right, so only sure fixes apply.
    """
    sure = [fix for fix in fixes if fix.sure]
    words = {w.casefold() for w in _WORD_RE.findall(_apply(text, sure))}
    resolved, doubts = [], []
    kept = [fix for fix in fixes if fix.sure or text[fix.start].lower() not in text]
    faithful = any(fix.end - fix.start == 2 and _CONTINUATION[text[fix.start + 1]] < 0xA0
                   for fix in kept)
    for fix in kept:
        if not fix.text:
            capital = _capital(_word_at(text, fix.start, pairs), words, faithful=faithful)
            if capital is None:
                doubts.append(fix.start)
                continue
            fix = _Fix(fix.start, fix.end, capital, False)
        resolved.append(fix)
    return resolved, doubts


def _word_at(text: str, i: int, pairs: dict[int, str]) -> str:
    """The word around the bare lead at ``i``, pairs repaired, the lead as ``_MARK``."""
    start = i
    while start > 0 and (text[start - 1].isalpha() or start - 2 in pairs):
        start -= 1
    end = i + 1
    while end < len(text) and (text[end].isalpha() or end - 1 in pairs):
        end += 1
    inside = [_Fix(j - start, j - start + 2, letter, True)
              for j, letter in pairs.items() if start <= j < end - 1]
    return _apply(text[start:end], [*inside, _Fix(i - start, i - start + 1, _MARK, True)])


def _capital(word: str, words: set[str], *, faithful: bool) -> str | None:
    """The capital whose byte was lost at ``_MARK`` in ``word``, or None when nothing
    decides it.

    A candidate (Á, Í, Ï, Ð or Ý) that makes a word found elsewhere in the text wins
    ("POLĂTICA" beside "política"). Otherwise, in a ``faithful`` copy, one that shows the
    second bytes of capitals (0x80-0x9F: "Ă“", "Ă‰") kept and so lost only the bytes its
    code page lacks, Í before a vowel or after A, E or O (DÍA, PAÍS) and Á everywhere else
    (ÁREA, Ángel). A copy that shows no such byte may have lost any capital's ("Ăditions"
    was "Éditions").
    """
    for capital in _LOST_UPPER:
        if word.replace(_MARK, capital).casefold() in words:
            return capital
    if not faithful:
        return None
    before, _, after = word.partition(_MARK)
    hiatus = _base(after[:1]) in _VOWELS or _base(before[-1:]) in _HIATUS_BEFORE
    return "Í" if hiatus else "Á"


def _base(char: str) -> str:
    """The unaccented base letter ("é" -> "e"; "" stays "")."""
    return unicodedata.normalize("NFD", char)[:1]


def _doubt(text: str, at: int) -> Doubt:
    """The word around position ``at`` of ``text``, and its line."""
    start = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at)) + 1
    ends = [end for end in (text.find(" ", at), text.find("\n", at)) if end >= 0]
    word = text[start:min(ends, default=len(text))]
    return Doubt(word.strip("\"'“”‘’«»()[]{}.,;:!?¡¿…"), text.count("\n", 0, at) + 1)


def _apply(text: str, fixes: Iterable[_Fix]) -> str:
    """``text`` with the (non-overlapping) fixes applied."""
    out: list[str] = []
    position = 0
    for fix in sorted(fixes, key=lambda f: f.start):
        out += (text[position:fix.start], fix.text)
        position = fix.end
    out.append(text[position:])
    return "".join(out)


# ---------------------------------------------------------------------------------------
# Pass 2: ftfy
# ---------------------------------------------------------------------------------------

_PLAIN_LINE = re.compile(r"[\t\x20-\x7e]*")


def _run_ftfy(text: str) -> str:
    """ftfy over the lines that hold anything but printable ASCII (see :func:`_accepted`)."""
    lines = text.split("\n")
    if all(_PLAIN_LINE.fullmatch(line) for line in lines):
        return text
    import ftfy

    config = _ftfy_config()
    return "\n".join(line if _PLAIN_LINE.fullmatch(line)
                     else _accepted(line, ftfy.fix_text(line, config)) for line in lines)


def _accepted(line: str, fixed: str) -> str:
    """ftfy's repair of a line, word by word, except where it undoes a word in capitals."""
    if fixed == line:
        return line
    return "".join(old if _undoes_capitals(old, new) else new for old, new in _aligned(line, fixed))


def _undoes_capitals(old: str, new: str) -> bool:
    """Whether ``new`` changes a word in capitals that is right as it is: by putting a
    lower-case letter into it ("IRMÃ\xa0" is not "IRMà"), or by reading its last letter and
    the mark after it as one letter: a dash, ellipsis or apostrophe ("IRMÃ—SÃO" is not
    "IRM×SÃO"), or a quote that no letter follows ("“IRMÃ”" is not "“IRMÔ")."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    changed = old[start:len(old) - end]
    word = re.search(r"[^\W\d_]*$", old[:start]).group()  # type: ignore[union-attr]
    if not _all_caps("".join(ch for ch in word + changed if ch.isalpha())):
        return False
    mark, following = changed[-1:], old[len(old) - end:][:1]
    return (any(ch.islower() for ch in new[start:len(new) - end]) or mark in _GLUED_MARKS
            or (mark in _BETWEEN_WORDS and not following.isalpha()))


def _ftfy_config() -> ftfy.TextFixerConfig:
    """ftfy's repairs of broken text, without the changes it makes to correct text."""
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        replace_lossy_sequences=False,
        normalization=None,
        explain=False,
    )


# ---------------------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\s+|\S+")


def _word_repairs(original: str, fixed: str) -> Iterator[Repair]:
    """The words that differ between ``original`` and ``fixed``, line by line."""
    if original == fixed:
        return
    for number, (old, new) in enumerate(
            zip(original.split("\n"), fixed.split("\n"), strict=True), start=1):
        if old != new:
            yield from _line_repairs(old, new, number)


def _line_repairs(old: str, new: str, number: int) -> Iterator[Repair]:
    for before, after in _aligned(old, new):
        if before != after and (before.strip() or after.strip()):
            yield Repair(*_trim(before.strip(), after.strip()), line=number)


def _aligned(old: str, new: str) -> list[tuple[str, str]]:
    """The two lines cut into matching chunks: words and spaces, or, where a repair took
    or gave a space, the stretches that differ."""
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    if len(a) == len(b):
        return list(zip(a, b, strict=True))
    import difflib

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [("".join(a[i1:i2]), "".join(b[j1:j2]))
            for _, i1, i2, j1, j2 in matcher.get_opcodes()]


def _trim(before: str, after: str) -> tuple[str, str]:
    """Drop punctuation both sides share at the edges ('"Operación,' -> 'Operación')."""
    head = 0
    while (head < min(len(before), len(after)) and before[head] == after[head]
           and not before[head].isalnum()):
        head += 1
    tail = 0
    while (tail < min(len(before), len(after)) - head and before[-1 - tail] == after[-1 - tail]
           and not before[-1 - tail].isalnum()):
        tail += 1
    return before[head:len(before) - tail], after[head:len(after) - tail]
