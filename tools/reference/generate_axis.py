#!/usr/bin/env python3
"""High-precision reference tables for the activations along an axis (mpmath, 60 significant digits).

Usage:
    python3 tools/reference/generate_axis.py                  # regenerate every table
    python3 tools/reference/generate_axis.py softmax glu      # only these activations
    python3 tools/reference/generate_axis.py --list           # list the tables

Output: tests/SimdActivations.Tests/ReferenceTables/Axis/<name>.csv for default parameters, else
<name>_<key>=<value>.csv (maxout's k). Each file starts with `# ` comment lines (function, parameters, generator,
precision, columns), then the header row `row,i,x,dy,y,dx,dx_scale` and one line per input element, rows in order,
every row preceded by a `# row <id>: <description>` line:
  row       the row id; each row is one call with the whole row as the span (no row length);
  i         the index in the row;
  x         the float32 input as the shortest decimal that parses back to it as a float32 (parse it as float),
            or nan / inf / -inf / -0.0 / 0.0;
  dy        a float32 gradient for output i (a multiple of 1/64 in [-2, 2]); empty where i is not an output index
            (GLU and maxout rows are shorter at the output) and in rows longer than 4096 elements;
  y         the exact forward output i to 21 significant digits (1e-21 relative: 1e-5 ULP of uncertainty in
            double), or nan / inf / -inf, or 0.0 / -0.0 for an exact zero with the sign the library gives it;
            empty where i is not an output index;
  dx        the exact backward J(x)^T dy at input i, same format; empty where it is not compared (rows longer
            than 4096 elements; GLU at infinite inputs, where it is IEEE arithmetic on infinities and zeros);
  dx_scale  the magnitude of the largest term summed into dx (3 significant digits): a softmax backward cancels,
            so its error is measured in ULPs of this scale, not of dx; 0.0 where dx is an exact zero (maxout's
            non-maxima, sparsemax outside the support) or NaN.
Rows: the issue's bars (float32 inputs uniform in [-100, 100] and in [1000, 1010] of lengths 3, 10, 1000 and 16384,
and the rows [1000, 1001, 1002], [-1000, -1001, -1002], [88, 89, 90]) for softmax, log-softmax and sparsemax
(softmin, the softmax kernel on -x, stops at 4096); many short lengths around the vector widths; shorter rows for
GLU and maxout, whose outputs depend on two or k inputs only; special rows (infinities, NaN, subnormal results,
ties, signed zeros) for each. Seeded (20261126 and the table name); rerunning reproduces the files exactly.
"""
import argparse
import math
import pathlib
import random
import sys
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

import mpmath
from mpmath import mpf

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from generate import DPS, NAN, INF, f32  # noqa: E402  (the shared float32 rounding)

mpmath.mp.dps = DPS
ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
OUT_DIR = ROOT / 'tests' / 'SimdActivations.Tests' / 'ReferenceTables' / 'Axis'
SEED = 20261126
LONGEST_BACKWARD_ROW = 4096     # longer rows carry no dy / dx (the forward is what their length tests)


# ----------------------------------------------------------------------------------------------------------
# Rows

def uniform_row(rng: random.Random, n: int, lo: float, hi: float) -> list[float]:
    return [f32(rng.uniform(lo, hi)) for _ in range(n)]


def gradient_row(rng: random.Random, n: int) -> list[float]:
    return [rng.randint(-128, 128) / 64 for _ in range(n)]


