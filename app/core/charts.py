"""Charts drawn on the server: the one mechanism for every chart of the app.

A chart is built here from numbers the caller has already counted (in SQL), with its geometry
worked out and every number and date formatted by Babel in the reader's language; the macros
of templates/charts.html draw it as an <svg role="img"> with a title, a text summary that
screen readers announce as its description, and a table of the same numbers in a <details>.
No script, nothing from elsewhere, nothing that relies on colour alone: bars carry their value
as text, each line of a line chart has its own dash pattern, end marker and label.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_skeleton
from sqlalchemy import func
from sqlalchemy.sql.elements import ColumnElement

from app.core.i18n import current_language, format_date, format_number, format_share

# --- bar charts ------------------------------------------------------------------------

BAR_WIDTH = 600      # the viewBox; the SVG scales down to the width of its box
BAR_ROW = 28
BAR_HEIGHT = 18
VALUE_ROOM = 84      # room right of the longest bar for "1 234 (45 %)"
LABEL_CHARS = 26     # longer labels are shortened in the drawing (the table has them whole)


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    href: str | None = None  # where the table's row links (e.g. the filtered participant list)
    # geometry and texts, filled by bar_chart()
    short_label: str = ""
    y: float = 0
    width: float = 0
    value_text: str = ""
    share_text: str = ""


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    summary: str
    bars: list[Bar]
    label_header: str
    value_header: str
    label_width: int
    height: int
    total: int | None = None  # shares are of this (None: no share column)
    kind: str = "bar"

    @property
    def width(self) -> int:
        return BAR_WIDTH

    @property
    def bar_area(self) -> int:
        return BAR_WIDTH - self.label_width - VALUE_ROOM


def _shorten(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def bar_chart(chart_id: str, title: str, items, *, label_header: str, value_header: str,
              total: int | None = None, summary: str | None = None) -> BarChart:
    """A horizontal bar chart of (label, value) or (label, value, href) items, in the given order.
    `total` adds shares ("45 %") to the values and the table; `summary` defaults to every number in words."""
    items = [(item[0], int(item[1]), item[2] if len(item) > 2 else None) for item in items]
    longest = max((len(_shorten(label)) for label, _, _ in items), default=4)
    label_width = min(max(40, round(longest * 8.5) + 14), 240)
    area = BAR_WIDTH - label_width - VALUE_ROOM
    top = max([value for _, value, _ in items] + [1])
    bars = []
    for index, (label, value, href) in enumerate(items):
        share = format_share(value / total) if total else ""
        bars.append(Bar(label=label, value=value, href=href, short_label=_shorten(label), y=index * BAR_ROW + 4,
                        width=round(area * value / top, 1), value_text=format_number(value), share_text=share))
    if summary is None:
        summary = "; ".join(f"{bar.label}: {bar.value_text}" + (f" ({bar.share_text})" if bar.share_text else "")
                            for bar in bars)
    return BarChart(id=chart_id, title=title, summary=summary, bars=bars, label_header=label_header,
                    value_header=value_header, label_width=label_width, height=len(bars) * BAR_ROW + 8, total=total)


# --- line charts over days ---------------------------------------------------------------

LINE_WIDTH, LINE_HEIGHT = 640, 280
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 52, 190, 14, 34
MARKERS = ("circle", "square", "triangle", "diamond")


@dataclass(frozen=True)
class Series:
    key: str          # also its CSS class: chart-line-<key>
    label: str
    values: list[int]  # one per day of the chart
    # filled by line_chart()
    points: str = ""
    end_x: float = 0
    end_y: float = 0
    label_y: float = 0
    marker: str = "circle"
    last_text: str = ""


@dataclass(frozen=True)
class Tick:
    position: float
    text: str


@dataclass(frozen=True)
class Row:
    day_text: str
    values: list[str]


@dataclass(frozen=True)
class LineChart:
    id: str
    title: str
    summary: str
    series: list[Series]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    rows: list[Row]           # the table: one row per day on which something changed
    day_header: str
    reference: Tick | None = None   # a horizontal line (the capacity), its text
    reference_label: str = ""
    width: int = LINE_WIDTH
    height: int = LINE_HEIGHT
    kind: str = "line"

    @property
    def plot_left(self) -> int:
        return MARGIN_LEFT

    @property
    def plot_right(self) -> int:
        return LINE_WIDTH - MARGIN_RIGHT

    @property
    def plot_top(self) -> int:
        return MARGIN_TOP

    @property
    def plot_bottom(self) -> int:
        return LINE_HEIGHT - MARGIN_BOTTOM


def nice_top(value: int) -> int:
    """The smallest "round" number (1, 2, 2.5 or 5 times a power of ten) at or above `value`."""
    if value <= 4:
        return 4
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return int(step * power)
    return value  # pragma: no cover


def _spread(positions: list[float], gap: float, low: float, high: float) -> list[float]:
    """Move labels apart (keeping their order) so that none is closer than `gap` to the next."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [0.0] * len(positions)
    previous = low - gap
    for i in order:
        placed[i] = max(positions[i], previous + gap)
        previous = placed[i]
    overflow = previous - high
    if overflow > 0:
        for i in order:
            placed[i] -= overflow
    return placed


