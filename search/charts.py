"""Server-side SVG charts: bars, a timeline, a squarified treemap, a tile map.

Pure Python string building, no chart library and no JavaScript. Every piece
of text and every URL goes through ``_esc`` (XML-escaped, control characters
dropped), so a label such as ``<script>`` stays text and the output parses as
XML. Colours come from the Okabe–Ito palette and ColorBrewer's single-hue
ramps, which stay distinguishable with the common colour-vision deficiencies;
series also differ by shape (bars vs. line and markers) and carry text labels.

The same markup is inlined in the page and served as a download, so it uses
presentation attributes only (no ``style`` and no ``<style>``: the site's
Content-Security-Policy forbids inline styles).
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

FONT = (
    "'Hiragino Sans','Hiragino Kaku Gothic ProN','Noto Sans CJK JP','Noto Sans JP',"
    "'Yu Gothic',Meiryo,system-ui,sans-serif"
)
INK = "#1f2933"
MUTED = "#5b6875"
GRID = "#d6dde5"
WHITE = "#ffffff"
# Okabe–Ito: blue, orange, bluish green, vermillion, sky blue, reddish purple,
# yellow, black.
SUPPLY = "#0072B2"
DEMAND = "#E69F00"
HIGHLIGHT = "#009E73"
CATEGORICAL = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#D55E00",
    "#56B4E9",
    "#CC79A7",
    "#F0E442",
    "#000000",
)
# ColorBrewer Blues / Oranges (the darker 5 of 7 classes, so the lightest
# class still stands out from ZERO, which marks "none").
BLUES = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
ORANGES = ("#fdd0a2", "#fdae6b", "#fd8d3c", "#e6550d", "#a63603")
ZERO = "#f2f4f7"

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _esc(value) -> str:
    """Text safe inside XML content and double-quoted attributes."""
    return html.escape(_CONTROL.sub("", str(value)), quote=True)


def _num(value: float) -> str:
    """A compact coordinate: 12, 12.5 (never 12.000000001)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def fmt_int(value: int) -> str:
    return f"{int(value):,}"


def text_width(text: str, size: float) -> float:
    """Rough rendered width: full-width characters count double."""
    units = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in text)
    return units * size * 0.5


def fit_text(text: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis so it fits ``width`` ('' when nothing fits)."""
    if text_width(text, size) <= width:
        return text
    out = ""
    for ch in text:
        if text_width(out + ch + "…", size) > width:
            break
        out += ch
    return out + "…" if out else ""


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (#rrggbb)."""
    r, g, b = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    luminance = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return INK if luminance > 0.22 else WHITE


def axis_ticks(value: float, most: int = 5) -> list[int]:
    """Round tick values from 0 up to the first tick at or above ``value``.

    The step is 1, 2 or 5 × 10ⁿ (at least 1), the smallest giving at most
    ``most`` intervals, e.g. 60 → 0, 20, 40, 60 and 12 → 0, 5, 10, 15.
    """
    value = max(value, 1)
    exponent = 10 ** max(0, math.floor(math.log10(value / most)))
    step = 1
    for factor in (1, 2, 5, 10, 20, 50):
        step = int(factor * exponent)
        if math.ceil(value / step) <= most:
            break
    return [step * i for i in range(math.ceil(value / step) + 1)]


def nice_max(value: float) -> int:
    """The top of an axis that shows ``value`` (the last of ``axis_ticks``)."""
    return axis_ticks(value)[-1]


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    colour: str


@dataclass(frozen=True)
class Bar:
    """One row of a bar chart: a label, one value per series, where it links."""

    key: str
    label: str
    values: tuple[int, ...]
    href: str = ""
    # Part of the first series drawn in the highlight colour (own organisation).
    highlight: int | None = None
    emphasis: bool = False


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    value: int
    href: str = ""
    detail: str = ""  # extra words for the tooltip / aria-label
    colour: str = SUPPLY


@dataclass(frozen=True)
class MapCell:
    key: str
    label: str
    short_label: str
    value: int
    href: str = ""
    detail: str = ""


@dataclass(frozen=True)
class Point:
    key: str
    label: str
    values: tuple[int, ...]  # (columns series, line series)
    href: str = ""


@dataclass
class Svg:
    """Accumulates elements; ``render`` wraps them with title and description."""

    chart_id: str
    title: str
    description: str
    width: float
    height: float = 0
    parts: list[str] = field(default_factory=list)

    def add(self, markup: str) -> None:
        self.parts.append(markup)

    def render(self) -> str:
        cid = _esc(self.chart_id)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
            f'id="{cid}" class="chart-svg" role="group" '
            f'width="{_num(self.width)}" height="{_num(self.height)}" '
            f'viewBox="0 0 {_num(self.width)} {_num(self.height)}" '
            f'aria-labelledby="{cid}-title {cid}-desc" '
            f'font-family="{_esc(FONT)}" font-size="12" fill="{INK}">'
            f'<title id="{cid}-title">{_esc(self.title)}</title>'
            f'<desc id="{cid}-desc">{_esc(self.description)}</desc>'
            f'<rect width="100%" height="100%" fill="{WHITE}"/>'
            + "".join(self.parts)
            + "</svg>"
        )


