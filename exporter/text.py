"""Plain-text knowledge shared by readers, plans and renderers: sentences, word counts,
slugs, dates.

One home for each rule, so that the reader, ``ingest``, the slide plan and the briefing
plan agree: where a sentence ends (:func:`sentences`, Chinese and Japanese full stops
included), how long a text is in words (:func:`word_count`, two characters of the scripts
written without spaces counting as one), each language's commonest short words
(:data:`FUNCTION_WORDS`), the id a heading gets (:func:`slugify`) and how a date is shown
to a reader (:func:`display_date`, in the reader's locale with Babel's CLDR data, loaded
only when a date is shown). Otherwise standard library only (and the script ranges of
:mod:`exporter.scripts`).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

from exporter.scripts import UNSPACED

# ---------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------

#: The full stops of Chinese and Japanese, which end a sentence with no space after them.
_WIDE_ENDS = "。！？"
#: A possible sentence end: terminal punctuation, closing quotes or brackets, then space;
#: or a wide full stop, its closing marks and any space.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*\s+|[。！？][\"'”’»)\]」』）]*\s*")
#: What may open a sentence before its first letter, and close it after its final mark.
OPENERS = "\"'“‘«([¿¡「『（"
CLOSERS = "\"'”’»)]」』）"
#: The punctuation of those scripts (。，「」 and the full-width forms), no word.
_WIDE_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40"
                               r"\uff5b-\uff65]")


def words_of(text: str) -> frozenset[str]:
    """The set of the space-separated words of ``text``."""
    return frozenset(text.split())


#: Short words frequent in running text of each language and rare in the others: they
#: tell the language of an article (:mod:`exporter.ingest.language`) and are no content
#: words in any (:mod:`exporter.bullets`).
FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "en": words_of("the and of to is that for it with was on are by this from at which "
                   "have has were be not an or"),
    "de": words_of("der die das und ist nicht mit sich des auf für den dem ein eine zu im "
                   "auch wird sind von bei oder"),
    "fr": words_of("le les et des est une du dans pour qui pas sur au avec il elle ce sont "
                   "aux ont être plus"),
    "es": words_of("el los las y del que es por con para una se al lo como más pero sus fue "
                   "está son entre"),
    "pt": words_of("o os e do da que em um uma para com não por dos das no na ao foi são "
                   "mais também"),
}


#: Words that end with a full stop without ending a sentence: titles before a name ("Dr.
#: Smith", "Gen. Ortiz"), and abbreviations that a name or a word follows ("Inc.", "vs.").
ABBREVIATIONS = words_of(
    "mr mrs ms messrs dr prof st gen col lt sgt capt cmdr adm maj rev hon pres gov sen rep "
    "supt amb jr sr vs etc inc ltd co corp dept approx est e.g i.e cf al ft mt")
#: Abbreviations that end a sentence unless a number follows ("Feb. 3", "No. 330", "p. 7").
BEFORE_NUMBERS = words_of(
    "jan feb mar apr jun jul aug sep sept oct nov dec no nos fig figs p pp vol vols ch sec "
    "art para op tit")
#: Capitalised words that open sentences and are rarely part of a name: after "U.S." such
#: a word starts a new sentence ("... in the U.S. The ..."), any other does not ("U.S. Navy").
SENTENCE_STARTERS = words_of(
    "a an the this that these those it its he she they we i you his her their our there "
    "here in on at for from by with as after before during since while when if but and or "
    "so yet however also still thus then although though because many most some several "
    "each every all both such one two three no not other another only")
#: The labels of a note set apart from the text ("Note", "Tip" over a paragraph, or "Note:"
#: before it): never a heading, and left out of a slide bullet.
NOTE_LABELS = words_of("note tip hint warning caution important attention danger")
_QUOTES = (("“", "”"), ("«", "»"))
#: How far past a possible sentence end :func:`sentences` looks for the next word, and
#: before it for the last one (a bounded window: looking at the whole rest of a long
#: paragraph, or the whole sentence so far, at each full stop is quadratic).
_LOOKAHEAD = 64
_BRACKETS = (("(", ")"), ("[", "]"))


def ends_like_sentence(text: str) -> bool:
    """Whether a text ends with a sentence's final mark (. ! ? …, or 。！？), closing
    quotes and brackets aside: "Describe the layers" and "you will be able to:" do not."""
    end = text.rstrip().rstrip(CLOSERS)[-1:]
    return bool(end) and end in ".!?…" + _WIDE_ENDS


def word_count(text: str) -> int:
    """The length of a text in words as a reader weighs it: its space-separated words, and
    one word for every two characters of Chinese or Japanese (written without spaces; a
    run of one character is a word too)."""
    text = _WIDE_PUNCTUATION.sub("", text)
    unspaced = sum(max(1, len(run) // 2) for run in UNSPACED.findall(text))
    return len(UNSPACED.sub(" ", text).split()) + unspaced


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph.

    A sentence ends at ``。！？`` (closing marks included), and at ``. ! ? …`` (closing
    quotes and brackets included) before a capital or a digit, except: after an initial
    ("Charles F. Bolden"), a title or abbreviation ("Gen. Smith", "Inc."), a month or "No."
    before a number ("Feb. 3", "No. 5"), a dotted abbreviation ("U.S.") unless a word that
    opens sentences follows ("the U.S. The..."), and inside quotation marks, parentheses or
    brackets that close in the paragraph.
    """
    text = " ".join(text.split())
    inside = _enclosed(text)
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        last = match.start() + len(match.group().rstrip()) - 1  # the closing mark, if any
        if last in inside or not _ends_here(text, start, match):
            continue
        out.append(text[start:match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    return [*out, rest] if rest else out


def _ends_here(text: str, start: int, match: re.Match[str]) -> bool:
    """Whether the candidate end ``match`` ends the sentence that began at ``start``."""
    if text[match.start()] in _WIDE_ENDS:
        return True
    following = text[match.end():match.end() + _LOOKAHEAD].lstrip(OPENERS)
    if not following[:1].isupper() and not following[:1].isdigit():
        return False
    if text[match.start()] != ".":
        return True
    before = text[max(start, match.start() - _LOOKAHEAD):match.start()]
    if " " not in before:  # a word longer than the window: the whole sentence so far
        before = text[start:match.start()]
    word = before.rsplit(maxsplit=1)[-1:] or [""]
    last = word[0].lstrip(OPENERS).casefold()
    if len(last) == 1 and last.isalpha():
        return False  # an initial
    if last in ABBREVIATIONS:
        return False
    if last in BEFORE_NUMBERS:
        return not following[:1].isdigit()
    if "." in last:  # U.S., D.C., a.m.
        next_word = following.split(maxsplit=1)[0].strip(",;:").casefold() if following else ""
        return next_word in SENTENCE_STARTERS
    return True


def _enclosed(text: str) -> set[int]:
    """Positions inside quotation marks, parentheses or brackets that close later in the
    text (a quote left open does not hold back the rest of the paragraph)."""
    inside = quoted(text)
    for opening, closing in _BRACKETS:
        _mark_spans(text, opening, closing, inside)
    return inside


def quoted(text: str) -> set[int]:
    """Positions inside quotation marks (curly, guillemets or straight pairs) that close."""
    inside: set[int] = set()
    for opening, closing in _QUOTES:
        _mark_spans(text, opening, closing, inside)
    straight = [mark.start() for mark in re.finditer('"', text)]
    for begin, end in zip(straight[::2], straight[1::2], strict=False):
        inside.update(range(begin + 1, end))
    return inside


def _mark_spans(text: str, opening: str, closing: str, inside: set[int]) -> None:
    """Add to ``inside`` the positions between each ``opening`` and the ``closing`` that
    closes it (nested pairs matched inside out)."""
    if opening not in text:
        return
    stack: list[int] = []
    for mark in re.finditer(f"[{re.escape(opening)}{re.escape(closing)}]", text):
        index = mark.start()
        if text[index] == opening:
            stack.append(index)
        elif stack:
            inside.update(range(stack.pop() + 1, index))


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


#: The CLDR names of date formats; anything else is a pattern ("d MMMM y").
DATE_FORMATS = ("short", "medium", "long", "full")


def display_date(value: str, locale: str = "en", date_format: str = "long") -> str:
    """An ISO date as a reader in ``locale`` writes it ("26 de noviembre de 2026" for
    ``es``), in a CLDR format name or pattern; anything that is not an ISO date unchanged."""
    day = parse_date(value)
    if day is None:
        return value
    from babel.dates import format_date

    return format_date(day, date_format, locale=locale.replace("-", "_"))


def valid_date_format(date_format: str) -> bool:
    """Whether ``date_format`` is a CLDR format name or a date pattern Babel reads."""
    if date_format in DATE_FORMATS:
        return True
    from babel.dates import parse_pattern

    try:
        parse_pattern(date_format)
    except (ValueError, TypeError, KeyError):
        return False
    return bool(date_format.strip())
