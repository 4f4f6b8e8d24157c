"""Chinese word segmentation for breaking titles between words: jieba's dictionary, looked up without loading it.

jieba (MIT) is the segmenter most Chinese software uses; its dictionary (349 046 words with frequencies) is
what a title is cut with, by jieba's own method without its HMM: every dictionary word of the text forms a
graph, and the path of highest probability (product of word frequencies) is the segmentation. ``import
jieba`` costs about half a second (its HMM tables) and building its prefix dictionary 1.5–3 s and 80 MB,
so jieba's code is never imported: its ``dict.txt`` is turned once into a sorted index kept in the cache
(``words/``), which is searched by bisection — a few milliseconds per title, a few megabytes read. The index
is a function of ``dict.txt`` alone (the record is named after its size and time), so the segmentation is
the same whether the index was in the cache, written now, or could not be written (then it is built in
memory for the process). Without jieba installed, text is cut only at the phrases of
:data:`OFFICIAL_PHRASES` and between characters of other runs.
"""

from __future__ import annotations

import array
import importlib.util
import math
import threading
from collections.abc import Iterable
from pathlib import Path

from .. import cache

__all__ = ["OFFICIAL_PHRASES", "segment"]

OFFICIAL_PHRASES = (
    "关于", "人民政府", "人民代表大会", "常务委员会", "委员会", "办公室", "办公厅", "人民法院", "人民检察院",
    "年度", "工作", "情况", "报告", "总结", "通知", "意见", "方案", "规划", "计划", "决定", "批复", "函",
    "重点项目", "重点工作", "实施方案", "工作报告", "工作总结", "工作要点", "政府工作", "法治政府", "政务公开",
    "高质量发展", "乡村振兴", "脱贫攻坚", "精准扶贫", "营商环境", "生态环境", "安全生产", "一览表", "统计表",
    "情况表", "汇总表", "明细表", "附件", "发展和改革委员会", "发展和改革局", "人力资源和社会保障局",
    "住房和城乡建设局", "自然资源和规划局", "工业和信息化局", "文化和旅游局", "卫生健康委员会",
)  # fmt: skip
"""Words of official documents kept whole whatever the dictionary says (GB/T 9704 7.3.3: 回行时词意完整)."""

_PHRASE_FREQ = 10**7
"""Frequency given to an official phrase: above any dictionary word, so the best path keeps it whole."""

WORDS = cache.Shelf("words", 1, ".idx")
_MAX_WORD = 16
_lock = threading.Lock()
_index: _Index | None = None
_loaded = False


class _Index:
    """Words of a dictionary sorted by their UTF-8 bytes, with frequencies: bisection over one bytes object.

    Layout: count (4 bytes), total frequency (8 bytes), then ``count`` word offsets (uint32), then
    ``count`` frequencies (uint32), then the words' bytes one after another (an end offset closes them).
    """

    def __init__(self, data: bytes) -> None:
        count = int.from_bytes(data[:4], "little")
        self.total = int.from_bytes(data[4:12], "little")
        start = 12
        self.offsets = array.array("I")
        self.offsets.frombytes(data[start : start + 4 * (count + 1)])
        start += 4 * (count + 1)
        self.freqs = array.array("I")
        self.freqs.frombytes(data[start : start + 4 * count])
        self.words = data[start + 4 * count :]
        if len(self.offsets) != count + 1 or len(self.freqs) != count or self.offsets[-1] != len(self.words):
            raise ValueError("damaged word index")

    @staticmethod
    def build(entries: Iterable[tuple[str, int]]) -> bytes:
        pairs = sorted({w.encode("utf-8"): f for w, f in entries}.items())
        offsets, freqs, words = array.array("I", [0]), array.array("I"), bytearray()
        total = 0
        for word, freq in pairs:
            words += word
            offsets.append(len(words))
            freqs.append(min(freq, 2**32 - 1))
            total += freq
        return (len(pairs).to_bytes(4, "little") + total.to_bytes(8, "little") + offsets.tobytes()
                + freqs.tobytes() + bytes(words))  # fmt: skip

    def freq(self, word: str) -> int:
        """The word's frequency, or 0 when the dictionary lacks it."""
        key = word.encode("utf-8")
        offsets, words = self.offsets, self.words
        low, high = 0, len(self.freqs)
        while low < high:
            middle = (low + high) // 2
            if words[offsets[middle] : offsets[middle + 1]] < key:
                low = middle + 1
            else:
                high = middle
        if low < len(self.freqs) and words[offsets[low] : offsets[low + 1]] == key:
            return self.freqs[low]
        return 0


