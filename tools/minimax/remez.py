#!/usr/bin/env python3
"""Minimax polynomial fits for the vector math in src/SimdActivations/Kernels (Remez exchange, mpmath).

Every polynomial constant in Kernels/ comes from a run of this file; the comment beside each constant names
the fit (`python3 tools/minimax/remez.py exp-single`). The method is the linear Remez exchange algorithm as
described in J.-M. Muller, "Elementary Functions: Algorithms and Implementation" (3rd ed., ch. 3): choose
n + 1 reference points, solve for the polynomial that equioscillates on them, move the references to the
extrema of the new error curve, and repeat until the extrema are level.

Each fit approximates g(t) by sum_j c_j * t**(first + j) on [a, b] minimizing max |w(t) * (g(t) - p(t))|,
with w chosen so that the quantity minimized is the relative error of the function the kernel returns.
The printed coefficients are rounded to the kernel's precision (float: 9 significant digits, double: 17),
and the error is re-measured with the rounded coefficients. Fits marked greedy round one coefficient at a time and
refit the rest (see greedy_rounded).
"""
import sys
import mpmath as mp

mp.mp.dps = 60


def remez(g, w, a, b, first, n, iterations=40, samples=4000):
    a, b = mp.mpf(a), mp.mpf(b)
    # Chebyshev nodes of the second kind as the first reference.
    refs = [(a + b) / 2 - (b - a) / 2 * mp.cos(mp.pi * i / n) for i in range(n + 1)]
    # A weight that vanishes at a point (0, or an end) cannot carry a reference point there: move it inwards.
    refs = [t if abs(w(t)) > mp.mpf("1e-8") else t + (b - a) / 1000 * (1 if t <= (a + b) / 2 else -1) for t in refs]
    coeffs, level = None, None
    for _ in range(iterations):
        rows, rhs = [], []
        for i, t in enumerate(refs):
            rows.append([t ** (first + j) for j in range(n)] + [(-1) ** i / w(t)])
            rhs.append(g(t))
        sol = mp.lu_solve(mp.matrix(rows), mp.matrix(rhs))
        coeffs = [sol[j] for j in range(n)]
        level = abs(sol[n])

        def err(t):
            return w(t) * (g(t) - sum(c * t ** (first + j) for j, c in enumerate(coeffs)))

        grid = [a + (b - a) * k / samples for k in range(samples + 1)]
        values = [err(t) for t in grid]
        # A sample where the error is exactly 0 (w(t) = 0) belongs to the run it sits in.
        signs = [mp.sign(v) for v in values]
        for k in range(1, len(signs)):
            if signs[k] == 0:
                signs[k] = signs[k - 1]
        # One extremum per run of equal sign, refined by golden-section search on |err|.
        extrema, start = [], 0
        for k in range(1, len(grid) + 1):
            if k == len(grid) or signs[k] != signs[start]:
                best = max(range(start, k), key=lambda m: abs(values[m]))
                lo = grid[max(best - 1, 0)]
                hi = grid[min(best + 1, samples)]
                for _ in range(60):
                    m1, m2 = lo + (hi - lo) * 0.382, lo + (hi - lo) * 0.618
                    if abs(err(m1)) > abs(err(m2)):
                        hi = m2
                    else:
                        lo = m1
                extrema.append((lo + hi) / 2)
                start = k
        if len(extrema) < n + 1:
            break
        # Keep n + 1 alternating extrema containing the largest one.
        while len(extrema) > n + 1:
            if abs(err(extrema[0])) < abs(err(extrema[-1])):
                extrema.pop(0)
            else:
                extrema.pop()
        worst = max(abs(err(t)) for t in extrema)
        refs = extrema
        if worst - level < level * mp.mpf('1e-6'):
            break
    return coeffs, level


def measure(g, w, a, b, first, coeffs, samples=20000):
    a, b = mp.mpf(a), mp.mpf(b)
    worst = mp.mpf(0)
    for k in range(samples + 1):
        t = a + (b - a) * k / samples
        e = abs(w(t) * (g(t) - sum(c * t ** (first + j) for j, c in enumerate(coeffs))))
        worst = max(worst, e)
    return worst


