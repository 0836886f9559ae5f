"""An article as read, made a draft document: front matter, sections, levels, key points.

Owns :func:`draft_document`, shared by every format:

- **Front matter from the document**: before the first paragraph of prose, a date line
  becomes ``date``, a byline ``author``, a report number ``source``, and the first other
  short line (not a generic name such as "Introduction") the ``title``; a heading that
  repeats the title later is dropped. The file name is the last resort for the title.
- **Sections**: headings without a level from their format get one from
  :func:`.levels.heading_levels`; back matter (References, Notes, See also...) is left out
  with a note; an article without headings is cut into sections of a few paragraphs, where
  the topic changes most, each titled with the phrase that sets it apart (tagged
  ``.drafted``: rewrite those titles).
- **Key points** of each section from :func:`exporter.bullets.section_bullets`.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from exporter.bullets import (
    content_words,
    is_aside,
    leans_on_previous,
    prose_texts,
    salient_sentences,
    section_bullets,
)
from exporter.ingest.language import article_language
from exporter.ingest.levels import heading_levels, no_jumps
from exporter.ingest.lines import (
    BODY_OPENERS,
    GENERIC_SECTIONS,
    MONTH_NAMES,
    SUMMARY_SECTIONS,
    announces_sections,
    banner_rest,
    byline_of,
    closes_document,
    date_of,
    is_back_matter,
    is_front_matter,
    lists_addressees,
    mentions_subsections,
    metadata_of,
    names_only,
    plain_key,
    report_number_of,
)
from exporter.ingest.pieces import Article, Heading, Piece, aside, rejoined
from exporter.model import Block, Document, Image, ListBlock, Metadata, Paragraph, Run, Section
from exporter.text import ends_like_sentence, sentences, slugify, word_count, words_of

MAX_TITLE_WORDS = 30
#: An article without headings is cut into sections of about this many paragraphs.
PARAGRAPHS_PER_SECTION = 4
DRAFTED = "drafted"

_SMALL_WORDS = words_of(
    "a an and as at but by for from in into nor of on or per the to via vs with")


def title_from_filename(name: str) -> str:
    """"peru-military-drug-trafficking.txt" -> "Peru Military Drug Trafficking"."""
    words = [w for w in re.split(r"[\W_]+", Path(name).stem) if w]
    titled = [w if w.isupper() else w.capitalize() for w in words]
    titled = [w.lower() if 0 < i < len(words) - 1 and w.lower() in _SMALL_WORDS else w
              for i, w in enumerate(titled)]
    return " ".join(titled) or "Untitled Article"


def slug(title: str) -> str:
    """An ASCII id for a heading: lower-case words joined by hyphens, at most 48 characters,
    not ending in a small word."""
    return slugify(title, ascii_only=True, max_length=48, drop_last=_SMALL_WORDS,
                   fallback="")


@dataclass(frozen=True)
class Draft:
    """A drafted document and what the user should hear about it."""

    document: Document
    notes: tuple[str, ...]


def _states(paragraph: Paragraph) -> bool:
    """Whether a paragraph can open the summary: prose that ends like a sentence, not an
    aside, a line without a final mark ("Describe the layers") nor a lead-in to a list
    ("By the end of this section, you will be able to:")."""
    return not is_aside(paragraph) and ends_like_sentence(paragraph.text)


def draft_document(article: Article, *, source: str, title: str | None = None,
                   today: _dt.date | None = None, levels: str = "auto",
                   pictures: Path | None = None) -> Draft:
    """The draft document of an article (see the module docstring); ``pictures`` is the
    folder its pictures' files are in (None: the reader gave every picture a file)."""
    pieces = take_sign_off(take_front_matter(article), article)
    notes = list(article.notes)
    pieces = rejoined(_without_title_repeats(_pictures_in_files(pieces, notes, pictures),
                                             article))
    leveled = _leveled(pieces, levels, article.title)
    leveled = _without_back_matter(leveled, notes)
    if leveled and isinstance(leveled[-1], _Leveled):  # a heading cut off from its text
        leveled[-1] = aside(leveled[-1].heading.title)
    if not any(isinstance(piece, _Leveled) for piece in leveled):
        leveled = _drafted_sections(leveled, article.title)
    intro, sections = _tree(leveled)
    blocks = [*intro, *(b for s in sections for s in s.walk() for b in s.blocks)]
    first = next((b for b in blocks if isinstance(b, Paragraph) and _states(b)), None)
    language = article_language(" ".join(prose_texts(blocks)))
    meta = Metadata(
        lang=language if language and language != "en" else Metadata.lang,
        title=_one_line(title or "") or article.title or title_from_filename(source),
        date=article.date or (today or _dt.date.today()).isoformat(),
        source=article.reference or source,
        author=article.author,
        summary=_summary_of(first.text, _rest_of_intro(first, intro)) if first else "",
    )
    return Draft(Document(meta=meta, intro=tuple(intro), sections=tuple(sections),
                          source_path=source), tuple(notes))


