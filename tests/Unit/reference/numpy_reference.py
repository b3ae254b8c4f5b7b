#!/usr/bin/env python3
"""Reference values for NumpyRandomStateTests.cs and RangesTests.cs, from the real numpy.

Run with Debian's numpy (apt-get install -y python3-numpy; /usr/bin/python3 numpy_reference.py).
It prints C# snippets (doubles as IEEE-754 bit patterns, long sequences as a few samples plus the
SHA-256 of their little-endian bytes) that are pasted into the tests. The values of the legacy
RandomState stream are frozen by numpy's compatibility policy, so any numpy >= 1.17 gives the same.
"""
import hashlib
import struct

import numpy as np


def bits(x):
    return "0x%016XUL" % struct.unpack("<Q", struct.pack("<d", float(x)))[0]


def sha_doubles(a):
    return hashlib.sha256(np.asarray(a, dtype="<f8").tobytes()).hexdigest()


def sha_ints(a):
    return hashlib.sha256(np.asarray(a, dtype="<i4").tobytes()).hexdigest()


def samples(a, k=5):
    """First k values and the last, as (index, bits)."""
    idx = list(range(min(k, len(a)))) + [len(a) - 1]
    return ", ".join("(%d, %s)" % (i, bits(a[i])) for i in idx)


def full(a):
    return ", ".join(bits(v) for v in a)


print("// numpy", np.__version__)
print("// --- RandomState ---")
for seed in [0, 1, 42, 2**32 - 1]:
    r = np.random.RandomState(seed)
    a = r.random_sample(1000)
    print('[InlineData(%d, 1000, "%s", new[] { %s })]  // random_sample'
          % (seed, sha_doubles(a), samples(a)))
for seed in [0, 1, 42, 2**32 - 1]:
    r = np.random.RandomState(seed)
    a = r.normal(size=1001)  # odd count: the cached second value of the last pair stays behind
    print('[InlineData(%d, 1001, "%s", new[] { %s })]  // normal' % (seed, sha_doubles(a), samples(a)))

# The global functions are the same stream.
np.random.seed(0)
print("// np.random.seed(0); np.random.random(5):", full(np.random.random(5)))
np.random.seed(0)
print("// np.random.seed(0); np.random.normal(size=5):", full(np.random.normal(size=5)))

# loc/scale, and the Gaussian cache across calls and across other draws.
r = np.random.RandomState(3)
print("// seed 3, normal(2.5, 0.1, 7):", full(r.normal(2.5, 0.1, 7)))
r = np.random.RandomState(7)
x1 = r.normal(size=1)
u = r.random_sample(2)
x2 = r.normal(size=1)
x3 = r.normal(size=1)
print("// seed 7, normal(1), random(2), normal(1), normal(1):", full(np.concatenate([x1, u, x2, x3])))

for seed, low, high, n in [(0, -1.0, 1.0, 1000), (42, 3.0, 5.5, 1000), (1, 2.0, -2.0, 5)]:
    r = np.random.RandomState(seed)
    a = r.uniform(low, high, n)
    print('[InlineData(%d, %r, %r, %d, "%s", new[] { %s })]  // uniform'
          % (seed, low, high, n, sha_doubles(a), samples(a)))

for seed in [0, 1, 42, 2**32 - 1]:
    for n in [10, 100, 1000]:
        r = np.random.RandomState(seed)
        p = r.permutation(n)
        if n <= 10:
            print("// permutation seed %d n %d: %s" % (seed, n, ", ".join(str(v) for v in p)))
        print('[InlineData(%d, %d, "%s", %d, %d)]  // permutation first, last' % (seed, n, sha_ints(p), p[0], p[-1]))

# A shuffle then a draw: the permutation consumes exactly numpy's number of 32-bit draws.
r = np.random.RandomState(5)
r.permutation(1000)
print("// seed 5, permutation(1000) then random(3):", full(r.random_sample(3)))
r = np.random.RandomState(5)
r.normal(size=3)
print("// seed 5, normal(3) then permutation(10):", ", ".join(str(v) for v in r.permutation(10)))

print("// --- ranges ---")
cases = [
    ("arange", (0.0, 10.0, 0.1)),
    ("arange", (0.0, 1.0, 0.3)),
    ("arange", (1.0, 1.3, 0.1)),
    ("arange", (-3.0, 3.0, 0.7)),
    ("arange", (0.5, 100.0, 1.0 / 3.0)),
    ("arange", (0.0, 1e-300, 1e300)),
    ("arange", (5.0, 5.0, 1.0)),
    ("arange", (5.0, 1.0, 1.0)),
]
for name, (a, b, c) in cases:
    v = np.arange(a, b, c)
    print('[InlineData(%r, %r, %r, %d, "%s", new[] { %s })]  // arange'
          % (a, b, c, len(v), sha_doubles(v), full(v[:3]) + (", " + bits(v[-1]) if len(v) > 3 else "")))
for a, b, n, e in [(0.0, 1.0, 7, True), (0.0, 1.0, 7, False), (-2.5, 7.3, 50, True), (-2.5, 7.3, 50, False),
                   (1.0, 0.0, 11, True), (3.0, 3.0, 4, True), (0.0, 5e-324, 3, True), (2.0, 9.0, 1, True),
                   (2.0, 9.0, 1, False), (2.0, 9.0, 0, True), (0.0, 1.0, 1000, True)]:
    v = np.linspace(a, b, n, endpoint=e)
    print('[InlineData(%r, %r, %d, %s, "%s")]  // linspace %s'
          % (a, b, n, str(e).lower(), sha_doubles(v), full(v) if n <= 11 else ""))
# np.logspace is np.power(base, linspace(...)). On a CPU with AVX-512 numpy >= 1.22 evaluates np.power with
# Intel's SVML, which is not correctly rounded (e.g. 10**-1 comes out 1 ulp below 0.1); elsewhere it calls the
# C library's pow, as .NET's Math.Pow and Python's math.pow do. So the exact reference is math.pow over
# np.linspace, and numpy's own values are printed too, with their distance in ulps.
def ulps(a, b):
    ia = struct.unpack("<q", struct.pack("<d", float(a)))[0]
    ib = struct.unpack("<q", struct.pack("<d", float(b)))[0]
    return abs(ia - ib)


import math
for a, b, n, e, base in [(-5.0, 2.0, 8, True, 10.0), (0.0, 3.0, 7, False, 10.0), (-1.0, 1.0, 101, True, 10.0),
                         (0.0, 10.0, 11, True, 2.0), (-3.0, 4.0, 1000, True, 10.0), (0.0, 1.0, 9, True, np.e)]:
    v = np.logspace(a, b, n, endpoint=e, base=base)
    w = np.array([math.pow(base, x) for x in np.linspace(a, b, n, endpoint=e)])
    print('[InlineData(%r, %r, %d, %s, %r, "%s")]  // logspace via C pow%s'
          % (a, b, n, str(e).lower(), base, sha_doubles(w), ": " + full(w) if n <= 11 else ""))
    print("//   numpy.logspace: max %d ulps from C pow, at %d of %d values; numpy samples %s"
          % (max(ulps(x, y) for x, y in zip(v, w)), sum(1 for x, y in zip(v, w) if x != y), n, samples(v)))
