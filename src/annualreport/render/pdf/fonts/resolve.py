"""Font resolution for the PDF: family names to font files, glyph coverage checks, CFF to TrueType conversion."""

from __future__ import annotations

import array
import binascii
import bisect
import contextlib
import hashlib
import io
import operator
import os
import re
import sys
import threading
import time
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ....cache import Shelf, lock
from ....output import write_atomic

# Imported where used, so that a run whose font caches all hit imports neither: fontTools (~20 ms with
# its name and OpenType tables), urllib.request (~6 ms, pulls in http and ssl), subprocess, secrets.

__all__ = [
    "DEBIAN_FONT_PACKAGES",
    "FONT_DIR_ENV",
    "Candidate",
    "FontChoice",
    "FontFace",
    "clear_caches",
    "describe",
    "install_hint",
    "required_characters",
    "resolve_fonts",
]

FONT_DIR_ENV = "ANNUALREPORT_FONT_DIR"
"""Environment variable: extra font directories (os.pathsep-separated), searched before the system's."""
DEBIAN_FONT_PACKAGES = (
    "fonts-arphic-gkai00mp",
    "fonts-arphic-gbsn00lp",
    "fonts-wqy-microhei",
    "texlive-lang-chinese",
)
"""Debian packages that together serve every font key of the default style (see docs/FONTS.md)."""

Outlines = Literal["truetype", "cff"]

_FONT_SUFFIXES = frozenset({".ttf", ".ttc", ".otf", ".otc"})
_CONVERTED = Shelf("fonts/converted", 1, ".ttf")
"""CFF fonts converted to TrueType; bump the version when the conversion changes."""
_FACES = Shelf("fonts/faces", 2)
"""What resolution needs from a face (``_FaceInfo``); 2: the cmap as base64 arrays of range bounds."""
# Candidate reasons list at most this many missing characters; the full set is in FontChoice.missing.
_SHOWN_MISSING = 12


@dataclass(frozen=True, slots=True)
class FontFace:
    """One font file (one face of it, for a collection) that ReportLab can embed, or was examined."""

    path: Path
    """File to register with ReportLab: the cached TrueType copy when converted from CFF."""
    index: int
    """Face index inside a .ttc/.otc collection; 0 for a single-font file."""
    family: str
    """Family name as the font itself spells it (English typographic family when it has one)."""
    style: str
    """Style (subfamily) name, e.g. "Regular" or "Bold"."""
    outlines: Outlines
    """Outline format of ``path``: "truetype" (glyf) or "cff" (CFF/CFF2, which ReportLab refuses)."""
    source_path: Path
    """The installed file; differs from ``path`` when ``path`` is a converted copy."""
    source_index: int
    """Face index in ``source_path``."""

    @property
    def converted(self) -> bool:
        """True when ``path`` is a TrueType copy converted from a CFF font."""
        return self.path != self.source_path


@dataclass(frozen=True, slots=True)
class Candidate:
    """One candidate considered for a font key, with why it was taken or passed over."""

    name: str
    """The candidate as written in the style: a family name or a file path."""
    face: FontFace | None
    """The face it resolved to, or None when nothing was found for it."""
    reason: str
    """Why it was chosen or passed over, e.g. "not installed" or "lacks 3 characters: 镕堃喆"."""
    chosen: bool = False
    """True for the candidate whose face the font key uses."""


@dataclass(frozen=True, slots=True)
class FontChoice:
    """The font chosen for one font key, and how it was chosen."""

    key: str
    """Font key, e.g. "fangsong"."""
    face: FontFace | None
    """Face to register; None when no candidate is installed and usable (the caller falls back to STSong-Light)."""
    candidates: tuple[Candidate, ...]
    """Candidates examined, in the style's order, up to and including the chosen one."""
    missing: str
    """Required characters the chosen face cannot draw, in order of first use ("" when all are covered).

    When ``face`` is None this is every required character: no usable file was found to draw them.
    """


@dataclass(frozen=True, slots=True)
class _Entry:
    """One face found by fc-list or a directory scan, with every name it answers to."""

    path: str
    """The font file (a string: thousands are made per run, and only the chosen one becomes a Path)."""
    index: int
    """Face index in the file."""
    families: frozenset[str]
    """Normalised family names (name IDs 1 and 16, every language)."""
    exact: frozenset[str]
    """Normalised full and PostScript names (name IDs 4 and 6, every language)."""
    regular: bool
    """Whether the style is a plain one, preferred when only a family name is given."""


@dataclass(slots=True)
class _Location:
    """Faces found in one place (a directory, or fc-list), indexed by normalised name."""

    by_name: dict[str, list[_Entry]] = field(default_factory=dict)

    def add(self, entry: _Entry) -> None:
        for name in entry.families | entry.exact:
            self.by_name.setdefault(name, []).append(entry)


