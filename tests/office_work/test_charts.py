"""The bar charts' geometry (enrollment/charts.py): bars in proportion, zeros drawn as nothing,
all-zero figures drawn without dividing by zero."""

import pytest

from enrollment.office_work import charts


def test_columns_are_as_tall_as_their_values_in_proportion():
    chart = charts.bar_chart([("a", 10), ("b", 5), ("c", 20)], width=600, height=260)
    heights = {bar.label: bar.height for bar in chart.bars}
    assert heights["a"] == pytest.approx(2 * heights["b"], abs=0.2)
    assert heights["c"] == pytest.approx(2 * heights["a"], abs=0.2)
    # The tallest reaches the axis's top (20 is a round top), and every column stands on the
    # bottom of the plot.
    assert chart.top == 20
    assert heights["c"] == pytest.approx(chart.plot_bottom - chart.plot_top, abs=0.2)
    for bar in chart.bars:
        assert bar.y + bar.height == pytest.approx(chart.plot_bottom, abs=0.2)


def test_columns_sit_side_by_side_inside_the_plot_without_overlapping():
    chart = charts.bar_chart([(str(n), n) for n in range(12)], width=600, height=260)
    xs = [bar.x for bar in chart.bars]
    assert xs == sorted(xs)
    for left, right in zip(chart.bars, chart.bars[1:], strict=False):
        assert left.x + left.width < right.x
    assert chart.bars[0].x >= chart.plot_left
    assert chart.bars[-1].x + chart.bars[-1].width <= chart.plot_right


def test_a_zero_value_has_no_height_but_keeps_its_place_and_label():
    chart = charts.bar_chart([("a", 3), ("b", 0), ("c", 3)])
    zero = chart.bars[1]
    assert zero.height == 0
    assert zero.label == "b" and zero.show_label
    assert chart.bars[0].x < zero.x < chart.bars[2].x


def test_all_zero_figures_draw_an_empty_chart_without_dividing_by_zero():
    chart = charts.bar_chart([("a", 0), ("b", 0)])
    assert [bar.height for bar in chart.bars] == [0, 0]
    assert [tick.value for tick in chart.ticks] == [0]
    horizontal = charts.bar_chart([("a", 0)], horizontal=True)
    assert horizontal.bars[0].width == 0


def test_no_figures_at_all_draw_an_empty_chart():
    chart = charts.bar_chart([])
    assert chart.bars == ()


def test_horizontal_bars_are_as_long_as_their_values_in_proportion():
    chart = charts.bar_chart([("Submitted", 40), ("Paid", 10)], horizontal=True, label_width=190)
    submitted, paid = chart.bars
    assert submitted.x == paid.x == chart.plot_left == 190
    assert submitted.width == pytest.approx(4 * paid.width, abs=0.2)
    assert submitted.y < paid.y  # in the order given, top to bottom
    # Names right-aligned before the bars; values just after each bar's end.
    assert submitted.label_x < chart.plot_left
    assert submitted.value_x > submitted.x + submitted.width


@pytest.mark.parametrize(
    ("maximum", "top", "ticks"),
    [
        (7, 8, (0, 2, 4, 6, 8)),
        (10, 10, (0, 5, 10)),
        (1, 1, (0, 1)),
        (95, 100, (0, 50, 100)),
        (1234, 1500, (0, 500, 1000, 1500)),
    ],
)
def test_the_value_axis_ends_on_a_round_number_with_round_ticks(maximum, top, ticks):
    assert charts.nice_axis(maximum) == (top, ticks)


def test_ticks_are_placed_along_the_axis_in_proportion():
    chart = charts.bar_chart([("a", 8)], width=600, height=260)
    positions = [tick.position for tick in chart.ticks]
    assert positions[0] == chart.plot_bottom
    assert positions[-1] == chart.plot_top
    steps = [a - b for a, b in zip(positions, positions[1:], strict=False)]
    assert max(steps) - min(steps) < 0.2


def test_only_every_other_column_is_named_counting_back_from_the_last():
    chart = charts.bar_chart([(str(n), n) for n in range(12)], label_every=2)
    named = [bar.label for bar in chart.bars if bar.show_label]
    assert named == ["1", "3", "5", "7", "9", "11"]


def test_a_share_bar_is_split_in_proportion_and_fills_its_row():
    chart = charts.share_chart(
        [("2025", [("paid", 30), ("due", 10)]), ("2026", [("paid", 0), ("due", 0)])], width=600
    )
    this_year, next_year = chart.rows
    paid, due = this_year.segments
    assert paid.width == pytest.approx(3 * due.width, abs=0.2)
    assert paid.x == chart.bar_left
    assert due.x == pytest.approx(paid.x + paid.width, abs=0.2)
    assert paid.width + due.width == pytest.approx(chart.bar_width, abs=0.2)
    assert this_year.total == 40
    # Nothing to pay: an empty row, not a division by zero.
    assert next_year.segments == () and next_year.total == 0
    assert next_year.y > this_year.y
