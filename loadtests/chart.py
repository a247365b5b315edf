#!/usr/bin/env python3
"""Draws the latest compare.sh run as an SVG, with the Python standard library only.

Usage: chart.py [TSV] [SVG]   defaults docs/perf/compare-latest.tsv and docs/perf/compare.svg

Reads the TSV compare.sh writes (a '# when; machine; settings' line, a header, one row per
scenario: scenario, req_per_s, p50_ms, p99_ms, ratio, errors, half_p50_ms, half_p99_ms and, from
newer runs, half_rate_per_s) and draws
two panels side by side, one row per scenario:
  left:  throughput, a bar on a log scale, labelled with req/s and the ratio to the ceiling;
  right: latency on a log scale, a dot at p50 and a tick at p99 (at saturation: wrk is a closed
         loop), plus hollow markers at half rate when the run had them (labelled with the rate
         when compare.sh capped it below half).
"""
import html
import math
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def read_rows(path):
    title, rows = "", []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                title = line.lstrip("# ").strip()
            elif line and not line.startswith("scenario\t"):
                cells = (line.split("\t") + [""] * 9)[:9]
                rows.append({
                    "name": cells[0], "rps": number(cells[1]), "p50": number(cells[2]),
                    "p99": number(cells[3]), "ratio": number(cells[4]), "errors": cells[5],
                    "half_p50": number(cells[6]), "half_p99": number(cells[7]),
                    "half_rate": number(cells[8]),
                })
    if not rows:
        sys.exit(f"chart.py: no rows in {path}")
    return title, rows


def log_axis(lo, hi):
    """Decades covering [lo, hi]: (first exponent, last exponent)."""
    return math.floor(math.log10(lo)), math.ceil(math.log10(hi))


def scale(value, decades, x0, width):
    first, last = decades
    span = max(1, last - first)
    return x0 + width * (math.log10(value) - first) / span


def tick_label(exponent, unit=""):
    v = 10 ** exponent
    if v >= 1000:
        text = f"{v // 1000:g}k" if v < 10 ** 6 else f"{v // 10 ** 6:g}M"
    else:
        text = f"{v:g}"
    return text + unit


def draw(title, rows):
    row_h, top, label_w = 34, 70, 330
    left_x, left_w = label_w, 330
    right_x, right_w = left_x + left_w + 150, 300
    width = right_x + right_w + 30
    height = top + row_h * len(rows) + 70

    rps_values = [r["rps"] for r in rows if r["rps"]]
    rps_dec = log_axis(max(1.0, min(rps_values)), max(rps_values))
    ms_values = [v for r in rows for v in (r["p50"], r["p99"], r["half_p50"], r["half_p99"]) if v]
    ms_dec = log_axis(max(0.01, min(ms_values)), max(ms_values)) if ms_values else (-1, 2)

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        '<text x="10" y="20" font-size="15" font-weight="bold">Surge compare.sh: one server, one machine</text>',
        f'<text x="10" y="38" font-size="10" fill="#555">{html.escape(title[:190])}</text>',
        f'<text x="{left_x}" y="{top - 12}" font-weight="bold">requests/s (log scale), ratio to the ceiling</text>',
        f'<text x="{right_x}" y="{top - 12}" font-weight="bold">latency ms (log scale): ● p50  | p99</text>',
    ]
    bottom = top + row_h * len(rows)
    for decades, x0, w, unit in ((rps_dec, left_x, left_w, ""), (ms_dec, right_x, right_w, " ms")):
        for e in range(decades[0], decades[1] + 1):
            x = scale(10 ** e, decades, x0, w)
            out.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{bottom}" stroke="#ddd"/>')
            out.append(f'<text x="{x:.1f}" y="{bottom + 16}" text-anchor="middle" fill="#555">'
                       f'{tick_label(e, unit)}</text>')

    for i, r in enumerate(rows):
        y = top + i * row_h
        mid = y + row_h / 2
        out.append(f'<text x="{label_w - 8}" y="{mid + 4:.1f}" text-anchor="end">{html.escape(r["name"][:48])}</text>')
        if r["rps"]:
            x_end = scale(max(r["rps"], 10 ** rps_dec[0]), rps_dec, left_x, left_w)
            colour = "#888" if r["ratio"] == 1.0 else "#3b6fb6"
            out.append(f'<rect x="{left_x}" y="{y + 7}" width="{max(1.0, x_end - left_x):.1f}" '
                       f'height="{row_h - 14}" fill="{colour}"/>')
            ratio = f" ({r['ratio']:.3f})" if r["ratio"] is not None else ""
            out.append(f'<text x="{x_end + 5:.1f}" y="{mid + 4:.1f}">{r["rps"]:,.0f}{ratio}</text>')
        if r["p50"] and r["p99"]:
            x50 = scale(r["p50"], ms_dec, right_x, right_w)
            x99 = scale(r["p99"], ms_dec, right_x, right_w)
            out.append(f'<line x1="{x50:.1f}" y1="{mid:.1f}" x2="{x99:.1f}" y2="{mid:.1f}" stroke="#c0392b" stroke-width="2"/>')
            out.append(f'<circle cx="{x50:.1f}" cy="{mid:.1f}" r="4" fill="#c0392b"/>')
            out.append(f'<line x1="{x99:.1f}" y1="{mid - 7:.1f}" x2="{x99:.1f}" y2="{mid + 7:.1f}" stroke="#c0392b" stroke-width="2"/>')
            out.append(f'<text x="{x99 + 6:.1f}" y="{mid + 4:.1f}" fill="#555">{r["p50"]:g} / {r["p99"]:g}</text>')
        if r["half_p50"] and r["half_p99"]:
            h50 = scale(r["half_p50"], ms_dec, right_x, right_w)
            h99 = scale(r["half_p99"], ms_dec, right_x, right_w)
            out.append(f'<circle cx="{h50:.1f}" cy="{mid + 9:.1f}" r="3" fill="none" stroke="#27ae60"/>')
            out.append(f'<line x1="{h99:.1f}" y1="{mid + 5:.1f}" x2="{h99:.1f}" y2="{mid + 13:.1f}" stroke="#27ae60"/>')
            if r["half_rate"] and r["rps"] and r["half_rate"] < r["rps"] / 2 - 1:
                # compare.sh's HALF_MAX_RATE: replayed at this rate, not at half.
                out.append(f'<text x="{h99 + 6:.1f}" y="{mid + 16:.1f}" fill="#27ae60" font-size="10">'
                           f'at {r["half_rate"]:,.0f}/s (capped)</text>')
    legend_y = bottom + 40
    out.append(f'<text x="10" y="{legend_y}" fill="#555">Grey bar: the /health/live ceiling. Latencies at '
               'saturation (wrk, closed loop); green hollow markers: p50/p99 at half the measured rate (constant rate, fixed-rate.jar), '
               'when measured.</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def main(argv):
    tsv = argv[1] if len(argv) > 1 else os.path.join(ROOT, "docs", "perf", "compare-latest.tsv")
    svg = argv[2] if len(argv) > 2 else os.path.join(ROOT, "docs", "perf", "compare.svg")
    title, rows = read_rows(tsv)
    os.makedirs(os.path.dirname(os.path.abspath(svg)), exist_ok=True)
    with open(svg, "w", encoding="utf-8") as f:
        f.write(draw(title, rows))
    print(f"chart.py: wrote {svg} ({len(rows)} scenarios)")


if __name__ == "__main__":
    main(sys.argv)
