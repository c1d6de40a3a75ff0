#!/usr/bin/env python3
"""High-precision reference tables for the activation tests (mpmath, 60 significant digits).

Usage:
    python3 tools/reference/generate.py                 # regenerate every table
    python3 tools/reference/generate.py sigmoid silu    # only the tables of these activations
    python3 tools/reference/generate.py --list          # list the activations and their tables

Output: tests/SimdActivations.Tests/ReferenceTables/<name>.csv for default parameters, else
<name>_<key>=<value>_..._<key>=<value>.csv with every parameter in declared order (values as repr(float(v)), or
the text itself for a choice such as gelu's approximate=tanh).
Each file starts with `# ` comment lines (function, parameters, generator, precision, columns), then the
header row `x,f,df[,df_d<param>...]` and one row per float32 input, sorted by x (-0.0 before 0.0, NaN last):
  x   the float32 input written as the shortest double literal (repr) that parses back to it exactly,
      or nan / inf / -inf / -0.0 / 0.0;
  f, df, df_d<param>  the exact mathematical value rounded to 25 significant digits (NOT rounded to float:
      the tests round it themselves), or nan / inf / -inf, or 0.0 / -0.0 where the value is exactly zero
      (or a limit that is zero) carrying the sign the float function has there. Where 25 digits would round
      to a different float32 or float64 than the exact value (the value lies within 1e-25 of a rounding
      midpoint, or on one), more digits are printed, up to the exact binary value: parse the text straight
      to the target type (float.Parse / double.Parse are correctly rounded), not to float via double.

Inputs per table: a 1/64 grid over [-20, 20]; 1500 uniform random points in [-110, 110] and 500 random
finite float32 bit patterns (|x| < 1e38, uniform over the exponent), seed 20261126; +-2^k and +-1.5*2^k for
k = -149..127; the saturation edges of f and df (where the float32-rounded result changes between zero,
subnormal, +-1, equal to x, other; found by bisection over float32 values) and the kinks, each with its 8
float32 neighbours on either side; and the special values.

To add an activation, add one Activation(...) entry to ACTIVATIONS. Parameters are the exact double values
(slope = float(1/6), not the real 1/6). A function returns an mpf, or a Python float for an exact zero or a
special value: an mpf that is exactly zero is rejected, so that the sign of every zero is an explicit choice.
After writing, every table is re-read and checked (count, sorted, no duplicates, f against float64 math).
"""
import argparse
import math
import multiprocessing
import pathlib
import random
import struct
import sys
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable

import mpmath
from mpmath import mpf

DPS = 60
DIGITS = 25
mpmath.mp.dps = DPS

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
OUT_DIR = ROOT / 'tests' / 'SimdActivations.Tests' / 'ReferenceTables'

GRID_STEP_INVERSE = 64      # grid step 1/64 over [-20, 20]
GRID_LIMIT = 20
SEED = 20261126
NEIGHBOURS = 8

INF = math.inf
NAN = math.nan
F32_MAX = struct.unpack('<f', struct.pack('<I', 0x7F7FFFFF))[0]
F32_MIN_NORMAL = 2.0 ** -126
F32_MIN_SUBNORMAL = 2.0 ** -149


# ----------------------------------------------------------------------------------------------------------
# float32 helpers

def f32(x: float) -> float:
    """Rounds a double to the nearest float32 (ties to even), overflowing to +-inf."""
    try:
        return struct.unpack('<f', struct.pack('<f', x))[0]
    except OverflowError:
        return math.copysign(INF, x)


def bits32(x: float) -> int:
    return struct.unpack('<I', struct.pack('<f', x))[0]


def from_bits32(b: int) -> float:
    return struct.unpack('<f', struct.pack('<I', b))[0]


def key32(x: float) -> int:
    """Total order of float32 values as integers: consecutive floats have consecutive keys, -0.0 = -1, 0.0 = 0."""
    b = bits32(x)
    return -(b & 0x7FFFFFFF) - 1 if b & 0x80000000 else b


def from_key32(k: int) -> float:
    return from_bits32(k if k >= 0 else (-(k + 1)) | 0x80000000)


def is_finite_key(k: int) -> bool:
    return -0x7F800000 - 1 < k < 0x7F800000


def neighbourhood(x: float, n: int = NEIGHBOURS) -> list[float]:
    """x and its n float32 neighbours on either side (finite values only)."""
    k = key32(x)
    return [from_key32(j) for j in range(k - n, k + n + 1) if is_finite_key(j)]


def round32_exact(v) -> float:
    """Correctly rounds an exact value (mpf / Fraction / float) to float32, subnormals included.

    Used only for classifying results (zero / subnormal / 1 / x), so the sign of a zero result is irrelevant."""
    if isinstance(v, float):
        return f32(v) if not math.isnan(v) else v
    v = mpf(v) if not isinstance(v, mpf) else v
    if mpmath.isnan(v):
        return NAN
    if mpmath.isinf(v):
        return INF if v > 0 else -INF
    if v == 0:
        return 0.0
    _, e = mpmath.frexp(v)                      # 2^(e-1) <= |v| < 2^e
    q = max(e - 24, -149)                       # float32 quantum of this binade
    n = mpmath.nint(mpmath.ldexp(v, -q))        # ties to even
    r = mpmath.ldexp(n, q)
    if abs(r) >= mpmath.ldexp(1, 128):
        return INF if r > 0 else -INF
    return float(r)