class _Coverage:
    """A set of code points kept as sorted, disjoint ranges (two arrays of bounds).

    A CJK face maps 20 000-40 000 code points in a few thousand ranges: expanding them into a set, or
    even reading them back as lists of Python ints, took ~3 ms a face on every run, while resolution
    only asks about the few hundred characters in use.
    """

    __slots__ = ("starts", "ends")

    def __init__(self, starts: array.array[int], ends: array.array[int]) -> None:
        if len(starts) != len(ends):
            raise ValueError("as many range starts as ends are needed")
        self.starts, self.ends = starts, ends

    @classmethod
    def of(cls, codes: Iterator[int] | Sequence[int] | frozenset[int]) -> _Coverage:
        starts, ends = array.array("I"), array.array("I")
        for code in sorted(codes):
            if ends and ends[-1] == code - 1:
                ends[-1] = code
            else:
                starts.append(code)
                ends.append(code)
        return cls(starts, ends)

    def to_text(self) -> str:
        """Both arrays as one base64 string of little-endian uint32: starts, then ends."""
        data = array.array("I", self.starts)
        data.extend(self.ends)
        if sys.byteorder == "big":
            data.byteswap()
        return binascii.b2a_base64(data.tobytes(), newline=False).decode("ascii")

    @classmethod
    def from_text(cls, text: str) -> _Coverage:
        data = array.array("I")
        data.frombytes(binascii.a2b_base64(text))
        if sys.byteorder == "big":
            data.byteswap()
        half = len(data) // 2
        starts, ends = data[:half], data[half:]
        # Each start <= its end < the next start (map over operator functions runs without a Python frame).
        if len(data) % 2 or not all(map(operator.le, starts, ends)) or not all(map(operator.lt, ends, starts[1:])):
            raise ValueError("damaged code point ranges")
        return cls(starts, ends)

    def __contains__(self, code: object) -> bool:
        if not isinstance(code, int):
            return False
        i = bisect.bisect_right(self.starts, code) - 1
        return i >= 0 and code <= self.ends[i]

    def __iter__(self) -> Iterator[int]:
        for start, end in zip(self.starts, self.ends):
            yield from range(start, end + 1)

    def __len__(self) -> int:
        return sum(self.ends) - sum(self.starts) + len(self.starts)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Coverage) and (self.starts, self.ends) == (other.starts, other.ends)

    def __hash__(self) -> int:
        return hash((self.starts.tobytes(), self.ends.tobytes()))

    def __repr__(self) -> str:
        return f"_Coverage({len(self)} code points in {len(self.starts)} ranges)"


@dataclass(frozen=True, slots=True)
class _FaceInfo:
    """What resolution needs from one face: parsed once per process and file version."""

    cmap: _Coverage
    """Code points the face maps to a glyph."""
    family: str
    """English (typographic) family name."""
    style: str
    """English style name."""
    outlines: Literal["truetype", "cff", "cff2", "none"]
    """Outline tables present: glyf, CFF, CFF2, or none (bitmap-only)."""
    fs_type: int
    """OS/2 embedding-licence bits."""


_LOCK = threading.RLock()
_FC_LIST: _Location | None = None
_FC_LIST_DONE = False
_DIR_CACHE: dict[str, _Location] = {}
_FACE_CACHE: dict[tuple[str, int, int, int], _FaceInfo] = {}
_RESOLVE_CACHE: dict[object, dict[str, FontChoice]] = {}
_SYSTEM_DIRS: dict[object, list[Path]] = {}


def clear_caches() -> None:
    """Forget fonts found and parsed so far, e.g. after installing fonts in a long-running process."""
    global _FC_LIST, _FC_LIST_DONE
    with _LOCK:
        _FC_LIST = None
        _FC_LIST_DONE = False
        _DIR_CACHE.clear()
        _FACE_CACHE.clear()
        _RESOLVE_CACHE.clear()
        _SYSTEM_DIRS.clear()


def install_hint() -> str:
    """How to install free Chinese fonts on Debian/Ubuntu, for the warning shown when none is found."""
    return "On Debian or Ubuntu install Chinese fonts with: sudo apt-get install " + " ".join(DEBIAN_FONT_PACKAGES)


def required_characters(text: str) -> str:
    """The characters of ``text`` a font must draw, each once, in order of first use.

    Whitespace and control characters are left out: ReportLab lays them out as space or not at all.
    """
    seen: dict[str, None] = {}
    for ch in text:
        if ch not in seen and not ch.isspace() and unicodedata.category(ch) != "Cc":
            seen[ch] = None
    return "".join(seen)


# --------------------------------------------------------------------------- names


def _norm(name: str) -> str:
    # Users write "WenQuanYi Micro Hei", fontconfig may say "WenQuanYiMicroHei": compare without spaces or case.
    return "".join(name.split()).casefold()


_PLAIN_STYLES = frozenset(
    _norm(s) for s in ("Regular", "Book", "Normal", "Roman", "Plain", "常规", "標準", "标准", "Standard")
)


def _is_plain(styles: Sequence[str]) -> bool:
    return not styles or any(_norm(s) in _PLAIN_STYLES for s in styles)


def _rank(entry: _Entry, name: str) -> tuple[int, int, int, int] | None:
    """Sort key among faces answering to ``name`` (smaller is better), or None when it does not."""
    exact = name in entry.exact
    family = name in entry.families
    if not (exact or family):
        return None
    # "Noto Serif CJK SC Bold" names one face exactly; "Noto Serif CJK SC" names a family whose
    # Regular face is wanted, not whichever style fc-list happens to print first.
    return (0 if exact else 1, 0 if family else 1, 0 if entry.regular else 1, entry.index)


def _read_names(font: object) -> tuple[list[str], list[str], list[str]]:
    """Family, exact (full + PostScript) and style names of a fontTools TTFont, in every language."""
    families: list[str] = []
    exact: list[str] = []
    styles: list[str] = []
    name_table = font["name"]  # type: ignore[index]
    for record in name_table.names:
        if record.nameID not in (1, 2, 4, 6, 16, 17):
            continue
        try:
            value = record.toUnicode()
        except (UnicodeDecodeError, LookupError):
            continue  # a broken or exotic legacy encoding: the other records still name the face
        value = value.strip().strip("\x00")
        if not value:
            continue
        if record.nameID in (1, 16):
            families.append(value)
        elif record.nameID in (4, 6):
            exact.append(value)
        else:
            styles.append(value)
    return families, exact, styles


