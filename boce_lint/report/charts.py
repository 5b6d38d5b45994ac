"""Charts for the quick-scan report: matplotlib figures rendered to inline SVG text.

No pyplot and no global backend switch: a :class:`~matplotlib.figure.Figure` is drawn by the
SVG canvas directly. Text stays text (``svg.fonttype = 'none'``, so no font files are embedded
or fetched), metadata and the XML prolog are dropped, and every id is prefixed so that several
charts can share one HTML page. The result is then checked element by element: only drawing
elements, no event attributes, no references outside the SVG itself. matplotlib is imported
here only, and only when a chart is drawn.
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import re
import textwrap
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from typing import Any

from boce_lint.report.labels import plain, text
from boce_lint.report.series import KpiChart, MeetingSeries
from boce_lint.safetext import quote

OK = "#2e7d32"
BAD = "#c62828"
NEUTRAL = "#7d8b99"
LINE = "#5b7a99"
TARGET = "#263238"
MUTED = "#5f6b76"
GRID = "#d9dee3"

_RC: Any = {  # rcParams for these charts only (rc_context)
    "svg.fonttype": "none",
    "svg.hashsalt": "boce-lint",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"],
    "font.size": 9,
    "axes.titlesize": 9.5,
    "axes.edgecolor": "#9aa5b1",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": GRID,
    "grid.linewidth": 0.6,
    "xtick.color": "#37474f",
    "ytick.color": "#37474f",
    "text.usetex": False,
}

_SVG = "http://www.w3.org/2000/svg"
_XLINK = "http://www.w3.org/1999/xlink"
_ALLOWED = {"svg", "g", "defs", "style", "path", "use", "clipPath", "rect", "text", "tspan",
            "circle", "ellipse", "line", "polyline", "polygon", "title", "desc", "symbol",
            "marker", "mask", "pattern", "linearGradient", "radialGradient", "stop"}


class UnsafeSvg(ValueError):
    """The SVG holds something other than drawing: it is not put in the page."""


# What must not reach a label: C0 and C1 controls and DEL (not allowed in XML, or acted on by a
# terminal when matplotlib warns about a missing glyph), the bidirectional controls, and the
# code points XML forbids.
_UNLABEL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
                      "\ud800-\udfff\ufffe\uffff]")
MAX_LABEL = 120  # characters of contract text in one label


def _label(value: str, width: int = 48) -> str:
    """Contract text as a chart label: no soft hyphens, no control characters, no mathtext,
    at most ``MAX_LABEL`` characters, wrapped."""
    value = _UNLABEL.sub(" ", plain(str(value)))
    value = quote(value, limit=MAX_LABEL).replace("$", r"\$")
    return "\n".join(textwrap.wrap(value, width=width)) or " "


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """matplotlib's warnings (a glyph missing from the font, a font not found) quote the data
    they are about; they are not the user's business and stay off standard error."""
    logger = logging.getLogger("matplotlib")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _number(value: float, lang: str) -> str:
    shown = str(int(value)) if float(value).is_integer() else f"{value:.6g}"
    return shown.replace(".", ",") if lang == "nl" else shown


