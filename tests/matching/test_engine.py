"""The matching engine alone: no database."""

import json
from pathlib import Path

import pytest

from matching import engine
from matching.engine import ListingDoc, NeedDoc

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def _index(*docs):
    return engine.ListingIndex(
        [
            ListingDoc(id=i + 1, title=t, body=b, ipc=ipc)
            for i, (t, b, ipc) in enumerate(docs)
        ]
    )


def test_analyze_keeps_cjk_bigrams_stems_words_and_drops_stop_words():
    assert engine.analyze("全固体電池") == ["全固", "固体", "体電", "電池"]
    assert engine.analyze("The cells were measured") == ["cell", "measur"]
    assert engine.stem("batteries") == engine.stem("battery")


def test_lexical_score_prefers_the_listing_sharing_japanese_bigrams():
    index = _index(
        ("魚の鮮度センサ", "魚の鮮度を判定する。", []),
        ("全固体電池", "固体電解質で電池の安全性を高める。", []),
    )
    [result] = engine.match(index, [NeedDoc(id=1, text="固体電解質の電池")], top=2)
    assert [c.listing_id for c in result.candidates] == [2]
    assert result.candidates[0].components["lexical"] == 1.0


def test_ipc_similarity_grows_with_the_depth_of_the_shared_prefix():
    codes = [
        "H01M 4/38",
        "H01M 4/36",
        "H01M 10/00",
        "H01B 1/00",
        "H02J 7/00",
        "G01N 1/00",
    ]
    index = _index(*[("battery", "battery electrode", [code]) for code in codes])
    [result] = engine.match(
        index, [NeedDoc(id=1, text="battery", ipc=["H01M 4/38"])], top=6
    )
    by_listing = {c.listing_id: c.components["ipc"] for c in result.candidates}
    scores = [by_listing[i] for i in range(1, 7)]
    assert scores == sorted(scores, reverse=True)
    assert (
        len(set(scores)) == 6
    )  # subgroup > main group > subclass > class > section > none
    # Equal text: the IPC component decides the order.
    assert [c.listing_id for c in result.candidates] == [1, 2, 3, 4, 5, 6]


def test_ipc_of_a_need_without_codes_is_inferred_from_lexical_neighbours():
    index = _index(
        (
            "solid electrolyte battery",
            "sulfide solid electrolyte for batteries",
            ["H01M 10/0562"],
        ),
        ("solid electrolyte", "electrolyte layer", ["H01M 10/0562"]),
        ("fish sensor", "freshness of fish", ["G01N 33/12"]),
    )
    need = NeedDoc(id=1, text="sulfide solid electrolyte")
    [result] = engine.match(index, [need], top=3)
    assert result.inferred_ipc[0] == "H01M 10/0562"
    top = result.candidates[0]
    assert top.components["ipc_inferred"] is True
    explanation = engine.explain(index, need, top, inferred_ipc=result.inferred_ipc)
    assert explanation["shared_ipc"][0]["code"] == "H01M 10/0562"
    assert explanation["shared_ipc"][0]["inferred"] is True


def test_missing_listing_ipc_is_neutral_not_a_penalty():
    index = _index(
        ("battery electrode", "battery electrode", []),
        ("battery electrode", "battery electrode", ["G01N 1/00"]),
    )
    [result] = engine.match(
        index, [NeedDoc(id=1, text="battery electrode", ipc=["G01N 1/00"])], top=2
    )
    ipc = {c.listing_id: c.components["ipc"] for c in result.candidates}
    assert ipc[1] == ipc[2]  # the only known value is the mean


def test_threshold_and_top_limit_the_candidates():
    index = _index(*[(f"battery {i}", "battery " * (i + 1), []) for i in range(5)])
    [result] = engine.match(index, [NeedDoc(id=1, text="battery")], top=3)
    assert len(result.candidates) == 3
    [strict] = engine.match(
        index, [NeedDoc(id=1, text="battery")], top=5, threshold=0.99
    )
    assert all(c.score > 0.99 for c in strict.candidates)
    assert len(strict.candidates) < 5


def test_needs_with_no_shared_term_get_no_candidates():
    index = _index(("battery", "battery", []))
    [result] = engine.match(index, [NeedDoc(id=1, text="魚の鮮度")], top=5)
    assert result.candidates == []