def _english_name(font: object, *ids: int) -> str:
    """The first of name IDs ``ids`` found, preferring Windows US English, then any record."""
    name_table = font["name"]  # type: ignore[index]
    for name_id in ids:
        value = name_table.getName(name_id, 3, 1, 0x409) or name_table.getName(name_id, 1, 0, 0)
        if value is not None:
            return str(value)
    for name_id in ids:
        value = name_table.getDebugName(name_id)
        if value:
            return str(value)
    return ""


# --------------------------------------------------------------------------- where fonts are


def _face_count(path: Path) -> int:
    """Number of faces in a font file: the TTC header's count, or 1."""
    with open(path, "rb") as f:
        head = f.read(12)
    if head[:4] == b"ttcf" and len(head) == 12:
        return int.from_bytes(head[8:12], "big")
    return 1


def _scan_dir(directory: Path) -> _Location:
    """Every face under ``directory`` (recursively), named from its name table.

    Cached per process, and on disk: reading the name tables takes fontTools (20 ms to import) and
    ~40 ms for TeX Live's fonts, on every run. The record is reused while every directory under
    ``directory`` keeps its mtime (a file added, removed or renamed changes its folder's) and every
    font file its size and mtime; otherwise the tree is walked again and only new or changed files
    are read.
    """
    key = os.path.normcase(os.path.abspath(directory))
    cached = _DIR_CACHE.get(key)
    if cached is not None:
        return cached
    record_path = _SCANS.record(key)
    record = _SCANS.read_json(record_path)
    if record is not None and record.get("root") != key:
        record = None  # a digest collision, or damaged
    location = _location_of(directory, record) if record is not None and _scan_unchanged(key, record) else None
    if location is None:
        fresh = _rescan(key, record)
        location = _location_of(directory, fresh)
        if location is None:  # faces reused from a damaged record
            fresh = _rescan(key, None)
            location = _location_of(directory, fresh) or _Location()
        _SCANS.write_json(record_path, fresh)
    _DIR_CACHE[key] = location
    return location


def _location_of(directory: Path, record: Mapping[str, Any]) -> _Location | None:
    """The faces a scan record lists, by name; None when the record is malformed."""
    location = _Location()
    base = str(directory)
    try:
        for rel, _size, _mtime, faces in record["files"]:
            path = os.path.join(base, rel)
            for index, families, exact, regular in faces:
                location.add(_Entry(path, int(index), frozenset(families), frozenset(exact), bool(regular)))
    except (KeyError, TypeError, ValueError):
        return None
    return location


def _scan_unchanged(root: str, record: Mapping[str, Any]) -> bool:
    """Whether the folders and font files a scan record lists are all as they were."""
    try:
        for rel, mtime in record["dirs"]:
            if os.stat(os.path.join(root, rel)).st_mtime_ns != mtime:
                return False
        for rel, size, mtime, _faces in record["files"]:
            st = os.stat(os.path.join(root, rel))
            if st.st_size != size or st.st_mtime_ns != mtime:
                return False
    except (OSError, ValueError, TypeError):
        return False
    return True


def _rescan(root: str, previous: Mapping[str, Any] | None) -> dict[str, Any]:
    """Walk ``root`` (as os.walk does: sorted, symlinked folders not entered), reusing unchanged files' faces."""
    known: dict[str, tuple[int, int, list[Any]]] = {}
    if previous is not None:
        with contextlib.suppress(ValueError, TypeError):
            known = {rel: (size, mtime, faces) for rel, size, mtime, faces in previous.get("files", [])}
    dirs: list[list[Any]] = []
    files: list[list[Any]] = []

    def walk(folder: str, rel: str) -> None:
        try:
            # The folder's mtime is taken before listing it: a file added meanwhile makes the record stale, not wrong.
            mtime = os.stat(folder).st_mtime_ns
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            return
        dirs.append([rel, mtime])
        subdirs = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            child = entry.name if rel == "." else os.path.join(rel, entry.name)
            if is_dir:
                if not entry.is_symlink():
                    subdirs.append((entry.path, child))
                continue
            if os.path.splitext(entry.name)[1].lower() not in _FONT_SUFFIXES:
                continue
            try:
                st = os.stat(entry.path)
            except OSError:
                continue  # a dangling link
            old = known.get(child)
            if old is not None and old[0] == st.st_size and old[1] == st.st_mtime_ns:
                faces = old[2]
            else:
                faces = _read_faces(Path(entry.path))
            files.append([child, st.st_size, st.st_mtime_ns, faces])
        for path, child in subdirs:
            walk(path, child)

    walk(root, ".")
    return {"root": root, "dirs": dirs, "files": files}


def _read_faces(path: Path) -> list[list[Any]]:
    """``[index, families, exact names, regular]`` of each face of a font file, names normalised."""
    from fontTools.ttLib import TTFont, TTLibError

    faces: list[list[Any]] = []
    try:
        for index in range(_face_count(path)):
            # lazy=True reads the table directory and then only the name table.
            with TTFont(path, fontNumber=index, lazy=True) as font:
                families, exact, styles = _read_names(font)
            faces.append([index, sorted(set(map(_norm, families))), sorted(set(map(_norm, exact))), _is_plain(styles)])
    except (OSError, TTLibError, KeyError, ValueError, AssertionError, IndexError):
        pass  # not a font after all, or damaged: the faces read so far (and the other files) still count
    return faces