def rounded(c, double):
    if double:
        return mp.mpf(float(c))
    import struct
    return mp.mpf(struct.unpack('f', struct.pack('f', float(c)))[0])


def remez_rounded(g, w, a, b, first, n, double):
    """Coefficients rounded one at a time, lowest degree first: after rounding c_k, the higher coefficients are
    refitted to absorb its rounding error (the idea behind Brisebarre and Chevillard's fpminimax, in its simplest
    greedy form). Plain rounding of all coefficients at once can cost more than the fit itself when the
    coefficients are large beside the function (tanhshrink-double: 1.1 ULP instead of 0.5; tanh-exp-single: 0.49
    instead of 0.05)."""
    fixed = []
    for k in range(n):
        def residual(t, fixed=tuple(fixed)):
            return g(t) - sum(c * t ** (first + j) for j, c in enumerate(fixed))
        coeffs, _ = remez(residual, w, a, b, first + k, n - k)
        fixed.append(rounded(coeffs[0], double))
    return fixed


LN2 = mp.log(2)
SQRT2 = mp.sqrt(2)
S_MAX = (SQRT2 - 1) / (SQRT2 + 1)


def exp_fit(degree_total):
    # e^r = 1 + r + r^2 * P(r) on [-ln2/2, ln2/2]; minimize the relative error of e^r.
    g = lambda r: (mp.exp(r) - 1 - r) / r ** 2 if r != 0 else mp.mpf(0.5)
    w = lambda r: r ** 2 / mp.exp(r)
    return g, w, -LN2 / 2, LN2 / 2, 0, degree_total - 1


def exp_table_fit(degree_total):
    # e^r = 1 + r + r^2 * P(r) on [-ln2/32, ln2/32]: the reduced range left by a 16-entry table of 2^(j/16)
    # (VectorMath.ExpMinusAbsTabulated).
    g, w, _, _, first, n = exp_fit(degree_total)
    return g, w, -LN2 / 32, LN2 / 32, first, n


def sixteenth_powers():
    """2^(j/16), j = 0..15, each as a float pair (high + low) and a double pair: the table beside exp-table-single."""
    lines = []
    for double in (False, True):
        pairs = []
        for j in range(16):
            v = mp.power(2, mp.mpf(j) / 16)
            hi = rounded(v, double)
            lo = rounded(v - hi, double)
            pairs.append((hi, lo))
        literal = (lambda x: repr(float(x))) if double else (lambda x: f'{float(x)!r}f')
        kind = 'double' if double else 'float'
        lines.append(f'{kind} high: ' + ', '.join(literal(h) for h, _ in pairs))
        lines.append(f'{kind} low: ' + ', '.join(literal(l) for _, l in pairs))
    return '\n  '.join(lines)


def log_fit(terms):
    # log(1 + f) = f - (f^2/2 - s (f^2/2 + R(s^2))), s = f / (2 + f): R(z) = 2 (atanh(sqrt z) / sqrt z - 1) = 2z/3 + ...
    # on z in [0, s_max^2]; minimize the error of s*R relative to log(1 + f) ~ 2s, i.e. of R relative to 2.
    g = lambda z: 2 * (mp.atanh(mp.sqrt(z)) / mp.sqrt(z) - 1) if z != 0 else mp.mpf(0)
    w = lambda z: mp.mpf(1) / 2
    return g, w, mp.mpf(0), S_MAX ** 2, 1, terms


def log1p_unit_fit(terms):
    # The same R(z) for log1p(e) with e in [0, 1] taken whole (no exponent reduction): s = e/(2 + e) <= 1/3.
    g, w, _, _, first, _ = log_fit(terms)
    return g, w, mp.mpf(0), (mp.mpf(1) / 3) ** 2, first, terms