def softmax_rows(rng: random.Random, longest: int = 16384) -> list[tuple[str, list[float]]]:
    rows = [
        ('[1000, 1001, 1002]', [1000.0, 1001.0, 1002.0]),
        ('[-1000, -1001, -1002]', [-1000.0, -1001.0, -1002.0]),
        ('[88, 89, 90]', [88.0, 89.0, 90.0]),
    ]
    for n in (3, 10, 1000, longest):
        rows.append((f'{n} uniform in [-100, 100]', uniform_row(rng, n, -100, 100)))
        rows.append((f'{n} uniform in [1000, 1010]', uniform_row(rng, n, 1000, 1010)))
    for n in (1, 2, 5, 7, 8, 9, 15, 16, 17, 31, 33, 63, 65, 100, 257):
        rows.append((f'{n} uniform in [-20, 20]', uniform_row(rng, n, -20, 20)))
    rows += [
        ('one element', [5.0]),
        ('subnormal outputs', [0.0, -100.0, -103.0, -90.0]),
        ('outputs that underflow to 0', [0.0, -200.0, -1e30]),
        ('ties', [7.0] * 17),
        ('-inf elements', [-INF, 0.0, 1.0, -INF, 2.0]),
        ('+inf: NaN row', [1.0, INF, 2.0]),
        ('NaN: NaN row', [1.0, 2.0, NAN, 3.0]),
        ('-inf only: NaN row', [-INF, -INF, -INF]),
        ('huge spread', [-3e38, 0.0, 3e38, 1e38]),
        ('tiny values', [1e-30, -1e-30, 0.0, 1e-45]),
        ('near one', [0.0, -1e-3, -2e-3, -20.0]),
        ('negative zero', [-0.0, 0.0, -0.0]),
    ]
    return rows


def sparsemax_rows(rng: random.Random) -> list[tuple[str, list[float]]]:
    rows = softmax_rows(rng)
    rows += [
        ('all in the support', uniform_row(rng, 100, 0, 0.01)),
        ('around 1000, all in the support', uniform_row(rng, 64, 1000, 1000.01)),
        ('half in the support', [i / 64 for i in range(-64, 64)]),
        ('wide support', uniform_row(rng, 1000, 0, 0.1)),
    ]
    return rows


def glu_rows(rng: random.Random) -> list[tuple[str, list[float]]]:
    rows = []
    for n in (2, 4, 10, 1000, 4096):
        rows.append((f'{n} uniform in [-100, 100]', uniform_row(rng, n, -100, 100)))
        rows.append((f'{n} uniform in [-10, 10]', uniform_row(rng, n, -10, 10)))
    for n in (6, 14, 16, 18, 30, 32, 34, 66, 130):
        rows.append((f'{n} uniform in [-20, 20]', uniform_row(rng, n, -20, 20)))
    rows += [
        ('subnormal gates times large values', [1e30, 3e38, -1e20, 1.0, -100.0, -120.0, -90.0, -100.0]),
        ('infinite gates', [2.0, -3.0, 4.0, INF, -INF, 0.0]),
        ('infinite values', [INF, -INF, INF, -INF, 1.0, -1.0, -INF, NAN]),
        ('NaN', [NAN, 1.0, 1.0, NAN]),
        ('zeros', [0.0, -0.0, 5.0, -5.0]),
    ]
    return rows


def maxout_rows(k: int):
    def rows(rng: random.Random) -> list[tuple[str, list[float]]]:
        out = []
        for groups in (1, 2, 3, 5, 16, 17, 100):
            out.append((f'{groups} groups uniform in [-100, 100]', uniform_row(rng, groups * k, -100, 100)))
        out.append(('1000 groups uniform in [-10, 10]', uniform_row(rng, 1000 * k, -10, 10)))
        special = [NAN, INF, -INF, 0.0, -0.0, 1.0, -1.0, 3e38]
        out.append(('special values', [rng.choice(special) for _ in range(8 * k)]))
        out.append(('ties and signed zeros', [(-0.0 if j % 2 else 0.0) for j in range(4 * k)]))
        return out
    return rows


# ----------------------------------------------------------------------------------------------------------
# Exact values. A function takes the row x (floats) and dy (floats, one per output) and returns
# (y, dx, scale) as lists of values (mpf, or float for exact zeros and special values).

