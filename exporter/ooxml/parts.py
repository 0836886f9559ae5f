"""Parts and relationships of an Office package, read by name with lxml.

:class:`Package` opens a .docx or .pptx made by anyone for reading without python-docx or
python-pptx (which refuse some valid files and build objects an inspection never uses): it
finds the main part through ``/_rels/.rels`` and parses only the parts asked for, once each,
with a parser that resolves no entities and fetches nothing. Every way a file can fail to be
a readable Word or PowerPoint package is an :class:`~exporter.errors.AuditError` (the audit
is what reads files from anyone).

:func:`editable_package` turns any template the renderers are given (.dotx, .potx, a show,
a macro-enabled file) into the plain document or presentation python-docx and python-pptx
open, with nothing in it that reaches outside it: the main part's content type relabelled,
the macros dropped, external relationships (but web and e-mail links) and fields that read
other files removed. :func:`repaired_package` mends, before that, the damage whose repair is
certain: parts a relationship reaches that have no content type of their own get the one
the relationship implies, and relationships to parts that are missing are removed.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote

from lxml import etree

from exporter.errors import AuditError
from exporter.ooxml.package import CONTENT_TYPES, MAIN_PART, check_zip

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}

DECK = "deck"
BRIEFING = "briefing"

_STRICT_PREFIX = "http://purl.oclc.org/ooxml/"
_KINDS = {"presentationml": DECK, "wordprocessingml": BRIEFING}
_HINT = "give a .docx or .pptx file saved by Word, PowerPoint or LibreOffice"
#: What reading a damaged, encrypted or oddly compressed zip entry raises.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError,
               NotImplementedError)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


@cache
def qn(name: str) -> str:
    """``"w:p"`` as lxml's ``"{namespace}p"``."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def local_name(element: etree._Element) -> str:
    """The tag of ``element`` without its namespace."""
    return etree.QName(element).localname


class _Relationship(NamedTuple):
    id: str
    type: str  # last segment of the type URI
    target: str  # absolute part name


