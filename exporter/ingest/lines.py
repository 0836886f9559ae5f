"""What a line of an article is, whatever the format it came in.

Owns the recognisers that every reader shares: date lines ("Updated April 22, 2026"),
bylines ("By Jane Doe"), report numbers ("GAO-26-108534", "(R48903)"), captions and
asides ("Figure 1: ...", "Source: ...", "Left: ..."), footnotes of PDF copies, and the
names of back matter ("References", "See also") and of generic sections ("Introduction")
that never title an article. Each returns what it found, or nothing. It also knows the
marks a web page leaves in a copy of its text: "[edit]" after a heading, reference marks
("[12]", "[a]", "[citation needed]") in the prose, and the lines of the site around the
article ("From Wikipedia, the free encyclopedia", "Jump to navigation").
"""

from __future__ import annotations

import datetime as _dt
import re

from exporter.text import ABBREVIATIONS, CLOSERS, SENTENCE_STARTERS

_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
    ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
    ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
    ("december", "dec")), start=1) for name in names}
#: The names of the months and their short forms, folded.
MONTH_NAMES = frozenset(_MONTHS)
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DATE_FORMS = (
    re.compile(rf"{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"),
    re.compile(rf"(?P<day>\d{{1,2}})\s+{_MONTH},?\s+(?P<year>\d{{4}})"),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"),
    re.compile(r"(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})"),
)
_DATE_LABEL = re.compile(
    r"(?:(?:last\s+)?(?:updated|published|posted|revised|released|issued|dated|date)"
    r"(?:\s+on)?\s*:?\s*)?", re.I)
#: A report number: letters, then digits, with hyphens or dots ("GAO-26-108534", "R48903").
_REPORT = re.compile(r"\(?(?P<number>(?:[A-Z]{1,6}[-/]?)+\d[\dA-Z]*(?:[-.]\d+[A-Z]?)*)\)?")
_REPORT_LABEL = re.compile(r"(?:report|product)\s+(?:no\.?|number)\s*:?\s*", re.I)
_BYLINE = re.compile(
    r"(?:by|written by|authors?|reported by)\s*:?\s+(?P<names>[A-Z][^\d!?;]{2,120})", re.I)
#: An author's name and post, as reports sign their sections or end ("Rachel Lindbergh,
#: Analyst in Science and Technology Policy", "Jane Doe, Senior Research Fellow").
_AUTHOR_POST = re.compile(
    r"(?P<names>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3}),\s+(?:(?:Senior|Legislative|Principal|"
    r"Section Research|Research|Visiting|Associate|Assistant|Staff)\s+)*(?:Specialist|Analyst|"
    r"Attorney|Economist|Manager|Coordinator|Researcher|Fellow|Director|Professor|Editor|"
    r"Correspondent|Reporter|Writer|Scientist|Librarian)\b[^.!?]{0,80}")
_NAME_WORD = re.compile(r"(?:[A-Z][\w'’.-]*|and|&|de|van|von|der|da|di|la|le|bin|al|,)$")
_CAPTION = re.compile(
    r"(?:(?:figure|fig\.|table|chart|map|exhibit|graph|photo|image|box|text ?box|sidebar|"
    r"illustration|video)\s+[A-Z]?-?\d+[A-Za-z]?(?:[.-]\d+)?\s*[.:—–-]"
    r"|(?:sources?|notes?|credits?|photo credits?|image credits?|caption)\s*:"
    r"|(?:(?:top|bottom|middle|center|upper|lower)(?:\s+(?:left|right))?|left|right|above|"
    r"below|inset|pictured|clockwise from [a-z ]{3,20})\s*:)", re.I)
#: A footnote's marker, before a capital, a quote, a bracket or a cited law's title
#: number ("18 31 U.S.C. § 3352(c).").
_FOOTNOTE = re.compile(r"(?P<number>\d{1,3}|[a-z])\s+(?=[A-Z“\"(]|\d{1,3}\s+[A-Z])")
#: The list of addressees a letter ends with ("List of Committees", then "The Honorable
#: ...", "United States Senate").
ADDRESSEES = frozenset(("list of committees", "list of addressees", "list of requesters",
                        "list of recipients"))