def kpi_chart_svg(chart: KpiChart, lang: str, prefix: str) -> str:
    """One figure per sub-agreement: a panel per KPI, values per year against the target."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    count = len(chart.series)
    columns = 2 if count > 1 else 1
    rows = math.ceil(count / columns)
    with rc_context(_RC), _quiet():
        figure = Figure(figsize=(4.6 * columns, 2.5 * rows + 0.2), layout="constrained")
        for number, series in enumerate(chart.series):
            axes = figure.add_subplot(rows, columns, number + 1)
            years = [p.year for p in series.points]
            values = [p.value for p in series.points]
            axes.plot(years, values, color=LINE, linewidth=1.2, zorder=2)
            colours = [NEUTRAL if p.met is None else OK if p.met else BAD for p in series.points]
            axes.scatter(years, values, c=colours, s=34, zorder=3, edgecolors="white",
                         linewidths=0.8)
            targets = [(p.year, p.target) for p in series.points if p.target is not None]
            if targets:
                axes.plot([y for y, _ in targets], [t for _, t in targets], color=TARGET,
                          linestyle=(0, (4, 3)), linewidth=1.4, zorder=1,
                          label=text(lang, "target"))
            for point in series.points:
                axes.annotate(_number(point.value, lang), (point.year, point.value),
                              textcoords="offset points", xytext=(0, 6), ha="center",
                              fontsize=8, color="#263238")
            low = min(values + [t for _, t in targets])
            high = max(values + [t for _, t in targets])
            pad = (high - low) * 0.25 or max(abs(high) * 0.1, 1.0)
            axes.set_ylim(low - pad, high + pad * 1.4)
            axes.set_xlim(min(years) - 0.5, max(years) + 0.5)
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))
            axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _number(v, lang)))
            axes.set_title(_label(series.name), loc="left", fontweight="bold")
            if series.unit:
                axes.set_ylabel(_label(series.unit, 20))
            if targets:
                axes.legend(loc="lower right", fontsize=7.5, frameon=False)
        return _svg(figure, prefix)


def meeting_chart_svg(meetings: list[MeetingSeries], years: list[int], lang: str,
                      prefix: str) -> str:
    """A panel per meeting body: meetings held per year (bars) against the required minimum."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    count = len(meetings)
    columns = 2 if count > 1 else 1
    rows = math.ceil(count / columns)
    with rc_context(_RC), _quiet():
        figure = Figure(figsize=(4.6 * columns, 2.3 * rows + 0.2), layout="constrained")
        for number, series in enumerate(meetings):
            axes = figure.add_subplot(rows, columns, number + 1)
            shown = [y for y in years if y in series.held]
            heights = [series.held[y] or 0 for y in shown]
            colours = [NEUTRAL if series.held[y] is None else OK if series.met(y) else BAD
                       for y in shown]
            bars = axes.bar(shown, heights, color=colours, width=0.6, zorder=2)
            for year, bar in zip(shown, bars, strict=True):
                held = series.held[year]
                label = text(lang, "no-records") if held is None else str(held)
                colour = MUTED if held is None else OK if series.met(year) else BAD
                axes.annotate(label, (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                              textcoords="offset points", xytext=(0, 3), ha="center",
                              fontsize=8.5, fontweight="bold", color=colour)
            axes.axhline(series.required, color=TARGET, linestyle=(0, (4, 3)), linewidth=1.4,
                         zorder=3, label=f"{text(lang, 'required')}: {series.required} "
                                         f"{text(lang, 'per-year')}")
            top = max([series.required] + heights)
            axes.set_ylim(0, top * 1.35 + 0.5)
            axes.set_xlim(min(years) - 0.6, max(years) + 0.6)
            axes.set_xticks(years)
            axes.yaxis.set_major_locator(MaxNLocator(integer=True))
            scope = _label(series.scope, 64)
            axes.set_title(_label(series.body, 44), loc="left", fontweight="bold",
                           pad=8 + 10 * (scope.count("\n") + 1))
            axes.annotate(scope, xy=(0, 1), xycoords="axes fraction",
                          xytext=(0, 5), textcoords="offset points", fontsize=7.5, color=MUTED,
                          va="bottom", ha="left")
            axes.legend(loc="upper right", fontsize=7.5, frameon=False)
        return _svg(figure, prefix)


def _svg(figure: Any, prefix: str) -> str:
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    FigureCanvasSVG(figure)
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg",
                   metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return sanitize(buffer.getvalue(), prefix)


def sanitize(svg: str, prefix: str) -> str:
    """The bare ``<svg>`` element with prefixed ids, after checking it holds drawing only."""
    start = svg.find("<svg")
    if start < 0:
        raise UnsafeSvg("no <svg> element")
    body = svg[start:]
    body = re.sub(r'(\bid="|url\(#|href="#)([^")]+)',
                  lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", body)
    _check(body)
    return body.strip()


def _check(svg: str) -> None:
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as error:
        raise UnsafeSvg(f"not well-formed: {error}") from None
    for element in root.iter():
        namespace, _, tag = element.tag.rpartition("}")
        if namespace.lstrip("{") != _SVG or tag not in _ALLOWED:
            raise UnsafeSvg(f"element {element.tag!r} is not allowed")
        for name, value in element.attrib.items():
            local = name.rpartition("}")[2].lower()
            if local.startswith("on"):
                raise UnsafeSvg(f"event attribute {name!r}")
            if local in ("href", "src") and not value.startswith("#"):
                raise UnsafeSvg(f"external reference {value!r}")
            _check_css(value)
        if tag == "style":
            _check_css(element.text or "")


def _check_css(value: str) -> None:
    lowered = value.lower()
    if "@import" in lowered or "expression(" in lowered or "javascript:" in lowered:
        raise UnsafeSvg("active content in a style")
    for match in re.finditer(r"url\(\s*([^)]*)\)", lowered):
        if not match.group(1).strip("'\" ").startswith("#"):
            raise UnsafeSvg("external url() in a style")
