"""Charts drawn on the server as SVG, from plain data: they need no JavaScript, print, and can be saved as files.

Each chart is an ``<svg role="img">`` named by its ``<title>`` and described by its ``<desc>`` (a sentence on what
it shows), because the data table beside it is what a screen reader reads. Every bar and point carries its number
as text, and the lines of a line chart differ in dash pattern and marker shape as well as colour, so nothing is
told by colour alone. Colours are GOV.UK Frontend's, with at least 3:1 contrast against white. Text is escaped
here; nothing else in these strings comes from outside.
"""

from dataclasses import dataclass
from math import ceil, log10

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif"
BAR_COLOUR = "#1d70b8"  # GOV.UK blue
TEXT_COLOUR = "#0b0c0c"
MUTED_COLOUR = "#505a5f"
GRID_COLOUR = "#b1b4b6"
CHARACTER_WIDTH = 8.2  # about the widest average character at 14px, to wrap labels before they run out


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    text: str = ""  # shown after the bar; the value when empty


@dataclass(frozen=True)
class Series:
    name: str
    values: list[int]
    colour: str
    dash: str  # SVG stroke-dasharray ("" for a solid line)
    marker: str  # "circle", "square" or "triangle"


def _svg(chart_id: str, width: int, height: int, title: str, description: str, body: list[str]) -> SafeString:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="thr-chart" id="{escape(chart_id)}" role="img" '
            f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" viewBox="0 0 {width} {height}" '
            f'width="100%" preserveAspectRatio="xMinYMin meet" font-family="{FONT}" font-size="14" '
            f'fill="{TEXT_COLOUR}">'
            f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
            f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>')
    return mark_safe(head + "".join(body) + "</svg>")  # noqa: S308 - every piece of text above is escaped


def wrap(label: str, width: int) -> list[str]:
    """``label`` in lines of at most ``width`` characters, broken between words (a longer word stays whole)."""
    lines, line = [], ""
    for word in label.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines or [""]


def bar_chart(chart_id: str, bars: list[Bar], *, title: str, description: str, width: int = 440,
              scale: int | None = None) -> SafeString:
    """Horizontal bars, each with its label above it and its number after it. Bars are to scale from zero to
    ``scale`` (100 for percentages), or to the largest bar; a zero is drawn as a thin mark so that it is seen to be
    zero, not missing."""
    largest = scale or max((bar.value for bar in bars), default=0) or 1
    room = width - 80  # the longest bar leaves space for its number
    body, y = [], 4
    for bar in bars:
        for line in wrap(bar.label, int(width / CHARACTER_WIDTH)):
            y += 17
            body.append(f'<text x="0" y="{y}">{escape(line)}</text>')
        length = max(round(room * bar.value / largest), 2)
        body.append(f'<rect x="0" y="{y + 6}" width="{length}" height="18" fill="{BAR_COLOUR}"/>')
        body.append(f'<text x="{length + 6}" y="{y + 20}" font-weight="bold">{escape(bar.text or f"{bar.value:,}")}'
                    '</text>')
        y += 36
    return _svg(chart_id, width, y + 4, title, description, body)


def nice_step(largest: int, ticks: int = 4) -> int:
    """A round gap between gridlines (1, 2 or 5 times a power of ten) giving about ``ticks`` of them."""
    if largest <= ticks:
        return 1
    raw = largest / ticks
    power = 10 ** int(log10(raw))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= raw)


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "triangle":
        return f'<path d="M{x:.1f} {y - 5:.1f}L{x + 5:.1f} {y + 4:.1f}L{x - 5:.1f} {y + 4:.1f}Z" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"/>'


def line_chart(chart_id: str, labels: list[tuple[str, str]], series: list[Series], *, title: str,
               description: str, width: int = 640, height: int = 300) -> SafeString:
    """Lines over months: ``labels`` are (short label, second line such as the year, or ""). A legend above the
    plot shows each line's colour, dash and marker; gridlines are labelled."""
    left, right, top, bottom = 44, 16, 56, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    largest = max((value for line in series for value in line.values), default=0)
    step = nice_step(largest)
    ceiling = max(step * ceil(largest / step), step)
    count = max(len(labels), 1)

    def x(index: int) -> float:
        return left + (plot_w * (index + 0.5) / count)

    def y(value: float) -> float:
        return top + plot_h - plot_h * value / ceiling

    body = []
    for position, line in enumerate(series):  # the legend
        lx, ly = 4 + position * 200, 18
        dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
        body.append(f'<line x1="{lx}" y1="{ly}" x2="{lx + 36}" y2="{ly}" stroke="{line.colour}" stroke-width="3"'
                    f'{dash}/>')
        body.append(_marker(line.marker, lx + 18, ly, line.colour))
        body.append(f'<text x="{lx + 44}" y="{ly + 5}">{escape(line.name)}</text>')
    for tick in range(0, ceiling + 1, step):  # gridlines and their numbers
        body.append(f'<line x1="{left}" y1="{y(tick):.1f}" x2="{width - right}" y2="{y(tick):.1f}" '
                    f'stroke="{GRID_COLOUR}" stroke-width="1"/>')
        body.append(f'<text x="{left - 6}" y="{y(tick) + 5:.1f}" text-anchor="end" fill="{MUTED_COLOUR}">'
                    f'{tick:,}</text>')
    for index, (short, second) in enumerate(labels):  # months
        body.append(f'<text x="{x(index):.1f}" y="{height - bottom + 20}" text-anchor="middle" font-size="13">'
                    f'{escape(short)}</text>')
        if second:
            body.append(f'<text x="{x(index):.1f}" y="{height - bottom + 36}" text-anchor="middle" font-size="13" '
                        f'fill="{MUTED_COLOUR}">{escape(second)}</text>')
    for line in series:
        points = " ".join(f"{x(i):.1f},{y(value):.1f}" for i, value in enumerate(line.values))
        dash = f' stroke-dasharray="{line.dash}"' if line.dash else ""
        body.append(f'<polyline points="{points}" fill="none" stroke="{line.colour}" stroke-width="2.5"{dash}/>')
        body += [_marker(line.marker, x(i), y(value), line.colour) for i, value in enumerate(line.values)]
    return _svg(chart_id, width, height, title, description, body)
