"""Slide bullets chosen from a section's prose: its most informative whole sentences.

Owns :func:`choose_bullets`, used by ``exporter ingest`` (to draft ``::: keypoints``) and by
the slide plan (for a section with prose and no key points), so both make the same choice.

1. **Salience.** Every sentence of the section (from :func:`exporter.text.sentences`) and
   every list item is a candidate, except a sentence without a final mark (a title), one
   that points at a figure ("Figure 2 displays ...") and one that asks the reader to act on
   the page ("Watch the video ..."). Candidates are ranked as TextRank does: a graph whose
   edges are the content words two sentences share, scored by PageRank, so a sentence that
   says what the rest of the section is about ranks high. The score is weighed up for
   numbers, named actors (capitalised words inside the sentence) and consequences
   ("because", "risk", "increase"...), and down for sentences that lean on the one before
   ("This", "It", "Such") or ask a question.
2. **Safe deletions only.** A long sentence is shortened by removing, in this order, what a
   reader does not need on a slide and whose removal keeps the statement true: an opening
   connective ("However,") and what points elsewhere in the document ("(see Figure 1)",
   ", as discussed below"), always; then "According to ...," and trailing attributions
   ("..., officials said"), parentheses and dashed asides, non-restrictive clauses
   (", which ...,"), and trailing examples (", such as ...", ", including ..."), then a
   trailing participle clause (", enhancing ..."). Nothing inside quotation marks is
   removed, no sentence is cut at a word count, and no single word is dropped.
3. **Whole statements.** A sentence still longer than :data:`MAX_WORDS` is passed over for
   the next salient one, and so is one that leans on the sentence before it ("This
   restriction ...", "... these products") unless that sentence is a bullet too. Three
   to five bullets per section (fewer when the section has fewer good sentences: never
   filler), in reading order, without near-repeats. A section whose every sentence is
   too long gets one bullet all the same, its most salient sentence shortened as far as
   safe deletions go, never cut: a long statement reads better than an empty slide.

Standard library only.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from exporter.model import Block, Inline, ListBlock, Paragraph, plain_text
from exporter.scripts import UNSPACED
from exporter.text import (
    FUNCTION_WORDS,
    NOTE_LABELS,
    ends_like_sentence,
    quoted,
    sentences,
    word_count,
    words_of,
)

#: A bullet may run to two lines on a slide.
MAX_WORDS = 25
#: A section whose sentences are all longer takes its most salient ones up to this length.
LONG_WORDS = 32
#: Deletions stop once a bullet is this short.
TARGET_WORDS = 18
#: Shorter candidates say too little to stand alone.
MIN_WORDS = 5
FEWEST, MOST = 3, 5

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_STOPWORDS = words_of(
    "a about above after again against all also am an and any are as at be because been "
    "before being below between both but by can could did do does doing down during each "
    "few for from further had has have having he her here hers herself him himself his how "
    "i if in into is it its itself just may me might more most must my no nor not now of "
    "off on once only or other our ours out over own same she should so some such than "
    "that the their theirs them themselves then there these they this those through to too "
    "under until up upon very was we were what when where which while who whom why will "
    "with within would you your") | frozenset().union(*(
        words for code, words in FUNCTION_WORDS.items() if code != "en")) | words_of(
    # the articles and prepositions those languages share, which tell none of them apart
    "de la le un en à y e da di del des au aux ces sa ses leur ne dont où sobre desde "
    "hasta nos nas aos pelo pela ein einer eines zum zur vom am an aus nach seit vor über "
    "unter par ha han hay había hatte haben als wie ou mais donc ni") - words_of(
    "son plus")  # English words too
#: Words that make a sentence state a consequence or a stake.
_CONSEQUENCE = words_of(
    "because therefore consequently result results resulted resulting lead leads led cause "
    "caused causes risk risks threat threatens increase increased increases decrease "
    "decreased reduce reduced reduces affect affected affects impact impacts effect effects "
    "enable enabled prevent prevented limit limits limited allow allows allowed")
#: Words that open a sentence leaning on the one before it.
_ANAPHORIC = words_of(
    "this that these those it its they them their such he she his her also other another")

_OPENING = re.compile(
    r"^(?:However|Additionally|In addition|Furthermore|Moreover|Also|For example|For instance"
    r"|Specifically|Similarly|Meanwhile|Thus|Therefore|Hence|Indeed|Consequently|As a result"
    r"|In turn|Likewise|Further|Finally|Lastly|Notably|Nevertheless|Nonetheless|Still"
    r"|Then|In fact|In short|In other words|Overall|Ultimately|Accordingly|Subsequently"
    r"|In contrast|By contrast|On the other hand|At the same time|Of course|Instead"
    r"|Later|Since then|As such|To do (?:this|so)|By doing (?:this|so)|In doing so"
    r"|To (?:this|that) end|With this in mind|As noted|As mentioned),\s+")
#: Conjunctions that open a sentence going on from the one before ("But it gives ...").
_BARE_OPENING = re.compile(r"^(?:But|And|Or|Yet|Okay|OK)\b")
#: A note's label before its text ("Note: ..."), which a bullet does not need.
_NOTE_LABEL = re.compile(rf"^(?i:{'|'.join(sorted(NOTE_LABELS))}):\s+")
_POINTS_BACK = re.compile(
    r"\b(?:[Tt]his|[Tt]hese|[Tt]hose|[Ss]uch)\s+(?!(?:as|that|who|whom|whose|which|of)\b"
    r"|year|month|week|day|time|morning|afternoon|evening|season|spring|summer|fall|autumn"
    r"|winter|century|decade)[a-z]")
_POINTER = re.compile(
    r"(?i:figure|fig\.|table|chart|map|box|appendix)\s+[A-Z]?\d+\b"
    r"|(?:The|This|These)\s+(?:following|next|remaining|subsequent)\s+(?:sub)?(?:sections?|"
    r"chapters?|parts?|pages?)\b"
    r"|(?:Enjoy|Watch|Read|Click|See|Learn|Visit|Follow|Download|Subscribe|Share|Listen|View"
    r"|Explore)\s+(?:(?:the|a|an|our|this|these|more|here|his|her|their)\b|[A-Z])"
    r"|For\s+(?:more|additional|further|other|related|recent|detailed)?\s*(?:information|data|"
    r"details|discussion|analysis|background|reading|an?\s+(?:overview|discussion|analysis)"
    r")\b[^.;]{0,150},\s+see\s")
#: What points elsewhere in the document or to another one, which a slide does not have:
#: "(see Figure 1)", "(Table 2)", "(see textbox)", "(see also Cornwall Council)", ", as
#: discussed below", a citation's mark ("[22]", "[citation needed]").
_POINTING = re.compile(
    r"\s*\((?:see\s+)?(?:(?:figure|fig\.|table|chart|map|box|appendix|app\.)\s*[A-Z]?\d+[a-z]?"
    r"|text\s?box|sidebar|below|above)\)"
    r"|\s*\(see(?:\s+also)?\s+(?-i:[A-Z])[^()]{0,80}\)"
    r"|\[(?:\d{1,3}|[a-z]|note \d{1,3}|citation needed|clarification needed)\]"
    r"|,?\s+(?:as\s+)?(?:discussed|described|noted|shown|explained)\s+(?:below|above|later)"
    r"(?=[.;!?]?$)", re.I)
#: What a report says of itself, not of its subject: its delivery ("We are sending copies
#: of this report to ...", "the report is available at no charge on the GAO website", "If
#: you or your staff have any questions about this report, ...") and the standards its
#: audit followed ("... in accordance with generally accepted government auditing
#: standards", "We believe that the evidence obtained provides a reasonable basis ...").
_ABOUT_ITSELF = re.compile(
    r"\bcopies of this (?:report|testimony|letter|document)\b"
    r"|\b(?:report|testimony) (?:is|will be) available (?:at no charge|on|from)\b"
    r"|\bhave any questions (?:about|on|concerning) this\b"
    r"|\bcontact points for our offices\b"
    r"|\bgenerally accepted government auditing standards\b"
    r"|\b(?:those|these) standards require that we\b"
    r"|\bevidence obtained provides a reasonable basis\b", re.I)
#: A citation, not a statement: a web address, a note's number before "See" or "Id.", or
#: a date before a semicolon, as a list of sources goes on ("November 7, 2023; Texas ...").
_CITATION = re.compile(r"https?://|\bwww\.|^\d{1,3}\s+(?:See|Id\.|Ibid\b)"
                       r"|^[A-Z][a-z]{2,8}\.?\s\d{1,2},\s\d{4};")
#: How a report says it did its work, not what it found: "To address the first objective,
#: we analyzed ...", "We interviewed officials ...".
_METHOD = re.compile(
    r"\b(?:to\s+address\s+(?:the|our|this|these)\s+(?:\w+\s+)?objectives?\b"
    r"|we\s+(?:also\s+)?(?:reviewed|analyzed|analysed|interviewed|examined|surveyed|"
    r"assessed|conducted|selected|collected|obtained|visited|compared)\b)", re.I)
_ACCORDING_LEAD = re.compile(r"^According to [^,;]{1,80},\s+")
_ACCORDING = re.compile(r",\s+according to [^,;]{1,80}(?=,|[.;!?]?$)")
_SAID_TAIL = re.compile(
    r",\s+(?:[\w’'-]+\s){0,5}(?:said|says|reported|noted|stated|wrote|added)(?=[.!?]?$)")
_ASIDE = re.compile(r"\s*\([^()]*\)|\s*\[[^\[\]]*\]|\s*—[^—]{1,120}—\s*|\s+–\s[^–]{1,120}\s–\s+")
#: A comma the sentence goes on after in lower case for four words at least, not one of a
#: list's, with another comma within five words (", systematic, national approach", ",
#: market pressure, state laws").
_GOES_ON = r",(?=\s+[a-z])(?!(?:\s+[^\s,;]+){1,5},)(?=(?:\s+[^\s.!?]+){4})"
#: A non-restrictive clause: to the end of the sentence, or to a comma the sentence goes on
#: after in lower case for four words at least, unless the comma is one of a list's (",
#: which is to create a visible, systematic, national approach": not after "visible,";
#: ", which mimics a single robust, stable qubit.": not after "robust,").
_CLAUSE = re.compile(rf",\s+(?:which|who|whom|whose|where)\s[^,;]*(?:{_GOES_ON}|(?=[.;!?]?$))")
#: An item of a list after the first: five words at most; the last, eight.
_ITEM = r"[^\s,;]+(?:\s+[^\s,;]+){0,4}"
_LAST_ITEM = r"[^\s,;]+(?:\s+[^\s,;]+){0,7}"
#: Examples (", such as ketchup and mustard"): to the end of the sentence, commas only
#: between short items, the last after "and" or "or" (", such as ketchup, mustard, and
#: relish"); or, with no comma inside, to a comma the sentence goes on after (", such as
#: those in meetings, could allow them to align": the examples go, the rest stays).
_EXAMPLES = re.compile(r",\s+(?:such as|including|like|for example|e\.g\.)\s[^,;]*?"
                       rf"(?:(?:(?:,\s+{_ITEM})*,?\s+(?:and|or)\s+{_LAST_ITEM})?(?=[.!?]?$)"
                       rf"|{_GOES_ON})")
#: Participles that say what follows from a sentence ("..., meaning that ...", "...,
#: leaving 40 dead").
_CONSEQUENCES = (
    "meaning|making|leading|causing|resulting|leaving|forcing|allowing|enabling|preventing|"
    "prompting|raising|reducing|bringing|giving|creating|driving|costing|killing|threatening|"
    "undermining|suggesting|indicating|showing")
#: A trailing participle clause that describes ("..., ranging from 1 to 5").
_PARTICIPLE = re.compile(rf",\s+(?!(?:{_CONSEQUENCES})\s)[a-z]+ing\s[^,;]*(?=[.!?]?$)")
#: A trailing participle clause that says what follows from the sentence: its point, only
#: deleted when the sentence is still too long for a bullet without it.
_CONSEQUENCE_CLAUSE = re.compile(rf",\s+(?:{_CONSEQUENCES})\s[^,;]*(?=[.!?]?$)")
#: Deletions in the order they are tried; the opening connective always goes.
_DELETIONS = (_ACCORDING_LEAD, _ACCORDING, _SAID_TAIL, _ASIDE, _CLAUSE, _EXAMPLES, _PARTICIPLE)


@dataclass(frozen=True)
class _Candidate:
    index: int
    text: str
    words: frozenset[str]


def section_bullets(blocks: Sequence[Block]) -> list[str]:
    """The bullets of a section's blocks: from its paragraphs and list items, leaving out
    paragraphs wholly in italics (captions, sources, notes and footnotes, as ingest marks
    them) and the sentence that introduces a list or a listing (ending in a colon), unless
    that sentence is all the section says ("The following code adds a chart:"). A section
    with no prose of its own but a caption that tells its story (a newsletter's item told
    under its photo) has that caption's bullets."""
    paragraphs = prose_texts(blocks)
    items = [_item_text(item.runs) for block in blocks if isinstance(block, ListBlock)
             for item in block.items]
    return choose_bullets([_without_lead_in(text) for text in paragraphs], items) or \
        choose_bullets([_lead_in_stated(text) for text in paragraphs], items) or \
        choose_bullets(_stories(blocks))