# ----------------------------------------------------------------------------------------------------------
# Activation table

Value = object  # what an entry function returns: mpf, or a float for exact zeros and special values


@dataclass
class Activation:
    name: str
    params: list[tuple[str, float]]                     # declared order, defaults (exact doubles)
    f: Callable                                         # f(x: mpf, xf: float, p: dict[str, float]) -> Value
    df: Callable                                        # d f / d x
    f_inf: Callable                                     # f_inf(xf = +-inf, p) -> tuple (f, df, *param grads)
    f64: Callable                                       # float64 reference of f for the self-check
    grads: dict[str, Callable] = field(default_factory=dict)   # learnable param -> d f / d param
    kinks: Callable = lambda p: []                      # kinks(p) -> list of exact positions (Fraction/float)
    tables: list[dict[str, float]] = field(default_factory=lambda: [{}])   # parameter overrides per table


def sig(t: mpf) -> mpf:
    return 1 / (1 + mpmath.exp(-t))


# --- sigmoid
def sigmoid_f(x, xf, p):
    return sig(x)


def sigmoid_df(x, xf, p):
    return sig(x) * sig(-x)


# --- hardsigmoid: min(max(slope*x + offset, 0), 1), decided exactly with rationals.
# The library evaluates the line as (x - corner) / width with width = 1/slope and corner = -offset*width, both
# rounded to double once: for the defaults (slope = double(1/6), offset = 0.5) that is exactly (x + 3)/6, the
# PyTorch function, whose corners sit exactly at -3 and 3; the table describes that function.
def hardsigmoid_geometry(p):
    width = 1.0 / p['slope']
    corner = -(p['offset'] * width)
    return Fraction(width), Fraction(corner)


def hardsigmoid_lin(xf, p) -> Fraction:
    width, corner = hardsigmoid_geometry(p)
    return (Fraction(xf) - corner) / width


def frac_to_mpf(t: Fraction) -> mpf:
    return mpf(t.numerator) / t.denominator


def hardsigmoid_f(x, xf, p):
    t = hardsigmoid_lin(xf, p)
    if t <= 0:
        return 0.0                              # zero results are +0.0
    if t >= 1:
        return mpf(1)
    return frac_to_mpf(t)


def hardsigmoid_df(x, xf, p):
    t = hardsigmoid_lin(xf, p)
    return mpf(p['slope']) if 0 < t < 1 else 0.0    # corners (t == 0 or t == 1): 0


def hardsigmoid_kinks(p):
    width, corner = hardsigmoid_geometry(p)
    return [corner, corner + width]


# --- logsigmoid: -log(1 + exp(-x)), negative everywhere
def logsigmoid_f(x, xf, p):
    return min(x, 0) - mpmath.log1p(mpmath.exp(-abs(x)))


def logsigmoid_df(x, xf, p):
    return 1 / (1 + mpmath.exp(x))


# --- silu: x * sigmoid(beta * x)
def silu_f(x, xf, p):
    if x == 0:
        return math.copysign(0.0, xf)           # x * 0.5 keeps the sign of x
    return x * sig(mpf(p['beta']) * x)


def silu_df(x, xf, p):
    bx = mpf(p['beta']) * x
    return sig(bx) * (1 + bx * sig(-bx))


def silu_dbeta(x, xf, p):
    if x == 0:
        return 0.0                              # x^2 * ... >= 0
    bx = mpf(p['beta']) * x
    return x * x * sig(bx) * sig(-bx)


def silu_f64(x, p):
    return x / (1 + math.exp(-p['beta'] * x))


# --- hardswish: x * min(max(x + 3, 0), 6) / 6
def hardswish_f(x, xf, p):
    if x <= -3:
        return -0.0                             # x * 0 with x negative
    if x == 0:
        return math.copysign(0.0, xf)
    if x >= 3:
        return x
    return x * (x + 3) / 6


def hardswish_df(x, xf, p):
    if x <= -3:
        return 0.0                              # at -3: one-sided limit of the left piece
    if x >= 3:
        return mpf(1)                           # at 3: one-sided limit of the right piece
    if 2 * x + 3 == 0:
        return 0.0                              # (2x + 3)/6 at x = -1.5: +0.0 as (-3 + 3) gives
    return (2 * x + 3) / 6


# --- tanh: odd, tanh(+-0) = +-0
def tanh_f(x, xf, p):
    if x == 0:
        return math.copysign(0.0, xf)
    return mpmath.tanh(x)


def tanh_df(x, xf, p):
    return 1 / mpmath.cosh(x) ** 2


# --- hardtanh: min(max(x, min_val), max_val), exact
def hardtanh_f(x, xf, p):
    v = min(max(x, mpf(p['min_val'])), mpf(p['max_val']))
    if v == 0:
        return math.copysign(0.0, xf) if x == 0 else 0.0     # x itself keeps its sign; a bound of 0 is +0
    return v


