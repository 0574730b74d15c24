"""The SVG chart primitives: well-formed, escaped, accessible, geometrically sound."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from search import charts

NS = {"svg": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"
EVIL = "<script>alert(\"x\")</script> & 'quotes'"


def parse(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def texts(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


def links(root: ET.Element) -> list[str]:
    return [a.get("href") for a in root.iter(f"{SVG}a")]


def series():
    return (
        charts.Series("supply", "供給", charts.SUPPLY),
        charts.Series("demand", "需要", charts.DEMAND),
    )


def test_bar_chart_is_xml_with_title_description_labels_and_links():
    bars = [
        charts.Bar("battery", "蓄電池", (12, 3), "/search/?strategic_field=battery"),
        charts.Bar("ai", "AI・デジタル", (0, 7), "/search/?strategic_field=ai&x=1"),
        charts.Bar("", "分類外", (5, 0)),
    ]
    markup = charts.bar_chart(
        chart_id="c1", title="分野", description="説明", series=series(), bars=bars
    )
    root = parse(markup)
    assert root.tag == f"{SVG}svg"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find("svg:title", NS).text == "分野"
    assert root.find("svg:desc", NS).text == "説明"
    assert links(root) == [
        "/search/?strategic_field=battery",
        "/search/?strategic_field=ai&x=1",  # & escaped in the markup, intact here
    ]
    assert "&amp;x=1" in markup
    labels = texts(root)
    for expected in ("蓄電池", "AI・デジタル", "分類外", "供給", "需要", "12", "7"):
        assert expected in labels
    # Each item says what it is in words, for screen readers and tooltips.
    first = next(root.iter(f"{SVG}a"))
    assert first.get("aria-label") == "蓄電池, 供給 12, 需要 3"
    # No inline styles: the page's CSP forbids them.
    assert "style" not in markup


def test_labels_are_escaped_and_control_characters_dropped():
    bars = [charts.Bar("x", EVIL + "\x0b\x00", (1,), "/search/?owner=<b>")]
    markup = charts.bar_chart(
        chart_id="c2",
        title=EVIL,
        description=EVIL,
        series=series()[:1],
        bars=bars,
        label_width=600,
    )
    assert "<script" not in markup
    assert "&lt;script&gt;" in markup
    root = parse(markup)  # would fail on a raw "<", "&" or control character
    assert root.find("svg:title", NS).text == EVIL
    assert EVIL in texts(root)
    assert links(root) == ["/search/?owner=<b>"]


def test_bar_highlight_draws_the_own_part_and_names_it():
    markup = charts.bar_chart(
        chart_id="c3",
        title="t",
        description="d",
        series=series(),
        bars=[charts.Bar("a", "A", (10, 2), "/s", highlight=4)],
        highlight_label="自組織",
    )
    root = parse(markup)
    fills = [r.get("fill") for r in root.iter(f"{SVG}rect")]
    assert charts.HIGHLIGHT in fills
    assert "自組織 4" in next(root.iter(f"{SVG}a")).get("aria-label")
    assert "自組織" in texts(root)  # in the legend


def test_bar_lengths_are_proportional_to_values():
    markup = charts.bar_chart(
        chart_id="c4",
        title="t",
        description="d",
        series=series()[:1],
        bars=[charts.Bar("a", "A", (20,)), charts.Bar("b", "B", (5,))],
        label_width=100,
    )
    root = parse(markup)
    widths = [
        float(r.get("width"))
        for g in root.iter(f"{SVG}g")
        if g.get("class") == "chart-item"
        for r in g.iter(f"{SVG}rect")
    ]
    assert widths[0] == pytest.approx(4 * widths[1], rel=0.02)


@pytest.mark.parametrize(
    ("value", "ticks"),
    [
        (0, [0, 1]),
        (3, [0, 1, 2, 3]),
        (12, [0, 5, 10, 15]),
        (60, [0, 20, 40, 60]),
        (101, [0, 50, 100, 150]),
        (100_000, [0, 20_000, 40_000, 60_000, 80_000, 100_000]),
    ],
)
def test_axis_ticks_are_round_and_cover_the_value(value, ticks):
    assert charts.axis_ticks(value) == ticks


def test_squarify_fills_the_box_with_proportional_rectangles():
    values = [50, 25, 12, 8, 3, 1, 1]
    rects = charts.squarify(values, 0, 0, 600, 400)
    assert len(rects) == len(values)
    total = sum(values)
    for value, (x, y, w, h) in zip(values, rects, strict=True):
        assert w * h == pytest.approx(600 * 400 * value / total, rel=1e-6)
        assert x >= -1e-6 and y >= -1e-6
        assert x + w <= 600 + 1e-6 and y + h <= 400 + 1e-6
    # No two rectangles overlap.
    for i, (x1, y1, w1, h1) in enumerate(rects):
        for x2, y2, w2, h2 in rects[i + 1 :]:
            overlap_w = min(x1 + w1, x2 + w2) - max(x1, x2)
            overlap_h = min(y1 + h1, y2 + h2) - max(y1, y2)
            assert overlap_w <= 1e-6 or overlap_h <= 1e-6
    # Squarified: the biggest tile is far from a sliver.
    x, y, w, h = rects[0]
    assert max(w / h, h / w) < 3


def test_treemap_links_each_tile_and_leaves_out_empty_ones():
    tiles = [
        charts.Tile("H", "電気", 30, "/landscape/?ipc=H", colour="#000000"),
        charts.Tile("G", "物理学", 10, "/landscape/?ipc=G", colour="#F0E442"),
        charts.Tile("A", "生活必需品", 0, "/landscape/?ipc=A"),
    ]
    root = parse(
        charts.treemap(chart_id="t", title="IPC", description="d", tiles=tiles)
    )
    assert links(root) == ["/landscape/?ipc=H", "/landscape/?ipc=G"]
    labels = texts(root)
    assert "H" in labels and "電気" in labels and "30" in labels
    # Text stays readable: white on black, dark ink on yellow.
    fills = {el.text: el.get("fill") for el in root.iter(f"{SVG}text")}
    assert fills["H"] == charts.WHITE
    assert fills["G"] == charts.INK


def test_treemap_without_values_says_so():
    root = parse(
        charts.treemap(
            chart_id="t",
            title="IPC",
            description="d",
            tiles=[charts.Tile("A", "a", 0)],
            empty_text="まだありません",
        )
    )
    assert links(root) == []
    assert "まだありません" in texts(root)


def test_tile_layout_has_47_prefectures_on_distinct_squares():
    assert sorted(charts.PREFECTURE_TILES) == [f"{n:02d}" for n in range(1, 48)]
    assert len(set(charts.PREFECTURE_TILES.values())) == 47
    # Hokkaidō is north-east of Tokyo, Okinawa south-west of Kagoshima.
    hokkaido, tokyo = charts.PREFECTURE_TILES["01"], charts.PREFECTURE_TILES["13"]
    okinawa, kagoshima = charts.PREFECTURE_TILES["47"], charts.PREFECTURE_TILES["46"]
    assert hokkaido[0] > tokyo[0] and hokkaido[1] < tokyo[1]
    assert okinawa[0] < kagoshima[0] and okinawa[1] > kagoshima[1]


def test_tile_map_draws_every_prefecture_coloured_by_value():
    cells = [
        charts.MapCell(f"{n:02d}", f"県{n}", f"県{n}", n - 1, f"/s?prefecture={n:02d}")
        for n in range(1, 48)
    ]
    root = parse(
        charts.tile_map(
            chart_id="m",
            title="地図",
            description="d",
            cells=cells,
            legend_title="件数",
        )
    )
    tiles = [g for g in root.iter(f"{SVG}g") if g.get("class") == "map-tile"]
    assert len(tiles) == 47
    assert {g.get("data-pref") for g in tiles} == set(charts.PREFECTURE_TILES)

    def fill(code: str) -> str:
        tile = next(g for g in tiles if g.get("data-pref") == code)
        return next(tile.iter(f"{SVG}rect")).get("fill")

    assert fill("01") == charts.ZERO  # value 0
    assert fill("47") == charts.BLUES[-1]  # the maximum gets the darkest class
    assert fill("24") not in (charts.ZERO, charts.BLUES[-1])
    assert "/s?prefecture=13" in links(root)


def test_timeline_has_a_column_and_a_marker_per_month():
    points = [
        charts.Point(f"2026-{m:02d}", f"2026-{m:02d}", (m, 12 - m))
        for m in range(1, 13)
    ]
    root = parse(
        charts.timeline_chart(
            chart_id="tl", title="月別", description="d", series=series(), points=points
        )
    )
    items = [g for g in root.iter(f"{SVG}g") if g.get("class") == "chart-item"]
    assert len(items) == 12
    assert len(list(root.iter(f"{SVG}circle"))) == 12
    assert items[2].get("aria-label") == "2026-03, 供給 3, 需要 9"
    assert len(list(root.iter(f"{SVG}polyline"))) == 1
