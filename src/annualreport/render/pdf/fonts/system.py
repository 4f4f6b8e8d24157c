"""Finding font files on the system: $ANNUALREPORT_FONT_DIR, folder scans, fc-list, TeX Live, Windows and macOS folders."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ....cache import Shelf

# Imported where used, so that a run whose font caches all hit imports neither: fontTools (~20 ms with
# its name and OpenType tables), urllib.request (~6 ms, pulls in http and ssl), subprocess.

__all__ = ["DEBIAN_FONT_PACKAGES", "FONT_DIR_ENV", "all_faces", "clear", "env_font_dirs", "face_count", "find_by_name",
           "fontconfig_faces_with", "fontconfig_knows", "install_hint", "parse_path_candidate"]  # fmt: skip

FONT_DIR_ENV = "ANNUALREPORT_FONT_DIR"
"""Environment variable: extra font directories (os.pathsep-separated), searched before the system's."""

DEBIAN_FONT_PACKAGES = (
    "fonts-arphic-gkai00mp",
    "fonts-arphic-gbsn00lp",
    "fonts-wqy-microhei",
    "texlive-lang-chinese",
)
"""Debian packages that together serve every font key of the default style (see docs/FONTS.md)."""

_FONT_SUFFIXES = frozenset({".ttf", ".ttc", ".otf", ".otc"})
_SCANS = Shelf("fonts/dirs", 1)
"""Folder scans (``_scan_dir``); bump the version when their content changes."""
_FC_LISTS = Shelf("fonts/fc-list", 1)
"""fc-list output with what decides it (``_fc_list``); bump the version when its content changes."""


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
    entries: list[_Entry] = field(default_factory=list)
    """Every face, in the order found."""
    known: frozenset[tuple[str, int]] | None = None
    """(path, index) of every face, made when first asked (``fontconfig_knows``)."""

    def add(self, entry: _Entry) -> None:
        self.entries.append(entry)
        for name in entry.families | entry.exact:
            self.by_name.setdefault(name, []).append(entry)


_FC_LIST: _Location | None = None
_FC_LIST_DONE = False
_DIR_CACHE: dict[str, _Location] = {}
_SYSTEM_DIRS: dict[object, list[Path]] = {}


def clear() -> None:
    """Forget the folders scanned and fc-list's listing (the caller holds the resolution lock)."""
    global _FC_LIST, _FC_LIST_DONE
    _FC_LIST = None
    _FC_LIST_DONE = False
    _DIR_CACHE.clear()
    _SYSTEM_DIRS.clear()
    _FC_CHARSET.clear()


def install_hint() -> str:
    """How to install free Chinese fonts on Debian/Ubuntu, for the warning shown when none is found."""
    return "On Debian or Ubuntu install Chinese fonts with: sudo apt-get install " + " ".join(DEBIAN_FONT_PACKAGES)


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


# --------------------------------------------------------------------------- folders


def face_count(path: Path) -> int:
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
        for index in range(face_count(path)):
            # lazy=True reads the table directory and then only the name table.
            with TTFont(path, fontNumber=index, lazy=True) as font:
                families, exact, styles = _read_names(font)
            faces.append([index, sorted(set(map(_norm, families))), sorted(set(map(_norm, exact))), _is_plain(styles)])
    except (OSError, TTLibError, KeyError, ValueError, AssertionError, IndexError):
        pass  # not a font after all, or damaged: the faces read so far (and the other files) still count
    return faces


# --------------------------------------------------------------------------- fc-list


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


# --------------------------------------------------------------------------- search order


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


def env_font_dirs() -> tuple[Path, ...]:
    raw = os.environ.get(FONT_DIR_ENV, "")
    return tuple(Path(p).expanduser() for p in raw.split(os.pathsep) if p.strip())


def find_by_name(name: str, font_dirs: Sequence[Path]) -> _Entry | None:
    """The best face answering to ``name`` in the first location that has one."""
    key = _norm(name)
    for location in _locations(font_dirs):
        entries = location.by_name.get(key)
        if entries:
            # Each entry in by_name[key] answers to key, so _rank is never None here.
            return min(entries, key=lambda e: (_rank(e, key) or (9, 9, 9, 0), e.path))
    return None


def all_faces(font_dirs: Sequence[Path]) -> list[_Entry]:
    """Every face installed or in ``font_dirs``: each (file, face index) once, first place found wins."""
    seen: dict[tuple[str, int], _Entry] = {}
    for location in _locations(font_dirs):
        for entry in location.entries:
            seen.setdefault((entry.path, entry.index), entry)
    return list(seen.values())


def fontconfig_knows(path: str, index: int) -> bool:
    """Whether fc-list lists face ``index`` of ``path`` (so ``fontconfig_faces_with`` can answer for it)."""
    fc = _FC_LIST if _FC_LIST_DONE else None
    if fc is None:
        return False
    if fc.known is None:
        fc.known = frozenset((e.path, e.index) for e in fc.entries)
    return (path, index) in fc.known


_FC_CHARSET: dict[str, frozenset[tuple[str, int]] | None] = {}


def fontconfig_faces_with(char: str) -> frozenset[tuple[str, int]] | None:
    """The faces fontconfig says draw ``char`` (``fc-list :charset=HEX``), once per process and character; None
    when fc-list is not used here or fails. Spares reading the coverage of every installed face to learn that
    none has a rare character."""
    if char in _FC_CHARSET:
        return _FC_CHARSET[char]
    found: frozenset[tuple[str, int]] | None = None
    import shutil

    exe = shutil.which("fc-list") if _FC_LIST_DONE and _FC_LIST is not None else None
    if exe is not None:
        import subprocess

        try:
            proc = subprocess.run([exe, "--format", "%{file}\\t%{index}\\n", f":charset={ord(char):x}"],
                                  capture_output=True, timeout=60, check=True)  # fmt: skip
            pairs = (line.split("\t") for line in proc.stdout.decode("utf-8", "replace").splitlines())
            found = frozenset((p[0], int(p[1])) for p in pairs if len(p) == 2 and p[1].isdigit())
        except (OSError, subprocess.SubprocessError):
            found = None
    _FC_CHARSET[char] = found
    return found


def parse_path_candidate(name: str) -> tuple[Path, int] | None:
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