def hardtanh_df(x, xf, p):
    return mpf(1) if p['min_val'] < x < p['max_val'] else 0.0  # 0 at both bounds (PyTorch)


# --- tanhshrink: x - tanh(x), which cancels for small |x|: the working precision grows with -log10|x| so that
# 60 significant digits survive the cancellation (x - tanh x ~ x^3/3).
def tanhshrink_f(x, xf, p):
    if x == 0:
        return math.copysign(0.0, xf)                   # odd: -0 -> -0
    extra = max(0, int(-2 * mpmath.log10(abs(x)))) + 10
    with mpmath.workdps(DPS + extra):
        return +(x - mpmath.tanh(x))


def tanhshrink_df(x, xf, p):
    if x == 0:
        return 0.0
    return mpmath.tanh(x) ** 2


# --- softsign: x / (1 + |x|)
def softsign_f(x, xf, p):
    if x == 0:
        return math.copysign(0.0, xf)
    return x / (1 + abs(x))


def softsign_df(x, xf, p):
    return 1 / (1 + abs(x)) ** 2


# --- softshrink / hardshrink, exact (x and lambd are binary, so x -+ lambd is exact at 60 digits)
def softshrink_f(x, xf, p):
    lam = mpf(p['lambd'])
    if x > lam:
        return x - lam
    if x < -lam:
        return x + lam
    return 0.0


def shrink_df(x, xf, p):
    return mpf(1) if abs(x) > p['lambd'] else 0.0


def hardshrink_f(x, xf, p):
    return x if abs(x) > p['lambd'] else 0.0


def softshrink_f64(x, p):
    lam = p['lambd']
    return x - lam if x > lam else x + lam if x < -lam else 0.0


# --- the ReLU family. Piecewise-linear pieces are decided exactly (mpf compares exactly with the float inputs).
def signed_zero(xf: float, factor: float = 1.0) -> float:
    """factor * (+-0) with IEEE sign rules: the zero a float product of x = +-0 and factor gives."""
    return math.copysign(0.0, xf) if factor > 0 else math.copysign(0.0, -xf)


def relu_f(x, xf, p):
    return x if x > 0 else 0.0                  # max(x, 0): relu(-0) = +0


def relu_df(x, xf, p):
    return mpf(1) if x > 0 else 0.0             # 0 at the kink


def relu6_f(x, xf, p):
    if x <= 0:
        return 0.0
    return mpf(6) if x >= 6 else x


def relu6_df(x, xf, p):
    return mpf(1) if 0 < x < 6 else 0.0         # 0 at both kinks


def leaky(slope):
    """x > 0 ? x : slope * x (PyTorch's leaky_relu, prelu, rrelu in evaluation mode)."""
    def f(x, xf, p):
        s = slope(p)
        if x > 0:
            return x
        return signed_zero(xf, s) if x == 0 or s == 0 else mpf(s) * x

    def df(x, xf, p):
        s = slope(p)
        if x > 0:
            return mpf(1)
        return mpf(s) if s != 0 else 0.0        # the slope at the kink

    def f_inf(xf, p):
        s = slope(p)
        if xf > 0:
            return (INF, 1.0)
        return (-INF if s > 0 else INF if s < 0 else 0.0, mpf(s) if s != 0 else 0.0)

    def f64(x, p):
        return x if x > 0 else slope(p) * x

    return f, df, f_inf, f64


LEAKY = leaky(lambda p: p['negative_slope'])
PRELU = leaky(lambda p: p['init'])
RRELU = leaky(lambda p: (p['lower'] + p['upper']) / 2)   # evaluation mode: the mean slope, as a double


def prelu_dinit(x, xf, p):
    if x > 0:
        return 0.0
    return signed_zero(xf) if x == 0 else x     # d/d alpha of alpha * x


def threshold_f(x, xf, p):
    if x > p['threshold']:
        return signed_zero(xf) if x == 0 else x
    return mpf(p['value']) if p['value'] != 0 else math.copysign(0.0, p['value'])


def threshold_df(x, xf, p):
    return mpf(1) if x > p['threshold'] else 0.0    # 0 at and below the threshold


def elu_f(x, xf, p):
    if x > 0:
        return x
    a = p['alpha']
    return signed_zero(xf, a) if x == 0 or a == 0 else mpf(a) * mpmath.expm1(x)


def elu_df(x, xf, p):
    a = p['alpha']
    if x > 0:
        return mpf(1)
    return mpf(a) * mpmath.exp(x) if a != 0 else 0.0    # alpha at 0


def celu_f(x, xf, p):
    if x > 0:
        return x
    a = mpf(p['alpha'])
    return signed_zero(xf) if x == 0 else a * mpmath.expm1(x / a)


def celu_df(x, xf, p):
    return mpf(1) if x > 0 else mpmath.exp(x / mpf(p['alpha']))


SELU_ALPHA = mpf('1.6732632423543772848170429916717')    # PyTorch's constants, to the digits it gives
SELU_SCALE = mpf('1.0507009873554804934193349852946')


def selu_f(x, xf, p):
    if x > 0:
        return SELU_SCALE * x
    return signed_zero(xf) if x == 0 else SELU_SCALE * SELU_ALPHA * mpmath.expm1(x)