def _rest_of_intro(first: Paragraph, intro: Sequence[Block]) -> list[str]:
    """The paragraphs of prose of the introduction after its first, when ``first`` is
    the introduction's."""
    start = next((i for i, block in enumerate(intro) if block is first), None)
    if start is None:
        return []
    return [b.text for b in intro[start + 1:] if isinstance(b, Paragraph) and _states(b)]


#: An image source that is no file: a URL ("https://...", "//host/..."), or data.
_ON_THE_WEB = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def _pictures_in_files(pieces: Sequence[Piece], notes: list[str],
                       folder: Path | None) -> list[Piece]:
    """Pieces where a picture that is no file next to the article (``folder``; None: every
    picture the reader found is one) is a caption naming it: one shown from the web with
    a link to it, one whose file is missing (or a page's own path, "/images/...") with its
    source. exporter reads pictures from files only, so a draft that pointed at them would
    not build; a note says how many, and what to do."""
    out: list[Piece] = []
    moved = 0
    for piece in pieces:
        if isinstance(piece, Image) and not _in_file(piece.src, folder):
            moved += 1
            out.append(_picture_caption(piece))
        else:
            out.append(piece)
    if moved:
        notes.append(f"{moved} picture(s) are not files next to the article (shown from the "
                     "web, or missing) and are captions naming them: exporter reads pictures "
                     "from files (put them next to the draft and write ![description](file) "
                     "in their place)")
    return out


def _in_file(src: str, folder: Path | None) -> bool:
    if not src.strip() or _ON_THE_WEB.match(src):
        return False
    if folder is None:
        return True
    path = (folder / src).resolve()
    return path.is_relative_to(folder.resolve()) and path.is_file()


def _picture_caption(picture: Image) -> Paragraph:
    """A caption for a picture the draft cannot show: its description, linked to it when
    it is on the web."""
    src = picture.src.strip()
    link = None if not _ON_THE_WEB.match(src) or src.lower().startswith("data:") else (
        "https:" + src if src.startswith("//") else src)
    name = picture.alt or picture.title or (src if src and not link and len(src) < 120
                                            and not src.lower().startswith("data:")
                                            else "untitled")
    return Paragraph((Run(f"Picture: {name}", italic=True, link=link),))


#: A drafted summary holds the first paragraph's sentences up to about this many words.
SUMMARY_WORDS = 120
#: A first paragraph of fewer sentences than this is filled up from the rest of the
#: introduction (a closing slide of two points says too little of a long article).
SUMMARY_FEWEST = 3


def _summary_of(paragraph: str, rest: Sequence[str] = ()) -> str:
    """The summary drafted from the article's first paragraph of prose: its sentences up
    to :data:`SUMMARY_WORDS` words (the first one whatever its length), as an abstract is
    (a list page's one paragraph of thousands of words is no bottom line). When that gives
    fewer than :data:`SUMMARY_FEWEST` sentences, the most salient sentences of the rest of
    the introduction (``rest``: its other paragraphs) that stand on their own ("It is ..."
    does not) follow them, in the article's order, within the same word count."""
    kept: list[str] = []
    for sentence in sentences(paragraph):
        if kept and word_count(" ".join([*kept, sentence])) > SUMMARY_WORDS:
            break
        kept.append(sentence)
    if len(kept) >= SUMMARY_FEWEST or not rest:
        return " ".join(kept)
    later = [sentence for text in rest for sentence in sentences(text)]
    added: list[str] = []
    for sentence in salient_sentences(" ".join(later)):
        if len(kept) + len(added) >= SUMMARY_FEWEST:
            break
        if sentence in later and not leans_on_previous(sentence) and ends_like_sentence(
                sentence) and word_count(" ".join([*kept, *added, sentence])) <= SUMMARY_WORDS:
            added.append(sentence)
    return " ".join([*kept, *sorted(added, key=later.index)])


# ---------------------------------------------------------------------------------------
# Front matter
# ---------------------------------------------------------------------------------------