def _stories(blocks: Sequence[Block]) -> list[str]:
    """The captions among ``blocks`` that tell a story: two sentences or more, opening
    with no label ("Figure 2:", "Source:", "Left:") nor a note's number ("12 GAO, ...")."""
    return [block.text for block in blocks if isinstance(block, Paragraph) and is_aside(block)
            and not _LABELLED.match(block.text) and len(sentences(block.text)) >= 2]


#: What opens a labelled aside: a label of a few words and a colon, a figure's or table's
#: number, or a note's number.
_LABELLED = re.compile(r"\s*(?:[^\W\d_][\w ’'.-]{0,30}:|(?i:figure|fig\.|table|chart|map|box)"
                       r"\s+[A-Z]?\d|\d)")


#: What joins a list's item to the next ("...; or", "..., and", "...;"): the list's, not the
#: item's, which a bullet read alone does without.
_TO_NEXT_ITEM = re.compile(r"\s*[,;]\s*(?:and|or)?\s*$")


def _item_text(runs: Inline) -> str:
    """A list item's text, without what joins it to the next item ("; or"), a bold label
    that opens it, before a sentence, set off by a colon ("**New process** Our research
    ..." and "**New process.** Our research ..." read "New process: Our research ...")."""
    text = _TO_NEXT_ITEM.sub("", plain_text(runs))
    label = runs[0].text.strip() if runs and runs[0].bold else ""
    rest = text[len(runs[0].text):].strip() if label else ""
    if not (label and rest[:1].isupper()) or label.endswith(("!", "?")):
        return text
    return f"{label.rstrip(':.')}: {rest}"