def short_day(day: date) -> str:
    """"16 May" / "16 мая" / "16 мамыр": an axis date in the reader's language."""
    return format_skeleton("MMMd", day, locale=current_language())


def line_chart(chart_id: str, title: str, days: list[date], series: list[Series], *, day_header: str,
               summary: str, reference: int | None = None, reference_label: str = "") -> LineChart:
    """Lines over consecutive `days` (each series has one value per day); `reference` draws a
    horizontal line (a capacity) labelled `reference_label`."""
    left, right, top_px, bottom = MARGIN_LEFT, LINE_WIDTH - MARGIN_RIGHT, MARGIN_TOP, LINE_HEIGHT - MARGIN_BOTTOM
    top_value = nice_top(max([v for s in series for v in s.values] + [reference or 0, 1]))

    def x(index: int) -> float:
        return round(left + (right - left) * (index / (len(days) - 1) if len(days) > 1 else 0.5), 1)

    def y(value: float) -> float:
        return round(bottom - (bottom - top_px) * value / top_value, 1)

    drawn = []
    ends = []
    for number, s in enumerate(series):
        points = " ".join(f"{x(i)},{y(v)}" for i, v in enumerate(s.values))
        last = s.values[-1] if s.values else 0
        ends.append(y(last))
        drawn.append((s, points, last, MARKERS[number % len(MARKERS)]))
    label_ys = _spread(ends, 15, top_px + 4, bottom)
    lines = [Series(key=s.key, label=s.label, values=s.values, points=points, end_x=x(len(days) - 1), end_y=y(last),
                    label_y=round(label_y, 1), marker=marker, last_text=format_number(last))
             for (s, points, last, marker), label_y in zip(drawn, label_ys)]
    steps = 4 if top_value % 4 == 0 else 5  # whole numbers on the axis: nice_top() is 4, 10, 20, 25, 50, ...
    y_ticks = [Tick(y(top_value * k / steps), format_number(top_value * k // steps)) for k in range(steps + 1)]
    count = min(len(days), 5)
    indexes = sorted({round(k * (len(days) - 1) / (count - 1)) for k in range(count)}) if count > 1 else [0]
    x_ticks = [Tick(x(i), short_day(days[i])) for i in indexes] if days else []
    rows = []
    for i, day in enumerate(days):
        if i == 0 or any(s.values[i] != s.values[i - 1] for s in series):
            rows.append(Row(format_date(day), [format_number(s.values[i]) for s in series]))
    ref = Tick(y(reference), format_number(reference)) if reference is not None else None
    return LineChart(id=chart_id, title=title, summary=summary, series=lines, x_ticks=x_ticks, y_ticks=y_ticks,
                     rows=rows, day_header=day_header, reference=ref, reference_label=reference_label)


def cumulative(days: list[date], counts: dict[date, int]) -> list[int]:
    """Running totals over `days` of counts by day."""
    total, values = 0, []
    for day in days:
        total += counts.get(day, 0)
        values.append(total)
    return values


def day_range(first: date, last: date, longest: int = 400) -> list[date]:
    """Every day from `first` to `last` (at most `longest` days, the latest ones)."""
    first = max(first, last - timedelta(days=longest - 1))
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


# --- counting by day in SQL ------------------------------------------------------------------

def local_day(column, tz_name: str, dialect: str) -> ColumnElement:
    """The calendar day of a UTC timestamp column in the time zone `tz_name`, computed by the
    database, so that GROUP BY counts per day on SQLite and PostgreSQL alike. PostgreSQL
    converts by the zone's rules; SQLite (which knows no zones) shifts by the zone's current
    UTC offset. Rows come back as a date (PostgreSQL) or 'YYYY-MM-DD' (SQLite): see as_date()."""
    if dialect == "postgresql":
        return func.date(func.timezone(tz_name, func.timezone("UTC", column)))
    offset = datetime.now(ZoneInfo(tz_name)).utcoffset() or timedelta(0)
    return func.date(column, f"{int(offset.total_seconds() // 60):+d} minutes")


def as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@dataclass
class ChartIds:
    """Unique ids for the charts of one page."""
    used: set = field(default_factory=set)

    def __call__(self, name: str) -> str:
        base = "chart-" + "".join(c if c.isalnum() else "-" for c in name)
        candidate, n = base, 2
        while candidate in self.used:
            candidate, n = f"{base}-{n}", n + 1
        self.used.add(candidate)
        return candidate