class Package:
    """One Office file opened for reading; parts are parsed on first use and kept."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip = _open_zip(path)
        self._names = set(self._zip.namelist())
        self._parts: dict[str, etree._Element] = {}
        self._rels: dict[str, list[_Relationship]] = {}
        try:
            self.main = self._main_part()
            self.kind = self._kind_of(self.main)
        except AuditError:
            self.close()
            raise

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def has(self, partname: str) -> bool:
        return partname.lstrip("/") in self._names

    def xml(self, partname: str) -> etree._Element:
        """The root element of a part (``/ppt/slides/slide1.xml``), parsed once."""
        if partname not in self._parts:
            self._parts[partname] = self._parse(partname)
        return self._parts[partname]

    def related(self, partname: str, rel_type: str) -> list[str]:
        """Parts that ``partname`` points to with relationships of this type, in file order.

        ``rel_type`` is the last segment of the relationship type URI (``"slideLayout"``).
        """
        return [rel.target for rel in self._relationships(partname) if rel.type == rel_type]

    def first_related(self, partname: str, rel_type: str) -> str | None:
        targets = self.related(partname, rel_type)
        return targets[0] if targets else None

    def target(self, partname: str, rel_id: str) -> str | None:
        """The part a relationship id of ``partname`` points to."""
        for rel in self._relationships(partname):
            if rel.id == rel_id:
                return rel.target
        return None

    def _relationships(self, partname: str) -> list[_Relationship]:
        if partname not in self._rels:
            rels = self._rels_xml(partname)
            base = posixpath.dirname(partname)
            self._rels[partname] = [
                _Relationship(
                    rel.get("Id", ""),
                    rel.get("Type", "").rsplit("/", 1)[-1],
                    _resolve(base, rel.get("Target", "")),
                )
                for rel in (rels.iter(qn("pr:Relationship")) if rels is not None else ())
                if rel.get("TargetMode") != "External"
            ]
        return self._rels[partname]

    def _rels_xml(self, partname: str) -> etree._Element | None:
        folder, name = posixpath.split(partname)
        rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
        return self.xml(rels_name) if self.has(rels_name) else None

    def _parse(self, partname: str) -> etree._Element:
        try:
            data = self._zip.read(partname.lstrip("/"))
        except KeyError:
            raise self.error(f"the part {partname} is missing") from None
        except _ZIP_ERRORS as exc:
            raise self.error(f"the part {partname} cannot be read ({exc})") from None
        try:
            return etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as exc:
            raise self.error(f"the part {partname} is not well-formed XML ({exc})") from None

    def _main_part(self) -> str:
        if not self.has("_rels/.rels"):
            raise self.error("not a Word or PowerPoint file (no package relationships)")
        root_rels = self.xml("/_rels/.rels")
        for rel in root_rels.iter(qn("pr:Relationship")):
            rel_type = rel.get("Type", "")
            if rel_type.startswith(_STRICT_PREFIX):
                raise AuditError(
                    "Strict Open XML files are not supported",
                    path=self.path,
                    hint="save it again as a standard Word or PowerPoint file",
                )
            if rel_type.endswith("/officeDocument"):
                return _resolve("/", rel.get("Target", ""))
        raise self.error("not a Word or PowerPoint file (no main document part)")

    def _kind_of(self, partname: str) -> str:
        content_type = self._content_type(partname)
        for marker, kind in _KINDS.items():
            if marker in content_type:
                return kind
        raise self.error(f"not a Word or PowerPoint file (main part is {content_type or '?'})")

    def _content_type(self, partname: str) -> str:
        if not self.has("[Content_Types].xml"):
            return ""
        types = self.xml("/[Content_Types].xml")
        for override in types.iter(qn("ct:Override")):
            if override.get("PartName", "").lower() == partname.lower():
                return override.get("ContentType", "")
        extension = partname.rsplit(".", 1)[-1].lower()
        for default in types.iter(qn("ct:Default")):
            if default.get("Extension", "").lower() == extension:
                return default.get("ContentType", "")
        return ""

    def error(self, message: str) -> AuditError:
        """An AuditError about this file, with the usual hint."""
        return AuditError(message, path=self.path, hint=_HINT)


def _open_zip(path: Path) -> zipfile.ZipFile:
    """The file as a zip that :func:`~exporter.ooxml.package.check_zip` found safe to read
    (no zip bomb, nothing encrypted or damaged, no DOCTYPE)."""
    from exporter.files import read_input
    from exporter.limits import AUDITED_FILE

    data = read_input(path, error=AuditError, what="file", missing_hint="check the path",
                      expected="a .docx or .pptx file", limit=AUDITED_FILE)
    check_zip(data, path, error=AuditError)
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS:
        raise AuditError("not a Word or PowerPoint file (not a readable zip package)",
                         path=path, hint=_HINT) from None


def _resolve(base: str, target: str) -> str:
    """A relationship target as an absolute part name."""
    joined = target if target.startswith("/") else posixpath.join(base, target)
    return posixpath.normpath(joined)


# ---------------------------------------------------------------------------------------
# Templates, shows and macro-enabled files as editable documents and presentations
# ---------------------------------------------------------------------------------------

_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_PML = "application/vnd.openxmlformats-officedocument.presentationml"
#: The content type of each format's editable main part.
EDITABLE_MAIN_TYPE: Mapping[str, str] = {
    "docx": f"{_WML}.document.main+xml",
    "pptx": f"{_PML}.presentation.main+xml",
}
#: Main-part content types opened as the editable type of their format.
_RELABELLED_MAIN_TYPES: Mapping[str, frozenset[str]] = {
    "docx": frozenset({
        f"{_WML}.template.main+xml",
        "application/vnd.ms-word.document.macroEnabled.main+xml",
        "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
    }),
    "pptx": frozenset({
        f"{_PML}.template.main+xml",
        f"{_PML}.slideshow.main+xml",
        "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
        "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
        "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
    }),
}
VBA_PROJECT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


#: External relationships kept in what exporter writes: links a reader follows by choice.
_SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:")
HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_R = NS["r"]
#: Word fields whose update reads another file or program: their instruction is removed
#: (the result the template shows is kept).
_FETCHING_FIELD = re.compile(r"^\s*(?:INCLUDETEXT|INCLUDEPICTURE|INCLUDE|LINK|DDEAUTO|DDE|"
                             r"IMPORT)\b", re.I)
_FIELD_WORDS = re.compile(rb"INCLUDE|LINK|DDE|IMPORT", re.I)


def editable_package(data: bytes, fmt: str) -> tuple[bytes, tuple[str, ...]]:
    """The package ``data`` (already checked as ``fmt``) as an editable document or
    presentation that cannot reach outside itself, and what was removed (one line each).

    A template's, show's or macro-enabled file's main part is relabelled; the macros'
    relationship is removed (so no macro is carried into an output, whatever the file's
    name says); external relationships other than web and e-mail links (a remote attached
    template, linked pictures, ``file://`` links, linked objects) are removed with what
    refers to them, and Word fields that read other files (INCLUDETEXT, INCLUDEPICTURE,
    LINK, DDE) lose their instruction, keeping the text they show. ``data`` itself when
    nothing needs changing."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = {member: package.read(member) for member in package.namelist()}
    removed: list[str] = []
    types = _relabelled(members[CONTENT_TYPES], f"/{MAIN_PART[fmt]}", fmt)
    if types is not None:
        members[CONTENT_TYPES] = types
    changed = types is not None
    for name in [member for member in members if member.endswith(".rels")]:
        changed |= _drop_reaching_relationships(members, name, removed)
    if fmt == "docx":
        for name in [m for m in members if m.startswith("word/") and m.endswith(".xml")]:
            changed |= _drop_fetching_fields(members, name, removed)
    if not changed:
        return data, ()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:  # read once by a library, never stored
        for member, content in members.items():
            package.writestr(member, content)
    return out.getvalue(), tuple(removed)


def _drop_reaching_relationships(members: dict[str, bytes], rels_name: str,
                                 removed: list[str]) -> bool:
    """Remove from one ``.rels`` part the macros' relationship and external relationships
    other than web and e-mail links, and what in its part refers to them."""
    content = members[rels_name]
    if b"vbaProject" not in content and b"External" not in content:
        return False
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError:
        return False
    dropped: set[str] = set()
    for rel in list(root.iter(qn("pr:Relationship"))):
        reltype, target = rel.get("Type", ""), rel.get("Target", "")
        external = rel.get("TargetMode") == "External"
        if reltype == VBA_PROJECT:
            removed.append("macros")
        elif external and not (reltype == HYPERLINK and
                               target.lower().startswith(_SAFE_LINK_SCHEMES)):
            removed.append(f"{posixpath.basename(reltype) or 'link'} {target}")
        else:
            continue
        dropped.add(rel.get("Id", ""))
        root.remove(rel)
    if not dropped:
        return False
    members[rels_name] = _serialised(root)
    owner = _owner_of(rels_name)
    if owner in members:
        members[owner] = _without_references(members[owner], dropped)
    return True


def _owner_of(rels_name: str) -> str:
    """``word/document.xml`` for ``word/_rels/document.xml.rels``."""
    folder, name = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), name.removesuffix(".rels"))