def _text(x, y, content, *, anchor="start", size=12, fill=INK, weight="") -> str:
    bold = ' font-weight="bold"' if weight else ""
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" '
        f'font-size="{_num(size)}" fill="{fill}"{bold}>{_esc(content)}</text>'
    )


def _rect(x, y, w, h, fill, *, extra="") -> str:
    return (
        f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(max(w, 0))}" '
        f'height="{_num(max(h, 0))}" fill="{fill}"{extra}/>'
    )


def _link(href: str, label: str, body: str, css: str = "chart-item") -> str:
    """An item: a link when it has an href, else a labelled group."""
    tooltip = f"<title>{_esc(label)}</title>"
    if href:
        return (
            f'<a href="{_esc(href)}" class="{css}" aria-label="{_esc(label)}">'
            f"{tooltip}{body}</a>"
        )
    return f'<g class="{css}" role="img" aria-label="{_esc(label)}">{tooltip}{body}</g>'


def _legend(svg: Svg, series: Sequence[Series], x: float, y: float) -> float:
    """Draw a one-line legend from (x, y), moved left if it would overflow."""
    needed = sum(17 + text_width(s.label, 12) + 18 for s in series)
    if x + needed > svg.width:
        x = max(8, svg.width - needed)
    items = []
    for s in series:
        items.append(_rect(x, y - 10, 12, 12, s.colour))
        items.append(_text(x + 17, y, s.label))
        x += 17 + text_width(s.label, 12) + 18
    svg.add('<g class="chart-legend">' + "".join(items) + "</g>")
    return x


def bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    series: Sequence[Series],
    bars: Sequence[Bar],
    width: float = 760,
    highlight_label: str = "",
    label_width: float | None = None,
) -> str:
    """Horizontal bars, one group per row and one bar per series, side by side.

    ``Bar.highlight`` paints that much of the first series in the highlight
    colour (e.g. the viewer's own organisation inside the field's supply).
    """
    n = max(len(series), 1)
    bar_h = 13 if n > 1 else 16
    row_h = n * bar_h + 10
    top = 34
    if label_width is None:
        longest = max((text_width(b.label, 12) for b in bars), default=60)
        label_width = min(max(longest + 12, 80), max(250, width * 0.32))
    value_room = 70
    plot_w = width - label_width - value_room - 10
    svg = Svg(chart_id, title, description, width, top + row_h * len(bars) + 28)
    legend = list(series)
    if highlight_label:
        legend.insert(1, Series("highlight", highlight_label, HIGHLIGHT))
    _legend(svg, legend, label_width, 18)
    ticks = axis_ticks(max((v for b in bars for v in b.values), default=0))
    peak = ticks[-1]
    x0 = label_width
    axis = []
    for tick in ticks:
        gx = x0 + plot_w * tick / peak
        axis.append(
            f'<line x1="{_num(gx)}" y1="{top - 4}" x2="{_num(gx)}" '
            f'y2="{_num(top + row_h * len(bars))}" stroke="{GRID}"/>'
        )
        axis.append(
            _text(
                gx,
                top + row_h * len(bars) + 16,
                fmt_int(tick),
                anchor="middle",
                size=11,
                fill=MUTED,
            )
        )
    svg.add('<g class="chart-axis" aria-hidden="true">' + "".join(axis) + "</g>")
    rows = []
    for index, bar in enumerate(bars):
        y = top + index * row_h
        body = [
            _text(
                label_width - 8,
                y + row_h / 2 + 4,
                fit_text(bar.label, 12, label_width - 12),
                anchor="end",
                weight="bold" if bar.emphasis else "",
            )
        ]
        words = [bar.label]
        for s_index, (s, value) in enumerate(zip(series, bar.values, strict=False)):
            by = y + 4 + s_index * bar_h
            w = plot_w * value / peak
            body.append(_rect(x0, by, w, bar_h - 2, s.colour))
            words.append(f"{s.label} {fmt_int(value)}")
            if s_index == 0 and bar.highlight:
                body.append(
                    _rect(x0, by, plot_w * bar.highlight / peak, bar_h - 2, HIGHLIGHT)
                )
                words.append(f"{highlight_label} {fmt_int(bar.highlight)}")
            body.append(
                _text(x0 + w + 4, by + bar_h - 4, fmt_int(value), size=11, fill=MUTED)
            )
        rows.append(_link(bar.href, ", ".join(words), "".join(body)))
    svg.add('<g class="chart-items">' + "".join(rows) + "</g>")
    return svg.render()


