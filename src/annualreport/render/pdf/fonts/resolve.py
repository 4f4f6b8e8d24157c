"""Resolving each font key's candidate list to a face: installed, embeddable, covering the text."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from . import coverage, system
from .convert import CONVERTED, converted_copy
from .coverage import FaceInfo, face_info, required_characters
from .system import env_font_dirs, face_count, find_by_name, parse_path_candidate

__all__ = ["Candidate", "FontChoice", "FontFace", "clear_caches", "describe", "resolve_fonts"]

Outlines = Literal["truetype", "cff"]

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


_LOCK = threading.RLock()
_RESOLVE_CACHE: dict[object, dict[str, FontChoice]] = {}


def clear_caches() -> None:
    """Forget fonts found and parsed so far, e.g. after installing fonts in a long-running process."""
    with _LOCK:
        system.clear()
        coverage.clear()
        _RESOLVE_CACHE.clear()


def _make_face(path: Path, index: int, info: FaceInfo) -> FontFace:
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


@dataclass(slots=True)
class _Trial:
    """A candidate being examined (mutable until the choice is made)."""

    name: str
    face: FontFace | None
    reason: str
    info: FaceInfo | None = None
    lacking: str = ""
    chosen: bool = False


def _locate(name: str, font_dirs: Sequence[Path]) -> tuple[Path, int] | str:
    """Where a candidate is, or the reason it cannot be used."""
    as_path = parse_path_candidate(name)
    if as_path is not None:
        path, index = as_path
        if not path.is_file():
            return "file not found"
        try:
            count = face_count(path)
        except OSError as exc:
            return f"unreadable: {exc}"
        if index >= count:
            return f"no face #{index} (the file has {count})"
        return path, index
    entry = find_by_name(name, font_dirs)
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
                path, now = converted_copy(face.source_path, face.source_index, trial.info, required, cache_dir)
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
            info = face_info(path, index)
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
    dirs = tuple(Path(d).expanduser() for d in font_dirs) + env_font_dirs()
    cache = (cache_dir if cache_dir is not None else CONVERTED.path).expanduser()
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
