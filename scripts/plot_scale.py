#!/usr/bin/env python3
"""Draw scale curves (`cargo bench --bench scale` CSV) as one SVG of four panels: time per
1,000 articles, store bytes per article, peak RSS of each ingest run, and `entity` latency,
each against the articles in the store; several runs (LABEL=CSV) are drawn over each other.
No plotting library needed.

    scripts/plot_scale.py docs/scale.svg before=before.csv after=scale.csv
"""

import csv
import sys

W, H = 420, 260  # one panel
PAD_L, PAD_R, PAD_T, PAD_B = 58, 14, 30, 40


def nice_max(v):
    if v <= 0:
        return 1.0
    step = 10 ** len(str(int(v))) / 10
    for m in (1, 2, 2.5, 5, 10):
        if v <= m * step:
            return m * step
    return v


def panel(ox, oy, title, xs, series, unit):
    """One panel at (ox, oy): `series` is [(label, colour, [y or None])]."""
    out = []
    xmax = max(xs)
    ymax = nice_max(max((y for _, _, ys in series for y in ys if y is not None), default=1) * 1.1)
    pw, ph = W - PAD_L - PAD_R, H - PAD_T - PAD_B

    def px(x):
        return ox + PAD_L + pw * x / xmax

    def py(y):
        return oy + PAD_T + ph * (1 - y / ymax)

    out.append(f'<text x="{ox + W / 2}" y="{oy + 18}" text-anchor="middle" font-weight="bold">{title}</text>')
    out.append(f'<rect x="{ox + PAD_L}" y="{oy + PAD_T}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>')
    for i in range(5):
        y = ymax * i / 4
        out.append(f'<line x1="{ox + PAD_L}" x2="{ox + PAD_L + pw}" y1="{py(y):.1f}" y2="{py(y):.1f}" stroke="#eee"/>')
        out.append(f'<text x="{ox + PAD_L - 4}" y="{py(y) + 4:.1f}" text-anchor="end">{y:g}</text>')
        x = xmax * i / 4
        out.append(f'<text x="{px(x):.1f}" y="{oy + PAD_T + ph + 16}" text-anchor="middle">{x / 1000:g}k</text>')
    out.append(f'<text x="{ox + PAD_L + pw / 2}" y="{oy + H - 6}" text-anchor="middle">articles in the store</text>')
    out.append(f'<text x="{ox + 12}" y="{oy + PAD_T + ph / 2}" text-anchor="middle" transform="rotate(-90 {ox + 12} {oy + PAD_T + ph / 2})">{unit}</text>')
    for k, (label, colour, ys) in enumerate(series):
        pts = [(px(x), py(y)) for x, y in zip(xs, ys) if y is not None]
        if len(pts) > 1:
            d = " ".join(f"{a:.1f},{b:.1f}" for a, b in pts)
            out.append(f'<polyline points="{d}" fill="none" stroke="{colour}" stroke-width="1.5"/>')
        for a, b in pts if len(pts) < 40 else []:
            out.append(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="2.5" fill="{colour}"/>')
        if len(series) > 1:
            # bottom right, where the curves of these panels rarely pass
            y = oy + PAD_T + ph - 8 - 14 * (len(series) - 1 - k)
            out.append(f'<text x="{ox + PAD_L + pw - 8}" y="{y}" text-anchor="end" fill="{colour}">{label}</text>')
    return out


COLOURS = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e"]


def main():
    if len(sys.argv) < 3 or any("=" not in a for a in sys.argv[2:]):
        sys.exit(__doc__)
    runs = []
    for arg in sys.argv[2:]:
        label, path = arg.split("=", 1)
        with open(path) as f:
            rows = [r for r in csv.DictReader(f) if r.get("articles", "").isdigit()]
        if not rows:
            sys.exit(f"{path}: no rows")
        runs.append((label, rows))
    xs_all = sorted({int(r["articles"]) for _, rows in runs for r in rows})

    def series(name, scale=1.0):
        out = []
        for k, (label, rows) in enumerate(runs):
            by_x = {int(r["articles"]): float(r[name]) * scale for r in rows if r.get(name)}
            out.append((label, COLOURS[k % len(COLOURS)], [by_x.get(x) for x in xs_all]))
        return out

    parts = []
    parts += panel(0, 0, "time per 1,000 articles", xs_all, series("seconds_per_1000"), "seconds")
    parts += panel(W, 0, "store size per article", xs_all, series("bytes_per_article", 1e-3), "KB")
    parts += panel(0, H, "peak RSS of each ingest run", xs_all, series("peak_rss_mb"), "MB")
    parts += panel(W, H, "entity NAME (whole process, median of 5)", xs_all, series("entity_ms"), "ms")
    svg = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * W}" height="{2 * H}" '
        f'font-family="sans-serif" font-size="11">',
        f'<rect width="{2 * W}" height="{2 * H}" fill="white"/>',
        *parts,
        "</svg>",
    ]
    with open(sys.argv[1], "w") as f:
        f.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main()
