"""Resolving each font key's candidate list to a face: installed, embeddable, covering the text."""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .... import progress
from ....messages import text
from . import coverage, likeness, system
from .convert import CONVERTED, converted_copy
from .coverage import FaceInfo, face_info, known_face_info, required_characters
from .system import env_font_dirs, face_count, find_by_name, parse_path_candidate

__all__ = ["Borrowing", "Candidate", "FontChoice", "FontFace", "clear_caches", "describe", "resolve_fonts"]

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
class Borrowing:
    """Characters a font key's face lacks, drawn from the installed face most like it that has them."""

    characters: str
    """The characters, in order of first use."""
    face: FontFace
    """The face that draws them (embedded like every other: a TrueType copy when it is CFF)."""
    likeness: str
    """The class of that face (likeness.CLASS_LABELS): "fangsong", "kai", "song", "hei" or "other"."""


@dataclass(frozen=True, slots=True)
class FontChoice:
    """The font chosen for one font key, and how it was chosen."""

    key: str
    """Font key, e.g. "fangsong"."""
    face: FontFace | None
    """Face to register; None only when no installed font draws any of the key's text (the caller falls back
    to STSong-Light)."""
    candidates: tuple[Candidate, ...]
    """Candidates examined, in the style's order, up to and including the chosen one."""
    missing: str
    """Required characters no installed font can draw, in order of first use ("" when all are drawn).

    When ``face`` is None this is every required character: no usable file was found to draw them.
    """
    likeness: str = "song"
    """The key's class (read from its candidate names), which decides where it borrows from."""
    borrowed: tuple[Borrowing, ...] = ()
    """Characters ``face`` lacks and the faces drawing them, nearest class first."""
    substitute: bool = False
    """True when ``face`` is none of the candidates (none was installed and usable) but the installed face most
    like them."""


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


def _unusable(info: FaceInfo, convert_cff: bool) -> str | None:
    """Why a face cannot be embedded, or None when it can."""
    if info.outlines == "none":
        return "no outlines (bitmap-only font)"
    if info.outlines in ("cff", "cff2") and not convert_cff:
        return "CFF outlines: ReportLab cannot embed them"
    # ReportLab refuses to embed fonts whose licence bits forbid it (fsType 2, or 0x100/0x200).
    if info.fs_type == 0x0002 or info.fs_type & 0x0300:
        return f"its licence bits forbid embedding (OS/2 fsType 0x{info.fs_type:04X})"
    return None


_FaceId = tuple[Path, int]


def _choose(
    names: Sequence[str], required: str, font_dirs: Sequence[Path], convert_cff: bool, failed: Mapping[_FaceId, str]
) -> tuple[list[_Trial], _Trial | None]:
    """The candidates examined and the one chosen: the first usable one covering ``required``, else the one
    lacking fewest characters (earliest on ties), else None."""
    trials: list[_Trial] = []
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
        why = _unusable(info, convert_cff) or failed.get((path, index))
        if why is not None:
            trial.reason = why
            continue
        trial.lacking = "".join(c for c in required if ord(c) not in info.cmap)
        if trial.lacking:
            trial.reason = f"lacks {_describe_chars(trial.lacking)}"
            continue
        trial.chosen = True
        return trials, trial
    # Nobody covers everything: the one lacking least (earliest on ties) is the key's face, and the
    # characters it lacks are borrowed.
    partial = [t for t in trials if t.lacking]
    if not partial:
        return trials, None
    chosen = min(partial, key=lambda t: len(t.lacking))
    chosen.chosen = True
    return trials, chosen


@dataclass(frozen=True, slots=True)
class _PoolFace:
    """An installed face as the likeness ranking sees it."""

    path: Path
    index: int
    names: frozenset[str]
    cls: str
    region: int
    regular: bool