def selu_df(x, xf, p):
    return SELU_SCALE if x > 0 else SELU_SCALE * SELU_ALPHA * mpmath.exp(x)


SQRT2 = mpmath.sqrt(2)
GELU_TANH_C = 2 * mpmath.sqrt(2 / mpmath.pi)           # t = 2u = C * (x + 0.044715 x^3)
GELU_TANH_K = mpf('0.044715')


def gelu_t(x):
    return GELU_TANH_C * (x + GELU_TANH_K * x ** 3)


def gelu_f(x, xf, p):
    if x == 0:
        return signed_zero(xf)                  # x * Phi(0) = x / 2
    if p['approximate'] == 'tanh':
        return x * sig(gelu_t(x))
    # e^(−x²/2) needs x²/2 to more integer digits than the working precision has for huge |x| (x² ~ 1e77 at the
    # float limit): widen the precision by twice the digits of x, or the exponent itself comes out wrong.
    with mpmath.workdps(DPS + 2 * max(0, int(mpmath.log10(abs(x)))) + 10):
        return +(x * mpmath.ncdf(x))


def gelu_df(x, xf, p):
    if p['approximate'] == 'tanh':
        t = gelu_t(x)
        return sig(t) + x * sig(t) * sig(-t) * GELU_TANH_C * (1 + 3 * GELU_TANH_K * x * x)
    with mpmath.workdps(DPS + 2 * max(0, int(mpmath.log10(abs(x)))) + 10 if x != 0 else DPS):
        return +(mpmath.ncdf(x) + x * mpmath.npdf(x))


def gelu_f64(x, p):
    if p['approximate'] == 'tanh':
        u = math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)
        return x / (1 + math.exp(-2 * u))      # 0.5 x (1 + tanh u) without its cancellation
    return 0.5 * x * math.erfc(-x / math.sqrt(2))


def softplus_f(x, xf, p):
    b = mpf(p['beta'])
    if b * x > p['threshold']:
        return x                                # PyTorch's linear region, decided on the exact beta * x
    t = b * x
    return (max(t, 0) + mpmath.log1p(mpmath.exp(-abs(t)))) / b


def softplus_df(x, xf, p):
    b = mpf(p['beta'])
    return mpf(1) if b * x > p['threshold'] else sig(b * x)


def softplus_f64(x, p):
    t = p['beta'] * x
    return x if t > p['threshold'] else (max(t, 0.0) + math.log1p(math.exp(-abs(t)))) / p['beta']


def mish_tanh_softplus(x):
    return mpmath.tanh(mpmath.log1p(mpmath.exp(x)))


def mish_f(x, xf, p):
    if x == 0:
        return signed_zero(xf)                  # x * tanh(log 2)
    return x * mish_tanh_softplus(x)


def mish_df(x, xf, p):
    th = mish_tanh_softplus(x)
    return th + x * (1 - th * th) * sig(x)


