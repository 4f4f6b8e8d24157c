"""The YAML layer: YAML 1.2 scalars, exact floats, positions, merge keys, aliases."""

from __future__ import annotations

import pytest

from annualreport import yamlsource
from annualreport.yamlsource import ExactFloat, LocatedDict, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [("yes", "yes"), ("no", "no"), ("on", "on"), ("1:20", "1:20"), ("010", 10), ("0o17", "0o17"), ("0x1F", 31),
     ("true", True), ("False", False), ("~", None), ("null", None), ("2018-12-31", "2018-12-31"),
     ("17.15", 17.15), ("-3", -3), ("1.5e+3", 1500.0), ("大沁他拉镇", "大沁他拉镇")],
)  # fmt: skip
def test_plain_scalars_follow_yaml_1_2(text: str, expected: object):
    value = parse(f"v: {text}\n", 100)["v"]
    assert value == expected and type(value) in (type(expected), ExactFloat)


def test_quoted_scalars_stay_text():
    assert parse('a: "010"\nb: \'yes\'\nc: !!str 5\n', 100) == {"a": "010", "b": "yes", "c": "5"}


def test_floats_keep_their_digits():
    value = parse("v: 8.50\n", 100)["v"]
    assert isinstance(value, ExactFloat) and value == 8.5 and value.text == "8.50"


def test_positions_of_keys_values_and_items():
    data = parse("title: 报告\nsections:\n  - title: 一\n    content: [a, b]\n", 100)
    assert isinstance(data, LocatedDict)
    assert data.lc.key("sections") == (1, 0)
    assert data["sections"].lc.item(0) == (2, 4)
    assert data["sections"][0].lc.value("content") == (3, 13)
    assert data["sections"][0]["content"].lc.item(1) == (3, 17)


def test_merge_keys():
    data = parse("base: &b {align: right, width: 2}\ncol: {<<: *b, width: 3}\n", 100)
    assert data["col"] == {"align": "right", "width": 3}


def test_duplicate_key_is_located():
    with pytest.raises(yamlsource.DuplicateKey) as caught:
        parse("a: 1\nb: 2\na: 3\n", 100)
    assert (caught.value.key, caught.value.line, caught.value.column) == ("a", 2, 0)


def test_aliases_are_shared_not_copied_and_counted():
    data = parse("a: &x [1, 2]\nb: *x\n", 100)
    assert data["a"] is data["b"]
    bomb = "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    with pytest.raises(yamlsource.TooLarge):
        parse(bomb, 1000)


def test_recursive_alias_does_not_loop():
    data = parse("a: &a\n  self: *a\n", 100)
    assert data["a"]["self"] is data["a"]


def test_empty_document():
    assert parse("# nothing\n", 100) is None