def take_front_matter(article: Article) -> list[Piece]:
    """The pieces without the front matter found before the first paragraph of prose,
    which is recorded on ``article``."""
    out: list[Piece] = []
    pieces = article.pieces
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        text = _header_text(piece, first=index == 0)
        if text is None:
            break
        index += 1
        if (labelled := metadata_of(text)) is not None:
            article.record(labelled)
        elif (day := date_of(_WEB_ADDRESS.sub("", text).strip())) is not None:
            article.record(("date", day))  # a PDF copy may run the date into a site's address
            article.record(("source", report_number_of(text) or ""))
        elif (number := report_number_of(text)) is not None:
            article.record(("source", number))
        elif (names := byline_of(text)) is not None:
            article.record(("author", names))
        elif not article.title and not out and plain_key(text) not in GENERIC_SECTIONS \
                and (text[:1].isupper() or text[:1].isdigit()) \
                and any(char.isalpha() for char in text):  # a title has words: not "0"
            article.title = text
            if taken := _title_under_masthead(pieces[index:], article):
                out.append(aside(text))  # the masthead stays, as a caption does
                index += taken
        else:
            out.append(piece)
    return out + pieces[index:]


#: The most words a publication's masthead over its title has ("INSIGHTi", "Legal Sidebar").
_MASTHEAD_WORDS = 2


def _title_under_masthead(after: Sequence[Piece], article: Article) -> int:
    """How many of the pieces ``after`` the line taken for the title are the real title,
    when that line is a publication's masthead ("INSIGHTi", "Legal Sidebar", of at most
    :data:`_MASTHEAD_WORDS` words) over a title wrapped over lines of text ("Preliminary
    Data on the IRA Energy Efficient" / "Home Improvement Credit") that a date, a byline or
    a report number closes: ``article.title`` becomes those lines joined (the masthead
    stays, an aside). 0 otherwise."""
    if len(article.title.split()) > _MASTHEAD_WORDS:
        return 0
    lines: list[str] = []
    for piece in after:
        text = _header_text(piece)
        if text is None or len(lines) == 3:
            return 0
        if metadata_of(text) or is_front_matter(text):
            if not lines:
                return 0
            article.title = " ".join(lines)
            return len(lines)
        lines.append(text)
    return 0


def take_sign_off(pieces: Sequence[Piece], article: Article) -> list[Piece]:
    """The pieces without the byline of a page's sign-off, recorded on ``article`` as its
    author when it has none: a byline among the last :data:`_SIGN_OFF` pieces, no heading
    after it but a contact's ("By Ashley Balzer" / "NASA's Goddard Space Flight Center,
    Greenbelt, Md." / "Media Contact:" / ..., perhaps a series' blurb). The short lines
    after it are asides; a heading right over it ("Download high-resolution video and
    images ...") is one too, as no section follows it."""
    names, line = None, ""
    byline = len(pieces)
    while byline > max(0, len(pieces) - _SIGN_OFF) and names is None:
        byline -= 1
        piece = pieces[byline]
        if isinstance(piece, Heading) and not is_back_matter(piece.title):
            return list(pieces)
        if isinstance(piece, Paragraph) and not is_aside(piece):
            names, line = byline_of(piece.text), piece.text
    if names is None:
        return list(pieces)
    # the line stays, an aside, when the header named the author or it names her post
    kept = [aside(line)] if article.author or not names_only(line) else []
    article.record(("author", names))
    out = list(pieces[:byline])
    if out and isinstance(out[-1], Heading):
        out[-1] = aside(out[-1].title)
    return out + kept + [aside(piece.text) if isinstance(piece, Paragraph)
                         and word_count(piece.text) <= _SIGN_OFF_WORDS else piece
                         for piece in pieces[byline + 1:]]


#: How near the end a sign-off's byline stands, in pieces.
_SIGN_OFF = 8
#: The longest line of a sign-off ("NASA's Goddard Space Flight Center, Greenbelt, Md.").
_SIGN_OFF_WORDS = 12


#: A web address standing after a header line's text ("April 10, 2026 https://...").
_WEB_ADDRESS = re.compile(r"\s+https?://\S+$")


def _header_text(piece: Piece, *, first: bool = False) -> str | None:
    """The text of a piece that may belong to the front matter: a heading, or a short
    paragraph that does not end like a sentence (or is a date, byline or number); the
    article's first line may end with "!" ("... Drill Hole on Mars!"), as headlines do."""
    if isinstance(piece, Heading):
        return piece.title
    if not isinstance(piece, Paragraph) or is_aside(piece):
        return None
    text = piece.text.strip()
    if is_front_matter(text) or metadata_of(text):
        return text
    ends = (".", ":", ";", ",") if first else (".", "!", ":", ";", ",")
    if len(text.split()) <= MAX_TITLE_WORDS and not text.rstrip("\"'”’)").endswith(ends):
        return text
    return None


