"""A run's figures beside an earlier run's (`--compare earlier.json`): what a regression looks like.

Seconds drift from machine to machine and hour to hour; ratios to vanilla much less, so they come first.
Only the sizes both runs built are compared.
"""

from __future__ import annotations

FIGURES = (  # key, label
    ("site_ratio_to_baseline", "no-img cold / vanilla"),
    ("ratio_to_baseline", "cold / vanilla"),
    ("noop_to_cold", "no-op / cold"),
    ("edit_to_cold", "edit / cold"),
    ("tree_peak_mib", "tree MiB"),
    ("preview_s", "preview s"),
    ("site_cold_s", "no-img cold s"),
    ("cold_s", "cold s"),
    ("baseline_s", "vanilla s"),
    ("image_cold_s", "img cold s"),
)


def compare(earlier: dict, current: dict) -> str:
    """One line a figure and size: earlier → now, and the change in percent."""
    before = {row["events"]: row for row in earlier["results"]}
    lines = [f"Compared with {earlier.get('machine', {}).get('commit', '?')} (earlier → now):"]
    for row in current["results"]:
        old = before.get(row["events"])
        if old is None:
            continue
        for key, label in FIGURES:
            if old.get(key) is None or row.get(key) is None:
                continue
            change = f"{(row[key] - old[key]) / old[key]:+.1%}" if old[key] else "—"
            lines.append(f"  N={row['events']} {label:<22} {old[key]:>9.3f} → {row[key]:>9.3f}  {change}")
    return "\n".join(lines)
