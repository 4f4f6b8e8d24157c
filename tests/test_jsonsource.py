"""The JSON layer: what json.loads accepts, located like YAML, json's own error messages, limits."""

from __future__ import annotations

import json

import pytest

from annualreport import jsonsource, yamlsource
from annualreport.limits import Limits
from annualreport.yamlsource import ExactFloat, LocatedDict, Refused


def test_same_values_as_json_loads_with_positions():
    text = '{\n  "title": "报告",\n  "sections": [{"title": "一", "content": ["a", "b"]}],\n  "n": [1, -2.50, 1e3, true, null]\n}'
    data = jsonsource.parse(text)
    assert data == json.loads(text)
    assert isinstance(data, LocatedDict)
    assert data.lc.key("sections") == (2, 2)
    assert data["sections"].lc.item(0) == (2, 15)
    assert data["sections"][0].lc.value("content") == (2, 41)
    assert data["sections"][0]["content"].lc.item(1) == (2, 47)
    value = data["n"][1]
    assert isinstance(value, ExactFloat) and value.text == "-2.50"  # the digits as written
    assert type(data["n"][0]) is int


@pytest.mark.parametrize(
    "text",
    ['"\\ud83d\\ude00 𠮷"', '"a\\u0000b"', '"\\ud83d"', '"\x7f\x85\u2028"', "NaN", "-Infinity", "[1e400]",
     ' {"a": {}, "b": []} ', '"\\/"', "0", "[]"],
)  # fmt: skip
def test_accepts_what_json_loads_accepts(text: str):
    expected = json.loads(text)
    got = jsonsource.parse(text)
    assert json.dumps(got) == json.dumps(expected)  # NaN compares unequal to itself; its dump does not


@pytest.mark.parametrize(
    "text",
    ['{"a": 1,}', "[1, 2", '{"a" 1}', '{"a": 1} x', "", '{a: 1}', '"\\x"', '"a\nb"', "[01]", '{"a": tru}',
     "[1,]", '{"a": [1, 2}'],
)  # fmt: skip
def test_refuses_what_json_loads_refuses_in_its_words(text: str):
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    with pytest.raises(json.JSONDecodeError) as got:
        jsonsource.parse(text)
    assert (got.value.msg, got.value.lineno, got.value.colno) == (expected.value.msg, expected.value.lineno, expected.value.colno)


def test_duplicate_keys_are_refused_where_they_stand():
    with pytest.raises(yamlsource.DuplicateKey) as caught:
        jsonsource.parse('{"a": 1,\n "a": 2}')
    assert (caught.value.key, caught.value.line, caught.value.column) == ("a", 1, 1)


def test_nesting_and_numbers_within_limits_and_no_recursion():
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(RecursionError):
        json.loads(deep)
    with pytest.raises(Refused) as caught:
        jsonsource.parse(deep)
    assert (caught.value.line, caught.value.column) == (0, 32)
    assert caught.value.message == "nested more than 32 levels deep (limit depth = 32)"
    with pytest.raises(ValueError):
        json.loads("1" * 5000)
    with pytest.raises(Refused, match="limit number_chars = 100"):
        jsonsource.parse("1" * 5000)
    with pytest.raises(Refused, match="limit nodes = 3"):
        jsonsource.parse("[1, 2, 3]", Limits(nodes=3))