BACK_MATTER = frozenset((
    "references", "notes", "footnotes", "endnotes", "bibliography", "sources", "citations",
    "works cited", "see also", "external links", "further reading", "for further reading",
    "suggested reading", "recommended reading", "notes and references",
    "references and notes", "author information", "author contact information", "contacts",
    "acknowledgments", "acknowledgements", "disclaimer", "media contact", "media contacts",
    "news media contact", "news media contacts", "press contact", "press contacts",
    "contact information", "staff acknowledgments", "gao contact", "gao contacts",
    "gao contact and staff acknowledgments", "gao contact staff acknowledgments",
    "gao contacts and staff acknowledgments", "gao contacts staff acknowledgments",
    "gao s mission", "obtaining copies of gao reports and testimony", "connect with gao")) \
    | ADDRESSEES
#: The lines of a letter's list of addressees that stand alone as headings would: the
#: chambers its committees belong to.
CHAMBERS = frozenset(("united states senate", "house of representatives", "u s senate",
                      "u s house of representatives"))
#: Back matter that closes a document: a publisher's last page, all of it left out.
CLOSING_BACK_MATTER = frozenset(("gao s mission",
                                 "obtaining copies of gao reports and testimony"))
#: The back-matter names of two words or more, which a copy may glue to the next headings.
_LONG_BACK_MATTER = tuple(sorted(name for name in BACK_MATTER if " " in name))
#: The headings of the lists of figures, tables and appendixes a report shows after its
#: contents: page furniture, left out with their lists.
LISTS_OF = frozenset(("figures", "tables", "appendixes", "appendices", "list of figures",
                      "list of tables", "figures and tables", "list of figures and tables"))
#: The sections that summarise a report before its body.
SUMMARY_SECTIONS = frozenset(("highlights", "summary", "executive summary", "abstract",
                              "key findings", "key points", "at a glance"))
#: The sections a report's body opens with.
BODY_OPENERS = frozenset(("background", "introduction", "letter", "overview"))
GENERIC_SECTIONS = frozenset((
    "introduction", "summary", "abstract", "overview", "background", "contents",
    "table of contents", "executive summary", "conclusion", "conclusions", "letter", "preface",
    "foreword", "highlights", "key findings"))

#: The parts a report opens with ("Introduction", "Background on Seabed Mining", "Overview
#: of Grant Programs", "Letter"): a section of the report, or the first part of a section's
#: own story ("History", then "Background").
_OPENING_PART = re.compile(
    r"(?:introduction|background|overview|summary|letter)(?:\s+(?:of|on|and)\b.*)?")
#: The closing parts of a report that put its questions to its readers: "Issues for
#: Congress", "Policy Considerations", "Selected Legislative Options", "Regulatory Policy
#: Issues", "Potential Reforms". The headings after one are its subsections (the issues,
#: the options), up to the next part.
_ASKING_PART = re.compile(
    r"(?:[a-z]+\s+){0,2}policy\s+(?:issues|considerations|options)\b.*"
    r"|(?:[a-z]+\s+(?:and\s+)?)?(?:issues|considerations|options|questions)\s+for\s+"
    r"(?:congress|policymakers)"
    r"|(?:selected\s+)?(?:legislative|congressional)\s+(?:considerations|options|proposals)"
    r"\b.*"
    r"|(?:potential|possible|proposed|selected)\s+(?:reforms|options|policy\s+responses)")
#: The parts a report closes with, each a section of its own wherever it comes: its
#: conclusions ("Conclusions and Selected Options", "Concluding Observations"), what it
#: asks of its readers (:data:`_ASKING_PART`, "Recommendations for Executive Action",
#: "Agency Comments and Our Evaluation"), its method ("Objectives, Scope, and Methodology")
#: and its appendixes ("Appendix II: ..."); parts a copy glued into one line ("Conclusions
#: Recommendation for Executive Action").
_CLOSING_PART = re.compile(
    r"conclusions?(?:\s+(?:of|on|and|recommendations?)\b.*)?"
    r"|concluding\s+(?:remarks|observations|thoughts)"
    r"|recommendations?\s+for\s+(?:executive\s+action|congress)\b.*"
    r"|matters?\s+for\s+congressional\s+consideration\b.*"
    r"|agency\s+comments\b.*"
    r"|observations\s+for\s+(?:congress|policymakers)"
    r"|(?:selected\s+)?(?:legislative|congressional)\s+(?:history|action|activity|"
    r"developments)\b.*"
    r"|.*\bin\s+the\s+\d{2,3}(?:st|nd|rd|th)\s+congress"
    r"|(?:objectives\s+)?scope\s+and\s+methodology"
    r"|appendix(?:es)?(?:\s+[ivxlc\d]+\b.*|\s+[a-z])?")

