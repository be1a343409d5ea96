#!/usr/bin/env python3
"""Baseline for `bench formulas`: the fuel dispenser record of FormulaExamples.fuelDispenser, hand-written with
Python's decimal module (C-accelerated libmpdec), 34 significant digits, half-even, as the Swift engine.

    python3 Benchmarks/python/fuel_dispenser.py N [--sample K]

Generates the same N records as the Swift side (same 64-bit LCG), computes them once untimed as a warm-up and
once timed, and prints one JSON object: records_per_second, seconds, and the results of the first K records (as
strings) so the Swift side can check both compute the same values.
"""
import json
import sys
import time
from decimal import Decimal, ROUND_HALF_EVEN, getcontext

ctx = getcontext()
ctx.prec = 34
ctx.rounding = ROUND_HALF_EVEN

Q01 = Decimal("0.01")
HUNDRED = Decimal(100)
THREE = Decimal(3)
MPE = Decimal("0.30")
REPEATABILITY = Decimal("0.10")
MASK = (1 << 64) - 1
NOMINAL = (2000, 2000, 1000)  # hundredths of a litre per flow point
# Result keys built once, as a performance-minded hand-written version would.
RUN_KEYS = [[(f"Vb_{p}_{r}", f"E_{p}_{r}", f"Ed_{p}_{r}") for r in (1, 2, 3)] for p in (1, 2, 3)]
POINT_KEYS = [(f"Ebar_{p}", f"Ebard_{p}", f"Er_{p}", f"Erd_{p}", f"ok_{p}") for p in (1, 2, 3)]


def generate(count):
    """Vd, Vs, K as 3×3 lists of decimal strings per record; mirrors FuelDispenserInputs.swift."""
    state = 20261123
    records = []

    def draw():
        nonlocal state
        state = (state * 6364136223846793005 + 1442695040888963407) & MASK
        return state >> 33

    for _ in range(count):
        vd, vs, k = [], [], []
        for p in range(3):
            vd_row, vs_row, k_row = [], [], []
            # A dispenser's error is mostly systematic per flow point, plus a little noise per run.
            bias = (draw() % 9 - 4) if p < 2 else (draw() % 5 - 2)
            for _ in range(3):
                u1, u2, u3 = draw(), draw(), draw()
                standard = NOMINAL[p] + u1 % 21 - 10
                dispenser = standard + bias + u2 % 3 - 1
                factor = 10000 + u3 % 11 - 5
                vs_row.append(f"{standard // 100}.{standard % 100:02d}")
                vd_row.append(f"{dispenser // 100}.{dispenser % 100:02d}")
                k_row.append(f"{factor // 10000}.{factor % 10000:04d}")
            vd.append(vd_row)
            vs.append(vs_row)
            k.append(k_row)
        records.append((vd, vs, k))
    return records


def record(vd, vs, k):
    """One record: relative errors, rounded errors, mean, repeatability (range), judgements, conclusion."""
    out = {}
    oks = []
    for p in range(3):
        errors = []
        for r in range(3):
            vb_key, e_key, ed_key = RUN_KEYS[p][r]
            vb = vs[p][r] * k[p][r]
            e = (vd[p][r] - vb) / vb * HUNDRED
            out[vb_key] = vb
            out[e_key] = e
            out[ed_key] = e.quantize(Q01)
            errors.append(e)
        mean = (errors[0] + errors[1] + errors[2]) / THREE
        spread = max(errors) - min(errors)
        mean_key, mean_rounded_key, spread_key, spread_rounded_key, ok_key = POINT_KEYS[p]
        out[mean_key] = mean
        out[mean_rounded_key] = mean.quantize(Q01)
        out[spread_key] = spread
        out[spread_rounded_key] = spread.quantize(Q01)
        # GB/T 8170 rounded-value comparison at 0.01 %: |E| ≤ 0.30 % for every run, repeatability ≤ 0.10 %.
        ok = all(abs(e.quantize(Q01)) <= MPE for e in errors) and spread.quantize(Q01) <= REPEATABILITY
        out[ok_key] = ok
        oks.append(ok)
    out["conclusion"] = "合格" if all(oks) else "不合格"
    return out


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    sample = int(sys.argv[sys.argv.index("--sample") + 1]) if "--sample" in sys.argv else 0
    texts = generate(count)
    inputs = [tuple([[Decimal(x) for x in row] for row in table] for table in rec) for rec in texts]
    for vd, vs, k in inputs[: min(count, 2000)]:  # warm-up
        record(vd, vs, k)
    # Each record's results are built and dropped, as on the Swift side (keeping 20 000 dicts alive would make
    # Python's cyclic garbage collector the bottleneck, which is not what is compared here).
    start = time.perf_counter()
    checksum = 0
    for vd, vs, k in inputs:
        checksum += len(record(vd, vs, k))
    seconds = time.perf_counter() - start
    assert checksum == count * 43
    shown = [{key: (value if isinstance(value, (bool, str)) else str(value)) for key, value in record(*rec).items()} for rec in inputs[:sample]]
    print(json.dumps({"records": count, "seconds": seconds, "records_per_second": count / seconds, "sample": shown}, ensure_ascii=False))


if __name__ == "__main__":
    main()