ACTIVATIONS: list[Activation] = [
    Activation(
        name='sigmoid', params=[],
        f=sigmoid_f, df=sigmoid_df,
        f_inf=lambda xf, p: (1.0, 0.0) if xf > 0 else (0.0, 0.0),
        f64=lambda x, p: 1 / (1 + math.exp(-x)),
    ),
    Activation(
        name='hardsigmoid', params=[('slope', 1 / 6), ('offset', 0.5)],
        f=hardsigmoid_f, df=hardsigmoid_df,
        f_inf=lambda xf, p: (1.0, 0.0) if xf > 0 else (0.0, 0.0),
        f64=lambda x, p: min(max((x + p['offset'] / p['slope']) * p['slope'], 0.0), 1.0),
        kinks=hardsigmoid_kinks,
        tables=[{}, {'slope': 0.2, 'offset': 0.5}],
    ),
    Activation(
        name='logsigmoid', params=[],
        f=logsigmoid_f, df=logsigmoid_df,
        f_inf=lambda xf, p: (-0.0, 0.0) if xf > 0 else (-INF, 1.0),
        f64=lambda x, p: min(x, 0.0) - math.log1p(math.exp(-abs(x))),
    ),
    Activation(
        name='silu', params=[('beta', 1.0)],
        f=silu_f, df=silu_df, grads={'beta': silu_dbeta},
        f_inf=lambda xf, p: (INF, 1.0, 0.0) if xf > 0 else (-0.0, -0.0, 0.0),
        f64=silu_f64,
        tables=[{}, {'beta': 0.5}, {'beta': 1.702}, {'beta': 2.0}],
    ),
    Activation(
        name='hardswish', params=[],
        f=hardswish_f, df=hardswish_df,
        f_inf=lambda xf, p: (INF, 1.0) if xf > 0 else (-0.0, 0.0),
        f64=lambda x, p: x * min(max(x + 3.0, 0.0), 6.0) / 6.0,
        kinks=lambda p: [-3, 3, Fraction(-3, 2)],
    ),
    Activation(
        name='tanh', params=[],
        f=tanh_f, df=tanh_df,
        f_inf=lambda xf, p: (1.0, 0.0) if xf > 0 else (-1.0, 0.0),
        f64=lambda x, p: math.tanh(x),
    ),
    Activation(
        name='hardtanh', params=[('min_val', -1.0), ('max_val', 1.0)],
        f=hardtanh_f, df=hardtanh_df,
        f_inf=lambda xf, p: (p['max_val'], 0.0) if xf > 0 else (p['min_val'], 0.0),
        f64=lambda x, p: min(max(x, p['min_val']), p['max_val']),
        kinks=lambda p: [p['min_val'], p['max_val']],
        tables=[{}, {'min_val': -2.0, 'max_val': 3.0}],
    ),
    Activation(
        name='tanhshrink', params=[],
        f=tanhshrink_f, df=tanhshrink_df,
        f_inf=lambda xf, p: (INF, 1.0) if xf > 0 else (-INF, 1.0),
        f64=lambda x, p: x - math.tanh(x),
    ),
    Activation(
        name='softsign', params=[],
        f=softsign_f, df=softsign_df,
        f_inf=lambda xf, p: (1.0, 0.0) if xf > 0 else (-1.0, 0.0),
        f64=lambda x, p: x / (1 + abs(x)),
    ),
    Activation(
        name='softshrink', params=[('lambd', 0.5)],
        f=softshrink_f, df=shrink_df,
        f_inf=lambda xf, p: (INF, 1.0) if xf > 0 else (-INF, 1.0),
        f64=softshrink_f64,
        kinks=lambda p: [-p['lambd'], p['lambd']],
        tables=[{}, {'lambd': 1.0}],
    ),
    Activation(
        name='hardshrink', params=[('lambd', 0.5)],
        f=hardshrink_f, df=shrink_df,
        f_inf=lambda xf, p: (INF, 1.0) if xf > 0 else (-INF, 1.0),
        f64=lambda x, p: x if abs(x) > p['lambd'] else 0.0,
        kinks=lambda p: [-p['lambd'], p['lambd']],
        tables=[{}, {'lambd': 0.25}],
    ),
    Activation(
        name='relu', params=[],
        f=relu_f, df=relu_df,
        f_inf=lambda xf, p: (INF, 1.0) if xf > 0 else (0.0, 0.0),
        f64=lambda x, p: max(x, 0.0),
        kinks=lambda p: [0],
    ),
    Activation(
        name='relu6', params=[],
        f=relu6_f, df=relu6_df,
        f_inf=lambda xf, p: (mpf(6), 0.0) if xf > 0 else (0.0, 0.0),
        f64=lambda x, p: min(max(x, 0.0), 6.0),
        kinks=lambda p: [0, 6],
    ),
    Activation(
        name='leaky_relu', params=[('negative_slope', 0.01)],
        f=LEAKY[0], df=LEAKY[1], f_inf=LEAKY[2], f64=LEAKY[3],
        kinks=lambda p: [0],
        tables=[{}, {'negative_slope': 0.2}],
    ),
    Activation(
        name='prelu', params=[('init', 0.25)],
        f=PRELU[0], df=PRELU[1], grads={'init': prelu_dinit},
        f_inf=lambda xf, p: PRELU[2](xf, p) + ((0.0,) if xf > 0 else (-INF,)),
        f64=PRELU[3],
        kinks=lambda p: [0],
    ),
    Activation(
        name='rrelu', params=[('lower', 1 / 8), ('upper', 1 / 3)],
        f=RRELU[0], df=RRELU[1], f_inf=RRELU[2], f64=RRELU[3],
        kinks=lambda p: [0],
    ),
    Activation(
        name='threshold', params=[('threshold', 0.0), ('value', 0.0)],
        f=threshold_f, df=threshold_df,
        f_inf=lambda xf, p: (INF, 1.0) if xf > 0 else (threshold_f(mpf(-INF), -INF, p), 0.0),
        f64=lambda x, p: x if x > p['threshold'] else p['value'],
        kinks=lambda p: [Fraction(p['threshold'])],
        tables=[{}, {'threshold': 0.5, 'value': -1.0}],
    ),
    Activation(
        name='elu', params=[('alpha', 1.0)],
        f=elu_f, df=elu_df,
        f_inf=lambda xf, p: (INF, 1.0) if xf > 0 else (mpf(-p['alpha']), 0.0),
        f64=lambda x, p: x if x > 0 else p['alpha'] * math.expm1(x),
        kinks=lambda p: [0],
        tables=[{}, {'alpha': 0.3}],
    ),
    Activation(
        name='celu', params=[('alpha', 1.0)],
        f=celu_f, df=celu_df,
        f_inf=lambda xf, p: (INF, 1.0) if xf > 0 else (mpf(-p['alpha']), 0.0),
        f64=lambda x, p: x if x > 0 else p['alpha'] * math.expm1(x / p['alpha']),
        kinks=lambda p: [0],
        tables=[{}, {'alpha': 2.0}],
    ),
    Activation(
        name='selu', params=[],
        f=selu_f, df=selu_df,
        f_inf=lambda xf, p: (INF, SELU_SCALE) if xf > 0 else (-SELU_SCALE * SELU_ALPHA, 0.0),
        f64=lambda x, p: float(SELU_SCALE) * (x if x > 0 else float(SELU_ALPHA) * math.expm1(x)),
        kinks=lambda p: [0],
    ),
    Activation(
        name='gelu', params=[('approximate', 'none')],
        f=gelu_f, df=gelu_df,
        f_inf=lambda xf, p: (INF, 1.0) if xf > 0 else (-0.0, -0.0),
        f64=gelu_f64,
        tables=[{}, {'approximate': 'tanh'}],
    ),
    Activation(
        name='softplus', params=[('beta', 1.0), ('threshold', 20.0)],
        f=softplus_f, df=softplus_df,
        f_inf=lambda xf, p: (INF, 1.0) if xf > 0 else (0.0, 0.0),
        f64=softplus_f64,
        kinks=lambda p: [Fraction(p['threshold']) / Fraction(p['beta'])],
        tables=[{}, {'beta': 2.0, 'threshold': 10.0}],
    ),
    Activation(
        name='mish', params=[],
        f=mish_f, df=mish_df,
        f_inf=lambda xf, p: (INF, 1.0) if xf > 0 else (-0.0, -0.0),
        f64=lambda x, p: x * math.tanh(math.log1p(math.exp(x))),
    ),
]
BY_NAME = {a.name: a for a in ACTIVATIONS}