def tanh_fit(limit, terms):
    # tanh(x) = x + x^3 * P(x^2) for |x| <= limit (beyond it the kernel uses the exponential); fit P(z), z = x^2,
    # minimizing the relative error of tanh: weight z^(3/2) / tanh(sqrt z), which vanishes at z = 0.
    g = lambda z: (mp.tanh(mp.sqrt(z)) - mp.sqrt(z)) / z ** mp.mpf(1.5) if z != 0 else mp.mpf(-1) / 3
    w = lambda z: z * mp.sqrt(z) / mp.tanh(mp.sqrt(z)) if z != 0 else mp.mpf(0)
    return g, w, mp.mpf(0), mp.mpf(limit) ** 2, 0, terms


def exp2_fit(terms):
    # e^(2r) = 1 + r * P(r) for |r| <= ln2/4, the reduced argument of e^(2a) = 2^n * e^(2r), r = a - n*ln2/2 (tanh's
    # exponential, reduced by one multiple of ln2/2 so that 2a is never formed); minimize the relative error of e^(2r).
    g = lambda r: mp.expm1(2 * r) / r if r != 0 else mp.mpf(2)
    w = lambda r: r / mp.exp(2 * r)
    return g, w, -LN2 / 4, LN2 / 4, 0, terms


def tanhshrink_fit(limit, terms):
    # x - tanh(x) = x^3 * Q(x^2) for |x| <= limit, where the difference cancels; minimize the relative error of
    # x - tanh(x), i.e. of Q itself.
    g = lambda z: (mp.sqrt(z) - mp.tanh(mp.sqrt(z))) / z ** mp.mpf(1.5) if z != 0 else mp.mpf(1) / 3
    w = lambda z: 1 / g(z)
    return g, w, mp.mpf(0), mp.mpf(limit) ** 2, 0, terms


def expm1_fit(terms):
    # e^r - 1 = r + r^2/2 + r^3 * P(r) on [-ln2/2, ln2/2] (a hair wider: the reduction's r can overshoot by an
    # ULP); minimize the relative error of e^r - 1, which near 0 is r: w = r^3 / (e^r - 1).
    g = lambda r: (mp.expm1(r) - r - r * r / 2) / r ** 3 if r != 0 else mp.mpf(1) / 6
    w = lambda r: r ** 3 / mp.expm1(r) if r != 0 else mp.mpf(0)
    half = LN2 / 2 * mp.mpf('1.0001')
    return g, w, -half, half, 0, terms


def normal_tail_fit(c, limit, shift, terms):
    # Phi(-a) = exp(-a^2/2) F(a), F(a) = exp(a^2/2) Phi(-a) (Mills' ratio over sqrt(2 pi)) = t G(t) with t = c/(c + a)
    # on a in [0, limit]; fitted as a polynomial in z = t - shift, minimizing the relative error of G (of F).
    c, limit, shift = mp.mpf(c), mp.mpf(limit), mp.mpf(shift)
    F = lambda a: mp.exp(a * a / 2) * mp.erfc(a / mp.sqrt(2)) / 2
    g = lambda z: F(c * (1 / (z + shift) - 1)) / (z + shift)
    w = lambda z: 1 / g(z)
    return g, w, c / (c + limit) - shift, 1 - shift, 0, terms


def normal_tail_difference_fit(c, limit, terms, shift=0):
    # GELU's derivative below 0 is e^(-a^2/2) H(a) with H(a) = F(a) - a/sqrt(2 pi) (F as above), which changes sign at
    # a0 = 0.7518 (the derivative's zero), where H formed from F cancels. Fitted instead: M(t) = H(a)/(a0 - a) with
    # t = c/(c + a), smooth and positive on (0, 1] (it is (t0/c) (t H)/(t - t0), t0 = c/(c + a0)), minimizing the
    # relative error of M, so that H = (a0 - a) M(t) keeps its relative accuracy through the root.
    c, limit, shift = mp.mpf(c), mp.mpf(limit), mp.mpf(shift)
    H, a0 = normal_tail_difference(), normal_tail_root()

    def g(z):
        a = c / (z + shift) - c
        return H(a) / (a0 - a) if abs(a - a0) > mp.mpf('1e-40') else -mp.diff(H, a0)
    return g, lambda z: 1 / g(z), c / (c + limit) - shift, 1 - shift, 0, terms


def normal_tail_difference():
    F = lambda a: mp.exp(a * a / 2) * mp.erfc(a / mp.sqrt(2)) / 2
    return lambda a: F(a) - a / mp.sqrt(2 * mp.pi)