def timeline_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    series: Sequence[Series],
    points: Sequence[Point],
    width: float = 760,
    height: float = 280,
) -> str:
    """Columns for the first series and a line with markers for the second."""
    left, right, top, bottom = 48, 16, 34, 40
    plot_w = width - left - right
    plot_h = height - top - bottom
    svg = Svg(chart_id, title, description, width, height)
    _legend(svg, series, left, 18)
    ticks = axis_ticks(max((v for p in points for v in p.values), default=0))
    peak = ticks[-1]
    axis = []
    for tick in ticks:
        gy = top + plot_h - plot_h * tick / peak
        axis.append(
            f'<line x1="{left}" y1="{_num(gy)}" x2="{_num(width - right)}" '
            f'y2="{_num(gy)}" stroke="{GRID}"/>'
        )
        axis.append(
            _text(
                left - 6,
                gy + 4,
                fmt_int(tick),
                anchor="end",
                size=11,
                fill=MUTED,
            )
        )
    slot = plot_w / max(len(points), 1)
    step = max(1, math.ceil(len(points) / 8))
    for index, point in enumerate(points):
        if index % step == 0 or index == len(points) - 1:
            axis.append(
                _text(
                    left + slot * (index + 0.5),
                    height - bottom + 16,
                    point.label,
                    anchor="middle",
                    size=11,
                    fill=MUTED,
                )
            )
    svg.add('<g class="chart-axis" aria-hidden="true">' + "".join(axis) + "</g>")
    items = []
    line: list[str] = []
    for index, point in enumerate(points):
        cx = left + slot * (index + 0.5)
        words = [point.label]
        body = []
        if series:
            value = point.values[0]
            h = plot_h * value / peak
            body.append(
                _rect(
                    cx - slot * 0.35, top + plot_h - h, slot * 0.7, h, series[0].colour
                )
            )
            words.append(f"{series[0].label} {fmt_int(value)}")
        if len(series) > 1:
            value = point.values[1]
            cy = top + plot_h - plot_h * value / peak
            line.append(f"{_num(cx)},{_num(cy)}")
            body.append(
                f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="3.5" '
                f'fill="{WHITE}" stroke="{series[1].colour}" stroke-width="2"/>'
            )
            words.append(f"{series[1].label} {fmt_int(value)}")
        items.append(_link(point.href, ", ".join(words), "".join(body)))
    if len(series) > 1 and line:
        svg.add(
            f'<polyline points="{" ".join(line)}" fill="none" '
            f'stroke="{series[1].colour}" stroke-width="2" aria-hidden="true"/>'
        )
    svg.add('<g class="chart-items">' + "".join(items) + "</g>")
    return svg.render()


# --- Squarified treemap (Bruls, Huizing & van Wijk 2000) ----------------------


def _worst(row: list[float], side: float) -> float:
    total = sum(row)
    if not total or not side:
        return math.inf
    return max(
        max(side * side * r / (total * total), (total * total) / (side * side * r))
        for r in row
    )