def _without_title_repeats(pieces: Sequence[Piece], article: Article) -> list[Piece]:
    """Pieces without the lines that glue the title to its date or report number (a page's
    banner), whose date and number go to the front matter; what stands before the banner,
    when no prose does, is the page's header ("CRS PRODUCT (LIBRARY OF CONGRESS)", "Hide
    Overview", "Download PDF"), kept as asides. A heading or line that only repeats the
    title is kept, as an aside: nothing proves it furniture, and no word of an article is
    lost."""
    key = plain_key(article.title)
    out: list[Piece] = []
    for piece in pieces:
        text = piece.title if isinstance(piece, Heading) else (
            piece.text if isinstance(piece, Paragraph) else None)
        rest = banner_rest(text, article.title) if text is not None and key else None
        if rest is not None:
            article.record(("date", date_of(rest) or ""))
            article.record(("source", report_number_of(rest) or ""))
            if not any(map(_says_something, out)):  # what stood over it is the page's
                out = [quiet for piece in out for quiet in _as_asides(piece)]
                for quiet in out:
                    article.record(metadata_of(quiet.text) if isinstance(
                        quiet, Paragraph) else None)
        elif text is not None and key and plain_key(text) == key:
            out.append(aside(text))
        else:
            out.append(piece)
    return out


def _says_something(piece: Piece) -> bool:
    """A paragraph of prose: a sentence of eight words or more, not an aside."""
    return isinstance(piece, Paragraph) and _states(piece) and len(piece.text.split()) >= 8


def _as_asides(piece: Piece) -> list[Piece]:
    """A piece of a page's header as asides: kept, never a heading nor a bullet."""
    if isinstance(piece, Heading):
        return [aside(piece.title)]
    if isinstance(piece, ListBlock):
        return [aside(item.text) for item in piece.items]
    if isinstance(piece, Paragraph):
        return [piece if is_aside(piece) else aside(piece.text)]
    return [piece]


# ---------------------------------------------------------------------------------------
# Levels and back matter
# ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Leveled:
    heading: Heading
    level: int
    drafted: bool = False


def _leveled(pieces: Sequence[Piece], mode: str, title: str) -> list[_Leveled | Block]:
    """Pieces with every heading's level: the format's own, shifted to start at 1 and
    without jumps; the levels rules over the headings that have none (those found in the
    prose of a page whose markup marks only its title or its notes)."""
    headings = [p for p in pieces if isinstance(p, Heading)]
    unmarked = [i for i, h in enumerate(headings) if h.level is None]
    given = [h.level for h in headings if h.level is not None]
    top = min(given, default=1)
    found = _body_after_summary(
        [h.title for h in headings],
        [(h.level - top + 1) if h.level is not None else 1 for h in headings])
    if unmarked:
        opens = _opens_subsections(pieces)
        ruled = heading_levels([headings[i].title for i in unmarked], mode,
                               opens=[opens[i] for i in unmarked], title=title)
        for index, level in zip(unmarked, ruled, strict=True):
            found[index] = level
    levels = iter(no_jumps(found))
    return [_Leveled(p, next(levels)) if isinstance(p, Heading) else p for p in pieces]


def _body_after_summary(titles: Sequence[str], levels: Sequence[int]) -> list[int]:
    """Levels where a report's body starts again at level 1 when its markup put it under the
    summary block: inside a section such as "Highlights" or "Summary", a heading deeper
    than the summary's own parts, or a body's opening section ("Background",
    "Introduction", "Letter") among them, is a section, and the headings after it move up
    with it (a GAO page converted from its e-book has "Highlights" as h2, its questions as
    h3, and the letter's sections as h4)."""
    out = list(levels)
    summary = False
    for index, (title, level) in enumerate(zip(titles, levels, strict=True)):
        if level == 1:
            summary = plain_key(title) in SUMMARY_SECTIONS
        elif summary and (level >= 3 or plain_key(title) in BODY_OPENERS):
            shift = level - 1
            out[index:] = [max(1, value - shift) for value in levels[index:]]
            break
    return out


#: A heading whose whole text is one sentence of at most this many words, naming what the
#: next heading names, leads into that heading as its subsection ("Education": "There are
#: no independent schools in the area.", then "Primary schools").
SHORT_LEAD_WORDS = 15


