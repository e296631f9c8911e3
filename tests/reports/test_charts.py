"""reports.charts: SVG that parses, names and describes itself, escapes what it is given, and tells nothing by
colour alone."""

from xml.etree import ElementTree

from reports.charts import Bar, Series, bar_chart, line_chart, nice_step, wrap

SVG = "{http://www.w3.org/2000/svg}"


def parse(markup) -> ElementTree.Element:
    return ElementTree.fromstring(str(markup))


def texts(svg) -> list[str]:
    return [element.text for element in svg.iter(f"{SVG}text")]


def test_a_bar_chart_is_an_image_with_a_title_description_labels_and_numbers():
    svg = parse(bar_chart("chart-x", [Bar("Education", 12, "12 (60%)"), Bar("Police", 0)], title="By sector",
                          description="Bar chart of 2 groups."))
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "chart-x-title chart-x-desc"
    assert svg.find(f"{SVG}title").text == "By sector" and svg.find(f"{SVG}desc").text == "Bar chart of 2 groups."
    assert texts(svg) == ["Education", "12 (60%)", "Police", "0"]
    widths = [float(rect.get("width")) for rect in svg.iter(f"{SVG}rect")]
    assert widths[0] == 360 and widths[1] == 2  # to scale, and a zero still shows as a thin mark


def test_labels_are_escaped_and_long_ones_wrapped():
    label = "Refer to the police <Prevent> gateway & consider Channel for this person, with a long explanation"
    markup = bar_chart("c", [Bar(label, 3)], title="A & B", description="<script>")
    assert "<Prevent>" not in markup and "<script>" not in markup
    svg = parse(markup)
    assert len([text for text in texts(svg) if text != "3"]) == 2  # two lines
    assert " ".join(texts(svg)[:2]) == label
    assert wrap("one two three", 7) == ["one two", "three"] and wrap("", 10) == [""]


def test_percentages_are_drawn_on_a_scale_to_100():
    svg = parse(bar_chart("p", [Bar("Mentoring", 50, "50% (1 of 2)")], title="t", description="d", scale=100))
    assert float(svg.find(f"{SVG}rect").get("width")) == 180  # half of the 360 a full bar would take


def test_a_line_chart_tells_its_lines_apart_by_dash_and_marker_as_well_as_colour():
    series = [Series("Received", [3, 5, 8], "#1d70b8", "", "circle"),
              Series("Decided", [2, 4, 7], "#0b0c0c", "7 4", "square"),
              Series("Became a case", [1, 1, 2], "#00703c", "2 3", "triangle")]
    svg = parse(line_chart("t", [("Jan", "2026"), ("Feb", ""), ("Mar", "")], series, title="Trends",
                           description="Line chart."))
    lines = svg.findall(f"{SVG}polyline")
    assert [line.get("stroke-dasharray") for line in lines] == [None, "7 4", "2 3"]
    assert len(svg.findall(f"{SVG}circle")) == 4 and len(svg.findall(f"{SVG}path")) == 4  # legend + points
    assert {"Received", "Decided", "Became a case", "Jan", "2026", "0", "8"} <= set(texts(svg))


def test_gridlines_are_round_numbers():
    assert [nice_step(n) for n in (0, 3, 9, 40, 130, 2_000)] == [1, 1, 5, 10, 50, 500]
