"""Inline SVG charts drawn on the server: no scripts, fonts or stylesheets from anywhere."""

from __future__ import annotations

from html import escape

COLOURS = ("#1d70b8", "#00703c", "#f47738", "#d4351c", "#4c2c92", "#28a197", "#b58840")


def bars(items: list[tuple[str, float]], *, title: str, width: int = 460) -> str:
    """A horizontal bar chart, one labelled bar per item."""
    if not items:
        return f'<p class="none">{escape(title)}: nothing in this range.</p>'
    row, label_w = 26, 170
    top = max((v for _, v in items), default=0) or 1
    height = row * len(items) + 8
    parts = [
        f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">'
    ]
    for i, (label, value) in enumerate(items):
        y = 4 + i * row
        length = (width - label_w - 60) * value / top
        colour = COLOURS[i % len(COLOURS)]
        parts += [
            f'<text x="0" y="{y + 16}" class="lbl">{escape(label)}</text>',
            f'<rect x="{label_w}" y="{y + 3}" width="{length:.1f}" height="18" fill="{colour}"/>',
            f'<text x="{label_w + length + 6:.1f}" y="{y + 16}" class="val">{_num(value)}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def stacked(items: list[tuple[str, int]], *, title: str, width: int = 460) -> str:
    """One bar split into parts (e.g. follow-ups on time / late / outstanding), with a key."""
    total = sum(v for _, v in items)
    if not total:
        return f'<p class="none">{escape(title)}: nothing in this range.</p>'
    parts = [
        f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="70" '
        f'viewBox="0 0 {width} 70">'
    ]
    x = 0.0
    for i, (label, value) in enumerate(items):
        share = width * value / total
        colour = COLOURS[i % len(COLOURS)]
        parts.append(f'<rect x="{x:.1f}" y="0" width="{share:.1f}" height="28" fill="{colour}"/>')
        key_x = i * (width // max(len(items), 1))
        parts += [
            f'<rect x="{key_x}" y="44" width="12" height="12" fill="{colour}"/>',
            f'<text x="{key_x + 16}" y="55" class="lbl">{escape(label)}: {value}</text>',
        ]
        x += share
    parts.append("</svg>")
    return "".join(parts)


def gauge(percent: float | None, *, national: float, target: float, width: int = 460) -> str:
    """A 0-100% bar with the programme's share, and marks at the national rate and target."""
    scale = (width - 20) / 100

    def at(value: float) -> float:
        return 10 + value * scale

    shown = percent if percent is not None else 0.0
    text = "no releases in this range" if percent is None else f"{percent:.1f}%"
    return "".join(
        [
            f'<svg role="img" aria-label="community treatment within 21 days: {escape(text)}" '
            f'width="{width}" height="92" viewBox="0 0 {width} 92">',
            f'<rect x="10" y="20" width="{width - 20}" height="30" fill="#f3f2f1"/>',
            f'<rect x="10" y="20" width="{shown * scale:.1f}" height="30" fill="#1d70b8"/>',
            f'<text x="{at(shown) + 4:.1f}" y="14" class="val">{escape(text)}</text>',
            _mark(at(national), f"national {national:.0f}%", "#d4351c", 68),
            _mark(at(target), f"target {target:.0f}%", "#00703c", 86),
            "</svg>",
        ]
    )


def _mark(x: float, label: str, colour: str, y: int) -> str:
    anchor = "end" if x > 300 else "start"
    return (
        f'<line x1="{x:.1f}" y1="16" x2="{x:.1f}" y2="56" stroke="{colour}" stroke-width="3"/>'
        f'<text x="{x:.1f}" y="{y}" text-anchor="{anchor}" class="lbl" fill="{colour}">'
        f"{escape(label)}</text>"
    )


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def line(
    points: list[tuple[str, float | None]],
    *,
    title: str,
    reference: tuple[str, float] | None = None,
    width: int = 460,
    height: int = 150,
) -> str:
    """A line chart over months (gaps where a month has no value), with an optional
    horizontal reference line (e.g. the national rate)."""
    known = [v for _, v in points if v is not None]
    if not known:
        return f'<p class="none">{escape(title)}: nothing in this range.</p>'
    top = max([*known, reference[1] if reference else 0, 1.0])
    left, bottom, plot_w, plot_h = 36, height - 22, width - 46, height - 40
    step = plot_w / max(len(points) - 1, 1)

    def y(value: float) -> float:
        return bottom - plot_h * value / top

    parts = [
        f'<svg role="img" aria-label="{escape(title)}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">',
        f'<line x1="{left}" y1="{bottom}" x2="{width - 10}" y2="{bottom}" stroke="#b1b4b6"/>',
        f'<text x="0" y="{y(top) + 4:.1f}" class="lbl">{_num(top)}</text>',
        f'<text x="0" y="{bottom}" class="lbl">0</text>',
    ]
    if reference:
        ry = y(reference[1])
        parts.append(
            f'<line x1="{left}" y1="{ry:.1f}" x2="{width - 10}" y2="{ry:.1f}" stroke="#d4351c" '
            f'stroke-dasharray="4 3"/><text x="{width - 10}" y="{ry - 4:.1f}" '
            f'text-anchor="end" class="lbl" fill="#d4351c">{escape(reference[0])}</text>'
        )
    run: list[str] = []
    for i, (label, value) in enumerate(points):
        x = left + i * step
        if i % max(1, len(points) // 6) == 0 or i == len(points) - 1:
            anchor = "end" if i == len(points) - 1 and i else "middle"
            parts.append(f'<text x="{x:.1f}" y="{height - 6}" text-anchor="{anchor}" '
                         f'class="lbl">{escape(label)}</text>')  # fmt: skip
        if value is None:
            parts.append(_polyline(run))
            run = []
            continue
        run.append(f"{x:.1f},{y(value):.1f}")
        parts.append(f'<circle cx="{x:.1f}" cy="{y(value):.1f}" r="3" fill="#1d70b8">'
                     f"<title>{escape(label)}: {_num(value)}</title></circle>")  # fmt: skip
    parts += [_polyline(run), "</svg>"]
    return "".join(parts)


def _polyline(points: list[str]) -> str:
    if len(points) < 2:
        return ""
    joined = " ".join(points)
    return f'<polyline points="{joined}" fill="none" stroke="#1d70b8" stroke-width="2"/>'