def _split_fc_values(value: str) -> list[str]:
    # fontconfig joins a property's values (one per language) with commas and escapes literal ones.
    return [v.replace("\\,", ",").replace("\\\\", "\\").strip() for v in re.split(r"(?<!\\),", value) if v.strip()]


def _fc_list() -> _Location | None:
    """Faces fontconfig knows; None when fc-list is unavailable.

    fc-list runs at most once per process, and its output is kept on disk with the mtimes of what
    decides it (see ``_fc_stamps``): a later process reuses it while none of those changed, which
    saves the subprocess. A font folder that fontconfig is configured to read but that holds no font
    yet is not watched, except through fontconfig's own cache folders, which ``fc-cache`` (run by
    font packages) updates; deleting ``fc-list/`` under the cache folder forces a fresh listing.
    """
    global _FC_LIST, _FC_LIST_DONE
    if _FC_LIST_DONE:
        return _FC_LIST
    _FC_LIST_DONE = True
    import shutil

    exe = shutil.which("fc-list")
    if exe is None:
        return None
    env = _fc_env()
    record_path = _FC_LISTS.record(exe)
    record = _FC_LISTS.read_json(record_path)
    lines = None
    if record is not None and record.get("exe") == exe and record.get("env") == env:
        stamps = record.get("stamps")
        if isinstance(stamps, dict) and _stamps(stamps) == stamps:
            lines = record.get("lines")
    if not isinstance(lines, list):
        lines = _run_fc_list(exe)
        if lines is None:
            return None
        stamps = _stamps(_fc_stamps(exe, lines))
        # Not kept when something it depends on changed moments ago: the listing may predate it.
        settled = time.time_ns() - 2_000_000_000
        if all(m is None or m < settled for m in stamps.values()):
            _FC_LISTS.write_json(record_path, {"exe": exe, "env": env, "stamps": stamps, "lines": lines})
    _FC_LIST = _parse_fc_list(lines)
    return _FC_LIST


def _run_fc_list(exe: str) -> list[str] | None:
    import subprocess

    fmt = "%{file}\\t%{index}\\t%{family}\\t%{style}\\t%{fullname}\\t%{postscriptname}\\n"
    try:
        proc = subprocess.run([exe, "--format", fmt], capture_output=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout.decode("utf-8", "replace").splitlines()


def _fc_env() -> dict[str, str]:
    """The environment variables that can change what fc-list prints."""
    names = ("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_DATA_DIRS")
    return {k: v for k, v in sorted(os.environ.items()) if k in names or k.startswith(("FONTCONFIG", "FC_"))}


def _fc_stamps(exe: str, lines: Sequence[str]) -> dict[str, None]:
    """Paths whose mtimes decide fc-list's output: the program, fontconfig's configuration files and
    folders (every file in conf.d), its cache folders, the usual font roots, and every folder holding
    a listed font with all its parents (a font added, removed or renamed changes its folder's mtime;
    a new subfolder its parent's). The values are filled in by ``_stamps``."""
    home = Path.home()
    config_home = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    cache_home = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    prefix = Path(exe).resolve().parent.parent
    conf_dirs = [Path("/etc/fonts"), Path("/usr/local/etc/fonts"), prefix / "etc" / "fonts", config_home / "fontconfig"]
    conf_dirs += [Path(p) for p in os.environ.get("FONTCONFIG_PATH", "").split(os.pathsep) if p]
    paths: list[Path] = [Path(exe), home / ".fonts.conf", home / ".fonts.conf.d"]
    if os.environ.get("FONTCONFIG_FILE"):
        paths.append(Path(os.environ["FONTCONFIG_FILE"]))
    for conf in conf_dirs:
        paths += [conf, conf / "fonts.conf", conf / "conf.d"]
        with contextlib.suppress(OSError):
            paths += sorted((conf / "conf.d").iterdir())
    paths += [Path("/var/cache/fontconfig"), cache_home / "fontconfig", home / ".fontconfig"]
    paths += [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), data_home / "fonts", home / ".fonts"]
    folders: set[str] = set()
    for line in lines:
        folder = os.path.dirname(line.split("\t", 1)[0])
        while folder and folder not in folders:
            folders.add(folder)
            parent = os.path.dirname(folder)
            folder = parent if parent != folder else ""
    return dict.fromkeys([*map(str, paths), *sorted(folders)])


def _stamps(paths: Mapping[str, object]) -> dict[str, int | None]:
    """The mtime (ns) of each path, following links; None for a path that does not exist."""
    out: dict[str, int | None] = {}
    for path in paths:
        try:
            out[path] = os.stat(path).st_mtime_ns
        except (OSError, ValueError):
            out[path] = None
    return out


