#!/usr/bin/env python3
"""Small networks built and exported by PyTorch (torch.onnx.export), with their outputs on fixed inputs.

Writes torch-mlp.onnx and torch-cnn.onnx, each with NAME-outputs.json, next to this script (or into the folder given as
the only argument). The test OnnxTorchTests imports each .onnx in Functional and matches the outputs within 1e-5.
.ci/run regenerates the files when Debian's python3-torch is installed; the committed copies serve machines without it.
The CNN is PyTorch's channels-first layout throughout: one input channel, BatchNorm2d, and a Flatten of several channels
before a Linear, which the import must reorder into the library's channels-last samples.
"""
import json
import os
import sys

import torch

torch.manual_seed(0)
torch.set_num_threads(1)
out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))

# 28x28 inputs as in the lab's classifier, smaller layers, every activation the library imports, and a dropout
# (the identity in eval mode; PyTorch leaves it out of the graph).
model = torch.nn.Sequential(
    torch.nn.Flatten(),
    torch.nn.Linear(28 * 28, 32),
    torch.nn.ReLU(),
    torch.nn.Dropout(0.2),
    torch.nn.Linear(32, 16),
    torch.nn.Tanh(),
    torch.nn.Linear(16, 12),
    torch.nn.Sigmoid(),
    torch.nn.Linear(12, 10),
    torch.nn.Softmax(dim=1),
)


def export(name, model, inputs):
    model.eval()
    with torch.no_grad():
        outputs = model(inputs)
    path = os.path.join(out_dir, f"{name}.onnx")
    torch.onnx.export(model, inputs[:1], path, input_names=["input"], output_names=["output"],
                      dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}}, opset_version=13)
    with open(os.path.join(out_dir, f"{name}-outputs.json"), "w", encoding="utf-8") as f:
        json.dump({
            "torch": torch.__version__,
            "inputShape": list(inputs.shape),
            "inputs": [float(v) for v in inputs.reshape(-1).tolist()],
            "outputs": [float(v) for v in outputs.reshape(-1).tolist()],
        }, f)
        f.write("\n")
    print(f"torch {torch.__version__}: wrote {path} and its outputs on {inputs.shape[0]} inputs")


export("torch-mlp", model, torch.rand(8, 28, 28, generator=torch.Generator().manual_seed(1)))

cnn = torch.nn.Sequential(
    torch.nn.Conv2d(1, 4, 3),
    torch.nn.ReLU(),
    torch.nn.MaxPool2d(2),
    torch.nn.Conv2d(4, 6, 3, padding=1),
    torch.nn.ReLU(),
    torch.nn.BatchNorm2d(6),  # after the ReLU: PyTorch's export folds a BatchNorm2d right after a Conv into it
    torch.nn.Conv2d(6, 5, 2, stride=2),
    torch.nn.Tanh(),
    torch.nn.Flatten(),
    torch.nn.Linear(5 * 2 * 2, 10),
    torch.nn.Softmax(dim=1),
)
with torch.no_grad():  # statistics as after training, not the starting zeros and ones
    norm = cnn[5]
    norm.running_mean.uniform_(-0.5, 0.5)
    norm.running_var.uniform_(0.5, 2.0)
    norm.weight.uniform_(0.5, 1.5)
    norm.bias.uniform_(-0.3, 0.3)
export("torch-cnn", cnn, torch.rand(8, 1, 11, 11, generator=torch.Generator().manual_seed(2)))