def squarify(
    values: Sequence[float], x: float, y: float, w: float, h: float
) -> list[tuple[float, float, float, float]]:
    """Rectangles (x, y, w, h) for ``values`` (sorted descending, > 0) in the box.

    Rows are laid along the shorter side and closed when adding the next item
    would make the worst aspect ratio worse, so tiles stay close to square.
    """
    total = sum(values)
    if total <= 0 or w <= 0 or h <= 0:
        return []
    scale = w * h / total
    areas = [v * scale for v in values]
    rects: list[tuple[float, float, float, float]] = []
    row: list[float] = []
    i = 0
    while i < len(areas):
        side = min(w, h)
        candidate = row + [areas[i]]
        if not row or _worst(candidate, side) <= _worst(row, side):
            row = candidate
            i += 1
            continue
        x, y, w, h = _lay_row(row, x, y, w, h, rects)
        row = []
    if row:
        _lay_row(row, x, y, w, h, rects)
    return rects


def _lay_row(row, x, y, w, h, rects):
    total = sum(row)
    if w >= h:  # lay the row as a column on the left
        col_w = total / h if h else 0
        cy = y
        for area in row:
            rh = area / col_w if col_w else 0
            rects.append((x, cy, col_w, rh))
            cy += rh
        return x + col_w, y, w - col_w, h
    row_h = total / w if w else 0
    cx = x
    for area in row:
        rw = area / row_h if row_h else 0
        rects.append((cx, y, rw, row_h))
        cx += rw
    return x, y + row_h, w, h - row_h


def treemap(
    *,
    chart_id: str,
    title: str,
    description: str,
    tiles: Sequence[Tile],
    width: float = 760,
    height: float = 420,
    empty_text: str = "",
) -> str:
    """Tiles sized by value (zero-valued tiles are left out of the drawing)."""
    svg = Svg(chart_id, title, description, width, height)
    shown = sorted((t for t in tiles if t.value > 0), key=lambda t: (-t.value, t.key))
    rects = squarify([t.value for t in shown], 0, 0, width, height)
    items = []
    for tile, (x, y, w, h) in zip(shown, rects, strict=False):
        ink = text_colour(tile.colour)
        body = [
            _rect(
                x + 1,
                y + 1,
                w - 2,
                h - 2,
                tile.colour,
                extra=f' stroke="{WHITE}" stroke-width="1"',
            )
        ]
        if w > 30 and h > 20:
            key_text = fit_text(tile.key, 14, w - 10)
            body.append(_text(x + 6, y + 18, key_text, size=14, fill=ink, weight="b"))
        if w > 60 and h > 40:
            body.append(
                _text(
                    x + 6, y + 35, fit_text(tile.label, 12, w - 10), size=12, fill=ink
                )
            )
        if w > 40 and h > 58:
            body.append(
                _text(x + 6, y + 52, fmt_int(tile.value), size=13, fill=ink, weight="b")
            )
        label = f"{tile.key} {tile.label}: {fmt_int(tile.value)}"
        if tile.detail:
            label += f" ({tile.detail})"
        items.append(_link(tile.href, label, "".join(body)))
    if not shown and empty_text:
        items.append(
            _text(width / 2, height / 2, empty_text, anchor="middle", fill=MUTED)
        )
    svg.add('<g class="chart-items">' + "".join(items) + "</g>")
    return svg.render()


# --- Tile map of Japan -------------------------------------------------------
# (column, row) of each prefecture on a 13 × 12 grid: one equal square per
# prefecture, placed so neighbours stay neighbours (the usual 都道府県タイル
# グリッドマップ arrangement: Hokkaidō top right, Okinawa bottom left).
PREFECTURE_TILES: dict[str, tuple[int, int]] = {
    "01": (12, 0), "02": (12, 1), "03": (12, 2), "05": (11, 2),
    "04": (12, 3), "06": (11, 3),
    "17": (8, 4), "16": (9, 4), "15": (10, 4), "07": (11, 4),
    "18": (7, 5), "21": (8, 5), "20": (9, 5), "10": (10, 5), "09": (11, 5),
    "32": (3, 6), "31": (4, 6), "28": (5, 6), "26": (6, 6), "25": (7, 6),
    "23": (8, 6), "19": (9, 6), "11": (10, 6), "08": (11, 6),
    "35": (2, 7), "34": (3, 7), "33": (4, 7), "27": (5, 7), "29": (6, 7),
    "24": (7, 7), "22": (9, 7), "13": (10, 7), "12": (11, 7),
    "41": (0, 8), "40": (1, 8), "44": (2, 8), "38": (3, 8), "37": (4, 8),
    "30": (6, 8), "14": (10, 8),
    "42": (0, 9), "43": (1, 9), "45": (2, 9), "39": (3, 9), "36": (4, 9),
    "46": (1, 10),
    "47": (0, 11),
}  # fmt: skip


