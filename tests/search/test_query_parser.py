"""The query parser: phrases, exclusion, OR, normalisation, odd input."""

from __future__ import annotations

import pytest

from search.query_parser import ParsedQuery, Term, parse_query


def test_words_phrases_exclusions_and_alternatives():
    parsed = parse_query(
        '全固体電池 "Lithium  Ion" -cobalt 燃料電池 OR 太陽電池 | 風力'
    )
    assert parsed.must == [Term("全固体電池"), Term("lithium ion", phrase=True)]
    assert parsed.must_not == [Term("cobalt")]
    assert parsed.should_groups == [[Term("燃料電池"), Term("太陽電池"), Term("風力")]]


def test_lower_case_or_is_a_word_and_nfkc_applies():
    assert parse_query("a or b").must == [Term("a"), Term("or"), Term("b")]
    assert parse_query("ＡＢＣ　ﾃﾞﾝﾁ").must == [Term("abc"), Term("デンチ")]


@pytest.mark.parametrize(
    "text",
    ['"open', '"', "-", "OR", "| |", "\x00\x1f\u202e", "", "   ", "x" * 10_000, '-""'],
)
def test_odd_input_never_raises(text):
    assert isinstance(parse_query(text), ParsedQuery)


def test_unbalanced_quote_closes_at_the_end():
    parsed = parse_query('battery "solid state')
    assert parsed.must == [Term("battery"), Term("solid state", phrase=True)]


def test_excluded_phrase():
    assert parse_query('電池 -"fuel cell"').must_not == [Term("fuel cell", phrase=True)]
