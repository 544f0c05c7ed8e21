"""`python -m tests.benchmark --sizes 500,2000 --repeat 3 --output bench.json` (what `invoke bench` runs)."""

import argparse
from pathlib import Path

from .harness import run

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--sizes", default="500,2000,8000", help="numbers of events, comma-separated")
parser.add_argument("--repeat", type=int, default=3, help="builds per measure (medians are reported)")
parser.add_argument("--output", type=Path, default=Path("bench.json"), help="JSON report")
parser.add_argument("--work", type=Path, default=None, help="keep the synthetic sites here (default: a temp dir)")
parser.add_argument("--no-preview", action="store_true", help="skip the live-preview latency")
parser.add_argument("--compare", type=Path, default=None, help="an earlier JSON report, to print the figures beside")
options = parser.parse_args()
run([int(size) for size in options.sizes.split(",")], options.repeat, options.output, options.work, not options.no_preview,
    earlier=options.compare)