@dataclass
class Table:
    activation: str
    params: dict[str, float]        # all parameters, declared order
    is_default: bool

    @property
    def file_name(self) -> str:
        if self.is_default:
            return f'{self.activation}.csv'
        return self.activation + ''.join(f'_{k}={param_text(v)}' for k, v in self.params.items()) + '.csv'


def param_value(v):
    """A parameter as the generator uses it: an exact double, or the text of a choice (approximate='tanh')."""
    return v if isinstance(v, str) else float(v)


def param_text(v) -> str:
    return v if isinstance(v, str) else repr(float(v))


def tables_of(a: Activation) -> list[Table]:
    out = []
    for overrides in a.tables:
        unknown = set(overrides) - {k for k, _ in a.params}
        if unknown:
            raise ValueError(f'{a.name}: unknown parameters {unknown}')
        p = {k: param_value(overrides.get(k, d)) for k, d in a.params}
        out.append(Table(a.name, p, is_default=not overrides))
    return out


# ----------------------------------------------------------------------------------------------------------
# Points

def base_points() -> list[float]:
    """The inputs every table shares: grid, random, log-spaced, special values (float32, unordered)."""
    pts: list[float] = []
    n = GRID_LIMIT * GRID_STEP_INVERSE
    pts += [i / GRID_STEP_INVERSE for i in range(-n, n + 1)]
    rng = random.Random(SEED)
    pts += [f32(rng.uniform(-110.0, 110.0)) for _ in range(1500)]
    count = 0
    while count < 500:
        sign = rng.getrandbits(1)
        exponent = rng.randrange(0, 254)        # biased exponent field 0 (subnormal) .. 253
        mantissa = rng.getrandbits(23)
        x = from_bits32((sign << 31) | (exponent << 23) | mantissa)
        if abs(x) < 1e38:
            pts.append(x)
            count += 1
    for k in range(-149, 128):
        for m in (1.0, 1.5):
            v = f32(m * math.ldexp(1.0, k))
            pts += [v, -v]
    for v in (F32_MIN_SUBNORMAL, F32_MIN_NORMAL, F32_MAX, 1.0, INF, 0.0):
        pts += [v, -v]
    pts.append(NAN)
    return pts


def dedup_sorted(points) -> list[float]:
    """float32 values deduplicated by bit pattern (one NaN), sorted by x with -0.0 before 0.0 and NaN last."""
    seen: dict[int, float] = {}
    has_nan = False
    for x in points:
        if math.isnan(x):
            has_nan = True
            continue
        assert f32(x) == x, x
        seen.setdefault(key32(x), x)
    out = [seen[k] for k in sorted(seen)]
    if has_nan:
        out.append(NAN)
    return out


# ----------------------------------------------------------------------------------------------------------
# Evaluation

class Evaluator:
    def __init__(self, a: Activation, p: dict[str, float]):
        self.a, self.p = a, p
        self.grad_names = [k for k, _ in a.params if k in a.grads]
        self.cache: dict[int, tuple] = {}

    def row(self, xf: float) -> tuple:
        if math.isnan(xf):
            return (NAN,) * (2 + len(self.grad_names))
        k = key32(xf)
        r = self.cache.get(k)
        if r is None:
            if math.isinf(xf):
                r = tuple(self.a.f_inf(xf, self.p))
            else:
                x = mpf(xf)
                r = (self.a.f(x, xf, self.p), self.a.df(x, xf, self.p),
                     *(self.a.grads[g](x, xf, self.p) for g in self.grad_names))
            if len(r) != 2 + len(self.grad_names):
                raise ValueError(f'{self.a.name}: wrong number of values at x={xf!r}')
            self.cache[k] = r
        return r


def category(v, xf: float, with_x: bool) -> tuple:
    r = round32_exact(v)
    a = abs(r)
    return (a == 0, 0 < a < F32_MIN_NORMAL, a == 1, with_x and r == xf)