def _opens_subsections(pieces: Sequence[Piece]) -> list[str | None]:
    """For each heading, whether its subsections follow at once: "" when another heading
    comes with no text between (asides such as captions aside), its last paragraph when
    that announces them ("The remainder of this section discusses ...", "... are discussed
    below.") or when it is all the heading holds and a short sentence naming what the next
    heading names, else None."""
    titles: list[str] = []
    owns: list[list[Piece]] = []  # what each heading holds, asides aside
    for piece in pieces:
        if isinstance(piece, Heading):
            titles.append(piece.title)
            owns.append([])
        elif owns and not (isinstance(piece, Paragraph) and is_aside(piece)):
            owns[-1].append(piece)
    return [_opening(own, titles[index], titles[index + 1] if index + 1 < len(owns) else None)
            for index, own in enumerate(owns)]


def _opening(own: Sequence[Piece], heading: str, following: str | None) -> str | None:
    """What says a heading's subsections follow at once, given its title, what it holds
    and the title of the heading after it (None for the last): "" for nothing, the last
    paragraph when that announces them or leads into the next heading, else None."""
    if following is None:
        return None
    if not own:
        return ""
    naming = next((piece.text for piece in own if isinstance(piece, Paragraph)
                   and mentions_subsections(piece.text)), None)
    closing = own[-1]
    if not isinstance(closing, Paragraph):
        return naming
    if announces_sections(closing.text) or (
            len(own) == 1 and _leads_into(closing.text, heading, following)):
        return closing.text
    return naming


def _leads_into(text: str, heading: str, following: str) -> bool:
    """Whether a heading's only text is a short sentence naming something the next
    heading names and the heading itself does not (a one-sentence section on "Speculative
    Tickets" before "Refundable Tickets" leads nowhere)."""
    return word_count(text) <= SHORT_LEAD_WORDS and len(sentences(text)) == 1 and bool(
        (content_words(text) & content_words(following)) - content_words(heading))


def _without_back_matter(pieces: Sequence[_Leveled | Block],
                         notes: list[str]) -> list[_Leveled | Block]:
    """Pieces without the back matter sections (References, See also...) and what they
    hold, each named in ``notes``; a letter's list of addressees goes with the chambers
    it names ("United States Senate")."""
    out: list[_Leveled | Block] = []
    dropping: int | None = None
    opening = ""  # the back-matter heading being left out
    for piece in pieces:
        if isinstance(piece, _Leveled):
            if dropping is not None and piece.level <= dropping \
                    and not lists_addressees(opening, piece.heading.title):
                dropping = None
            if dropping is None and is_back_matter(piece.heading.title):
                opening = piece.heading.title
                dropping = 0 if closes_document(piece.heading.title) else piece.level
                notes.append(f"left out the back matter \"{piece.heading.title}\" "
                             "(citations and links are not slide content)")
        if dropping is None:
            out.append(piece)
    return out


# ---------------------------------------------------------------------------------------
# Sections for an article without headings
# ---------------------------------------------------------------------------------------


def _drafted_sections(pieces: Sequence[_Leveled | Block], title: str) -> list[_Leveled | Block]:
    """An article without headings cut into sections of a few paragraphs: the first
    paragraph stays the introduction; cuts fall where neighbouring paragraphs share the
    fewest words; each section is titled from its content. A short one (a news item of a
    few paragraphs) is one section after its first paragraph, so that its slides carry
    its text."""
    prose = _prose_of(pieces)
    if len(prose) < 2:
        return list(pieces)
    body = prose[1:]
    count = round(len(body) / PARAGRAPHS_PER_SECTION)
    starts = _cuts(pieces, body, max(count, 2)) if len(prose) >= PARAGRAPHS_PER_SECTION + 2 \
        else [body[0]]
    starts = [_with_asides_before(pieces, start) for start in starts]
    groups = [list(pieces[a:b]) for a, b in zip(starts, [*starts[1:], len(pieces)], strict=True)]
    titles = _draft_titles([_before_end_mark([p for p in g if isinstance(p, Paragraph)])
                            for g in groups], title)
    out: list[_Leveled | Block] = list(pieces[:starts[0]])
    for group, name in zip(groups, titles, strict=True):
        out.append(_Leveled(Heading(name), 1, drafted=True))
        out.extend(group)
    return out


#: The line a press release ends with ("-end-", "###", "- 30 -"), before its media contact.
_END_MARK = re.compile(r"[-–—]\s*end\s*[-–—]|#{3}|[-–—]\s*30\s*[-–—]", re.I)


