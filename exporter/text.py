"""Plain-text knowledge shared by readers, plans and renderers: sentences, slugs, dates.

One home for each rule, so that the reader, ``ingest``, the slide plan and the briefing
plan agree: where a sentence ends (:func:`sentences`), the id a heading gets
(:func:`slugify`) and how a date is shown to a reader (:func:`display_date`). Standard
library only.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

# ---------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------

#: A possible sentence end: terminal punctuation, closing quotes or brackets, then space.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+")
#: What may open a sentence before its first letter.
OPENERS = "\"'“‘«([¿¡"


def words_of(text: str) -> frozenset[str]:
    """The set of the space-separated words of ``text``."""
    return frozenset(text.split())


#: Words that end with a full stop without ending a sentence ("Dr. Smith", "Gen. Ortiz").
ABBREVIATIONS = words_of(
    "mr mrs ms dr prof st gen col lt sgt capt gov sen rep jr sr no vs etc fig inc ltd co "
    "corp dept approx")


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph (a full stop after an initial or a title such as
    "Dr." or "U.S." does not end one)."""
    text = " ".join(text.split())
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        following = text[match.end():].lstrip(OPENERS)[:1]
        word = text[start:match.start()].rsplit(maxsplit=1)[-1:] or [""]
        last = word[0].lstrip(OPENERS).casefold()
        if not (following.isupper() or following.isdigit()):
            continue
        if text[match.start()] == "." and (len(last) == 1 or "." in last
                                           or last in ABBREVIATIONS):
            continue
        out.append(text[start:match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    return [*out, rest] if rest else out


# ---------------------------------------------------------------------------------------
# Slugs
# ---------------------------------------------------------------------------------------

_SLUG_DROP = re.compile(r"[^\w\s-]")
_SLUG_SPACE = re.compile(r"[\s_-]+")


def slugify(text: str, *, ascii_only: bool = False, max_length: int | None = None,
            drop_last: frozenset[str] = frozenset(), fallback: str = "section") -> str:
    """The id of a heading: lower case, punctuation dropped, words joined by hyphens.

    This is the id a heading gets without ``{#id}``. ``ascii_only`` folds accents away
    (for ids written into draft content files); ``max_length`` keeps whole words up to that
    many characters, and words in ``drop_last`` are not left at the end of a shortened id;
    a text with no letter or digit gives ``fallback``.
    """
    if ascii_only:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = _SLUG_DROP.sub("", text.lower().replace("’", "").replace("'", ""))
    words = [word for word in _SLUG_SPACE.split(slug) if word]
    if max_length is not None:
        while len("-".join(words)) > max_length and len(words) > 1:
            words.pop()
            while len(words) > 1 and words[-1] in drop_last:
                words.pop()
    return "-".join(words) or fallback


# ---------------------------------------------------------------------------------------
# Dates
# ---------------------------------------------------------------------------------------


def parse_date(value: str) -> _dt.date | None:
    """An ISO date (YYYY-MM-DD), or None when ``value`` is not one."""
    try:
        return _dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def display_date(value: str) -> str:
    """An ISO date as a reader writes it ("26 November 2026"); anything else unchanged."""
    day = parse_date(value)
    if day is None:
        return value
    return f"{day.day} {day:%B} {day.year}"