def normal_tail_root():
    """a0, the root of normal_tail_difference (minus GELU's derivative's zero)."""
    return mp.findroot(normal_tail_difference(), mp.mpf('0.75'))


def float_split(v):
    hi = rounded(v, False)
    return f'{mp.nstr(v, 20)} = {float(hi)!r}f + {float(rounded(v - hi, False))!r}f'


def greedy_rounded(g, w, a, b, first, n, double, samples):
    """Rounds c_first, refits the remaining coefficients with it fixed, rounds the next, and so on: each rounding error
    is absorbed by the coefficients after it, where rounding all of a fit at once can cost far more than its level."""
    fixed = []
    for m in range(n):
        gm = lambda t, fixed=tuple(fixed): g(t) - sum(c * t ** (first + j) for j, c in enumerate(fixed))
        coeffs, level = remez(gm, w, a, b, first + m, n - m, samples=samples)
        fixed.append(rounded(coeffs[0], double))
    return fixed, level


def greedy_rounded_from_top(g, w, a, b, first, n, double, samples, keep=0):
    """As greedy_rounded, from the highest power down: for a variable whose interval holds 0 (a centred fit), where
    a rounded constant term left fixed is an error at z = 0 that no higher power can absorb. The lowest `keep`
    coefficients are refitted last and left unrounded (the kernel carries them as high + low parts)."""
    fixed = []
    for m in range(n - keep):
        top = first + n - len(fixed)
        gm = lambda t, fixed=tuple(fixed), top=top: g(t) - sum(c * t ** (top + j) for j, c in enumerate(fixed))
        coeffs, level = remez(gm, w, a, b, first, n - m, samples=samples)
        fixed.insert(0, rounded(coeffs[-1], double))
    if keep:
        top = first + keep
        gm = lambda t, fixed=tuple(fixed), top=top: g(t) - sum(c * t ** (top + j) for j, c in enumerate(fixed))
        coeffs, level = remez(gm, w, a, b, first, keep, samples=samples)
        fixed = list(coeffs) + fixed
    return fixed, level


def least_squares(g, w, a, b, powers, nodes):
    """The coefficients of sum_k c_k t^k over `powers` minimizing sum (w (g - p))^2 at `nodes` Chebyshev points of
    [a, b]: a near-minimax fit for short intervals where g is smooth, and unlike remez() free to skip powers."""
    A, rhs = mp.matrix(nodes, len(powers)), mp.matrix(nodes, 1)
    for i in range(nodes):
        t = (a + b) / 2 + (b - a) / 2 * mp.cos(mp.pi * (2 * i + 1) / (2 * nodes))
        for j, k in enumerate(powers):
            A[i, j] = w(t) * t ** k
        rhs[i] = w(t) * g(t)
    solution = mp.qr_solve(A, rhs)[0]
    return {k: solution[j] for j, k in enumerate(powers)}