class _Pool:
    """Every installed face, ranked by likeness for each font key; coverage read only as far as needed."""

    def __init__(self, families: Mapping[str, Sequence[str]], font_dirs: Sequence[Path], convert_cff: bool,
                 failed: Mapping[_FaceId, str]) -> None:  # fmt: skip
        self.font_dirs, self.convert_cff, self.failed = font_dirs, convert_cff, failed
        self.families = families
        self._faces: list[_PoolFace] | None = None
        self._ranked: dict[tuple[str, bool], list[_PoolFace]] = {}
        self._infos: dict[_FaceId, FaceInfo | None] = {}
        # Where each candidate of every key is: (key's position, candidate's position) by face.
        self._candidates: dict[_FaceId, tuple[int, int, str]] = {}

    def faces(self) -> list[_PoolFace]:
        if self._faces is None:
            found: dict[_FaceId, _PoolFace] = {}
            for entry in system.all_faces(self.font_dirs):
                names = entry.families | entry.exact
                face_id = (Path(entry.path), entry.index)
                found[face_id] = _PoolFace(face_id[0], entry.index, names, likeness.classify(names),
                                           likeness.region(names), entry.regular)  # fmt: skip
            for k, (key, names_) in enumerate(self.families.items()):
                for c, name in enumerate(names_):
                    where = _locate(name, self.font_dirs)
                    if isinstance(where, str):
                        continue
                    self._candidates.setdefault(where, (k, c, key))
                    if where not in found:  # a path candidate outside every font folder
                        info = self.info(where)
                        if info is not None:
                            names = frozenset([info.family, where[0].name])
                            regular = info.style.casefold() in _PLAIN_STYLES
                            found[where] = _PoolFace(where[0], where[1], names, likeness.classify(names),
                                                     likeness.region(names), regular)  # fmt: skip
            self._faces = list(found.values())
        return self._faces

    def info(self, face_id: _FaceId) -> FaceInfo | None:
        """The face's coverage when it can be embedded (and its conversion has not failed), else None."""
        if face_id in self._infos:
            return self._infos[face_id]
        try:
            info: FaceInfo | None = face_info(*face_id)
        except Exception:  # noqa: BLE001 - a damaged file simply lends nothing
            info = None
        if info is not None and (_unusable(info, self.convert_cff) or face_id in self.failed):
            info = None
        self._infos[face_id] = info
        return info

    def ranked(self, key: str, want_regular: bool) -> list[_PoolFace]:
        """The faces in the order ``key`` borrows from them (likeness.FALLBACK_ORDER, then the ties below)."""
        memo = self._ranked.get((key, want_regular))
        if memo is not None:
            return memo
        faces = self.faces()
        order = likeness.order_for(likeness.key_class(self.families[key]))

        def rank(face: _PoolFace) -> tuple[object, ...]:
            cand = self._candidates.get((face.path, face.index))
            tier = 2 if cand is None else 0 if cand[2] == key else 1
            return (order.index(face.cls), tier, face.region, face.regular != want_regular,
                    cand[:2] if cand else (0, 0), min(face.names, default=""), str(face.path), face.index)  # fmt: skip

        ranked = self._ranked[(key, want_regular)] = sorted(faces, key=rank)
        return ranked

    def lender(self, key: str, char: str, want_regular: bool) -> tuple[_PoolFace, FaceInfo] | None:
        """The face most like ``key``'s that draws ``char``, or None.

        A face never parsed before that fontconfig lists is parsed only if fontconfig says it has the
        character: learning that no face has a rare one would otherwise read every installed face (seconds).
        """
        code = ord(char)
        for face in self.ranked(key, want_regular):
            face_id = (face.path, face.index)
            if face_id not in self._infos and known_face_info(*face_id) is None:
                if system.fontconfig_knows(str(face.path), face.index):
                    has = system.fontconfig_faces_with(char)
                    if has is not None and (str(face.path), face.index) not in has:
                        continue
            info = self.info(face_id)
            if info is not None and code in info.cmap:
                return face, info
        return None

    def substitute(self, key: str, required: str) -> tuple[_PoolFace, FaceInfo] | None:
        """For a key none of whose candidates is usable: the installed Chinese face (likeness.CHINESE_PROBE) most
        like them covering all its text, else covering most of it. None when the machine has no Chinese face."""
        ranked = self.ranked(key, True)
        codes = [ord(c) for c in required]
        probe = [ord(c) for c in likeness.CHINESE_PROBE]
        best: tuple[int, _PoolFace, FaceInfo] | None = None
        for face in ranked:
            info = self.info((face.path, face.index))
            if info is None or not all(code in info.cmap for code in probe):
                continue
            count = sum(code in info.cmap for code in codes)
            if count == len(codes):
                return face, info
            if count and (best is None or count > best[0]):
                best = (count, face, info)
        return None if best is None else (best[1], best[2])


