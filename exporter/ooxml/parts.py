"""Parts and relationships of an Office package, read by name with lxml.

:class:`Package` opens a .docx or .pptx made by anyone for reading without python-docx or
python-pptx (which refuse some valid files and build objects an inspection never uses): it
finds the main part through ``/_rels/.rels`` and parses only the parts asked for, once each,
with a parser that resolves no entities and fetches nothing. Every way a file can fail to be
a readable Word or PowerPoint package is an :class:`~exporter.errors.AuditError` (the audit
is what reads files from anyone).

:func:`editable_package` turns a template (.dotx, .potx), a show (.ppsx) or a macro-enabled
file (.docm, .dotm, .pptm, .potm) into the plain document or presentation python-docx and
python-pptx open: the main part's content type relabelled and the macros dropped.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from exporter.errors import AuditError
from exporter.ooxml.package import CONTENT_TYPES, MAIN_PART

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
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise AuditError("no such file", path=path, hint="check the path") from None
    except IsADirectoryError:
        raise AuditError("is a folder, not a file", path=path, hint=_HINT) from None
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


def editable_package(data: bytes, fmt: str) -> bytes:
    """The package ``data`` (already checked as ``fmt``) as an editable document or
    presentation: a template's, show's or macro-enabled file's main part relabelled, its
    relationship to the macros removed (so the macros are not carried into outputs).
    ``data`` itself when it is editable already."""
    main = MAIN_PART[fmt]
    folder, name = posixpath.split(main)
    main_rels = posixpath.join(folder, "_rels", f"{name}.rels")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        types = _relabelled(package.read(CONTENT_TYPES), f"/{main}", fmt)
        if types is None:
            return data
        members = {member: package.read(member) for member in package.namelist()}
    members[CONTENT_TYPES] = types
    if main_rels in members:
        members[main_rels] = _without_macros(members[main_rels])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:  # read once by a library, never stored
        for member, content in members.items():
            package.writestr(member, content)
    return out.getvalue()


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


def _without_macros(rels_xml: bytes) -> bytes:
    try:
        root = etree.fromstring(rels_xml, _PARSER)
    except etree.XMLSyntaxError:
        return rels_xml
    for rel in list(root.iter(qn("pr:Relationship"))):
        if rel.get("Type") == VBA_PROJECT:
            root.remove(rel)
    return _serialised(root)


def _serialised(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
