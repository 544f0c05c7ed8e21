"""The performance benchmark: synthetic programmes, real builds, medians (see docs/performance.md)."""