def softmax_exact(x, dy, negate=False):
    xs = [-v for v in x] if negate else list(x)
    n = len(xs)
    if any(math.isnan(v) or v == INF for v in xs) or all(v == -INF for v in xs):
        return [NAN] * n, [NAN] * n, [0.0] * n
    m = max(xs)
    e = [mpf(0) if v == -INF else mpmath.exp(mpf(v) - mpf(m)) for v in xs]
    s = mpmath.fsum(e)
    y = [v / s for v in e]
    dot = mpmath.fsum(yi * g for yi, g in zip(y, dy))
    mag = mpmath.fsum(yi * abs(g) for yi, g in zip(y, dy))
    sign = -1 if negate else 1
    dx = [sign * yi * (g - dot) for yi, g in zip(y, dy)]
    scale = [yi * (abs(g) + mag) for yi, g in zip(y, dy)]
    return [zero_as(v, 0.0) for v in y], [zero_as(v, 0.0) for v in dx], scale


def softmin_exact(x, dy):
    return softmax_exact(x, dy, negate=True)


def log_softmax_exact(x, dy):
    n = len(x)
    if any(math.isnan(v) or v == INF for v in x) or all(v == -INF for v in x):
        return [NAN] * n, [NAN] * n, [0.0] * n
    m = max(x)
    e = [mpf(0) if v == -INF else mpmath.exp(mpf(v) - mpf(m)) for v in x]
    s = mpmath.fsum(e)
    # log(1 + rest) with the maximum's term 1 taken out, so a rest of e^-200 is not lost at 60 digits.
    top = x.index(m)
    log_s = mpmath.log1p(mpmath.fsum(v for j, v in enumerate(e) if j != top))
    y = [-INF if v == -INF else (mpf(v) - mpf(m)) - log_s for v in x]
    p = [v / s for v in e]
    total = mpmath.fsum(mpf(g) for g in dy)
    mag = mpmath.fsum(abs(mpf(g)) for g in dy)
    dx = [mpf(g) - pi * total for pi, g in zip(p, dy)]
    scale = [abs(mpf(g)) + pi * mag for pi, g in zip(p, dy)]
    # log-softmax is negative everywhere but at a lone maximum: its zeros are -0 (as logsigmoid(+inf) = -0).
    return [zero_as(v, -0.0) for v in y], [zero_as(v, 0.0) for v in dx], scale


def sparsemax_exact(x, dy):
    n = len(x)
    if any(math.isnan(v) or v == INF for v in x) or all(v == -INF for v in x):
        return [NAN] * n, [NAN] * n, [0.0] * n
    x = [None if v == -INF else v for v in x]       # -inf is never in the support: its output is 0
    # The threshold as an exact rational (Held, Wolfe and Crowder's sorting algorithm).
    xs = sorted((Fraction(v) for v in x if v is not None), reverse=True)
    total = Fraction(0)
    tau = None
    for k, v in enumerate(xs, 1):
        total += v
        t = (total - 1) / k
        if v > t:
            tau = t
        else:
            break
    y = [Fraction(v) - tau if v is not None and Fraction(v) > tau else None for v in x]
    support = [i for i, v in enumerate(y) if v is not None]
    mean = sum(Fraction(dy[i]) for i in support) / len(support)
    mean_abs = sum(abs(Fraction(dy[i])) for i in support) / len(support)
    ys = [0.0 if v is None else frac(v) for v in y]
    dx = [0.0 if y[i] is None else zero_as(frac(Fraction(dy[i]) - mean), 0.0) for i in range(n)]
    scale = [0.0 if y[i] is None else frac(abs(Fraction(dy[i])) + mean_abs) for i in range(n)]
    return ys, dx, scale


def sig(t):
    return 1 / (1 + mpmath.exp(-t))