def _parse_fc_list(lines: Sequence[str]) -> _Location:
    location = _Location()
    seen: set[tuple[str, int]] = set()
    for line in lines:
        parts = line.split("\t")
        if len(parts) < 6 or not parts[1].isdigit():
            continue
        file, raw_index, family, style, fullname, psname = parts[:6]
        index = int(raw_index)
        # Indices above 0xFFFF are named instances of a variable font: the same file again.
        if index > 0xFFFF or os.path.splitext(file)[1].lower() not in _FONT_SUFFIXES or (file, index) in seen:
            continue
        seen.add((file, index))
        location.add(
            _Entry(
                path=file,
                index=index,
                families=frozenset(map(_norm, _split_fc_values(family))),
                exact=frozenset(map(_norm, _split_fc_values(fullname) + _split_fc_values(psname))),
                regular=_is_plain(_split_fc_values(style)),
            )
        )
    return location


# --------------------------------------------------------------------------- records on disk

_SCANS = Shelf("fonts/dirs", 1)
"""Folder scans (``_scan_dir``); bump the version when their content changes."""
_FC_LISTS = Shelf("fonts/fc-list", 1)
"""fc-list output with what decides it (``_fc_list``); bump the version when its content changes."""


def _texlive_font_dirs() -> list[Path]:
    # fontconfig usually does not index TeX Live's fonts, yet the free FandolFang lives only there.
    roots = [Path("/usr/share/texlive/texmf-dist"), Path("/usr/share/texmf"), Path("/usr/local/share/texmf")]
    for base in (Path("/usr/local/texlive"), Path("/opt/texlive")):
        if base.is_dir():
            # Newest TeX Live year first.
            roots += sorted((p / "texmf-dist" for p in base.iterdir() if p.name[:4].isdigit()), reverse=True)
    roots.append(Path.home() / "texmf")
    return [
        root / "fonts" / kind for root in roots for kind in ("opentype", "truetype") if (root / "fonts" / kind).is_dir()
    ]


def _system_locations() -> Iterator[_Location]:
    """The system's fonts, in search order, each computed only when the search gets that far."""
    fc = None
    if not (sys.platform.startswith("win") or sys.platform == "darwin"):
        fc = _fc_list()
        if fc is not None:
            yield fc
    for d in _system_dirs(fc is not None):
        yield _scan_dir(d)


def _system_dirs(have_fc_list: bool) -> list[Path]:
    """The system font folders to scan (those that exist), worked out once per process and environment.

    A lookup of each of the ~30 candidate names used to redo this (~350 stat calls per run).
    """
    env = tuple(os.environ.get(k) for k in ("HOME", "XDG_DATA_HOME", "WINDIR", "SYSTEMROOT", "LOCALAPPDATA"))
    key = (have_fc_list, env)
    found = _SYSTEM_DIRS.get(key)
    if found is not None:
        return found
    if sys.platform.startswith("win"):
        windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT") or r"C:\Windows"
        dirs = [Path(windir) / "Fonts"]
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs = [Path("/System/Library/Fonts"), Path("/Library/Fonts"), Path.home() / "Library" / "Fonts"]
    else:
        dirs = []
        if not have_fc_list:
            data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
            dirs = [
                Path("/usr/share/fonts"),
                Path("/usr/local/share/fonts"),
                data_home / "fonts",
                Path.home() / ".fonts",
            ]
        dirs += _texlive_font_dirs()
    found = _SYSTEM_DIRS[key] = [d for d in dirs if d.is_dir()]
    return found


def _locations(font_dirs: Sequence[Path]) -> Iterator[_Location]:
    for d in font_dirs:
        if d.is_dir():
            yield _scan_dir(d)
    yield from _system_locations()


def _env_font_dirs() -> tuple[Path, ...]:
    raw = os.environ.get(FONT_DIR_ENV, "")
    return tuple(Path(p).expanduser() for p in raw.split(os.pathsep) if p.strip())


def _find_by_name(name: str, font_dirs: Sequence[Path]) -> _Entry | None:
    """The best face answering to ``name`` in the first location that has one."""
    key = _norm(name)
    for location in _locations(font_dirs):
        entries = location.by_name.get(key)
        if entries:
            # Each entry in by_name[key] answers to key, so _rank is never None here.
            return min(entries, key=lambda e: (_rank(e, key) or (9, 9, 9, 0), e.path))
    return None


def _parse_path_candidate(name: str) -> tuple[Path, int] | None:
    """``(path, face index)`` when the candidate is a file ("/x.ttc#2", "file:x.ttf"), else None."""
    text = name.strip()
    if text.startswith("file:"):
        rest = text[5:]
        if rest.startswith("//"):
            import urllib.parse
            import urllib.request

            parsed = urllib.parse.urlsplit(text)
            rest = urllib.request.url2pathname(parsed.path)
            if parsed.fragment.isdigit():
                rest += "#" + parsed.fragment
    elif os.path.isabs(text) or text.startswith("~"):
        rest = text
    else:
        return None
    m = re.fullmatch(r"(.*)#(\d+)", rest)
    path, index = (m.group(1), int(m.group(2))) if m else (rest, 0)
    return Path(path).expanduser(), index


# --------------------------------------------------------------------------- faces


def _face_info(path: Path, index: int) -> _FaceInfo:
    """Coverage and outline format of one face; parsed once per file version, then read from the cache.

    Parsing a CJK font's cmap with fontTools takes 30–60 ms per file; a command-line run resolves five
    keys, so the parsed facts are also kept on disk (a few KB per face, keyed by path, size and mtime).
    """
    st = path.stat()
    key = (os.path.abspath(path), index, st.st_size, st.st_mtime_ns)
    cached = _FACE_CACHE.get(key)
    if cached is not None:
        return cached
    record = _FACES.record(repr(key))
    info = _read_face_record(record)
    if info is None:
        info = _parse_face(path, index)
        _write_face_record(record, info)
    _FACE_CACHE[key] = info
    return info