def resolve_fonts(
    families: Mapping[str, Sequence[str]],
    text: Mapping[str, str],
    *,
    font_dirs: Sequence[Path | str] = (),
    convert_cff: bool = True,
    cache_dir: Path | None = None,
) -> dict[str, FontChoice]:
    """Choose a font file for every font key, and where each character it lacks is borrowed from.

    ``families`` maps each key to candidate family names (or file paths, "path#index" for a face
    of a collection), best first; ``text`` maps a key to every character that font must draw (a key
    missing from it requires nothing). For each key the first candidate that is installed, embeddable
    by ReportLab and covers the text is chosen; when none covers it, the one lacking fewest characters
    is; when none is installed, the installed face most like them (``likeness``). Each character the
    chosen face lacks is borrowed from the installed face ranked first by likeness that has it
    (``FontChoice.borrowed``); ``FontChoice.missing`` lists those no installed face has. Fonts are looked for
    in ``font_dirs``, then the directories in $ANNUALREPORT_FONT_DIR, then the system's. CFF faces
    are converted to TrueType, only the glyphs the text needs, into ``cache_dir`` (default: fonts/converted
    in the cache folder) unless ``convert_cff`` is False.

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
            memo = _resolve_all({k: tuple(v) for k, v in families.items()}, required, dirs, convert_cff, cache)
            _RESOLVE_CACHE[memo_key] = memo
        return dict(memo)


@dataclass(slots=True)
class _Plan:
    """One key's choice before CFF faces are converted."""

    trials: list[_Trial]
    face: tuple[_FaceId, FaceInfo] | None
    substitute: bool
    likeness: str
    lenders: dict[str, tuple[_PoolFace, FaceInfo]]
    missing: str


class _ConversionFailed(Exception):
    def __init__(self, face: _FaceId, error: Exception) -> None:
        super().__init__(face, error)
        self.face, self.error = face, error


def _resolve_all(
    families: Mapping[str, tuple[str, ...]], required: Mapping[str, str], dirs: Sequence[Path], convert_cff: bool,
    cache: Path,
) -> dict[str, FontChoice]:  # fmt: skip
    failed: dict[_FaceId, str] = {}
    while True:  # a face whose conversion fails is passed over, and the keys are chosen again
        plans = _plan(families, required, dirs, convert_cff, failed)
        try:
            return _carry_out(plans, required, cache)
        except _ConversionFailed as failure:
            failed[failure.face] = f"CFF outlines, conversion to TrueType failed: {failure.error}"


def _plan(
    families: Mapping[str, tuple[str, ...]], required: Mapping[str, str], dirs: Sequence[Path], convert_cff: bool,
    failed: Mapping[_FaceId, str],
) -> dict[str, _Plan]:  # fmt: skip
    pool = _Pool(families, dirs, convert_cff, failed)
    plans: dict[str, _Plan] = {}
    for key, names in families.items():
        trials, chosen = _choose(names, required[key], dirs, convert_cff, failed)
        face: tuple[_FaceId, FaceInfo] | None = None
        substitute = False
        if chosen is not None and chosen.face is not None and chosen.info is not None:
            face = ((chosen.face.source_path, chosen.face.source_index), chosen.info)
        else:
            found = pool.substitute(key, required[key])
            if found is not None:
                face, substitute = ((found[0].path, found[0].index), found[1]), True
        plans[key] = _Plan(trials, face, substitute, likeness.key_class(names), {}, "")
    lacking = {key: "".join(c for c in required[key] if plan.face is None or ord(c) not in plan.face[1].cmap)
               for key, plan in plans.items() if plan.face is not None}  # fmt: skip
    count = sum(map(len, lacking.values()))
    if count:
        # The first time, every installed face's coverage may have to be read (kept on disk after that).
        with progress.task(text("progress_search", count=count)):
            for key, chars in lacking.items():
                plan = plans[key]
                assert plan.face is not None
                want_regular = plan.face[1].style.casefold() in _PLAIN_STYLES
                missing = []
                for char in chars:
                    found = pool.lender(key, char, want_regular)
                    if found is None:
                        missing.append(char)
                    else:
                        plan.lenders[char] = found
                plan.missing = "".join(missing)
    for key, plan in plans.items():
        if plan.face is None:
            plan.missing = required[key]
    return plans


_PLAIN_STYLES = frozenset(("regular", "book", "normal", "roman", "plain", "medium", "常规", "标准", "標準"))