def _without_references(part: bytes, ids: set[str]) -> bytes:
    """A part without what refers to the relationships ``ids``: a linked picture's link
    is dropped, a hyperlink keeps its text, anything else that refers to one goes."""
    try:
        root = etree.fromstring(part, _PARSER)
    except etree.XMLSyntaxError:
        return part
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        referring = [name for name, value in element.attrib.items()
                     if name.startswith(f"{{{_R}}}") and value in ids]
        if not referring:
            continue
        if all(name == f"{{{_R}}}link" for name in referring):
            for name in referring:
                del element.attrib[name]
        elif element.tag == qn("w:hyperlink"):
            _unwrap(element)
        elif element.getparent() is not None:
            element.getparent().remove(element)
    return _serialised(root)


def _unwrap(element: etree._Element) -> None:
    """Put an element's children in its place."""
    parent = element.getparent()
    if parent is None:
        return
    position = parent.index(element)
    parent[position:position + 1] = list(element)


def _drop_fetching_fields(members: dict[str, bytes], name: str, removed: list[str]) -> bool:
    """Remove the instructions of Word fields that read other files, keeping their shown
    result."""
    content = members[name]
    if b"instr" not in content or not _FIELD_WORDS.search(content):
        return False  # a field's instruction is a w:instr attribute or w:instrText
    try:
        root = etree.fromstring(content, _PARSER)
    except etree.XMLSyntaxError:
        return False
    found = 0
    for simple in list(root.iter(qn("w:fldSimple"))):
        if _FETCHING_FIELD.match(simple.get(qn("w:instr"), "")):
            _unwrap(simple)
            found += 1
    instructions: list[etree._Element] = []
    for node in root.iter(qn("w:fldChar"), qn("w:instrText")):
        if node.tag == qn("w:instrText"):
            instructions.append(node)
        elif node.get(qn("w:fldCharType")) in ("separate", "end") and instructions:
            if _FETCHING_FIELD.match("".join(i.text or "" for i in instructions)):
                for instruction in instructions:
                    instruction.text = ""
                found += 1
            instructions = []
    if not found:
        return False
    removed.append(f"{found} field(s) reading other files in {name}")
    members[name] = _serialised(root)
    return True