def find_edges(ev: Evaluator, candidates: list[float]) -> list[float]:
    """float32 x where the float32-rounded f (or df) changes category between consecutive candidates."""
    finite = [x for x in candidates if math.isfinite(x)]
    edges = []
    for column, with_x in ((0, True), (1, False)):
        def cat(k):
            xf = from_key32(k)
            return category(ev.row(xf)[column], xf, with_x)
        keys = [key32(x) for x in finite]
        cats = [cat(k) for k in keys]
        for i in range(len(keys) - 1):
            if cats[i] == cats[i + 1]:
                continue
            lo, hi, clo = keys[i], keys[i + 1], cats[i]
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if cat(mid) == clo:
                    lo = mid
                else:
                    hi = mid
            edges.append(from_key32(hi))
    return edges


def fmt_x(x: float) -> str:
    return 'nan' if math.isnan(x) else repr(x)      # repr gives inf, -inf, -0.0, 0.0 and exact literals


def fmt_value(v, where: str) -> str:
    if isinstance(v, int):
        v = mpf(v)
    if isinstance(v, float):
        if math.isnan(v):
            return 'nan'
        if math.isinf(v):
            return 'inf' if v > 0 else '-inf'
        if v == 0:
            return '-0.0' if math.copysign(1.0, v) < 0 else '0.0'
        v = mpf(v)
    if not isinstance(v, mpf):
        raise TypeError(f'{where}: unexpected value type {type(v)}')
    if mpmath.isnan(v):
        return 'nan'
    if mpmath.isinf(v):
        return 'inf' if v > 0 else '-inf'
    if v == 0:
        raise ValueError(f'{where}: exact zero as mpf; return a signed float 0.0 / -0.0 instead')
    text = mpmath.nstr(v, DIGITS, min_fixed=1, max_fixed=0)
    if rounds_like(text, v):
        return text
    # Near (or on) a float32/float64 rounding midpoint 25 digits are not enough to round correctly:
    # print more, up to the exact binary value of v.
    for digits in range(DIGITS + 5, DPS + 1, 5):
        text = mpmath.nstr(v, digits, min_fixed=1, max_fixed=0)
        if rounds_like(text, v):
            return text
    text = exact_decimal(v)
    if not rounds_like(text, v):
        raise AssertionError(f'{where}: cannot print {v}')
    return text


def pow2(k: int) -> Fraction:
    return Fraction(2 ** k) if k >= 0 else Fraction(1, 2 ** -k)


def mpf_to_fraction(v: mpf) -> Fraction:
    sign, man, exp, _ = v._mpf_                 # v.man_exp drops the sign
    return (-1) ** sign * man * pow2(exp)


def round_binary(r: Fraction, p: int, min_quantum_exp: int) -> Fraction:
    """r rounded to p significant bits (ties to even), with subnormal quantum 2^min_quantum_exp (no overflow)."""
    if r == 0:
        return r
    a = abs(r)
    e = a.numerator.bit_length() - a.denominator.bit_length()
    while a >= pow2(e):
        e += 1
    while a < pow2(e - 1):
        e -= 1
    q = pow2(max(e - p, min_quantum_exp))
    n = round(a / q)                            # Fraction.__round__ rounds ties to even
    return (n * q) if r > 0 else -(n * q)


def rounds_like(text: str, v: mpf) -> bool:
    """Whether the decimal text rounds to the same float32 and float64 as the exact value v."""
    _, e = mpmath.frexp(v)
    if not -1100 < e < 1100:
        return True                             # far outside both formats: 0 or inf either way
    exact, printed = mpf_to_fraction(v), Fraction(text)
    return all(round_binary(exact, p, q) == round_binary(printed, p, q) for p, q in ((24, -149), (53, -1074)))


def exact_decimal(v: mpf) -> str:
    """The exact decimal expansion of a binary mpf in scientific notation."""
    negative, man, exp, _ = v._mpf_
    sign = '-' if negative else ''
    digits = str(abs(man) * 5 ** -exp) if exp < 0 else str(abs(man) * 2 ** exp)
    scale = exp if exp < 0 else 0               # value = digits * 10^scale
    stripped = digits.rstrip('0')
    scale += len(digits) - len(stripped)
    dexp = len(stripped) - 1 + scale
    mantissa = stripped[0] + '.' + (stripped[1:] or '0')
    return sign + mantissa + (f'e{dexp:+d}' if dexp else '')


def generate_table(table: Table) -> tuple[str, int, float]:
    t0 = time.time()
    a = BY_NAME[table.activation]
    p = table.params
    ev = Evaluator(a, p)
    pts = base_points()
    for k in a.kinks(p):
        pts += neighbourhood(f32(float(k)))
    candidates = dedup_sorted(pts)
    for e in find_edges(ev, candidates):
        pts += neighbourhood(e)
    xs = dedup_sorted(pts)

    grad_cols = [f'df_d{g}' for g in ev.grad_names]
    lines = [
        f'# function: {a.name}',
        ('# parameters: ' + ', '.join(f'{k}={param_text(v)}' for k, v in p.items())).rstrip(),
        '# generated by: python3 tools/reference/generate.py',
        f'# precision: mpmath {DPS} significant digits',
        '# columns: x = float32 input (exact double literal); f = value, df = derivative in x'
        + ''.join(f', {c} = derivative in {g}' for c, g in zip(grad_cols, ev.grad_names))
        + f'; exact values to {DIGITS} significant digits (more near rounding midpoints), not rounded to float',
        ','.join(['x', 'f', 'df'] + grad_cols),
    ]
    for x in xs:
        where = f'{table.file_name} x={x!r}'
        lines.append(','.join([fmt_x(x)] + [fmt_value(v, where) for v in ev.row(x)]))
    path = OUT_DIR / table.file_name
    with open(path, 'w', newline='\n') as fh:
        fh.write('\n'.join(lines) + '\n')
    return table.file_name, len(xs), time.time() - t0