def _is_end_mark(piece: _Leveled | Block) -> bool:
    """Whether a piece is the line a press release ends with (:data:`_END_MARK`)."""
    return isinstance(piece, Paragraph) and _END_MARK.fullmatch(piece.text.strip()) is not None


def _before_end_mark(paragraphs: Sequence[Paragraph]) -> list[Paragraph]:
    """A section's paragraphs up to the end mark of a press release: the media contact
    after it ("Lauren Low" / "Headquarters, Washington" / a telephone number) names no
    subject of the section. All of them when the section opens with the mark."""
    end = next((i for i, p in enumerate(paragraphs) if _is_end_mark(p)), len(paragraphs))
    return list(paragraphs[:end]) or list(paragraphs)


_BARE_ADDRESS = re.compile(r"(?:https?://|www\.)\S+")


def _prose_of(pieces: Sequence[_Leveled | Block]) -> list[int]:
    """The indexes of the paragraphs that carry an article's text, to be cut into
    sections: not the asides, not what follows a press release's end mark (its media
    contact), not a bare web address nor the line that leads into one ("Learn more about
    the Artemis Accords at:")."""
    end = next((i for i, p in enumerate(pieces) if _is_end_mark(p)), len(pieces))
    bare = {i for i, p in enumerate(pieces[:end]) if isinstance(p, Paragraph)
            and _BARE_ADDRESS.fullmatch(p.text.strip())}
    leads = {i - 1 for i in bare if i and isinstance(pieces[i - 1], Paragraph)
             and _text(pieces[i - 1]).rstrip().endswith(":")}
    return [i for i in range(end) if _is_prose(pieces[i]) and i not in bare | leads]


def _is_prose(piece: _Leveled | Block | Piece) -> bool:
    return isinstance(piece, Paragraph) and not is_aside(piece)


def _cuts(pieces: Sequence[_Leveled | Block], body: Sequence[int], count: int) -> list[int]:
    """The indexes where the ``count`` sections start: near even sizes, at the gap where
    the paragraphs either side share the fewest content words."""
    words = {i: content_words(_text(pieces[i])) for i in body}
    starts = [body[0]]
    for part in range(1, count):
        target = round(part * len(body) / count)
        window = [k for k in (target - 1, target, target + 1)
                  if 2 <= k <= len(body) - 2 and body[k] > starts[-1]]
        if not window:
            continue
        best = min(window, key=lambda k: (_overlap(words[body[k - 1]], words[body[k]]),
                                          abs(k - target)))
        starts.append(body[best])
    return starts


def _text(piece: _Leveled | Block) -> str:
    return piece.text if isinstance(piece, Paragraph) else ""


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / math.sqrt(len(a) * len(b)) if a and b else 0.0


def _with_asides_before(pieces: Sequence[_Leveled | Block], start: int) -> int:
    """A section start moved before the captions that precede its first paragraph."""
    while start > 0 and isinstance(pieces[start - 1], Paragraph) \
            and is_aside(pieces[start - 1]):  # type: ignore[arg-type]
        start -= 1
    return start


#: A name of two capitalised words or more, not opening a sentence, its initials kept
#: ("Wake Shield Facility", "NASA Administrator James E. Webb").
_NAME = re.compile(r"(?<![.!?:]\s)(?<![.!?:][”\"’)\]]\s)(?<!^)(?<!\n)\b"
                   r"([A-Z][\w’'-]+(?:[ \t]+(?:(?:of|the|de|and)[ \t]+|"
                   r"(?:[A-Z]\.[ \t]+)+)?[A-Z][\w’'-]+)+)")
#: A person's name, by the initial inside it: the given name and the surname ("Charles F.
#: Bolden", 'William J. "Bill" Clinton'). People are the actors of a text, rarely what a
#: part of it is about: no title names them.
_PERSON = re.compile(r"\b([A-Z][\w’'-]+)\s+(?:[A-Z]\.\s+)+(?:[“\"][^”\"]{1,20}[”\"]\s+)?"
                     r"([A-Z][\w’'-]+)")
