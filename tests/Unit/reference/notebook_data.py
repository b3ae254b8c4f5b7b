#!/usr/bin/python3
"""The lab notebook's data, as numpy makes it when the notebook runs top to bottom: the reference that
LabData (src/Reports/Lab/Shared/LabData.cs) and the report's published data CSVs are tested against.

Run with Debian's numpy (apt-get install -y python3-numpy; /usr/bin/python3 notebook_data.py > notebook-data.json).
Each cell's code is copied from docs/lab/lab-notebook.txt (the data parts only; Keras draws nothing from
numpy's global generator: its initializers use Python's random, its shuffles TensorFlow's). Cells that do not call
np.random.seed continue the stream. Draws are stored as they come out of the generator ("draws"), the values built
from them as the cell builds them ("x", "y"); JSON numbers are Python's repr, which round-trips every double.
"""
import hashlib
import json
import math
import sys

import numpy as np

out = {"numpy": np.__version__,
       "simd": "see numpy.show_config(): with AVX-512, log and sin may differ from the C library's in the last bit"}

# Part 1 and 2: the first cell.
np.random.seed(0)
x = np.arange(0, 10, 0.1)
n = np.random.normal(size=len(x))
y = 2 * x + 3 + n
out["line"] = {"x": x.tolist(), "draws": n.tolist(), "y": y.tolist()}

# Part 3, first cell: ln(x+1) with a linear model (re-seeds).
np.random.seed(0)
x = np.arange(0, 10, 0.1)
n = np.random.normal(size=len(x))
y = np.log(x + 1) + n * 0.1
out["log"] = {"x": x.tolist(), "draws": n.tolist(), "ln": np.log(x + 1).tolist(), "y": y.tolist()}

# Part 3, second cell: the hidden layer. No np.random.seed: the stream continues after the cell above.
x = np.arange(0, 10, 0.1)
n = np.random.normal(size=len(x))
y = np.log(x + 1) + n * 0.1
out["hidden"] = {"x": x.tolist(), "draws": n.tolist(), "ln": np.log(x + 1).tolist(), "y": y.tolist()}

# Part 4: overfitting (re-seeds).
np.random.seed(0)
x = np.arange(0, 10)
n = np.random.normal(size=len(x))
y = np.log(x + 1) + n * 0.2
x1 = np.arange(0, 10, 0.1)
n1 = np.random.normal(size=len(x1))
y1 = np.log(x1 + 1) + n1 * 0.2
out["overfitting"] = {"x": x.astype(float).tolist(), "draws": n.tolist(), "ln": np.log(x + 1).tolist(), "y": y.tolist(),
                      "x1": x1.tolist(), "draws1": n1.tolist(), "ln1": np.log(x1 + 1).tolist(), "y1": y1.tolist()}

# Part 5: the misclassified digits. The stream continues after part 4's draws (no seed in between).
p = np.random.permutation(np.arange(10000))
out["mnist_permutation"] = {"n": 10000, "first": p[:20].tolist(), "last": int(p[-1]),
                            "sha256_int32_le": hashlib.sha256(p.astype("<i4").tobytes()).hexdigest()}
# The quick report's test set is the first 2000 digits: its permutation, from the same point of the stream.
np.random.seed(0)
np.random.normal(size=10)
np.random.normal(size=100)
q = np.random.permutation(np.arange(2000))
out["mnist_permutation_2000"] = {"n": 2000, "first": q[:20].tolist(), "last": int(q[-1]),
                                 "sha256_int32_le": hashlib.sha256(q.astype("<i4").tobytes()).hexdigest()}

# Extra credit (re-seeds).
np.random.seed(0)
x = np.linspace(0, np.pi * 5, 1000)
n = np.random.normal(size=len(x))
y = np.sin(x) + n * 0.1
r = np.random.random(100)
x1 = r * np.pi * 5
n1 = np.random.normal(size=len(x1))
y1 = np.sin(x1) + n1 * 0.1
out["sine"] = {"x": x.tolist(), "draws": n.tolist(), "sin": np.sin(x).tolist(), "y": y.tolist(),
               "draws_x1": r.tolist(), "x1": x1.tolist(), "draws1": n1.tolist(), "sin1": np.sin(x1).tolist(), "y1": y1.tolist()}

# How many of these ln and sin values this numpy computes differently from the C library (math.log, math.sin): 0 without
# AVX-512, where numpy calls the C library; about a quarter of them with it.
points = [v + 1 for v in out["log"]["x"]] + [v + 1 for v in out["overfitting"]["x"]]
angles = out["sine"]["x"] + out["sine"]["x1"]
out["differ_from_libm"] = {
    "log": int(sum(a != math.log(v) for a, v in zip(np.log(np.array(points)).tolist(), points))), "log_of": len(points),
    "sin": int(sum(a != math.sin(v) for a, v in zip(np.sin(np.array(angles)).tolist(), angles))), "sin_of": len(angles)}

# One line per array, so a diff shows which values changed.
lines = []
for key, value in out.items():
    if isinstance(value, dict):
        inner = ",\n".join("  %s: %s" % (json.dumps(k), json.dumps(v)) for k, v in value.items())
        lines.append("%s: {\n%s\n }" % (json.dumps(key), inner))
    else:
        lines.append("%s: %s" % (json.dumps(key), json.dumps(value)))
sys.stdout.write("{\n " + ",\n ".join(lines) + "\n}\n")