def normal_tail_table_single(function, prefix, pair, degree=6):
    """A function of a on 32 intervals, for GELU's tabulated float kernels (NormalTailTable): a quarter of a binade
    each over [1/16, 16) (the index is a's exponent and two leading mantissa bits; the interval under 1/16 extended
    down to 0), as polynomials in z = a - m, m the midpoint of the quarter binade (a's bits up to the index, then 1,
    then 0s: the kernel forms m without a table). Relative-error least squares, rounded one coefficient at a time
    from c1 up with the rest refitted (c1's rounding, linear in z, would otherwise land on c0 alone), c0 last (the
    midrange of what remains), as a float pair if `pair`. Prints the C# tables (NormalTailTable's ITableValues):
    entry j of each holds the interval whose index is j mod 32."""
    rows, worst = {}, 0
    for index in range(492, 524):
        e, m = index >> 2, index & 3
        lo = mp.mpf(2) ** (e - 127) * (1 + mp.mpf(m) / 4)
        hi = lo + mp.mpf(2) ** (e - 127) / 4
        mid = (lo + hi) / 2
        if index == 492:
            lo = mp.mpf(0)
        g = lambda z, mid=mid: function(mid + z)
        w = lambda z: 1 / g(z)
        fixed = {}
        for k in range(1, degree + 1):
            rest = lambda z, fixed=dict(fixed): g(z) - sum(c * z ** j for j, c in fixed.items())
            powers = [j for j in range(degree + 1) if j not in fixed]
            fixed[k] = rounded(least_squares(rest, w, lo - mid, hi - mid, powers, 4 * len(powers) + 8)[k], False)
        zs = [lo - mid + (hi - lo) * i / 400 for i in range(401)]
        left = [g(z) - sum(c * z ** j for j, c in fixed.items()) for z in zs]
        c0 = (max(left) + min(left)) / 2
        high = rounded(c0, False)
        low = rounded(c0 - high, False) if pair else mp.mpf(0)
        coeffs = [high, low] + [fixed[k] for k in range(1, degree + 1)]
        err = measure(g, w, lo - mid, hi - mid, 0, [coeffs[0] + coeffs[1]] + coeffs[2:], samples=4000)
        worst = max(worst, err)
        rows[index % 32] = coeffs if pair else [high] + coeffs[2:]
    print(f'{prefix}: 32 intervals, degree {degree}, worst relative error with rounded coefficients {mp.nstr(worst, 4)}')
    names = ([f'{prefix}0High', f'{prefix}0Low'] if pair else [f'{prefix}0']) + [f'{prefix}{k}' for k in range(1, degree + 1)]
    for k, name in enumerate(names):
        values = ', '.join(f'{float(rows[j][k]):.9g}f' for j in range(32))
        print(f'    public readonly struct {name} : ITableValues {{ public static ReadOnlySpan<float> Values => [{values}]; }}')


def gaussian_tail_ratio(a):
    """F(a) = exp(a^2/2) Phi(-a), Mills' ratio over sqrt(2 pi)."""
    return mp.exp(a * a / 2) * mp.erfc(a / mp.sqrt(2)) / 2


def gaussian_tail_difference_ratio():
    """M(a) = H(a)/(a0 - a), H = F - a/sqrt(2 pi) (normal_tail_difference), with its limit -H'(a0) at the root."""
    H, a0 = normal_tail_difference(), normal_tail_root()
    slope = -mp.diff(H, a0)
    return lambda a: H(a) / (a0 - a) if abs(a - a0) > mp.mpf('1e-40') else slope


FITS = {
    'exp-single': (lambda: exp_fit(6), False),
    'exp-double': (lambda: exp_fit(11), True),
    'exp-table-single': (lambda: exp_table_fit(3), False, {'note': sixteenth_powers}),
    'log-single': (lambda: log_fit(3), False),
    'log-double': (lambda: log_fit(7), True),
    'log1p-unit-single': (lambda: log1p_unit_fit(4), False),
    'log1p-unit-double': (lambda: log1p_unit_fit(10), True),
    'tanh-single': (lambda: tanh_fit(mp.mpf('0.55'), 4), False),
    # tanh of the float forward's reduced argument, 0 <= r < ln2/2 (VectorMath.TanhSingle).
    'tanh-small-single': (lambda: tanh_fit(mp.mpf('0.35'), 3), False),
    'tanh-exp-single': (lambda: exp2_fit(6), False),
    'tanh-double': (lambda: tanh_fit(mp.mpf('0.55'), 11), True),
    # Evaluated in double precision for float results (coefficients kept as doubles).
    'tanhshrink-single': (lambda: tanhshrink_fit(mp.mpf('1.25'), 10), True),
    'tanhshrink-double': (lambda: tanhshrink_fit(mp.mpf(1), 16), True),
    'expm1-single': (lambda: expm1_fit(5), False),
    'expm1-double': (lambda: expm1_fit(10), True),
    # G in z = t - 7/16, t = 4/(4 + a), a <= 14.5 (past it float results underflow), rounded one coefficient at a time
    # from the top with the rest refitted, c0 and c1 kept as float pairs (high + low: rounding c1 alone cost 2e-8, which
    # only c0 could absorb) (3 minutes). z = t - 7/16 is exact for every t in [4/18.5, 1]: 7/16 and t share t's ULP
    # grid and z needs no finer one. |z| <= 0.5625, where t's own powers summed terms of similar size near t = 1.
    'normal-tail-single': (lambda: normal_tail_fit(4, 14.5, mp.mpf(7) / 16, 12), False,
                           {'greedy': 'from top', 'keep': 2, 'samples': 800}),
    # G in z = t - 5/9, t = 5/(5 + a), a <= 40: the shift centres z, which keeps the 24-term polynomial well conditioned.
    'normal-tail-double': (lambda: normal_tail_fit(5, 40, mp.mpf(5) / 9, 24), True, {'samples': 1500}),
    # M in z = t - 5/9, t = 5/(5 + a), a <= 40: GELU's double derivative, whose F - a/sqrt(2 pi) cancelled 2.4-fold at
    # the edge of the zero zone (5.6 ULP on 10^8 random doubles).
    'normal-tail-difference-double': (lambda: normal_tail_difference_fit(5, 40, 22, mp.mpf(5) / 9), True, {'samples': 1500}),
    # M(t) with H(a) = (a0 - a) M(t), t = 4/(4 + a), a <= 14.5: GELU's float derivative (GeluDerivativeOperator).
    'normal-tail-difference-single': (lambda: normal_tail_difference_fit(4, 14.5, 10), False,
                                      {'greedy': True, 'samples': 800, 'note': lambda: 'a0 = ' + float_split(normal_tail_root())}),
}

