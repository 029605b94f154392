"""The geometry of the office dashboard's bar charts, worked out in Python so that the server
draws them as inline SVG (no JavaScript; see templates/admin/enrollment/dashboard/).

Pure functions of their figures: no database, no translation, no dates. Labels are whatever the
caller gives (already formatted text); positions are in the SVG's own units (its viewBox), which
the browser scales to the width available.
"""

import math
from dataclasses import dataclass

# Room for the text around the plot, in viewBox units.
TICK_LABELS = 44  # left of a column chart: the value axis's numbers
CATEGORY_LABELS = 30  # below a column chart: the categories' names
VALUE_LABELS = 20  # above a column (its value), or right of a horizontal bar
PAD = 8


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    x: float
    y: float
    width: float
    height: float
    # Where the category's name and the bar's value are written (text-anchor as the chart says).
    label_x: float
    label_y: float
    value_x: float
    value_y: float
    show_label: bool = True


@dataclass(frozen=True)
class Tick:
    value: float
    position: float  # y of a column chart's gridline, x of a horizontal chart's
    label_x: float
    label_y: float


@dataclass(frozen=True)
class BarChart:
    width: float
    height: float
    horizontal: bool
    plot_left: float
    plot_top: float
    plot_right: float
    plot_bottom: float
    top: float  # the value at the far end of the axis
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]


@dataclass(frozen=True)
class Segment:
    key: str
    value: float
    x: float
    width: float


@dataclass(frozen=True)
class ShareRow:
    label: str
    total: float
    y: float
    height: float
    label_y: float
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class ShareChart:
    width: float
    height: float
    bar_left: float
    bar_width: float
    text_x: float  # where each row's words (so many of so many paid) start
    rows: tuple[ShareRow, ...]


def _round(number: float) -> float:
    return round(number, 1)


def nice_axis(maximum: float, *, steps: int = 4, whole_numbers: bool = True):
    """The top of the value axis and its ticks: a round step (1, 2 or 5 times a power of ten)
    giving at most `steps` intervals above zero. With nothing above zero: a top of 1 (nothing
    is divided by zero) and a single tick at 0."""
    if maximum <= 0:
        return 1, (0,)
    raw = maximum / steps
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    if whole_numbers:
        step = max(1, round(step))
    intervals = math.ceil(maximum / step - 1e-9)
    top = step * intervals
    return top, tuple(step * i for i in range(intervals + 1))


def bar_chart(
    values: list[tuple[str, float]],
    *,
    width: float = 480,
    height: float = 240,
    horizontal: bool = False,
    label_width: float = 170,
    label_every: int = 1,
    whole_numbers: bool = True,
) -> BarChart:
    """Columns (or, `horizontal`, bars in rows with their names on the left), each as long as
    its value in proportion to the axis's top. A zero value draws no bar but keeps its place
    and its label; all zeros draw an empty chart. With `label_every` n, a column chart names
    every n-th column, counting back from the last (the latest week is always named)."""
    top, tick_values = nice_axis(
        max((v for _, v in values), default=0), whole_numbers=whole_numbers
    )
    count = max(len(values), 1)
    bars = []
    if horizontal:
        left, right = label_width, width - PAD - VALUE_LABELS * 2
        top_edge, bottom_edge = PAD, height - CATEGORY_LABELS
        slot = (bottom_edge - top_edge) / count
        thickness = slot * 0.7
        scale = (right - left) / top
        for index, (label, value) in enumerate(values):
            length = max(value, 0) * scale
            y = top_edge + index * slot + (slot - thickness) / 2
            middle = y + thickness / 2
            bars.append(
                Bar(
                    label=label,
                    value=value,
                    x=_round(left),
                    y=_round(y),
                    width=_round(length),
                    height=_round(thickness),
                    label_x=_round(left - PAD),
                    label_y=_round(middle),
                    value_x=_round(left + length + 4),
                    value_y=_round(middle),
                )
            )
        ticks = tuple(
            Tick(v, _round(left + v * scale), _round(left + v * scale), _round(bottom_edge + 18))
            for v in tick_values
        )
    else:
        left, right = TICK_LABELS, width - PAD - VALUE_LABELS * 2  # room for the last name
        top_edge, bottom_edge = VALUE_LABELS, height - CATEGORY_LABELS
        slot = (right - left) / count
        thickness = slot * 0.7
        scale = (bottom_edge - top_edge) / top
        last = len(values) - 1
        for index, (label, value) in enumerate(values):
            length = max(value, 0) * scale
            x = left + index * slot + (slot - thickness) / 2
            middle = x + thickness / 2
            bars.append(
                Bar(
                    label=label,
                    value=value,
                    x=_round(x),
                    y=_round(bottom_edge - length),
                    width=_round(thickness),
                    height=_round(length),
                    label_x=_round(middle),
                    label_y=_round(bottom_edge + CATEGORY_LABELS * 0.6),
                    value_x=_round(middle),
                    value_y=_round(bottom_edge - length - 5),
                    show_label=(last - index) % label_every == 0,
                )
            )
        ticks = tuple(
            Tick(
                v,
                _round(bottom_edge - v * scale),
                _round(left - 6),
                _round(bottom_edge - v * scale),
            )
            for v in tick_values
        )
    return BarChart(
        width=width,
        height=height,
        horizontal=horizontal,
        plot_left=_round(left),
        plot_top=_round(top_edge),
        plot_right=_round(right),
        plot_bottom=_round(bottom_edge),
        top=top,
        bars=tuple(bars),
        ticks=ticks,
    )


def share_chart(
    rows: list[tuple[str, list[tuple[str, float]]]],
    *,
    width: float = 480,
    row_height: float = 44,
    label_width: float = 56,
    text_width: float = 130,
) -> ShareChart:
    """One bar per row, split into its parts (paid, due) in proportion to the row's total, so
    that every bar is the whole of its row. A row whose total is zero has no segments."""
    bar_left = label_width
    bar_width = width - label_width - text_width
    shares = []
    for index, (label, parts) in enumerate(rows):
        total = sum(max(value, 0) for _, value in parts)
        y = PAD + index * row_height
        thickness = row_height * 0.6
        segments, x = [], bar_left
        if total > 0:
            for key, value in parts:
                length = max(value, 0) / total * bar_width
                segments.append(Segment(key=key, value=value, x=_round(x), width=_round(length)))
                x += length
        shares.append(
            ShareRow(
                label=label,
                total=total,
                y=_round(y),
                height=_round(thickness),
                label_y=_round(y + thickness / 2),
                segments=tuple(segments),
            )
        )
    return ShareChart(
        width=width,
        height=_round(PAD * 2 + len(rows) * row_height),
        bar_left=_round(bar_left),
        bar_width=_round(bar_width),
        text_x=_round(bar_left + bar_width + PAD),
        rows=tuple(shares),
    )
