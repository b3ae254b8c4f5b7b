# Using the report's MNIST model from Python with ONNX Runtime (pip install onnxruntime numpy).
# Run from the repository root: python3 docs/examples/snippets/elsewhere.py
import numpy as np
import onnxruntime as ort

session = ort.InferenceSession("docs/report/models/mnist-mlp.onnx", providers=["CPUExecutionProvider"])
print([(i.name, i.shape) for i in session.get_inputs()], [(o.name, o.shape) for o in session.get_outputs()])
digits = np.zeros((2, 28, 28), dtype=np.float32)       # two blank 28 x 28 images, pixels / 255 as in training
digits[1, 4:24, 13:15] = 1.0                           # a vertical stroke: a "1"
probabilities = session.run(None, {"input": digits})[0]
print(probabilities.argmax(axis=1), probabilities.max(axis=1))