#: The link a wiki puts after each heading, which a copy of the page keeps.
_EDIT_LINK = re.compile(r"\s*\[\s*edit(?:\s+source)?\s*\]\s*$", re.I)
#: A reference mark of a web page glued to the word or mark before it.
_REFERENCE_MARK = re.compile(
    r"(?<=[^\s\[])\[(?:\d{1,3}|[a-z]|(?:note|nb|n)\s*\d{1,3}|citation needed|"
    r"clarification needed|according to whom\?|who\?|when\?|which\?|by whom\?|"
    r"dubious[^\]]{0,20}|failed verification|better source needed|page needed)\]", re.I)
#: Lines of a web site around the article it shows (a video player's notice among them).
_SITE_LINE = re.compile(
    r"from wikipedia, the free encyclopedia|jump to (?:navigation|search|content|main content)"
    r"|skip to (?:main )?content|retrieved from \S+|this page was last edited on .{4,80}"
    r"|to view this video,? please enable javascript.{0,120}"
    r"|\d{1,3}\s*(?:min|mins|minutes?)\.?\s+read",  # a page's reading time: "19 min read"
    re.I)


#: A PDF copy's heading whose letter with a descender fell to its end ("Back round g" for
#: "Background", "Re ort p" for "Report"): the word before the gap, the rest, the letter.
_FALLEN_LETTER = re.compile(r"(?P<head>.*\S) (?P<tail>\S.*) (?P<letter>[gjpqy])")


def section_key(title: str) -> str:
    """:func:`plain_key` of a heading, or of the report part or generic section it names in
    a PDF copy whose descender letter fell to the end of the line ("Back round g" names
    "background"): the text itself is left as it came."""
    key = plain_key(title)
    fallen = _FALLEN_LETTER.fullmatch(key)
    if fallen is None:
        return key
    head, tail, letter = fallen.group("head", "tail", "letter")
    words = f"{head} {tail}".split(" ")
    for gap in range(1, len(words)):
        named = " ".join([*words[:gap - 1], words[gap - 1] + letter + words[gap],
                          *words[gap + 1:]])
        if named in GENERIC_SECTIONS or any(part.fullmatch(named) for part in (
                _OPENING_PART, _CLOSING_PART, _ASKING_PART)):
            return named
    return key


def report_part(title: str) -> str | None:
    """Which of the parts a report is built of a heading names: "opening"
    (:data:`_OPENING_PART`), "asking" (:data:`_ASKING_PART`), "closing"
    (:data:`_CLOSING_PART`), or None."""
    key = section_key(title)
    for name, part in (("opening", _OPENING_PART), ("asking", _ASKING_PART),
                       ("closing", _CLOSING_PART)):
        if part.fullmatch(key):
            return name
    return None


def is_back_matter(title: str) -> bool:
    """Whether a heading opens back matter: it is a back-matter name, or opens with one of
    two words or more that a copy glued to the next headings ("GAO’s Mission Obtaining
    Copies of GAO Reports and Testimony")."""
    return _back_matter_name(title) is not None


def lists_addressees(opening: str, title: str) -> bool:
    """Whether a heading is a line of the list of addressees that ``opening`` (a back-matter
    heading) began: a chamber ("United States Senate") under "List of Committees"."""
    return plain_key(opening) in ADDRESSEES and plain_key(title) in CHAMBERS


def closes_document(title: str) -> bool:
    """Whether a heading opens the back matter that ends a document (a publisher's last
    page: "GAO's Mission"), after which nothing is the article's."""
    return _back_matter_name(title) in CLOSING_BACK_MATTER


def _back_matter_name(title: str) -> str | None:
    key = plain_key(title)
    if key in BACK_MATTER:
        return key
    return next((name for name in _LONG_BACK_MATTER if key.startswith(f"{name} ")), None)


def without_edit_link(line: str) -> str:
    """A line without the "[edit]" link a wiki puts after a heading."""
    return _EDIT_LINK.sub("", line)


def without_reference_marks(text: str) -> str:
    """Prose without the reference marks of a web page ("... the 14th century.[4]")."""
    return _REFERENCE_MARK.sub("", text)