#: A run of capitalised words; one of a single word that does not open a sentence is a
#: name of one word ("Magellan"; not the "Control" of "Mission Control").
_CAPITALISED = re.compile(r"(?<![\w’'-])[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*")
_ONE_WORD = re.compile(r"[A-Z][a-z][\w’'-]+")
#: Whoever a quotation is told by: "said Bill Nelson", "Kimbrough said", "Fox says".
_SPEAKER = re.compile(
    r"\b(?:said|says|explained|added|noted|recalled|told)\s+"
    r"(?P<after>(?:[A-Z][\w’'-]+\s+){0,2}[A-Z][\w’'-]+)"
    r"|(?P<before>[A-Z][\w’'-]+),?\s+(?:said|says|explained|added|noted|recalled)\b")
#: Names of the calendar, which place a text in time and name none of its subjects.
_CALENDAR = MONTH_NAMES | words_of("monday tuesday wednesday thursday friday saturday sunday")
#: Words that open no noun phrase or close none, though they are no stop words
#: ("whatever sky", "mission aboard").
_NO_PHRASE = words_of(
    "whatever whichever whoever every another either neither aboard across ahead along "
    "alongside amid around away behind beside besides beyond despite toward towards "
    "together again instead later soon already still even almost nearly often rather "
    "one two three four five six seven eight nine ten eleven twelve several many various "
    "numerous")
#: The offices people hold, which make a name a person's ("NASA Administrator").
_OFFICES = words_of(
    "administrator president director commander pilot secretary chairman chairwoman chair "
    "senator representative governor minister chief officer ambassador general admiral")
#: Two words side by side with no mark between them, the first not a verb after "to" or a
#: modal ("to image areas", "could help firms").
_PAIR = re.compile(r"(?<!\bto\s)(?<!\bwill\s)(?<!\bcan\s)(?<!\bmay\s)(?<!\bmust\s)"
                   r"(?<!\bwould\s)(?<!\bcould\s)(?<!\bshould\s)(?<!\bmight\s)"
                   r"(?<![\w’'-])(?=([^\W\d_][\w’'-]*)\s+([^\W\d_][\w’'-]*)\b)")
#: Endings of adjectives and adverbs, which do not end a noun phrase ("usually visible").
_NOT_NOUN = ("ly", "ible", "able", "ous", "ive", "ful", "less", "ical")
#: Words of captions that place a picture, not name a subject.
_PLACES = words_of("left right middle top bottom center centre above below inset")


def _draft_titles(groups: Sequence[Sequence[_Leveled | Block]], title: str) -> list[str]:
    """A title for each group of paragraphs (captions included): the name or pair of
    words side by side whose words it repeats most and the other groups least (the
    article's title words aside; the words of its most salient sentence count twice; a
    long name counts by the square root of its length).
    Titles are never numbers ("Part 3"): a group always has a phrase of its own."""
    # a paragraph a line of its own, so that no name runs from one into the next
    texts = ["\n".join(_text(p) for p in group) for group in groups]
    counts = [Counter(_words_in(text)) for text in texts]
    spread = Counter(word for group in counts for word in group)
    known = content_words(title)
    titles: list[str] = []
    for text, words in zip(texts, counts, strict=True):
        lead = Counter(_words_in(_salient_sentence(text)))
        weight = {word: (count + lead[word]) * math.log((len(groups) + 1) / spread[word])
                  for word, count in words.items() if word not in known}
        # the weights summed in one order, so that a tie is one whatever the hash seed
        scored = {phrase: sum(weight.get(word, 0.0) for word in sorted(content_words(phrase)))
                  / math.sqrt(len(content_words(phrase)) or 1)
                  for phrase in set(_phrases(text)) if phrase not in titles}
        best = max(sorted(scored), key=lambda phrase: scored[phrase], default="")
        titles.append(_titled(best or _first_words(text)))
    return titles


def _words_in(text: str) -> list[str]:
    """The content words of a text, folded, each time they occur."""
    return [w for token in re.findall(r"[^\W\d_][\w’'-]*", text) for w in content_words(token)]


def _phrases(text: str) -> Iterator[str]:
    """Names (runs of capitalised words, or one capitalised word seen twice) and pairs of
    content words side by side seen twice, in ``text``; people (:data:`_PERSON`,
    :data:`_OFFICES`), words that place a picture ("Left:"), past forms ("announced"),
    adverbs first and adjectives last ("usually visible") aside."""
    people = _OFFICES | frozenset(word for match in _PERSON.finditer(text)
                                  for word in content_words(f"{match.group(1)} {match.group(2)}"))
    people |= frozenset(word for match in _SPEAKER.finditer(text)
                        for word in content_words(match.group("before") or match.group("after")))
    for match in _NAME.finditer(text):
        name = _name_itself(match.group(1), text[match.end(1):])
        if len(name.split()) > 1 and not content_words(name) & (_PLACES | people):
            yield name
    ones = Counter(match.group() for match in _CAPITALISED.finditer(text)
                   if _ONE_WORD.fullmatch(match.group())
                   and not _opens_sentence(text, match.start()))
    yield from (name for name, count in ones.items() if count >= 2 and content_words(name)
                and not content_words(name) & (_PLACES | _CALENDAR | people))
    pairs = Counter((match.group(1), match.group(2)) for match in _PAIR.finditer(text))
    for pair, count in pairs.items():
        if count >= 2 and all(content_words(word) and not word.endswith("ed")
                              and word.casefold() not in _PLACES | _NO_PHRASE
                              and not content_words(word) & people for word in pair) \
                and not pair[0].endswith("ly") and not pair[1].casefold().endswith(_NOT_NOUN):
            yield " ".join(pair)