def _parse_face(path: Path, index: int) -> _FaceInfo:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        # The table directory alone tells the outline format: no outline is parsed.
        outlines: Literal["truetype", "cff", "cff2", "none"]
        if "glyf" in font:
            outlines = "truetype"
        elif "CFF " in font:
            outlines = "cff"
        elif "CFF2" in font:
            outlines = "cff2"
        else:
            outlines = "none"
        best = font.getBestCmap() or {}
        return _FaceInfo(
            cmap=_Coverage.of(best),
            family=_english_name(font, 16, 1) or path.stem,
            style=_english_name(font, 17, 2) or "Regular",
            outlines=outlines,
            fs_type=int(font["OS/2"].fsType) if "OS/2" in font else 0,
        )


def _read_face_record(record: Path) -> _FaceInfo | None:
    data = _FACES.read_json(record)
    if data is None:
        return None
    try:
        cmap = _Coverage.from_text(data["cmap"])
        return _FaceInfo(cmap, data["family"], data["style"], data["outlines"], int(data["fs_type"]))
    except (ValueError, KeyError, TypeError, AttributeError):
        return None  # damaged: parse the font again


def _write_face_record(record: Path, info: _FaceInfo) -> None:
    data = {"family": info.family, "style": info.style, "outlines": info.outlines, "fs_type": info.fs_type,
            "cmap": info.cmap.to_text()}  # fmt: skip
    _FACES.write_json(record, data)


def _make_face(path: Path, index: int, info: _FaceInfo) -> FontFace:
    outlines: Outlines = "truetype" if info.outlines == "truetype" else "cff"
    return FontFace(
        path=path,
        index=index,
        family=info.family,
        style=info.style,
        outlines=outlines,
        source_path=path,
        source_index=index,
    )


def _describe_chars(chars: str) -> str:
    shown = chars[:_SHOWN_MISSING] + ("…" if len(chars) > _SHOWN_MISSING else "")
    return f"{len(chars)} character{'s' if len(chars) != 1 else ''}: {shown}"


# --------------------------------------------------------------------------- CFF -> TrueType


# ASCII, Latin-1, and the punctuation Chinese text uses: Python's gb2312 codec maps GB 0xA1A4 to U+30FB
# and 0xA1AA to U+2015, while Chinese text uses U+00B7 · and U+2014 —, so those (and the other quotes
# and dashes) are added explicitly.
_BASE_EXTRA = frozenset(
    [*range(0x20, 0x7F), *range(0xA0, 0x100), 0x00B7, 0x2014, 0x2015, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026,
     *range(0x2010, 0x2028), *range(0x2030, 0x203C), *range(0x3000, 0x3040), *range(0xFF01, 0xFF5F),
     *range(0xFFE0, 0xFFE7)]
)  # fmt: skip


def _base_charset() -> frozenset[int]:
    """What a converted font keeps: GB2312, ASCII, Latin-1 and the CJK/full-width punctuation."""
    chars: set[int] = set(_BASE_EXTRA)
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((hi, lo)).decode("gb2312")))
            except UnicodeDecodeError:
                continue  # unassigned cell
    return frozenset(chars)


_BASE_CHARSET: frozenset[int] | None = None


def _in_base_charset(code: int) -> bool:
    """``code in _base_charset()``, without building it (that takes ~5 ms, and a run usually needs no conversion)."""
    if code in _BASE_EXTRA:
        return True
    try:
        cell = chr(code).encode("gb2312")
    except (UnicodeEncodeError, ValueError):
        return False
    return len(cell) == 2 and 0xA1 <= cell[0] <= 0xF7 and 0xA1 <= cell[1] <= 0xFE


def _outside_base(codes: frozenset[int]) -> frozenset[int]:
    if _BASE_CHARSET is not None:
        return codes - _BASE_CHARSET
    return frozenset(code for code in codes if not _in_base_charset(code))