def test_explanation_cites_only_terms_and_sentences_of_both_texts():
    title = "Lithium battery cathode coating"
    body = (
        "A coating for lithium ion battery cathodes improves cycle life. "
        "The coating is applied by atomic layer deposition."
    )
    index = _index((title, body, []), ("Baseball bat", "A bat damps vibration.", []))
    need_text = "We need longer cycle life. Our lithium batteries fade quickly."
    need = NeedDoc(id=1, text=need_text)
    [result] = engine.match(index, [need], top=1)
    explanation = engine.explain(index, need, result.candidates[0])
    need_terms = set(engine.analyze(need_text))
    doc_terms = set(engine.analyze(f"{title} {body}"))
    assert explanation["shared_terms"]
    for term in explanation["shared_terms"]:
        assert engine.analyze(term)[0] in need_terms & doc_terms
    pair = explanation["best_pair"]
    assert pair["need_sentence"] in need_text
    assert pair["listing_sentence"] in f"{title} {body}"
    assert 0 < pair["similarity"] <= 1


def test_sentences_split_in_japanese_and_english():
    assert engine.split_sentences("電池を作る。安全です！Fine. Next one") == [
        "電池を作る。",
        "安全です！",
        "Fine.",
        "Next one",
    ]


def _load(name):
    with (DATA / name).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.mark.skipif(not DATA.exists(), reason="shared data not available")
def test_engine_recall_at_least_bm25_on_a_small_real_subset():
    """Smoke evaluation: 300 real patents and the dev needs whose answer is among them."""
    dev = _load("eval/pap2pat_dev.jsonl")
    wanted = {r["relevant"][0] for r in dev[:60]}
    patents = [p for p in _load("patents/en_patents.jsonl")]
    chosen = [p for p in patents if p["number"] in wanted]
    chosen += [p for p in patents if p["number"] not in wanted][: 300 - len(chosen)]
    docs = [
        ListingDoc(
            id=i + 1,
            title=p["title"],
            body=p.get("abstract") or "",
            claims="\n".join(p.get("claims") or []),
        )
        for i, p in enumerate(chosen)
    ]
    id_of = {p["number"]: i + 1 for i, p in enumerate(chosen)}
    needs = [
        NeedDoc(id=i, text=r["text"].split(". ")[0]) for i, r in enumerate(dev[:60])
    ]
    relevant = [id_of[r["relevant"][0]] for r in dev[:60]]
    index = engine.ListingIndex(docs)
    ours = [[c.listing_id for c in r.candidates] for r in engine.match(index, needs)]
    baseline = engine.bm25_baseline(docs, needs)

    def recall(ranked):
        return sum(rel in got[:10] for rel, got in zip(relevant, ranked, strict=True))

    assert recall(ours) >= recall(baseline)
    assert recall(ours) >= 40  # far above chance (10 of 300 per need)


def test_japanese_shared_terms_are_phrases_found_in_both_texts():
    title, body = (
        "全固体電池用の硫化物固体電解質",
        "硫化物系固体電解質でリチウムイオン電池の安全性を高める。",
    )
    index = _index((title, body, []), ("魚の鮮度", "魚の鮮度を判定する。", []))
    need_text = "硫化物の固体電解質を探している。電池の安全性を高めたい。"
    need = NeedDoc(id=1, text=need_text)
    [result] = engine.match(index, [need], top=1)
    explanation = engine.explain(index, need, result.candidates[0])
    terms = explanation["shared_terms"]
    assert "固体電解質" in terms
    for term in terms:
        assert term in engine.normalize(need_text)
        assert term in engine.normalize(f"{title} {body}")
    assert not any(t in ("の安", "を高") for t in terms)


def test_glossary_lets_a_japanese_need_find_an_english_listing():
    index = _index(
        (
            "Fish freshness sensor",
            "An optical sensor judges the freshness of fish.",
            [],
        ),
        ("Baseball bat", "A bat that damps vibration.", []),
    )
    need = NeedDoc(id=1, text="魚の鮮度を測るセンサを探しています。")
    [result] = engine.match(index, [need], top=2)
    assert result.candidates[0].listing_id == 1
    explanation = engine.explain(index, need, result.candidates[0])
    assert "鮮度 → freshness" in explanation["translated_terms"]
    for pair in explanation["translated_terms"]:
        ja, en = pair.split(" → ")
        assert ja in need.text
        assert all(word in "fish freshness sensor optical" for word in en.split())


def test_without_glossary_terms_nothing_is_translated():
    assert engine.glossary.translations("zzz qqq") == ()