def is_site_line(text: str) -> bool:
    """A line of the web site around an article: its tagline, skip links, page footer."""
    return bool(_SITE_LINE.fullmatch(text.strip().rstrip(".")))


#: A detail of an event or a contact on its own line: "Location: Capitol Rotunda", "10 a.m.
#: – Panel with students", "TBD – Resolution readings", a phone number, an e-mail address.
_DETAIL = re.compile(
    r"(?:location|venue|address|where|when|time|date|phone|tel|telephone|e-?mail|fax|"
    r"website|cost|price|tickets|registration|contact)\s*:\s*\S.*"
    r"|\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|(?:am|pm)\b).*|tbd\s*[–—-].*", re.I)
_CONTACT = re.compile(r"\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}|\+\d[\d\s().-]{7,}\d"
                      r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SIGNATURE = re.compile(
    r"(?:acting\s+)?(?:managing\s+|deputy\s+|associate\s+)?director,\s+\S", re.I)
_ADDRESS = re.compile(
    r"the honorable\s+\S|(?:chairman|chairwoman|chair|vice chair(?:man)?|ranking member|"
    r"congressional (?:committees|requesters|addressees))\s*$|(?:sub)?committee on\s+\S|"
    r"members of the (?:committee|subcommittee)\b", re.I)


def is_detail(text: str) -> bool:
    """A line giving a detail of an event or a contact, never a heading."""
    return bool(_DETAIL.fullmatch(text.strip())) or is_contact(text)


def is_contact(text: str) -> bool:
    """A line that is a phone number or an e-mail address, alone or with the few words
    that name it ("Automated answering system: (800) 424-5454", "Chelsa Kenney,
    kenneyc@gao.gov"), or a signature's title ("Director, Natural Resources and
    Environment")."""
    text = text.strip()
    if _CONTACT.fullmatch(text) or (_SIGNATURE.match(text) and len(text.split()) <= 10):
        return True
    return len(text.split()) <= 12 and bool(_CONTACT.search(text)) and not text.endswith(".")


def is_address(text: str) -> bool:
    """A line of a letter's address or greeting: "The Honorable Jane Doe", "Chairman",
    "Ranking Member", "Committee on Appropriations", "Congressional Committees"."""
    return bool(_ADDRESS.match(text.strip()))


def plain_key(text: str) -> str:
    """A title folded for comparisons: lower case, letters and digits only."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


#: A paragraph that announces the subsections after it: "The remainder of this section
#: discusses ...", "This section describes ...", "... are discussed below.", "as follows:".
_ANNOUNCES = re.compile(
    r"\b(?:the\s+)?(?:following|next|remaining|subsequent)\s+(?:sub)?sections\b"
    r"|\b(?:sub)?sections\s+(?:below|that\s+follow)\b"
    r"|\bthe\s+subsections\s+(?:provide|present|describe|discuss|detail|examine|"
    r"address|cover|review|outline)\b"
    r"|\b(?:discussed|described|examined|outlined|detailed|summarized|reviewed)\s+below\b"
    r"|\bthe\s+remainder\s+of\s+this\s+(?:section|report|chapter)\b"
    r"|\bthis\s+(?:section|chapter|part)\s+(?:first\s+)?(?:discusses|describes|examines|"
    r"outlines|reviews|summarizes|presents|provides|highlights|explores|covers|analyzes|"
    r"details|"
    r"analyses|considers|illustrates|identifies|compares|addresses|explains|assesses|"
    r"evaluates|introduces|focuses\s+on|looks\s+at|uses\s+(?:\w+\s+){0,2}examples)\b"
    r"|:$", re.I)


def announces_sections(text: str) -> bool:
    """Whether a section's last paragraph announces the subsections that follow it."""
    return bool(_ANNOUNCES.search(text.rstrip()))


#: Words that name a section's subsections wherever in its text they stand ("The
#: subsections provide details about ...").
_NAMES_SUBSECTIONS = re.compile(r"\b(?:the|its|these|following)\s+subsections\b", re.I)


def mentions_subsections(text: str) -> bool:
    """Whether a paragraph speaks of its section's subsections ("The subsections provide
    details about ..."): it announces them wherever it stands in the section."""
    return bool(_NAMES_SUBSECTIONS.search(text))


def date_of(text: str) -> str | None:
    """The ISO date of a line that is only a date, perhaps labelled ("Updated April 22,
    2026", "22 April 2026", "2026-04-22", "04/22/2026"), or None."""
    rest = _DATE_LABEL.match(text.strip())
    body = text.strip()[rest.end():] if rest else text.strip()
    body = _REPORT_SUFFIX.sub("", body).strip(" .,")
    for form in _DATE_FORMS:
        match = form.fullmatch(body)
        if match and (day := _date(match)) is not None:
            return day
    return None


_REPORT_SUFFIX = re.compile(r"\s*\((?:[A-Z]{1,6}[-/]?)+\d[\dA-Z.-]*\)$")


def _date(match: re.Match[str]) -> str | None:
    month = match.group("month")
    number = int(month) if month.isdigit() else _MONTHS.get(month.casefold())
    if number is None:
        return None
    try:
        return _dt.date(int(match.group("year")), number, int(match.group("day"))).isoformat()
    except ValueError:
        return None


def report_number_of(text: str) -> str | None:
    """The report number of a line that is one ("GAO-26-108534", "Report No.: R48903",
    or the "(IF10002)" after a date), or None."""
    body = _REPORT_LABEL.sub("", text.strip(), count=1).strip()
    suffix = _REPORT_SUFFIX.search(body)
    if suffix and date_of(body):
        body = suffix.group().strip()
    match = _REPORT.fullmatch(body)
    if match is None:
        return None
    number = match.group("number")
    return number if any(ch.isdigit() for ch in number) and len(number) >= 4 else None


def byline_of(text: str) -> str | None:
    """The names of a byline ("By Jane Doe and John Roe", "Authors: Doe, Jane"), or of an
    author over the post they hold ("Corrie E. Clark, Specialist in Energy Policy"), or
    None."""
    match = _BYLINE.fullmatch(text.strip()) or _AUTHOR_POST.fullmatch(text.strip())
    if match is None:
        return None
    names = match.group("names").strip()
    words = names.replace(",", " , ").split()
    if len(words) > 16 or not all(_NAME_WORD.match(word) for word in words):
        return None
    return names


def names_only(byline: str) -> bool:
    """Whether a byline names its authors and nothing more ("By Ashley Balzer"), not the
    post they hold ("Rachel Lindbergh, Analyst in Science and Technology Policy")."""
    return _BYLINE.fullmatch(byline.strip()) is not None


def banner_rest(text: str, title: str) -> str | None:
    """What follows the title in a line that glues the title to its date or report number,
    as a page shows it over the article ("... U.S. ShippersApril 10, 2026 (R48903)" gives
    "April 10, 2026 (R48903)"), or None. A line that only repeats the title is not one.
    The title's words are compared without punctuation, and without the ordinal endings a
    copy may lose with their superscript ("15th" as "15")."""
    wanted = [_ORDINAL_END.sub("", word) for word in _WORD.findall(title.lower())]
    found = list(_WORD.finditer(text.lower()))
    if not wanted or len(found) < len(wanted):
        return None
    pairs = list(zip(wanted, found, strict=False))
    if any(_ORDINAL_END.sub("", got.group()) != word for word, got in pairs[:-1]):
        return None
    last, glued = pairs[-1]
    if not (glued.group() == last or glued.group().startswith(last)
            or _ORDINAL_END.sub("", glued.group()) == last):
        return None
    end = glued.start() + (len(last) if glued.group().startswith(last) else len(glued.group()))
    rest = text[end:].lstrip(CLOSERS).strip(" \t-–—|,:")
    return rest if rest and (date_of(rest) or report_number_of(rest)) else None


_WORD = re.compile(r"\w+")
#: The ending of an ordinal number ("15th", "2nd").
_ORDINAL_END = re.compile(r"(?<=\d)(?:st|nd|rd|th)$")


def is_front_matter(text: str) -> bool:
    """A line that is only a date, a byline or a report number."""
    return bool(date_of(text) or byline_of(text) or report_number_of(text))


def is_caption(text: str) -> bool:
    """A figure or table title, a source or note line, or a photo caption: one that opens
    with its label ("Figure 1:", "Source:", "Left:"), one that places two pictures or
    more ("A selection of photographs. Left: Los Angeles. Right: Chicago."), or one that
    ends with the picture's credit after its last sentence ("Artist's concept of the
    Gateway. NASA", "... over Shenzhen, China. NASA/Bill Ingalls")."""
    text = text.strip()
    return bool(_CAPTION.match(text)) or len(_PLACE_LABEL.findall(text)) >= 2 or (
        (credited := _CREDITED.fullmatch(text)) is not None and _credit(credited))


#: A caption's sentence (ending in a small word, not an abbreviation), then a credit: a
#: few capitalised words or names joined by "/" ("NASA", "NASA/JPL-Caltech", "SpaceX").
_CREDITED = re.compile(
    r"(?P<text>.*[a-z0-9)\]’”'\"][.!?])\s+"
    r"(?P<credit>[A-Z][\w&’'.-]*(?:(?:/|,\s|\s&\s|\s)[A-Z][\w&’'.-]*){0,5})")


def _credit(credited: re.Match[str]) -> bool:
    """Whether a caption-shaped line's last words are a picture's credit: after a sentence
    of four words or more that an abbreviation does not end ("... of St. Petroc's" is no
    caption), with no full stop of their own, not opening a sentence."""
    text, credit = credited.group("text"), credited.group("credit")
    last = text.split()[-1].rstrip(".!?").casefold()
    return len(text.split()) >= 4 and not credit.endswith(".") and last not in ABBREVIATIONS \
        and credit.split()[0].casefold() not in SENTENCE_STARTERS


_PLACE_LABEL = re.compile(
    r"(?:^|[.!?]\s+)(?:(?:top|bottom|middle|center|upper|lower)(?:\s+(?:left|right))?|left|"
    r"right|above|below|inset)\s*:", re.I)


def footnote_number(text: str, *, after: int | None = None) -> str | None:
    """The marker of a footnote as PDF copies show it ("12 GAO, Federal Student Loans ...",
    "a This stay did not ..."), or None. The text after the marker must be more than a
    heading: a sentence of eight words or more, a source that ends with its web address
    ("15 Trade Data Monitor LLC; commodity 1201, https://..."), or, for the note numbered
    next ``after`` the one before it, any text that ends with a full stop ("16
    GAO-24-106214.")."""
    match = _FOOTNOTE.match(text)
    if match is None:
        return None
    number, rest = match.group("number"), text[match.end():]
    if len(rest.split()) >= 8 or (number.isdigit() and _URL_END.search(rest)):
        return number  # a sentence, or a source and its web address: no heading
    following = after is not None and number.isdigit() and int(number) == after + 1
    return number if following and rest.rstrip().endswith(".") else None


#: A web address that ends a note ("..., https://tradedatamonitor.com/").
_URL_END = re.compile(r"https?://\S+$")


_LABELLED = re.compile(r"(?P<label>[A-Za-z][A-Za-z ./()]{0,30}?)\s*:\s*(?P<value>\S.*)")
#: Labels of metadata lines, by the front-matter key they fill ("" for none).
METADATA_LABELS = {
    "date": "date", "published": "date", "publication date": "date", "updated": "date",
    "last updated": "date", "released": "date", "author": "author", "authors": "author",
    "by": "author", "written by": "author", "author(s)": "author", "report": "source",
    "report no.": "source",
    "report no": "source", "report number": "source", "product number": "source",
    "crs product number": "source", "product type": "", "crs product type": "",
    "version": "", "source": "", "doi": "", "isbn": "", "url": "", "category": "",
    "tags": "", "keywords": "", "published in": "", "publisher": "", "topic": "",
    "topics": "", "subject": "", "subjects": "", "referenced legislation": "",
}


def metadata_of(text: str) -> tuple[str, str] | None:
    """(front-matter key or "", value) of a labelled metadata line ("Publication Date:
    04/10/2026", "Authors: Doe, Jane; Roe, John", "Version: 3"), or None."""
    match = _LABELLED.fullmatch(text.strip())
    if match is None:
        return None
    key = METADATA_LABELS.get(match.group("label").casefold().strip())
    if key is None:
        return None
    value = match.group("value").strip()
    if key == "date":
        value = date_of(value) or ""
    elif key == "source":
        value = report_number_of(value) or value
    elif key == "author":
        value = _names(value)
    return key, value


def _names(value: str) -> str:
    """"Frittelli, John; Goldman, Ben" -> "John Frittelli, Ben Goldman"."""
    people = [p.strip() for p in value.split(";") if p.strip()]
    if len(people) > 1 or (people and people[0].count(",") == 1):
        turned = []
        for person in people:
            last, comma, first = person.partition(",")
            turned.append(f"{first.strip()} {last.strip()}" if comma else person)
        return ", ".join(turned)
    return value