#: An abbreviation before a number that ends a run of capitalised words ("Lodge No. 1188").
_NUMBER_SIGN = re.compile(r"\s+(?:No|Nos|Vol|Vols|Art|Sec|Ch)$")


def _name_itself(run: str, after: str) -> str:
    """A run of capitalised words as the name it holds: without an article first ("The"),
    the calendar words a text put before it ("November St Nicholas Lodge": a month ends
    one sentence, or opens it, and the name comes next), nor an abbreviation of "number"
    that the text follows with one ("Masons No. 1188")."""
    words = re.sub(r"^(?:The|A|An)\s+", "", run.strip()).split()
    while words and words[0].casefold() in _CALENDAR:
        words.pop(0)
    name = " ".join(words)
    if re.match(r"\.\s*\d", after):
        name = _NUMBER_SIGN.sub("", name)
    return name


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens a paragraph (a line), a sentence, a caption or
    a quotation."""
    before = text[:start].rstrip(" ")
    return not before.strip() or before.endswith("\n") or before.rstrip()[-1] in ".!?:“\""


def _salient_sentence(text: str) -> str:
    """The sentence of ``text`` that says most of what the rest says."""
    return next(iter(salient_sentences(text)), text)


def _first_words(text: str) -> str:
    """The first content words of a text, as a last resort for a title."""
    words = [w for w in re.findall(r"[^\W\d_][\w’'-]*", text) if content_words(w)]
    return " ".join(words[:3]) or "Section"


def _titled(phrase: str) -> str:
    """A phrase as a title: names as they are, other words with a capital first letter."""
    return phrase if phrase[:1].isupper() else phrase[:1].upper() + phrase[1:]


# ---------------------------------------------------------------------------------------
# The section tree
# ---------------------------------------------------------------------------------------


@dataclass
class _Open:
    heading: Heading
    level: int
    id: str
    tags: tuple[str, ...]
    blocks: list[Block] = field(default_factory=list)
    children: list[_Open] = field(default_factory=list)

    def freeze(self) -> Section:
        points = section_bullets(self.blocks)
        return Section(id=self.id, title=self.heading.title, level=self.level,
                       tags=self.tags, blocks=tuple(self.blocks),
                       keypoints=tuple((Run(p),) for p in points),
                       subsections=tuple(child.freeze() for child in self.children),
                       line=self.heading.line)


def _tree(pieces: Sequence[_Leveled | Block]) -> tuple[list[Block], list[Section]]:
    headings = [p for p in pieces if isinstance(p, _Leveled)]
    ids = _unique_ids([h.heading for h in headings])
    intro: list[Block] = []
    top: list[_Open] = []
    stack: list[_Open] = []
    for piece in pieces:
        if isinstance(piece, _Leveled):
            draft = _Open(piece.heading, piece.level, next(ids),
                          (DRAFTED,) if piece.drafted else ())
            while stack and stack[-1].level >= draft.level:
                stack.pop()
            (stack[-1].children if stack else top).append(draft)
            stack.append(draft)
        else:
            (stack[-1].blocks if stack else intro).append(piece)
    return intro, [draft.freeze() for draft in top]


def _unique_ids(headings: Sequence[Heading]) -> Iterator[str]:
    seen: set[str] = set()
    for index, heading in enumerate(headings, start=1):
        base = slug(heading.title) or f"section-{index}"
        ident, suffix = base, 1
        while ident in seen:
            suffix += 1
            ident = f"{base}-{suffix}"
        seen.add(ident)
        yield ident


def _one_line(text: str) -> str:
    """Text on one line: control characters dropped, spaces folded."""
    return " ".join("".join(ch for ch in text if ch.isprintable() or ch.isspace()).split())
