"""Independent HRV reference for src/ingest/hrv.reference.spec.ts, computed by hrv-analysis alone.

stdin:  {"series": [[rr_ms, ...], ...]}
stdout: [{"rmssdMs": ..., "sdnnMs": ...}, ...], one object per series, in order.

Each series goes through the library's own cleaning (out-of-range beats interpolated, then ectopic
beats removed by the Malik rule and interpolated) and its own time-domain features; nothing is
recomputed here. On a clean series the cleaning changes nothing. Run it with the python that
scripts/pyref/setup.sh prints.
"""

import json
import sys

from hrvanalysis import get_nn_intervals, get_time_domain_features

# The plausible RR range of the hrv.v1 contract (DESIGN.md section 2), as in hrv.metrics.ts.
LOW_RR_MS = 250
HIGH_RR_MS = 2500


def reference(rr_ms):
    nn = get_nn_intervals(
        list(rr_ms),
        low_rri=LOW_RR_MS,
        high_rri=HIGH_RR_MS,
        ectopic_beats_removal_method="malik",
        verbose=False,
    )
    features = get_time_domain_features(nn)
    return {"rmssdMs": float(features["rmssd"]), "sdnnMs": float(features["sdnn"])}


def main():
    series = json.load(sys.stdin)["series"]
    # allow_nan=False: a NaN must fail loudly here rather than reach the comparison.
    json.dump([reference(rr) for rr in series], sys.stdout, allow_nan=False)


if __name__ == "__main__":
    main()