def glu_exact(x, dy):
    h = len(x) // 2
    y, dxa, dxb, sa, sb = [], [], [], [], []
    for j in range(h):
        a, b, g = x[j], x[h + j], dy[j]
        if math.isnan(a) or math.isnan(b):
            # dx_a = sigma(b) dy does not involve a.
            y.append(NAN)
            finite_b = not math.isnan(b) and not math.isinf(b)
            dxa.append(zero_as(sig(mpf(b)) * g, math.copysign(0.0, g)) if finite_b else (NAN if math.isnan(b) else None))
            sa.append(abs(sig(mpf(b)) * g) if finite_b else (0.0 if math.isnan(b) else None))
            dxb.append(NAN)
            sb.append(0.0)
            continue
        s = mpf(0) if b == -INF else (mpf(1) if b == INF else sig(mpf(b)))
        if math.isinf(a):
            y.append(NAN if s == 0 else a)
        else:
            y.append(zero_as(mpf(a) * s, math.copysign(0.0, a)))
        if math.isinf(a) or math.isinf(b):
            # Not compared: the backward at infinite inputs is IEEE arithmetic on ∞ and 0, not a limit.
            dxa.append(None)
            dxb.append(None)
            sa.append(None)
            sb.append(None)
            continue
        sc = sig(-mpf(b))
        ga = s * g
        gb = mpf(a) * s * sc * g
        dxa.append(zero_as(ga, math.copysign(0.0, g)))
        dxb.append(zero_as(gb, math.copysign(0.0, a) * math.copysign(1.0, g)))
        sa.append(abs(ga))
        sb.append(abs(gb))
    return y, dxa + dxb, sa + sb