def _source_hash(path: Path, index: int) -> str:
    st = path.stat()
    ident = f"{os.path.abspath(path)}\0{st.st_size}\0{st.st_mtime_ns}\0{index}"
    return hashlib.sha256(ident.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def _otf_to_ttf(font: object) -> None:
    """Replace the CFF outlines of a fontTools TTFont by quadratic glyf ones (fontTools' otf2ttf snippet)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    tt = font  # a fontTools.ttLib.TTFont; typed loosely because fontTools ships no type hints
    glyph_order = tt.getGlyphOrder()  # type: ignore[attr-defined]
    glyph_set = tt.getGlyphSet()  # type: ignore[attr-defined]
    glyphs = {}
    for name in glyph_order:
        tt_pen = TTGlyphPen(glyph_set)
        # max_err 1 font unit is invisible at print sizes; CFF contours run counter-clockwise, glyf clockwise.
        glyph_set[name].draw(Cu2QuPen(tt_pen, max_err=1.0, reverse_direction=True))
        glyphs[name] = tt_pen.glyph()

    tt["loca"] = newTable("loca")  # type: ignore[index]
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = glyphs
    tt["glyf"] = glyf  # type: ignore[index]
    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in tt:  # type: ignore[operator]
            del tt[tag]  # type: ignore[attr-defined]
    # A CFF2 font's variation data refers to CFF2 outlines; the converted font is its default instance.
    for tag in ("fvar", "avar", "HVAR", "VVAR", "MVAR", "STAT", "gvar", "cvar"):
        if tag in tt:  # type: ignore[operator]
            del tt[tag]  # type: ignore[attr-defined]
    glyf.compile(tt)  # computes each glyph's bounds, needed for the side bearings below
    hmtx = tt["hmtx"]  # type: ignore[index]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)

    # CFF fonts carry maxp 0.5; glyf fonts need 1.0 (ReportLab refuses anything else).
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = max((len(getattr(g, "components", None) or []) for g in glyphs.values()), default=0)
    tt["maxp"] = maxp  # type: ignore[index]
    maxp.compile(tt)

    # post format 3 has no glyph names; format 2 keeps the CFF charset's names.
    post = tt["post"]  # type: ignore[index]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = glyph_order
    tt.sfntVersion = "\x00\x01\x00\x00"  # type: ignore[attr-defined]


def _convert(source: Path, index: int, unicodes: frozenset[int], dest: Path) -> None:
    """Subset one CFF face to ``unicodes``, convert it to TrueType outlines and write ``dest`` atomically."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    # Keep every name record: the family names in all languages are how the copy is recognised.
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_outline = True
    # ReportLab uses neither hints nor OpenType layout; dropping them saves time and space.
    options.hinting = False
    options.layout_features = []
    options.drop_tables = [*options.drop_tables, "GSUB", "GPOS", "GDEF", "BASE", "JSTF", "VORG"]

    with TTFont(source, fontNumber=index) as font:
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(unicodes))
        subsetter.subset(font)
        _otf_to_ttf(font)
        out = io.BytesIO()
        font.save(out)
    # Written beside the target and renamed: another process never sees a half-written file.
    write_atomic(dest, out.getvalue())


def _converted_copy(source: Path, index: int, info: _FaceInfo, required: str, cache_dir: Path) -> tuple[Path, bool]:
    """A TrueType copy of a CFF face covering GB2312 and ``required``; (path, whether converted now)."""
    global _BASE_CHARSET
    wanted = frozenset(code for code in map(ord, required) if code in info.cmap)
    extra = _outside_base(wanted)
    stem = re.sub(r"[^A-Za-z0-9_.-]", "_", source.stem)
    prefix = f"{stem}-{index}-{_source_hash(source, index)}-"
    ending = f"-v{_CONVERTED.version}{_CONVERTED.suffix}"  # as Shelf.named writes it

    def reusable() -> Path | None:
        # Usually the text is all GB2312 and one "base" copy serves every report; a report with rarer
        # characters gets its own copy, but any existing copy that already covers the text is reused.
        base = cache_dir / f"{prefix}base{ending}"
        if not extra and base.is_file():
            return base  # covers the text by construction: no need to parse it (saves ~30 ms a font)
        existing = sorted(cache_dir.glob(f"{prefix}*{ending}"), key=lambda p: (p != base, p.name))
        for path in existing:
            try:
                cmap = _face_info(path, 0).cmap
                if all(code in cmap for code in wanted):
                    return path
            except Exception:  # noqa: BLE001 - a damaged cache file is simply converted again
                continue
        return None

    found = reusable()
    if found is not None:
        return found, False
    with lock(str(cache_dir / prefix)):
        # Another process may have finished the same conversion while this one waited for the lock.
        found = reusable()
        if found is not None:
            return found, False
        tag = "base" if not extra else hashlib.sha256("".join(sorted(map(chr, extra))).encode()).hexdigest()[:10]
        dest = cache_dir / f"{prefix}{tag}{ending}"
        if _BASE_CHARSET is None:
            _BASE_CHARSET = _base_charset()
        _convert(source, index, frozenset(c for c in _BASE_CHARSET if c in info.cmap) | wanted, dest)
        return dest, True


# --------------------------------------------------------------------------- resolution


@dataclass(slots=True)
class _Trial:
    """A candidate being examined (mutable until the choice is made)."""

    name: str
    face: FontFace | None
    reason: str
    info: _FaceInfo | None = None
    lacking: str = ""
    chosen: bool = False


def _locate(name: str, font_dirs: Sequence[Path]) -> tuple[Path, int] | str:
    """Where a candidate is, or the reason it cannot be used."""
    as_path = _parse_path_candidate(name)
    if as_path is not None:
        path, index = as_path
        if not path.is_file():
            return "file not found"
        try:
            count = _face_count(path)
        except OSError as exc:
            return f"unreadable: {exc}"
        if index >= count:
            return f"no face #{index} (the file has {count})"
        return path, index
    entry = _find_by_name(name, font_dirs)
    return "not installed" if entry is None else (Path(entry.path), entry.index)


