"""The YAML layer: YAML 1.2 scalars, exact floats, positions, aliases; tags, merge keys and limits refused
where they stand."""

from __future__ import annotations

import pytest

from annualreport import yamlsource
from annualreport.limits import Limits
from annualreport.yamlsource import ExactFloat, LocatedDict, Refused, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [("yes", "yes"), ("no", "no"), ("on", "on"), ("1:20", "1:20"), ("010", 10), ("0o17", "0o17"), ("0x1F", 31),
     ("true", True), ("False", False), ("~", None), ("null", None), ("2018-12-31", "2018-12-31"),
     ("17.15", 17.15), ("-3", -3), ("1.5e+3", 1500.0), ("大沁他拉镇", "大沁他拉镇")],
)  # fmt: skip
def test_plain_scalars_follow_yaml_1_2(text: str, expected: object):
    value = parse(f"v: {text}\n")["v"]
    assert value == expected and type(value) in (type(expected), ExactFloat)


def test_quoted_scalars_stay_text():
    assert parse('a: "010"\nb: \'yes\'\nc: !!str 5\nd: |\n  8\n') == {"a": "010", "b": "yes", "c": "5", "d": "8\n"}


def test_floats_keep_their_digits():
    value = parse("v: 8.50\n")["v"]
    assert isinstance(value, ExactFloat) and value == 8.5 and value.text == "8.50"


def test_positions_of_keys_values_and_items():
    data = parse("title: 报告\nsections:\n  - title: 一\n    content: [a, b]\n")
    assert isinstance(data, LocatedDict)
    assert data.lc.key("sections") == (1, 0)
    assert data["sections"].lc.item(0) == (2, 4)
    assert data["sections"][0].lc.value("content") == (3, 13)
    assert data["sections"][0]["content"].lc.item(1) == (3, 17)


def refused(text: str, limits: Limits | None = None) -> tuple[str, int, int]:
    with pytest.raises(Refused) as caught:
        parse(text, limits or Limits())
    return caught.value.message, caught.value.line, caught.value.column


def test_merge_keys_are_refused_where_they_stand():
    message, line, column = refused("base: &b {align: right, width: 2}\ncol: {<<: *b, width: 3}\n")
    assert (line, column) == (1, 6) and "merge keys (<<) are not accepted" in message
    assert refused("title: t\n<<: 5\n")[1:] == (1, 0)
    assert parse("'<<': 5\n") == {"<<": 5}  # a quoted key is only a key (the model refuses it by name)


@pytest.mark.parametrize(
    ("text", "tag"),
    [("v: !!python/object/apply:os.system [echo hi]\n", "!!python/object/apply:os.system"),
     ("v: !!int '5'\n", "!!int"), ("v: !local {a: 1}\n", "!local"), ("v: !!binary aGk=\n", "!!binary"),
     ("v: !!set {a, b}\n", "!!set")],
)  # fmt: skip
def test_tags_other_than_str_are_refused(text: str, tag: str):
    message, line, column = refused(text)
    assert (line, column) == (0, 3) and message.startswith(f"the YAML tag {tag} is not accepted")


def test_core_container_tags_are_no_ops():
    assert parse("a: !!seq [1]\nb: !!map {c: 2}\n") == {"a": [1], "b": {"c": 2}}


def test_duplicate_key_is_located():
    with pytest.raises(yamlsource.DuplicateKey) as caught:
        parse("a: 1\nb: 2\na: 3\n")
    assert (caught.value.key, caught.value.line, caught.value.column) == ("a", 2, 0)


def test_aliases_are_shared_not_copied_and_counted():
    data = parse("a: &x [1, 2]\nb: *x\n")
    assert data["a"] is data["b"]
    bomb = "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    message, line, column = refused(bomb, Limits(alias_nodes=1000))
    assert (line, column) == (2, 28) and message.endswith("(limit alias_nodes = 1000)")
    message, line, _ = refused(bomb, Limits(nodes=500))
    assert line == 2 and message.endswith("(limit nodes = 500)")
    assert parse(bomb, Limits(alias_nodes=1220))["c"][9][9] == [1] * 10  # 10 × 11 + 10 × 111 added


def test_recursive_alias_is_refused():
    message, line, column = refused("a: &a\n  self: *a\n")
    assert (line, column) == (1, 8) and "the alias *a stands inside the value it names" in message


def test_nesting_is_counted_before_anything_deeper_is_built():
    assert parse("a: " + "[" * 31 + "]" * 31 + "\n")  # 32 levels with the top mapping
    message, line, column = refused("a: " + "[" * 40 + "]" * 40 + "\n")
    assert (line, column) == (0, 34) and message == "nested more than 32 levels deep (limit depth = 32)"


def test_long_numbers_are_refused_before_int_reads_them():
    # int() refuses 4,301 digits with a ValueError that used to be an internal error
    message, line, column = refused("v: " + "1" * 5000 + "\n")
    assert (line, column) == (0, 3) and message.endswith("(limit number_chars = 100)")
    assert parse("v: '" + "1" * 5000 + "'\n")["v"] == "1" * 5000  # quoted: text
    assert parse("v: " + "甲" * 5000 + "\n")["v"] == "甲" * 5000  # not a number: any length here


def test_only_one_document():
    with pytest.raises(yamlsource.ParseError):
        parse("a: 1\n---\nb: 2\n")


def test_empty_document():
    assert parse("# nothing\n") is None