# ----------------------------------------------------------------------------------------------------------
# Self-check

def parse_value(s: str):
    if s in ('nan', 'inf', '-inf', '0.0', '-0.0'):
        return float(s)
    return mpf(s)


def check_table(table: Table, expected_rows: int) -> list[str]:
    a = BY_NAME[table.activation]
    problems = []
    lines = (OUT_DIR / table.file_name).read_text().split('\n')
    assert lines[-1] == ''
    lines = lines[:-1]
    comments = [l for l in lines if l.startswith('# ')]
    body = lines[len(comments):]
    header = ['x', 'f', 'df'] + [f'df_d{g}' for g, _ in a.params if g in a.grads]
    if body[0].split(',') != header:
        problems.append(f'header {body[0]!r}')
    rows = [l.split(',') for l in body[1:]]
    if len(rows) != expected_rows:
        problems.append(f'{len(rows)} rows, expected {expected_rows}')
    xs = [float(r[0]) for r in rows]
    if any(len(r) != len(header) for r in rows):
        problems.append('ragged rows')
    if any(f32(x) != x for x in xs if not math.isnan(x)):
        problems.append('x not float32')
    if sum(math.isnan(x) for x in xs) != 1 or not math.isnan(xs[-1]):
        problems.append('NaN row missing or not last')
    present = {key32(x) for x in xs if not math.isnan(x)}
    missing = [x for x in base_points() if not math.isnan(x) and key32(x) not in present]
    if missing:
        problems.append(f'{len(missing)} shared input points missing, e.g. {missing[0]!r}')
    keys = [key32(x) for x in xs[:-1]]
    if any(k1 >= k2 for k1, k2 in zip(keys, keys[1:])):
        problems.append('not strictly sorted (duplicates or order)')
    kinks = [float(k) for k in a.kinks(table.params)]
    moderate = [r for r, x in zip(rows, xs)
                if 0.1 <= abs(x) <= 10 and all(abs(x - k) > 0.05 for k in kinks)]
    sample = [moderate[i * (len(moderate) - 1) // 19] for i in range(20)]
    for r in sample:
        x = float(r[0])
        ref = a.f64(x, table.params)
        got = float(parse_value(r[1]))
        if (ref == 0 and got != 0) or (ref != 0 and abs(got - ref) > 1e-12 * abs(ref)):
            problems.append(f'f({x!r}) = {r[1]} but float64 gives {ref!r}')
    return problems


# ----------------------------------------------------------------------------------------------------------

def _work(table: Table):
    return table, generate_table(table)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('names', nargs='*', help='activations to generate (default: all)')
    ap.add_argument('--jobs', type=int, default=2, help='worker processes (default 2)')
    ap.add_argument('--list', action='store_true', help='list the activations and their table files')
    args = ap.parse_args(argv)

    unknown = [n for n in args.names if n not in BY_NAME]
    if unknown:
        ap.error(f'unknown activation(s) {unknown}; known: {", ".join(BY_NAME)}')
    selected = [BY_NAME[n] for n in (args.names or BY_NAME)]
    tables = [t for a in selected for t in tables_of(a)]
    if args.list:
        for t in tables:
            print(t.file_name)
        return 0

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    start = time.time()
    results = {}
    if args.jobs > 1 and len(tables) > 1:
        with multiprocessing.Pool(min(args.jobs, len(tables))) as pool:
            for table, res in pool.imap_unordered(_work, tables):
                results[table.file_name] = (table, res)
                print(f'  {res[0]:45s} {res[1]:6d} rows  {res[2]:6.1f} s', flush=True)
    else:
        for table in tables:
            table, res = _work(table)
            results[table.file_name] = (table, res)
            print(f'  {res[0]:45s} {res[1]:6d} rows  {res[2]:6.1f} s', flush=True)

    failed = False
    total_rows = total_bytes = 0
    for name in sorted(results):
        table, (_, rows, _) = results[name]
        problems = check_table(table, rows)
        total_rows += rows
        total_bytes += (OUT_DIR / name).stat().st_size
        for pr in problems:
            print(f'SELF-CHECK FAILED {name}: {pr}', file=sys.stderr)
        failed |= bool(problems)
    all_known = {t.file_name for a in ACTIVATIONS for t in tables_of(a)}
    for stray in sorted(p.name for p in OUT_DIR.glob('*.csv') if p.name not in all_known):
        print(f'warning: {stray} is not produced by this generator', file=sys.stderr)
    print(f'{len(results)} tables, {total_rows} rows, {total_bytes / 1e6:.2f} MB, '
          f'{time.time() - start:.1f} s, self-check {"FAILED" if failed else "ok"}')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