def _resolve_one(
    key: str, names: Sequence[str], required: str, font_dirs: Sequence[Path], convert_cff: bool, cache_dir: Path
) -> FontChoice:
    trials: list[_Trial] = []

    def take(trial: _Trial) -> bool:
        """Make ``trial`` the choice, converting it first when it is CFF; False if that fails."""
        assert trial.face is not None and trial.info is not None
        face = trial.face
        if face.outlines == "cff":
            try:
                path, now = _converted_copy(face.source_path, face.source_index, trial.info, required, cache_dir)
            except Exception as exc:  # noqa: BLE001 - any failure means "use the next candidate"
                trial.reason = f"CFF outlines, conversion to TrueType failed: {exc}"
                return False
            trial.face = FontFace(
                path=path,
                index=0,
                family=face.family,
                style=face.style,
                outlines="truetype",
                source_path=face.source_path,
                source_index=face.source_index,
            )
            done = "converted to TrueType" if now else "converted to TrueType earlier"
            trial.reason = f"chosen; CFF outlines, {done} (cached at {path})"
        else:
            trial.reason = "chosen"
        if trial.lacking:
            trial.reason += f"; no candidate covers all the text, this one lacks {_describe_chars(trial.lacking)}"
        trial.chosen = True
        return True

    chosen: _Trial | None = None
    for name in names:
        where = _locate(name, font_dirs)
        if isinstance(where, str):
            trials.append(_Trial(name, None, where))
            continue
        path, index = where
        try:
            info = _face_info(path, index)
        except Exception as exc:  # noqa: BLE001 - fontTools raises many types for damaged files
            trials.append(_Trial(name, None, f"unreadable font file {path}: {exc}"))
            continue
        trial = _Trial(name, _make_face(path, index, info), "", info)
        trials.append(trial)
        if info.outlines == "none":
            trial.reason = "no outlines (bitmap-only font)"
            continue
        if info.outlines in ("cff", "cff2") and not convert_cff:
            trial.reason = "CFF outlines: ReportLab cannot embed them"
            continue
        # ReportLab refuses to embed fonts whose licence bits forbid it (fsType 2, or 0x100/0x200).
        if info.fs_type == 0x0002 or info.fs_type & 0x0300:
            trial.reason = f"its licence bits forbid embedding (OS/2 fsType 0x{info.fs_type:04X})"
            continue
        trial.lacking = "".join(c for c in required if ord(c) not in info.cmap)
        if trial.lacking:
            # Conversion is deferred: a CFF font that lacks characters may never be needed.
            trial.reason = f"lacks {_describe_chars(trial.lacking)}"
            continue
        if take(trial):
            chosen = trial
            break

    if chosen is None:
        # Nobody covers everything: the one lacking least (earliest on ties) beats the built-in font,
        # and the caller reports what it lacks.
        partial = [t for t in trials if t.lacking]
        for trial in sorted(partial, key=lambda t: len(t.lacking)):
            if take(trial):
                chosen = trial
                break

    candidates = tuple(Candidate(t.name, t.face, t.reason, t.chosen) for t in trials)
    if chosen is None:
        return FontChoice(key=key, face=None, candidates=candidates, missing=required)
    return FontChoice(key=key, face=chosen.face, candidates=candidates, missing=chosen.lacking)


def resolve_fonts(
    families: Mapping[str, Sequence[str]],
    text: Mapping[str, str],
    *,
    font_dirs: Sequence[Path | str] = (),
    convert_cff: bool = True,
    cache_dir: Path | None = None,
) -> dict[str, FontChoice]:
    """Choose a font file for every font key.

    ``families`` maps each key to candidate family names (or file paths, "path#index" for a face
    of a collection), best first; ``text`` maps a key to every character that font must draw (a key
    missing from it requires nothing). For each key the first candidate that is installed, embeddable
    by ReportLab and covers the text is chosen; when none covers it, the one lacking fewest characters
    is, and ``FontChoice.missing`` lists what it lacks. Fonts are looked for in ``font_dirs``, then the
    directories in $ANNUALREPORT_FONT_DIR, then the system's. CFF fonts are converted once to TrueType
    into ``cache_dir`` (default: fonts/converted in the cache folder) unless ``convert_cff`` is False.

    Results are memoised per process for equal arguments and environment.
    """
    dirs = tuple(Path(d).expanduser() for d in font_dirs) + _env_font_dirs()
    cache = (cache_dir if cache_dir is not None else _CONVERTED.path).expanduser()
    required = {k: required_characters(text.get(k, "")) for k in families}
    memo_key = (
        tuple((k, tuple(v)) for k, v in families.items()),
        tuple(sorted((k, frozenset(r)) for k, r in required.items())),
        tuple(os.path.abspath(d) for d in dirs),
        convert_cff,
        os.path.abspath(cache) if convert_cff else None,
    )
    with _LOCK:
        memo = _RESOLVE_CACHE.get(memo_key)
        if memo is None:
            memo = {k: _resolve_one(k, tuple(v), required[k], dirs, convert_cff, cache) for k, v in families.items()}
            _RESOLVE_CACHE[memo_key] = memo
        return dict(memo)


def describe(choices: Mapping[str, FontChoice]) -> str:
    """A readable report of ``choices``: per key the file used, and why each candidate was taken or passed over."""
    lines: list[str] = []
    for key, choice in choices.items():
        face = choice.face
        if face is None:
            lines.append(
                f"{key}: no usable font file; the PDF falls back to ReportLab's built-in STSong-Light (not embedded)"
            )
        else:
            lines.append(f"{key}: {face.path}{_face_suffix(face.index)} ({face.family} {face.style})")
            if face.converted:
                lines.append(f"    converted from the CFF font {face.source_path}{_face_suffix(face.source_index)}")
        for cand in choice.candidates:
            where = ""
            if cand.face is not None and not cand.chosen:
                where = f" [{cand.face.source_path}{_face_suffix(cand.face.source_index)}]"
            lines.append(f"  {'*' if cand.chosen else '-'} {cand.name}{where}: {cand.reason}")
        if choice.missing:
            lines.append(f"    cannot draw {_describe_chars(choice.missing)}")
    return "\n".join(lines)


def _face_suffix(index: int) -> str:
    return f" #{index}" if index else ""
