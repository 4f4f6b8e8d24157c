"""``import --indicators``: figures with units lifted out of the imported text into the indicator catalogue.

A figure is Arabic digits (a decimal point allowed) with a unit from :data:`UNITS` (a 万/亿 word may stand
before the unit), and the qualifiers GB/T 15835 knows around it: 约/近/超 before, 余/多 after the digits or after
the 万/亿 word, 以上/以下/左右/上下 after the unit. Each becomes an indicator whose value is the digits exactly as
written ("8.50" stays "8.50") and the text gets ``{key}`` in its place.

Faithful by construction: a figure is lifted only when the indicator, formatted as the renderers format it,
gives back exactly the characters it replaces; anything else (grouped digits, full-width ％, dates, 第3名) stays
text. Keys are the label itself, in Chinese: the words (cut by the dictionary of document/segment.py) before the
figure in its clause (“建成养殖小区”), without the words that only introduce a figure (达到、完成、共计 …), or the
word after it when nothing is left before (共有41支代表队 → 代表队). A 文秘 reads ``{建成养殖小区}`` at once,
the key pattern of the model allows 汉字, and no transliteration dictionary is needed. The same label twice gets
``_2``, ``_3`` in order of appearance, so the same input always gives the same keys.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from ..document.segment import segment
from ..formatting import format_quantity
from ..model import INDICATOR_KEY

__all__ = ["UNITS", "lift_figures"]

UNITS = (
    "个百分点", "平方公里", "平方米", "立方米", "千瓦时", "头（只）", "嘎查村", "公顷", "公里", "千米", "千克",
    "公斤", "千瓦", "兆瓦", "人次", "万元", "元", "亩", "米", "吨", "人", "户", "个", "处", "家", "项", "座", "所",
    "头", "只", "匹", "辆", "台", "套", "间", "眼", "名", "支", "场", "次", "期", "篇", "件", "条", "栋", "株",
    "棵", "册", "份", "批", "部", "种", "块", "盏", "口", "村", "%",
)  # fmt: skip
"""Units a figure may carry, longest first where one begins another (人次 before 人)."""

_UNIT = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
FIGURE = re.compile(
    rf"(?<![\d.０-９A-Za-z第])(?<!\d,)(?P<before>约|近|超)?(?P<digits>\d+(?:\.\d+)?)(?P<inner>余|多)?"
    rf"(?P<word>万亿|万|亿)?(?P<outer>余|多)?(?P<unit>{_UNIT})(?P<after>以上|以下|左右|上下)?"
)
CLAUSE_BREAK = re.compile(r"[，。；：、,;:！？!?（）()【】\s{}]")
QUOTES = re.compile(r"[“”‘’《》\"']")
INTRODUCING = frozenset(("共计", "累计", "达到", "完成", "实现", "共有", "合计", "总计", "分别", "为", "达", "共", "约",
                         "近", "超", "有", "计", "了", "至", "和", "及", "与", "是"))  # fmt: skip
"""Words (as the segmenter cuts them) that only introduce a figure, taken off the end of its label."""
LEADING = frozenset(("累计", "全年", "其中", "共", "共有", "合计", "总计", "共计", "并", "还", "又", "已"))
"""Words taken off the start of a label: 累计表彰… → 表彰…."""
LABEL_MAX_CHARS = 12


def lift_figures(data: dict[str, Any]) -> int:
    """Replace the figures in the body text of ``data`` (report.yaml's data, as recognition made it) by ``{key}``
    references and add the catalogue as ``data["indicators"]``; the number of figures lifted."""
    lifter = _Lifter()
    for holder in _holders(data):
        content = holder.get("content", [])
        for index, block in enumerate(content):
            if isinstance(block, str):
                content[index] = lifter.lift(block)
            elif isinstance(block, dict) and isinstance(block.get("text"), str) and ("lead" in block or "item" in block):
                block["text"] = lifter.lift(block["text"])
    if lifter.catalogue:
        data["indicators"] = lifter.catalogue
    return len(lifter.catalogue)


def _holders(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The report, its sections at every depth and its attachments: whatever holds ``content``."""
    found: list[dict[str, Any]] = []
    pending = [data, *data.get("attachments", [])]
    while pending:
        holder = pending.pop(0)
        found.append(holder)
        pending[0:0] = [s for s in holder.get("sections", []) if isinstance(s, dict)]
    return found


class _Lifter:
    def __init__(self) -> None:
        self.catalogue: dict[str, dict[str, Any]] = {}

    def lift(self, value: str) -> str:
        pieces: list[str] = []
        end = 0
        previous_label = ""
        for match in FIGURE.finditer(value):
            if _inside_braces(value, match.start()):
                continue
            indicator = _indicator(match)
            if indicator is None:
                continue
            between = value[end : match.start()]
            if end and not between.strip("、和及与 ") and previous_label:
                label = previous_label  # 1187户3498人: the second figure counts the same thing
            else:
                label = _label(between, value[match.end() :])
            previous_label = label
            indicator = {"label": label, **indicator}
            key = self._key(indicator["label"])
            self.catalogue[key] = indicator
            pieces += [value[end : match.start()], "{" + key + "}"]
            end = match.end()
        return "".join(pieces) + value[end:]

    def _key(self, label: str) -> str:
        base = "".join(c for c in label if INDICATOR_KEY.fullmatch("a" + c)) or "指标"
        if base[0].isdigit():
            base = "指标" + base
        key, n = base, 1
        while key in self.catalogue:
            n += 1
            key = f"{base}_{n}"
        return key


def _inside_braces(value: str, at: int) -> bool:
    """``at`` stands inside a ``{{…}}`` literal the recognition escaped (an odd number of braces before it)."""
    return value.count("{{", 0, at) != value.count("}}", 0, at)


def _indicator(match: re.Match[str]) -> dict[str, Any] | None:
    """The indicator that prints exactly ``match``'s characters, or None."""
    before, inner, outer, after = match["before"], match["inner"], match["outer"], match["after"]
    if sum(q is not None for q in (before, inner, outer, after)) > 1:
        return None
    unit = (match["word"] or "") + match["unit"]
    indicator: dict[str, Any] = {"value": match["digits"], "unit": unit}
    qualifier = before or inner or outer or after
    position = "auto"
    if qualifier:
        indicator["qualifier"] = qualifier
        if inner and match["word"]:
            position = indicator["qualifier_position"] = "after_digits"
    try:
        shown = format_quantity(
            Decimal(match["digits"]),
            unit=unit,
            display="percent" if unit == "%" else "plain",
            qualifier=qualifier or "",
            qualifier_position=position,  # type: ignore[arg-type]
        )
    except ValueError:
        return None
    return indicator if shown == match[0] else None


def _label(before: str, after: str) -> str:
    """The words before a figure in its clause, without the words that only introduce it (建成养殖小区); when
    fewer than two characters are left, the word after the figure too (共有41支代表队 → 代表队)."""
    words = segment(QUOTES.sub("", CLAUSE_BREAK.split(before)[-1]))
    while words and words[-1] in INTRODUCING:
        words.pop()
    while words and words[0] in LEADING:
        words.pop(0)
    label = ""
    for word in reversed(words):
        if len(label) + len(word) > LABEL_MAX_CHARS:
            break
        label = word + label
    if len(label) < 2:
        following = segment(QUOTES.sub("", CLAUSE_BREAK.split(after)[0]))[:1]
        if following and len(following[0]) >= 2 and not following[0][0].isdigit():
            label += following[0]
    return label or "指标"