def _relabelled(types_xml: bytes, main: str, fmt: str) -> bytes | None:
    """``[Content_Types].xml`` with the main part's type made editable; None when it is
    editable already (or cannot be read: the library then says what is wrong)."""
    try:
        root = etree.fromstring(types_xml, _PARSER)
    except etree.XMLSyntaxError:
        return None
    overrides = [override for override in root.iter(qn("ct:Override"))
                 if override.get("PartName", "").lower() == main.lower()
                 and override.get("ContentType") in _RELABELLED_MAIN_TYPES[fmt]]
    for override in overrides:
        override.set("ContentType", EDITABLE_MAIN_TYPE[fmt])
    return _serialised(root) if overrides else None


def _serialised(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# ---------------------------------------------------------------------------------------
# Repairing what a library cannot open but whose meaning is certain
# ---------------------------------------------------------------------------------------

_OFFICE = "application/vnd.openxmlformats-officedocument"
#: The content type of a part reached by a relationship of each type (the last segment of
#: the type URI): what the part must be, whatever ``[Content_Types].xml`` says of it.
_TYPE_OF_TARGET: Mapping[str, str] = {
    "styles": f"{_WML}.styles+xml",
    "numbering": f"{_WML}.numbering+xml",
    "settings": f"{_WML}.settings+xml",
    "webSettings": f"{_WML}.webSettings+xml",
    "fontTable": f"{_WML}.fontTable+xml",
    "header": f"{_WML}.header+xml",
    "footer": f"{_WML}.footer+xml",
    "footnotes": f"{_WML}.footnotes+xml",
    "endnotes": f"{_WML}.endnotes+xml",
    "comments": f"{_WML}.comments+xml",
    "glossaryDocument": f"{_WML}.document.glossary+xml",
    "slide": f"{_PML}.slide+xml",
    "slideLayout": f"{_PML}.slideLayout+xml",
    "slideMaster": f"{_PML}.slideMaster+xml",
    "notesSlide": f"{_PML}.notesSlide+xml",
    "notesMaster": f"{_PML}.notesMaster+xml",
    "handoutMaster": f"{_PML}.handoutMaster+xml",
    "presProps": f"{_PML}.presProps+xml",
    "viewProps": f"{_PML}.viewProps+xml",
    "tableStyles": f"{_PML}.tableStyles+xml",
    "theme": f"{_OFFICE}.theme+xml",
    "core-properties": "application/vnd.openxmlformats-package.core-properties+xml",
    "extended-properties": f"{_OFFICE}.extended-properties+xml",
    "custom-properties": f"{_OFFICE}.custom-properties+xml",
}
#: The content type of a picture by its file extension.
_PICTURE_TYPES: Mapping[str, str] = {
    "png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "gif": "image/gif",
    "bmp": "image/bmp", "tif": "image/tiff", "tiff": "image/tiff", "emf": "image/x-emf",
    "wmf": "image/x-wmf", "svg": "image/svg+xml",
}
#: Relationship types of ECMA-376's first edition that some tools still write, by the type
#: every library now reads for the same thing (python-docx and python-pptx would not find
#: the part, and add a second one under the same name).
_OLD_RELATIONSHIP_TYPES: Mapping[str, str] = {
    "http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/"
    "core-properties":
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
        "core-properties",
}
#: What a part reached only by a ``Default`` for ``.xml`` is typed as: no type of its own.
_UNTYPED = frozenset({"", "application/xml", "text/xml"})


def repaired_package(data: bytes, fmt: str) -> tuple[bytes, tuple[str, ...]]:
    """The package ``data`` (already checked as ``fmt``) with the damage whose repair is
    certain mended, and what was mended (one line each); ``data`` itself when sound.

    A part that a relationship reaches but ``[Content_Types].xml`` does not type (or types
    only as generic XML) gets the content type its relationship implies (a header reached
    as a header is a header; a picture by its extension); a relationship to a part that is
    not in the package is pointed at the only part of its folder when that folder holds one
    of a kind (a slide master whose name the writer mangled: :func:`_alone_in_folder`),
    else removed with what refers to it; a relationship of an old type
    (:data:`_OLD_RELATIONSHIP_TYPES`) gets today's. Only ``[Content_Types].xml`` and the
    relationship parts are read unless something needs mending."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        small = {name: package.read(name) for name in names
                 if name == CONTENT_TYPES or name.endswith(".rels")}
    present = {name.lower() for name in names}  # part names ignore case
    try:
        types = etree.fromstring(small[CONTENT_TYPES], _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return data, ()  # the library's one-line error says what is wrong
    typing = _ContentTypes(types)
    typed: list[str] = []
    missing: list[str] = []
    dangling: dict[str, set[str]] = {}
    retyped: dict[str, etree._Element] = {}  # relationship parts changed in place
    updated: list[str] = []
    pointed: list[str] = []
    for rels_name in sorted(name for name in small if name.endswith(".rels")):
        try:
            rels = etree.fromstring(small[rels_name], _PARSER)
        except etree.XMLSyntaxError:
            continue
        base = posixpath.dirname(_owner_of(rels_name))
        for rel in rels.iter(qn("pr:Relationship")):
            target = _resolve("/" + base, rel.get("Target", "")).lstrip("/")
            if rel.get("Type", "") in _OLD_RELATIONSHIP_TYPES:
                rel.set("Type", _OLD_RELATIONSHIP_TYPES[rel.get("Type", "")])
                retyped[rels_name] = rels
                updated.append(target)
            if rel.get("TargetMode") == "External":
                continue
            absent = not {target.lower(), unquote(target).lower()} & present
            if absent and (alone := _alone_in_folder(target, names)) is not None:
                rel.set("Target", "/" + alone)  # a part name mangled by the writer
                retyped[rels_name] = rels
                pointed.append(f"{target} -> {alone}")
                target, absent = alone, False
            if absent:
                dangling.setdefault(rels_name, set()).add(rel.get("Id", ""))
                missing.append(target)
            elif typing.add_missing(target, _implied_type(rel.get("Type", ""), target, fmt)):
                typed.append(target)
    if not typed and not missing and not retyped:
        return data, ()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        members = {member: package.read(member) for member in package.namelist()}
    members[CONTENT_TYPES] = _serialised(types)
    for rels_name, rels in retyped.items():
        members[rels_name] = _serialised(rels)
    for rels_name, ids in dangling.items():
        members[rels_name] = _without_relationships(members[rels_name], ids)
        owner = _owner_of(rels_name)
        if owner in members:
            members[owner] = _without_references(members[owner], ids)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:  # read once by a library, never stored
        for member, content in members.items():
            package.writestr(member, content)
    repairs = ([f"added the missing content type of {_listed(typed)}"] if typed else []) + \
        ([f"removed the relationships to missing parts ({_listed(missing)})"] if missing
         else []) + \
        ([f"updated the old relationship type of {_listed(updated)}"] if updated else []) + \
        ([f"pointed relationships to missing parts at the only part of their folder "
          f"({_listed(list(dict.fromkeys(pointed)))})"] if pointed else [])
    return out.getvalue(), tuple(repairs)


#: The folders whose parts a relationship to a missing part may be pointed at: those of
#: the one-of-a-kind parts of a package (a presentation's slide master, a notes or handout
#: master), whose names a writer may mangle ("slideMaster11.xml" for "slideMaster1.xml").
_SINGLE_PART_FOLDERS = frozenset(("ppt/slideMasters", "ppt/notesMasters",
                                  "ppt/handoutMasters"))


def _alone_in_folder(target: str, names: Sequence[str]) -> str | None:
    """The part a relationship to the missing ``target`` surely means: the only part of
    its kind in its folder (:data:`_SINGLE_PART_FOLDERS`), or None."""
    folder = posixpath.dirname(target)
    if folder not in _SINGLE_PART_FOLDERS:
        return None
    parts = [name for name in names if posixpath.dirname(name) == folder
             and name.endswith(".xml")]
    return parts[0] if len(parts) == 1 else None


def _listed(names: list[str]) -> str:
    shown = ", ".join(names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def _implied_type(reltype: str, target: str, fmt: str) -> str:
    """The content type a relationship of ``reltype`` implies for its ``target`` ("" when
    the relationship says nothing certain)."""
    kind = reltype.rsplit("/", 1)[-1]
    if kind == "officeDocument":
        return EDITABLE_MAIN_TYPE[fmt]
    if kind == "image":
        return _PICTURE_TYPES.get(target.rsplit(".", 1)[-1].lower(), "")
    return _TYPE_OF_TARGET.get(kind, "")


class _ContentTypes:
    """``[Content_Types].xml`` read for the type of each part, and completed."""

    def __init__(self, root: etree._Element) -> None:
        self.root = root
        self.overrides = {node.get("PartName", "").lower(): node.get("ContentType", "")
                          for node in root.iter(qn("ct:Override"))}
        self.defaults = {node.get("Extension", "").lower(): node.get("ContentType", "")
                         for node in root.iter(qn("ct:Default"))}

    def add_missing(self, part: str, wanted: str) -> bool:
        """Give ``part`` the type ``wanted`` when it has none of its own (no ``Override``,
        and no ``Default`` but generic XML for its extension); whether it did."""
        name = "/" + part.lower()
        if not wanted or name in self.overrides:
            return False  # typed on purpose: the library judges that type
        extension = posixpath.splitext(name)[1].lstrip(".")
        if wanted.startswith("image/"):
            if extension in self.defaults:
                return False
            self.root.insert(0, etree.SubElement(self.root, qn("ct:Default"),
                                                 Extension=extension, ContentType=wanted))
            self.defaults[extension] = wanted
            return True
        if self.defaults.get(extension, "") not in _UNTYPED:
            return False
        etree.SubElement(self.root, qn("ct:Override"), PartName="/" + part,
                         ContentType=wanted)
        self.overrides[name] = wanted
        return True


def _without_relationships(rels_xml: bytes, ids: set[str]) -> bytes:
    root = etree.fromstring(rels_xml, _PARSER)
    for rel in list(root.iter(qn("pr:Relationship"))):
        if rel.get("Id", "") in ids:
            root.remove(rel)
    return _serialised(root)