def maxout_exact(k):
    def exact(x, dy):
        y, dx, scale = [], [], []
        for j in range(len(x) // k):
            group = x[j * k:(j + 1) * k]
            nan_at = next((t for t, v in enumerate(group) if math.isnan(v)), None)
            if nan_at is not None:
                best = nan_at
                value = NAN
            else:
                best = 0
                for t in range(1, k):
                    if group[t] > group[best]:
                        best = t
                value = group[best]
                if value == 0:
                    # IEEE maximum: +0 above -0.
                    value = 0.0 if any(v == 0 and math.copysign(1, v) > 0 for v in group) else -0.0
            y.append(value if (math.isnan(value) or math.isinf(value) or value == 0) else mpf(value))
            for t in range(k):
                g = dy[j] if t == best else 0.0
                dx.append(mpf(g) if g != 0 else 0.0)
                scale.append(abs(g))
        return y, dx, scale
    return exact


def frac(v: Fraction):
    if v == 0:
        return 0.0
    return mpf(v.numerator) / v.denominator


def zero_as(v, zero):
    """An mpf that is exactly zero becomes the signed float zero the library gives there."""
    if isinstance(v, float):
        return v
    return zero if v == 0 else v


# ----------------------------------------------------------------------------------------------------------

@dataclass
class Table:
    name: str                   # file name without .csv
    function: str               # registry name
    params: list[tuple[str, str]]
    rows: Callable              # rng -> [(description, x)]
    exact: Callable             # (x, dy) -> (y, dx, scale)
    output_length: Callable     # n -> output length


TABLES = [
    Table('softmax', 'softmax', [], softmax_rows, softmax_exact, lambda n: n),
    Table('log_softmax', 'log_softmax', [], softmax_rows, log_softmax_exact, lambda n: n),
    Table('softmin', 'softmin', [], lambda rng: softmax_rows(rng, 4096), softmin_exact, lambda n: n),
    Table('sparsemax', 'sparsemax', [], sparsemax_rows, sparsemax_exact, lambda n: n),
    Table('glu', 'glu', [], glu_rows, glu_exact, lambda n: n // 2),
    Table('maxout', 'maxout', [], maxout_rows(2), maxout_exact(2), lambda n: n // 2),
    Table('maxout_k=3', 'maxout', [('k', '3')], maxout_rows(3), maxout_exact(3), lambda n: n // 3),
    Table('maxout_k=16', 'maxout', [('k', '16')], maxout_rows(16), maxout_exact(16), lambda n: n // 16),
]
BY_NAME = {t.name: t for t in TABLES}


DIGITS = 21


def fmt_x(x: float) -> str:
    """The shortest decimal that parses (as float32) back to the float32 x; nan / inf / -inf / -0.0 / 0.0."""
    if math.isnan(x):
        return 'nan'
    if math.isinf(x) or x == 0:
        return repr(x)
    for p in range(1, 10):
        text = f'{x:.{p}g}'
        if f32(float(text)) == x:
            return text
    raise AssertionError(x)


def fmt_value(v, where: str) -> str:
    """An exact value to 21 significant digits (1e-21 relative: a 1e-5 ULP uncertainty in double), or the special
    and zero values as generate.py writes them."""
    if isinstance(v, float):
        if math.isnan(v):
            return 'nan'
        if math.isinf(v):
            return 'inf' if v > 0 else '-inf'
        if v == 0:
            return '-0.0' if math.copysign(1.0, v) < 0 else '0.0'
        v = mpf(v)
    if not isinstance(v, mpf) or v == 0 or mpmath.isnan(v):
        raise ValueError(f'{where}: {v!r} (exact zeros must be signed floats)')
    return mpmath.nstr(v, DIGITS, min_fixed=1, max_fixed=0)


def fmt_scale(v) -> str:
    if isinstance(v, float):
        return '0.0' if v == 0 else repr(v)
    if v == 0:
        return '0.0'
    return mpmath.nstr(v, 3, min_fixed=1, max_fixed=0)


def generate(table: Table) -> tuple[int, float]:
    t0 = time.time()
    rng = random.Random(f'{SEED}-{table.name}')
    lines = [
        f'# function: {table.function}',
        ('# parameters: ' + ', '.join(f'{k}={v}' for k, v in table.params)).rstrip(),
        '# generated by: python3 tools/reference/generate_axis.py',
        f'# precision: mpmath {DPS} significant digits',
        '# columns: row id, index i, float32 input x (shortest float32 decimal), float32 gradient dy (output '
        'indices of rows up to 4096 elements), exact output y (output indices), exact backward dx = J(x)^T dy '
        '(rows up to 4096 elements), dx_scale = largest term summed into dx (the unit of the backward error); '
        f'exact values to {DIGITS} significant digits',
        'row,i,x,dy,y,dx,dx_scale',
    ]
    count = 0
    for r, (description, x) in enumerate(table.rows(rng)):
        x = [v if math.isnan(v) else f32(v) for v in x]       # the special rows are written as decimals
        m = table.output_length(len(x))
        dy = gradient_row(rng, m)
        y, dx, scale = table.exact(x, dy)
        assert len(y) == m and len(dx) == len(x) and len(scale) == len(x), description
        lines.append(f'# row {r}: {description} ({len(x)} elements)')
        for i, xi in enumerate(x):
            where = f'{table.name} row {r} i={i}'
            out = [fmt_x(dy[i]) if len(x) <= LONGEST_BACKWARD_ROW else '', fmt_value(y[i], where)] if i < m else ['', '']
            compared = dx[i] is not None and len(x) <= LONGEST_BACKWARD_ROW
            backward = [fmt_value(dx[i], where), fmt_scale(scale[i])] if compared else ['', '']
            lines.append(','.join([str(r), str(i), fmt_x(xi)] + out + backward))
            count += 1
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with open(OUT_DIR / f'{table.name}.csv', 'w', newline='\n') as fh:
        fh.write('\n'.join(lines) + '\n')
    return count, time.time() - t0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('names', nargs='*', help='tables to generate (default: all)')
    ap.add_argument('--list', action='store_true')
    args = ap.parse_args(argv)
    unknown = [n for n in args.names if n not in BY_NAME and not any(t.function == n for t in TABLES)]
    if unknown:
        ap.error(f'unknown {unknown}; known: {", ".join(BY_NAME)}')
    selected = [t for t in TABLES if not args.names or t.name in args.names or t.function in args.names]
    if args.list:
        for t in selected:
            print(f'{t.name}.csv')
        return 0
    for t in selected:
        count, seconds = generate(t)
        size = (OUT_DIR / f'{t.name}.csv').stat().st_size
        print(f'  {t.name + ".csv":24s} {count:7d} lines {size / 1e6:6.2f} MB {seconds:6.1f} s', flush=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
