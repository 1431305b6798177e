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