def _dictionary_path() -> Path | None:
    """jieba's dict.txt, found without importing jieba."""
    try:
        spec = importlib.util.find_spec("jieba")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).parent / "dict.txt"
    return path if path.is_file() else None


def _parse(path: Path) -> list[tuple[str, int]]:
    entries = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                entries.append((parts[0], int(parts[1])))
    return entries


def _load_index() -> _Index | None:
    """The dictionary index: from the cache, or built from dict.txt (and kept) — None without jieba."""
    global _index, _loaded
    with _lock:
        if _loaded:
            return _index
        path = _dictionary_path()
        if path is not None:
            stat = path.stat()
            record = WORDS.named(f"jieba-{stat.st_size}-{stat.st_mtime_ns}")
            data = cache.read_checked(record)
            try:
                _index = _Index(data) if data is not None else None
            except ValueError:
                _index = None
            if _index is None:
                data = _Index.build(_parse(path))
                _index = _Index(data)
                cache.write_checked(record, data)
        _loaded = True
        return _index


def _is_han(ch: str) -> bool:
    code = ord(ch)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3134F


def _is_word_char(ch: str) -> bool:
    """Latin letters and digits, and what binds inside a number or code (2018.5, 3.5%, A-1)."""
    return ch.isascii() and (ch.isalnum() or ch in ".%-_/&+")


def segment(text: str) -> list[str]:
    """``text`` cut into words: Han runs by dictionary (official phrases kept whole), runs of Latin letters and
    digits whole, every other character alone. The pieces join to ``text``."""
    pieces: list[str] = []
    i, n = 0, len(text)
    index: _Index | None = None
    while i < n:
        j = i + 1
        if _is_han(text[i]):
            while j < n and _is_han(text[j]):
                j += 1
            if index is None and j - i > 1:
                index = _load_index() or _Index(_Index.build(()))
            pieces += _cut_han(text[i:j], index) if j - i > 1 else [text[i]]
        elif _is_word_char(text[i]):
            while j < n and _is_word_char(text[j]):
                j += 1
            pieces.append(text[i:j])
        else:
            while j < n and text[j] == text[i] and text[i] in "…—":  # …… and —— stay whole
                j += 1
            pieces.append(text[i:j])
        i = j
    return pieces


def _cut_han(run: str, index: _Index) -> list[str]:
    """jieba's cut without HMM: the path of highest probability through the dictionary words of ``run``."""
    n = len(run)
    log_total = math.log(max(index.total, 1) + _PHRASE_FREQ)
    phrases = set(OFFICIAL_PHRASES)
    # best[i]: (log probability of the best segmentation of run[i:], end of its first word)
    best: list[tuple[float, int]] = [(0.0, n)] * (n + 1)
    for i in range(n - 1, -1, -1):
        choice = (-math.inf, i + 1)
        for j in range(i + 1, min(n, i + _MAX_WORD) + 1):
            word = run[i:j]
            freq = _PHRASE_FREQ if word in phrases else index.freq(word)
            if not freq and j > i + 1:
                continue
            score = math.log(freq or 1) - log_total + best[j][0]
            if score > choice[0] or (score == choice[0] and j > choice[1]):
                choice = (score, j)
        best[i] = choice
    words, i = [], 0
    while i < n:
        j = best[i][1]
        words.append(run[i:j])
        i = j
    return words


def _reset_for_tests() -> None:
    """Forget the loaded index (tests that point the cache elsewhere)."""
    global _index, _loaded
    with _lock:
        _index, _loaded = None, False

