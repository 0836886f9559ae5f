"""Remembering template checks between runs of ``exporter check``.

Checking a template means opening it with python-docx or python-pptx and analysing it as
a build would: loading those libraries and analysing the eight shipped templates is most of
the command's time, yet templates rarely change between two checks while the content does.
So the outcome of a check that passed (its warnings; a failed check is never remembered) is
kept in a small JSON file in the user's cache folder, and so is the fact that those bytes
are a sound package (the member-by-member zip test is then not repeated either).

An entry is found again only for the same template bytes at the same path, the same format
and audience layout choices, and the same checking code: the key holds the template's
SHA-256 and a digest of the code that checks (the bytes of exporter's own modules and of
the checking libraries' main modules, which carry their versions), all of which are read
again and verified at every run. The file is signed with a secret kept beside it, made on
first use and readable by its owner only, so a cache file made elsewhere, or edited, is not
believed. Only ``exporter check`` reads it: ``exporter build`` checks every template, always.
A cache folder that cannot be read or written is ignored: the templates are then checked
every time, as with ``exporter check --no-cache``.

The folder is ``$EXPORTER_CACHE_DIR``, else ``$XDG_CACHE_HOME/exporter``, else
``~/.cache/exporter``.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import importlib.util
import json
import os
from collections.abc import Mapping
from pathlib import Path

from exporter.errors import ExporterError

#: The file of remembered checks, and the secret that signs it, inside the cache folder.
CACHE_FILE = "template-checks.json"
SECRET_FILE = "template-checks.key"
#: Entries kept (the most recently stored); a few per template and audience is plenty.
MAX_ENTRIES = 512
_FORMAT_VERSION = 4
#: Libraries whose code decides a template check (besides exporter's own modules).
_CHECKING_LIBRARIES = ("docx", "pptx", "jinja2", "lxml")


def cache_dir() -> Path:
    """Where remembered checks live (see the module's documentation)."""
    if folder := os.environ.get("EXPORTER_CACHE_DIR"):
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "exporter"


@functools.cache
def code_fingerprint() -> str:
    """A digest of the code that checks templates: the bytes of every module of exporter
    and of the main module of each checking library (which states its version)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    files = sorted(package.rglob("*.py"))
    for name in _CHECKING_LIBRARIES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            files.append(Path(spec.origin))
    for path in files:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


class CheckCache:
    """Remembered template checks: :meth:`get` and :meth:`put` by :meth:`key`, then
    :meth:`save` once."""

    def __init__(self, folder: Path | None = None) -> None:
        self.path = (folder or cache_dir()) / CACHE_FILE
        self._entries, self._packages = self._load()
        self._changed = False

    @staticmethod
    def package_key(fmt: str, path: Path, data: bytes) -> str:
        """The key of a template package: where it is, what it holds, its format, and the
        checking code."""
        return _digest(fmt, str(path.resolve()), hashlib.sha256(data).hexdigest(),
                       code_fingerprint())

    @staticmethod
    def key(fmt: str, path: Path, data: bytes, layouts: Mapping[str, str]) -> str:
        """The key of one check: the template package's, and the audience's layout
        choices."""
        return _digest(CheckCache.package_key(fmt, path, data),
                       json.dumps(sorted(layouts.items())))

    def passed(self, fmt: str, path: Path, data: bytes) -> bool:
        """Whether these template bytes passed a check before (for some audience layouts):
        their package is sound, so it need not be tested member by member again."""
        return self.package_key(fmt, path, data) in self._packages

    def get(self, key: str) -> list[str] | None:
        """The warnings of a remembered passed check, or None."""
        warnings = self._entries.get(key)
        return list(warnings) if warnings is not None else None

    def put(self, key: str, warnings: list[str], *, fmt: str, path: Path,
            data: bytes) -> None:
        """Remember that the check ``key`` of the template ``path`` (``data``) passed."""
        package = self.package_key(fmt, path, data)
        self._entries.pop(key, None)  # re-inserted last: the most recent are kept
        self._entries[key] = list(warnings)
        self._packages.pop(package, None)
        self._packages[package] = None
        self._changed = True

    def save(self) -> None:
        """Write the entries back, signed, if any changed (silently not, when it cannot)."""
        if not self._changed:
            return
        from exporter.files import write_atomic

        secret = self._secret(create=True)
        if secret is None:
            return
        body = {"version": _FORMAT_VERSION,
                "entries": dict(list(self._entries.items())[-MAX_ENTRIES:]),
                "packages": list(self._packages)[-MAX_ENTRIES:]}
        text = json.dumps({"signature": _sign(secret, body), "body": body})
        try:
            write_atomic(self.path, text.encode())
        except ExporterError:
            return
        self._changed = False

    def _secret(self, *, create: bool) -> bytes | None:
        """The key that signs the cache file, made (readable by its owner only) when
        ``create`` and missing; None when there is none or it cannot be had."""
        path = self.path.with_name(SECRET_FILE)
        try:
            return _read_small(path)[:256] or None
        except FileNotFoundError:
            if not create:
                return None
        except OSError:
            return None
        import secrets

        key = secrets.token_bytes(32)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(handle, "wb") as stream:
                stream.write(key)
        except FileExistsError:
            return self._secret(create=False)
        except OSError:
            return None
        return key

    def _load(self) -> tuple[dict[str, list[str]], dict[str, None]]:
        """The stored checks and sound packages, oldest first; none when the file is
        missing, unreadable, not ours, or not signed with this folder's secret."""
        secret = self._secret(create=False)
        if secret is None:
            return {}, {}
        try:
            stored = json.loads(_read_small(self.path))
        except (OSError, ValueError):
            return {}, {}
        if not isinstance(stored, dict) or not isinstance(stored.get("signature"), str):
            return {}, {}
        data = stored.get("body")
        if not hmac.compare_digest(stored["signature"], _sign(secret, data)):
            return {}, {}
        if not isinstance(data, dict) or data.get("version") != _FORMAT_VERSION:
            return {}, {}
        entries, packages = data.get("entries"), data.get("packages")
        if not isinstance(entries, dict) or not isinstance(packages, list):
            return {}, {}
        return ({key: value for key, value in entries.items()
                 if isinstance(value, list) and all(isinstance(w, str) for w in value)},
                dict.fromkeys(key for key in packages if isinstance(key, str)))


def _sign(secret: bytes, body: object) -> str:
    """The signature of a cache file's body (its canonical JSON)."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(secret, canonical, hashlib.sha256).hexdigest()


def _read_small(path: Path) -> bytes:
    """A plain file's bytes (OSError for a link, a folder, a FIFO, a device, a file over
    the limit for exporter's own files)."""
    from exporter.files import read_input
    from exporter.limits import STATE_FILE

    try:
        return read_input(path, error=ExporterError, what="file", missing_hint="",
                          expected="a file", limit=STATE_FILE, follow_links=False)
    except ExporterError as problem:
        if not path.exists() and not path.is_symlink():
            raise FileNotFoundError(path) from None
        raise OSError(str(problem)) from None


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()
