#!/usr/bin/env python3
"""Runs ONNX's own checker (onnx.checker.check_model with full_check: the schema, every node against its operator's
definition, and shape inference) on each .onnx file named on the command line; prints one line per file and exits
non-zero if any fails. Run by the test OnnxCheckerTests with Debian's python3-onnx."""
import sys

import onnx

failed = 0
for path in sys.argv[1:]:
    try:
        model = onnx.load(path)
        onnx.checker.check_model(model, full_check=True)
        print(f"ok {path} (onnx {onnx.__version__}, IR {model.ir_version}, opset {model.opset_import[0].version})")
    except Exception as e:  # the checker's own exceptions and a file it cannot parse
        failed += 1
        print(f"FAILED {path}: {type(e).__name__}: {e}")
sys.exit(1 if failed else 0)