# Fits whose coefficients are rounded one at a time (see remez_rounded).
SEQUENTIAL = {'tanh-single', 'tanh-small-single', 'tanh-exp-single', 'tanhshrink-double'}

# Fits that print whole tables rather than one polynomial.
TABLES = {
    # F = exp(a^2/2) Phi(-a) on 32 intervals, degree 6, c0 as a float pair (VectorMath.TimesNormalTailTabulated).
    'normal-tail-table-single': lambda: normal_tail_table_single(gaussian_tail_ratio, 'F', True),
    # M = H/(a0 - a), H = F - a/sqrt(2 pi), on the same intervals (VectorMath.ScaledNormalTailDifferenceTabulated).
    'normal-tail-difference-table-single':
        lambda: normal_tail_table_single(gaussian_tail_difference_ratio(), 'M', True),
}


def main(names):
    for name in names or [*FITS, *TABLES]:
        if name in TABLES:
            TABLES[name]()
            continue
        make, double, *options = FITS[name]
        options = options[0] if options else {}
        samples = options.get('samples', 4000)
        g, w, a, b, first, n = make()
        coeffs, level = remez(g, w, a, b, first, n, samples=samples)
        keep = options.get('keep', 0)
        if options.get('greedy') == 'from top':
            final, level = greedy_rounded_from_top(g, w, a, b, first, n, double, samples, keep)
        elif options.get('greedy'):
            final, level = greedy_rounded(g, w, a, b, first, n, double, samples)
        elif name in SEQUENTIAL:
            final = remez_rounded(g, w, a, b, first, n, double)
        else:
            final = [rounded(c, double) for c in coeffs]
        pairs = [(rounded(c, double), rounded(c - rounded(c, double), double)) for c in final[:keep]]
        err = measure(g, w, a, b, first, [h + l for h, l in pairs] + final[keep:], samples=max(20000, 4 * samples))
        print(f'{name}: t^{first}..t^{first + n - 1} on [{mp.nstr(a, 8)}, {mp.nstr(b, 8)}], '
              f'minimax level {mp.nstr(level, 4)}, with rounded coefficients {mp.nstr(err, 4)}')
        for j, (h, l) in enumerate(pairs):
            print(f'  c{first + j} = {float(h):.9g}f + {float(l):.9g}f  ({float(h).hex()} + {float(l).hex()})')
        for j, c in enumerate(final[keep:], keep):
            literal = repr(float(c)) if double else f'{float(c):.9g}f'
            print(f'  c{first + j} = {literal}  ({float(c).hex()})')
        if 'note' in options:
            print('  ' + options['note']())


if __name__ == '__main__':
    main(sys.argv[1:])