def _carry_out(plans: Mapping[str, _Plan], required: Mapping[str, str], cache: Path) -> dict[str, FontChoice]:
    """Convert the CFF faces the plans use (each once, for all the characters it draws) and make the choices."""
    draws: dict[_FaceId, set[int]] = {}
    infos: dict[_FaceId, FaceInfo] = {}
    for key, plan in plans.items():
        if plan.face is not None:
            face_id, info = plan.face
            infos[face_id] = info
            draws.setdefault(face_id, set()).update(ord(c) for c in required[key] if ord(c) in info.cmap)
        for char, (lender, info) in plan.lenders.items():
            face_id = (lender.path, lender.index)
            infos[face_id] = info
            draws.setdefault(face_id, set()).add(ord(char))
    faces: dict[_FaceId, FontFace] = {}
    notes: dict[_FaceId, str] = {}
    for face_id in sorted(draws, key=lambda f: (str(f[0]), f[1])):
        info = infos[face_id]
        face = _make_face(face_id[0], face_id[1], info)
        if face.outlines == "cff":
            try:
                made = converted_copy(face_id[0], face_id[1], info, draws[face_id], cache)
            except Exception as exc:  # noqa: BLE001 - any failure means "use another face"
                raise _ConversionFailed(face_id, exc) from exc
            face = FontFace(path=made.path, index=0, family=face.family, style=face.style, outlines="truetype",
                            source_path=face.source_path, source_index=face.source_index)  # fmt: skip
            done = (f"{made.converted_now} glyphs converted to TrueType now" if made.converted_now
                    else "converted to TrueType earlier")  # fmt: skip
            notes[face_id] = f"CFF outlines, {done} (cached at {made.path})"
        faces[face_id] = face

    choices: dict[str, FontChoice] = {}
    for key, plan in plans.items():
        face = faces[plan.face[0]] if plan.face is not None else None
        candidates = []
        for trial in plan.trials:
            reason = trial.reason
            if trial.chosen and plan.face is not None:
                reason = "chosen"
                note = notes.get(plan.face[0])
                if note:
                    reason += f"; {note}"
                if trial.lacking:
                    reason += f"; no candidate covers all the text, this one lacks {_describe_chars(trial.lacking)}"
            candidates.append(Candidate(trial.name, trial.face, reason, trial.chosen))
        grouped: dict[_FaceId, tuple[_PoolFace, list[str]]] = {}
        for char, (lender, _info) in plan.lenders.items():
            grouped.setdefault((lender.path, lender.index), (lender, []))[1].append(char)
        borrowed = tuple(
            Borrowing("".join(chars), faces[face_id], lender.cls) for face_id, (lender, chars) in grouped.items()
        )
        choices[key] = FontChoice(key=key, face=face, candidates=tuple(candidates), missing=plan.missing,
                                  likeness=plan.likeness, borrowed=borrowed, substitute=plan.substitute)  # fmt: skip
    return choices


def describe(choices: Mapping[str, FontChoice]) -> str:
    """A readable report of ``choices``: per key the file used, and why each candidate was taken or passed
    over, the characters borrowed from other faces and those no installed face draws."""
    lines: list[str] = []
    for key, choice in choices.items():
        face = choice.face
        label = likeness.CLASS_LABELS.get(choice.likeness, choice.likeness)
        if face is None:
            lines.append(
                f"{key} ({label}): no usable font file; the PDF falls back to ReportLab's built-in STSong-Light "
                "(not embedded)"
            )
        else:
            lines.append(f"{key} ({label}): {face.path}{_face_suffix(face.index)} ({face.family} {face.style})")
            if face.converted:
                lines.append(f"    converted from the CFF font {face.source_path}{_face_suffix(face.source_index)}")
        for cand in choice.candidates:
            where = ""
            if cand.face is not None and not cand.chosen:
                where = f" [{cand.face.source_path}{_face_suffix(cand.face.source_index)}]"
            lines.append(f"  {'*' if cand.chosen else '-'} {cand.name}{where}: {cand.reason}")
        if choice.substitute and face is not None:
            lines.append(f"  * no candidate is installed: the installed face most like them, {face.family} {face.style}")
        for loan in choice.borrowed:
            kind = likeness.CLASS_LABELS.get(loan.likeness, loan.likeness)
            lines.append(
                f"    borrows {_describe_chars(loan.characters)} from {loan.face.family} {loan.face.style} ({kind}, "
                f"{loan.face.source_path}{_face_suffix(loan.face.source_index)})"
            )
        if choice.missing:
            lines.append(f"    cannot draw {_describe_chars(choice.missing)}")
    return "\n".join(lines)


def _face_suffix(index: int) -> str:
    return f" #{index}" if index else ""
