"""What the service hands out as it is: the 2018 example (and the same report as a 公文), an empty skeleton, the
JSON Schema."""

from __future__ import annotations

from functools import cache
from importlib import resources

EXAMPLES = ("2018", "2018-gongwen")
"""The examples inside this package: copies of the repository's examples/<name>/report.yaml (a test keeps them
the same), so an installed package has them too. Neither needs a file beside it."""

SKELETON = """\
# 新报告：按提示填写各项，保存后用 annualreport validate 检查。
# A new report: fill in each part; check it with annualreport validate.
title: {year}年度工作总结
year: {year}
issuer: ××镇人民政府
style: gbt9704

# 指标目录：正文中用 {{键}} 引用，如 {{output}}。Indicators, referred to in the text as {{key}}.
indicators:
  output: {{label: 地区生产总值, value: null, unit: 亿元}}

sections:
  - title: 主要工作和成效
    content:
      - 全年实现地区生产总值{{output}}。
  - title: 存在的问题
    content:
      - 在此写明存在的问题。
  - title: 下一步工作打算
    content:
      - 在此写明下一步工作打算。
"""


@cache
def example_yaml(name: str = "2018") -> str:
    """examples/<name>/report.yaml (one of :data:`EXAMPLES`), as text."""
    if name not in EXAMPLES:
        raise ValueError(f"no example {name!r}")
    return (resources.files(__package__) / "examples" / name / "report.yaml").read_text(encoding="utf-8")


def skeleton_yaml(year: int = 2025) -> str:
    """An empty report for ``year``: a title, an issuer, one indicator and the three usual sections."""
    return SKELETON.format(year=year)


@cache
def schema_text() -> str:
    """The JSON Schema of report.yaml, as ``annualreport schema`` writes it."""
    from ..schema import report_schema_text

    return report_schema_text()