def _without_lead_in(text: str) -> str:
    """A paragraph without its last sentence when that one ends in a colon ("... you
    should see something like this:"), which means little without what follows."""
    if not text.rstrip().endswith(":"):
        return text
    return " ".join(sentences(text)[:-1])


def _lead_in_stated(text: str) -> str:
    """A paragraph whose closing colon is a full stop: its lead-in read as a statement."""
    stripped = text.rstrip()
    return f"{stripped[:-1]}." if stripped.endswith(":") else text


def is_aside(paragraph: Paragraph) -> bool:
    """A paragraph wholly in italics: a caption, source line, note or footnote."""
    runs = [run for run in paragraph.runs if run.text.strip()]
    return bool(runs) and all(run.italic for run in runs)


def prose_texts(blocks: Iterable[Block]) -> list[str]:
    """The text of each paragraph among ``blocks`` that is prose, not an aside."""
    return [block.text for block in blocks if isinstance(block, Paragraph) and not is_aside(block)]


def choose_bullets(paragraphs: Sequence[str], items: Sequence[str] = ()) -> list[str]:
    """The slide bullets of a section whose prose is ``paragraphs`` and list ``items``."""
    texts = [s for paragraph in paragraphs for s in sentences(paragraph) if _states(s)]
    for item in items:  # an item too long for a bullet offers its sentences, as prose does
        whole = " ".join(item.split())
        said = sentences(whole) if word_count(whole) > LONG_WORDS else []
        texts += [s for s in said if _states(s)] if len(said) > 1 else [whole]
    candidates = [_Candidate(i, text, content_words(text)) for i, text in enumerate(texts)]
    candidates = [c for c in candidates if c.words]
    wanted = min(MOST, max(FEWEST, len(candidates) // 2))
    ranked = _ranked(candidates)
    chosen: dict[int, tuple[str, frozenset[str]]] = {}
    for limit in (MAX_WORDS, LONG_WORDS):
        for candidate in ranked:
            if len(chosen) >= wanted or (limit > MAX_WORDS and len(chosen) >= FEWEST):
                break
            bullet = shorten(candidate.text, limit)
            if bullet is None or candidate.index in chosen or any(
                    _repeats(candidate.words, words) for _, words in chosen.values()):
                continue
            if leans_on_previous(bullet) and candidate.index - 1 not in chosen and (
                    limit == MAX_WORDS or chosen):
                continue  # "This restriction ...": the sentence it leans on is not a bullet
            chosen[candidate.index] = (bullet, candidate.words)
    if not chosen:
        return _one_long_statement(ranked)
    return [chosen[index][0] for index in sorted(chosen)]


def _one_long_statement(ranked: Sequence[_Candidate]) -> list[str]:
    """The bullet of a section whose every sentence is too long even shortened: its most
    salient one, shortened as far as safe deletions go and shown whole, however long,
    rather than a slide with no text."""
    for candidate in ranked:
        bullet = shorten(candidate.text, limit=word_count(candidate.text))
        if bullet is not None:
            return [bullet]
    return []


def _states(sentence: str) -> bool:
    """Whether a sentence of prose states something a slide can carry: it ends like a
    sentence (a line without a full stop is a title: "Assessments of Servicer Accuracy"),
    does not point at a figure the slide lacks ("Figure 2 displays ..."), does not ask
    the reader to do something on the page ("Watch the crew narrate a video ...") or
    elsewhere ("For data on staffing nationally, see CRS Report R48725 ..."), is not an
    aside in brackets ("(Abridged English translation: ... 1984.)") and is no citation:
    it holds no web address and starts with no note's number ("72 See, for example, EIA,
    ...", a PDF copy's footnote run into the text) nor with a date and a semicolon
    ("November 7, 2023; Texas 89th Leg., ..."), nor what the report says of itself (its
    delivery: "We are sending copies of this report to ..."; its audit's standards)."""
    aside = sentence.startswith("(") and sentence.rstrip().rstrip(".").endswith(")")
    return ends_like_sentence(sentence) and not _POINTER.match(sentence) and not aside \
        and not _CITATION.search(sentence) and not _ABOUT_ITSELF.search(sentence)


def salient_sentences(text: str) -> list[str]:
    """The sentences of a text, the most salient first (see the module docstring)."""
    candidates = [_Candidate(i, sentence, content_words(sentence))
                  for i, sentence in enumerate(sentences(text))]
    return [c.text for c in _ranked([c for c in candidates if c.words])]


@functools.lru_cache(maxsize=1 << 16)
def content_words(text: str) -> frozenset[str]:
    """The content words of a text, folded (lower case, plural "s" dropped); in Chinese
    and Japanese, written without spaces, each pair of characters that follow each other
    counts as one."""
    out: set[str] = set()
    for word in _WORD.findall(text.casefold()):
        if runs := UNSPACED.findall(word):
            out.update(run[i:i + 2] for run in runs for i in range(max(1, len(run) - 1)))
            continue
        if word in _STOPWORDS or len(word) < 2:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.add(word)
    return frozenset(out)


#: The most sentences of one section that TextRank compares pair by pair (its graph grows
#: with their square): a longer section's sentences are first ordered by how central their
#: words are to the section, in linear time, and the most central ranked by TextRank.
RANK_LIMIT = 100


def _ranked(candidates: Sequence[_Candidate]) -> list[_Candidate]:
    """Candidates by salience, highest first (ties in reading order)."""
    if len(candidates) > RANK_LIMIT:
        central = _by_centrality(candidates)
        pool = {c.index for c in [candidates[0], *central[:RANK_LIMIT - 1]]}
        rest = [c for c in central if c.index not in pool]
        return _ranked([c for c in candidates if c.index in pool]) + rest
    scores = _textrank(candidates)
    weighted = [score * _informativeness(c, first=i == 0)
                for i, (c, score) in enumerate(zip(candidates, scores, strict=True))]
    order = sorted(range(len(candidates)), key=lambda i: (-weighted[i], i))
    return [candidates[i] for i in order]


def _by_centrality(candidates: Sequence[_Candidate]) -> list[_Candidate]:
    """Candidates by how many of the section's sentences share each of their words (a
    long sentence not favoured for its length), highest first, ties in reading order."""
    frequency = Counter(word for c in candidates for word in c.words)

    def centrality(candidate: _Candidate) -> float:
        shared = sum(frequency[word] for word in candidate.words)
        return shared / (math.log(len(candidate.words) + 1) + 1)

    return sorted(candidates, key=lambda c: -centrality(c))


def _textrank(candidates: Sequence[_Candidate], damping: float = 0.85,
              rounds: int = 30) -> list[float]:
    """PageRank over the sentence graph weighted by shared content words."""
    count = len(candidates)
    weights = [[_similarity(a, b) if a is not b else 0.0 for b in candidates] for a in candidates]
    totals = [sum(row) for row in weights]
    # each sentence's incoming edges, normalised by the sender's total, zeros left out
    incoming = [[(j, weights[j][i] / totals[j]) for j in range(count)
                 if totals[j] and weights[j][i]] for i in range(count)]
    scores = [1.0] * count
    for _ in range(rounds):
        scores = [(1 - damping) + damping * sum(share * scores[j] for j, share in edges)
                  for edges in incoming]
    return scores


def _similarity(a: _Candidate, b: _Candidate) -> float:
    shared = len(a.words & b.words)
    if not shared:
        return 0.0
    return shared / (math.log(len(a.words) + 1) + math.log(len(b.words) + 1))


def _informativeness(candidate: _Candidate, *, first: bool) -> float:
    """How much a sentence tells on its own: numbers, named actors and consequences up;
    leaning on the sentence before, asking, or telling how the report did its work ("we
    interviewed officials"), down."""
    text = candidate.text
    words = text.split()
    factor = 1.0
    if any(ch.isdigit() for ch in text):
        factor += 0.3
    if any(word[:1].isupper() for word in words[1:]):
        factor += 0.2
    if candidate.words & _CONSEQUENCE:
        factor += 0.2
    if first:
        factor += 0.2
    if leans_on_previous(text):
        factor -= 0.4
    if text.rstrip("\"'”’)").endswith("?"):
        factor -= 0.5
    if _METHOD.search(text):
        factor -= 0.4
    return max(factor, 0.1)


def leans_on_previous(text: str) -> bool:
    """Whether a sentence leans on the one before it: it opens with a connective
    ("Moreover,", "However,", "But"), its subject is a pronoun or "this"/"such" (at the start, or
    after an opening phrase of at most six words: "In addition to food, they carry ..."),
    or it points back with "this", "these", "those" or "such" before a noun ("associated
    with these metrics"; "this year", "such as" and "those that are built" point nowhere)."""
    if _OPENING.match(text) or _BARE_OPENING.match(text) or _POINTS_BACK.search(text):
        return True
    head, comma, rest = text.partition(", ")
    subjects = [head.split()[:1]]
    if comma and len(head.split()) <= _OPENING_PHRASE_WORDS:
        subjects.append(rest.split()[:1])
    return any(word and word[0].casefold() in _ANAPHORIC for word in subjects)


def _repeats(words: frozenset[str], other: frozenset[str]) -> bool:
    """Whether a candidate mostly repeats a bullet already chosen."""
    return len(words & other) > 0.6 * min(len(words), len(other))


def shorten(sentence: str, limit: int = MAX_WORDS) -> str | None:
    """A sentence as a bullet: safe deletions while it is long, no final full stop; None
    when it is still longer than ``limit`` words or says too little."""
    text = _delete(sentence.strip(), _NOTE_LABEL, capitalise=True)
    text = without_pointers(_delete(text, _OPENING, capitalise=True))
    for pattern in _DELETIONS:
        if word_count(text) <= TARGET_WORDS:
            break
        shorter = _delete(text, pattern, capitalise=pattern is _ACCORDING_LEAD)
        while shorter != text:  # nested brackets go from the inside out: "(§4721(c)(4))"
            text, shorter = shorter, _delete(shorter, pattern,
                                             capitalise=pattern is _ACCORDING_LEAD)
    if word_count(text) > limit:
        text = _delete(text, _CONSEQUENCE_CLAUSE)
    words = word_count(text)
    if not MIN_WORDS <= words <= limit:
        return None
    return without_full_stop(text)


def without_full_stop(text: str) -> str:
    """A sentence as a point on a slide, which ends with no full stop ("." or "。"; an
    ellipsis, a question or an exclamation keeps its mark)."""
    if text.endswith("。"):
        return text[:-1]
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def standalone_points(sentences: Sequence[str], limit: int = LONG_WORDS) -> list[str]:
    """Sentences as points read one by one: a sentence that leans on the one before it
    (:func:`leans_on_previous`: "It is situated south-west of Bodmin Moor") goes on from
    that one's point after a semicolon ("Bodmin is a civil parish ...; it is situated
    ..."), when the two make at most ``limit`` words; else it stays a point of its own."""
    points: list[str] = []
    for sentence in sentences:
        if points and leans_on_previous(sentence):
            joined = f"{without_full_stop(points[-1]).rstrip(';:,')}; {_lower_first(sentence)}"
            if len(_WORD.findall(joined)) <= limit:
                points[-1] = joined
                continue
        points.append(sentence)
    return points


def _lower_first(sentence: str) -> str:
    """``sentence`` going on after a semicolon: its first word in lower case when it is a
    function word written with a capital only for opening the sentence ("It", "However"),
    as it was ("NASA", "I", "Bodmin")."""
    first = sentence.split(maxsplit=1)[0].rstrip(",;:")
    ordinary = first.casefold() in _STOPWORDS | _ANAPHORIC or bool(
        _OPENING.match(sentence) or _BARE_OPENING.match(sentence))
    if ordinary and len(first) > 1 and first[1:].islower():
        return sentence[0].lower() + sentence[1:]
    return sentence


def without_pointers(text: str) -> str:
    """``text`` without what points elsewhere (:data:`_POINTING`): "(see Figure 1)",
    "(see also Cornwall Council)", "[22]"."""
    return _delete(text, _POINTING)


def _delete(text: str, pattern: re.Pattern[str], *, capitalise: bool = False) -> str:
    """``text`` without the matches of ``pattern`` that touch no quotation and leave a
    sentence of :data:`MIN_WORDS` words or more, not only the clause or phrase that opened
    it ("Since elevating the fire would improve visibility, placing it on a platform ..."
    keeps its main clause; :func:`_only_opening`)."""
    matches = list(pattern.finditer(text))
    protected = quoted(text) if matches else set()
    for match in reversed(matches):
        if protected.intersection(range(match.start(), match.end())):
            continue
        joint = " " if match.group().endswith((" ", "—")) and match.start() > 0 else ""
        shorter = _tidy(text[:match.start()] + joint + text[match.end():])
        if word_count(shorter) >= MIN_WORDS and _balanced(shorter) \
                and not _only_opening(shorter):
            text = shorter
    return text[:1].upper() + text[1:] if capitalise else text


def _tidy(text: str) -> str:
    text = re.sub(r"\s+([,.;:!?])(?=\s|$)", r"\1", " ".join(text.split()))
    return re.sub(r",(?=[.;!?]|$)", "", text).strip()


#: Conjunctions that open a clause which needs a main clause after it.
_SUBORDINATORS = words_of(
    "since because if when whenever although though while whereas as after before unless "
    "until once whether")


#: Prepositions that open a sentence's opening phrase ("In the case of Bitcoin, ...").
_PREPOSITIONS = words_of(
    "in on at for by with under during from of among across through within without despite "
    "beyond after before throughout regarding concerning unlike like")
#: The most words of an opening phrase, as :func:`leans_on_previous` counts them.
_OPENING_PHRASE_WORDS = 6


def _only_opening(text: str) -> bool:
    """Whether what is left of a sentence is only the subordinate clause or the opening
    phrase that opened it ("In the case of Bitcoin", once ", mining involves ..." was taken
    for a trailing participle)."""
    words = text.split()
    first = words[0].casefold() if words else ""
    if "," in text:
        return False
    return first in _SUBORDINATORS or (
        first in _PREPOSITIONS and len(words) <= _OPENING_PHRASE_WORDS)


def _balanced(text: str) -> bool:
    return all(text.count(a) == text.count(b) for a, b in ("()", "[]", "“”"))