def scale_bins(peak: int, steps: int = 5) -> list[int]:
    """Upper bounds of up to ``steps`` equal classes from 1 to ``peak``.

    Every class is used by the data's range (the darkest is the maximum), so
    a small map is not washed out by empty classes at the top.
    """
    return sorted({max(1, math.ceil(peak * (i + 1) / steps)) for i in range(steps)})


def bin_colour(value: int, bounds: Sequence[int], ramp: Sequence[str]) -> str:
    if value <= 0:
        return ZERO
    for bound, colour in zip(bounds, ramp[-len(bounds) :], strict=False):
        if value <= bound:
            return colour
    return ramp[-1]


def tile_map(
    *,
    chart_id: str,
    title: str,
    description: str,
    cells: Sequence[MapCell],
    ramp: Sequence[str] = BLUES,
    legend_title: str = "",
    zero_label: str = "0",
) -> str:
    """Japan's 47 prefectures as equal tiles, coloured by value in ``ramp``."""
    tile_w, tile_h, gap = 58, 46, 4
    left, top = 8, 8
    cols = 1 + max(c for c, _ in PREFECTURE_TILES.values())
    rows = 1 + max(r for _, r in PREFECTURE_TILES.values())
    width = left * 2 + cols * (tile_w + gap)
    height = top + rows * (tile_h + gap) + 8
    svg = Svg(chart_id, title, description, width, height)
    bounds = scale_bins(max((c.value for c in cells), default=0))
    items = []
    for cell in cells:
        position = PREFECTURE_TILES.get(cell.key)
        if position is None:
            continue
        col, row = position
        x = left + col * (tile_w + gap)
        y = top + row * (tile_h + gap)
        colour = bin_colour(cell.value, bounds, ramp)
        ink = text_colour(colour)
        label_size = next(
            (
                size
                for size in (11, 10, 9)
                if text_width(cell.short_label, size) <= tile_w - 4
            ),
            9,
        )
        body = (
            _rect(x, y, tile_w, tile_h, colour, extra=f' rx="4" stroke="{GRID}"')
            + _text(
                x + tile_w / 2,
                y + 19,
                fit_text(cell.short_label, label_size, tile_w - 4),
                anchor="middle",
                size=label_size,
                fill=ink,
            )
            + _text(
                x + tile_w / 2,
                y + 36,
                fmt_int(cell.value),
                anchor="middle",
                size=12,
                fill=ink,
                weight="b",
            )
        )
        label = f"{cell.label}: {fmt_int(cell.value)}"
        if cell.detail:
            label += f" ({cell.detail})"
        items.append(
            f'<g class="map-tile" data-pref="{_esc(cell.key)}">'
            + _link(cell.href, label, body)
            + "</g>"
        )
    svg.add('<g class="chart-items">' + "".join(items) + "</g>")
    # Legend in the empty sea at the bottom right.
    lx = left + 6 * (tile_w + gap)
    ly = top + 10 * (tile_h + gap)
    legend = [_text(lx, ly, legend_title, size=12, weight="b")]
    swatches = [(ZERO, zero_label)]
    low = 1
    for bound, colour in zip(bounds, ramp[-len(bounds) :], strict=False):
        text = fmt_int(low) if low == bound else f"{fmt_int(low)}–{fmt_int(bound)}"
        swatches.append((colour, text))
        low = bound + 1
    for index, (colour, text) in enumerate(swatches):
        sx = lx + index * 62
        legend.append(
            _rect(sx, ly + 8, 56, 14, colour, extra=f' stroke="{GRID}"')
            + _text(sx + 28, ly + 36, text, anchor="middle", size=11, fill=MUTED)
        )
    svg.add('<g class="chart-legend">' + "".join(legend) + "</g>")
    return svg.render()
