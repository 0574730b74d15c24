from search.text import normalize, tokens


def test_cjk_runs_become_bigrams_and_latin_words():
    assert tokens("全固体電池 Lithium-ion Ｂａｔｔｅｒｙ") == [
        "全固",
        "固体",
        "体電",
        "電池",
        "lithium",
        "ion",
        "battery",
    ]


def test_single_cjk_character_stays_a_token():
    assert tokens("電") == ["電"]


def test_normalize_folds_width_and_case():
    assert normalize("ＡＢＣ　ｄｅｆ") == "abc def"
