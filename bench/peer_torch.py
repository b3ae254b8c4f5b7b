#!/usr/bin/python3
"""The peer of `dotnet run --project bench/Functional.Bench -c Release -- train`: the same workloads in PyTorch, printing the same markdown table.

Run with Debian's PyTorch (apt-get install -y python3-torch python3-numpy libopenblas0-pthread):
    /usr/bin/python3 bench/peer_torch.py [--repetitions N] [--mnist DIR] [--synthetic] [--threads T]
One thread by default (what Functional uses for BLAS); --threads T pins torch, OpenMP and OpenBLAS to T threads, and the
header prints the threads the process really keeps busy.
Cells are the median [min-max] of N repetitions after a warm-up, as in the C# benchmark.
"""
import argparse
import datetime
import os
import platform
import statistics
import sys
import time


def _pin_threads():
    """Pins OpenMP's and Debian's OpenBLAS's threads to --threads before torch loads them (torch.set_num_threads alone
    leaves OpenBLAS on every core: cpu/wall 1.99 on a 1024^3 product with one torch thread). A variable already set is
    kept, and the header prints every value."""
    threads = "1"
    for i, a in enumerate(sys.argv):
        if a == "--threads" and i + 1 < len(sys.argv):
            threads = sys.argv[i + 1]
        elif a.startswith("--threads="):
            threads = a.split("=", 1)[1]
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, threads)


_pin_threads()
import numpy as np  # noqa: E402  (after the pinning, which must precede the BLAS libraries' loading)
import torch  # noqa: E402


def threads_used():
    """What the process really runs on: torch's intra-op threads, the pinning variables, and the cores a 1024^3 float32
    product keeps busy (CPU time / wall time over 10 products, after one untimed)."""
    a, b = torch.rand(1024, 1024), torch.rand(1024, 1024)
    a @ b
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(10):
        a @ b
    busy = (time.process_time() - cpu) / (time.perf_counter() - wall)
    pinned = ", ".join(f"{k}={os.environ.get(k, 'unset')}" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"))
    return f"{torch.get_num_threads()} torch thread(s), {pinned}, cores busy in a 1024^3 product (cpu/wall) {busy:.2f}"


def cell(values):
    return f"{statistics.median(values):.3f} [{min(values):.3f}–{max(values):.3f}]"


def load_mnist(directory, synthetic):
    if not synthetic and os.path.exists(os.path.join(directory, "train-images-idx3-ubyte")):
        def images(name):
            raw = np.fromfile(os.path.join(directory, name), dtype=np.uint8)
            return torch.from_numpy(raw[16:].reshape(-1, 784).astype(np.float32) / 255.0)

        def labels(name):
            raw = np.fromfile(os.path.join(directory, name), dtype=np.uint8)
            return torch.from_numpy(raw[8:].astype(np.int64))

        return (f"real MNIST ({directory})", images("train-images-idx3-ubyte"), labels("train-labels-idx1-ubyte"),
                images("t10k-images-idx3-ubyte"), labels("t10k-labels-idx1-ubyte"))
    g = torch.Generator().manual_seed(20261125)
    return ("synthetic 60 000 × 784 (uniform [0, 1], random labels)", torch.rand(60000, 784, generator=g),
            torch.randint(0, 10, (60000,), generator=g), torch.rand(10000, 784, generator=g), torch.randint(0, 10, (10000,), generator=g))


def mnist_model():
    torch.manual_seed(1)
    return torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))


def mnist_epochs(data, batch, repetitions):
    kind, x, y, tx, ty = data
    model = mnist_model()
    # Keras' Adam defaults (lr 1e-3, betas 0.9/0.999, eps 1e-7) as Functional uses; softmax + sparse CE = CE on logits.
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x.shape[0]
    times = []
    for _ in range(repetitions + 1):
        start = time.perf_counter()
        order = torch.randperm(n)
        loss_sum = 0.0
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            xb, yb = x[idx], y[idx]
            optimizer.zero_grad()
            loss = loss_fn(model(xb), yb)
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(idx)  # the History's loss, as Fit records it
        times.append(time.perf_counter() - start)
    with torch.no_grad():
        accuracy = (model(tx).argmax(1) == ty).float().mean().item() if kind.startswith("real") else None
    return times[1:], accuracy


# Inference passes are short: both programs time INFERENCE_PASSES of them after INFERENCE_WARMUP untimed ones (the C#
# side needs about a hundred to finish JIT tiering and grow its heap; the same count is run here).
INFERENCE_WARMUP = 100
INFERENCE_PASSES = 20


def inference(data, repetitions):
    model = mnist_model()
    tx = data[3]
    with torch.no_grad():
        for _ in range(INFERENCE_WARMUP):
            model(tx)
        times = []
        for _ in range(INFERENCE_PASSES):
            start = time.perf_counter()
            model(tx)
            times.append((time.perf_counter() - start) * 1e3)
    return times


def fit(model, lr, x, y, epochs, batch, validation=None):
    optimizer = torch.optim.Adam(model.parameters(), lr=lr, eps=1e-7)
    loss_fn = torch.nn.MSELoss()
    n = x.shape[0]
    for _ in range(epochs):
        order = torch.randperm(n)
        loss_sum = 0.0
        for s in range(0, n, batch):
            idx = order[s:s + batch]
            optimizer.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(idx)
        if validation is not None:
            with torch.no_grad():
                loss_fn(model(validation[0]), validation[1]).item()


def sweep(repetitions):
    i = torch.arange(100, dtype=torch.float32)
    x = (i * 0.1).reshape(-1, 1)
    y = (2 * i * 0.1 + 3 + torch.sin(i * 7.3)).reshape(-1, 1)
    rates = np.logspace(-5, 2, 8)

    def run_all():
        for rate in rates:
            for seed in range(5):
                torch.manual_seed(seed)
                fit(torch.nn.Linear(1, 1), float(rate), x, y, 100, 100)

    run_all()
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        run_all()
        times.append(time.perf_counter() - start)
    return times, len(rates) * 5 * 100


def overfitting(repetitions):
    i = torch.arange(10, dtype=torch.float32)
    x = ((i * 3.7) % 10).reshape(-1, 1)
    y = torch.log(x + 1) + 0.1 * torch.sin(i * 5.1).reshape(-1, 1)
    j = torch.arange(100, dtype=torch.float32)
    vx = ((j * 0.731) % 10).reshape(-1, 1)
    vy = torch.log(vx + 1)

    def once():
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(1, 10), torch.nn.Tanh(), torch.nn.Linear(10, 1))
        fit(model, 1e-2, x, y, 500, 10, (vx, vy))

    once()
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        once()
        times.append(time.perf_counter() - start)
    return times


def cnn_epochs(data, epochs):
    """Keras' "simple MNIST convnet" on the first 54 000 digits (validation_split 0.1 leaves them), batch 128, Adam 1e-3."""
    kind, x, y, _, _ = data
    x = x[:54000].reshape(-1, 1, 28, 28)
    y = y[:54000]
    torch.manual_seed(1)
    model = torch.nn.Sequential(
        torch.nn.Conv2d(1, 32, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(32, 64, 3), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), torch.nn.Dropout(0.5), torch.nn.Linear(1600, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    n = x.shape[0]
    times = []
    for _ in range(epochs + 1):
        start = time.perf_counter()
        order = torch.randperm(n)
        for s in range(0, n, 128):
            idx = order[s:s + 128]
            optimizer.zero_grad()
            loss = loss_fn(model(x[idx]), y[idx])
            loss.backward()
            optimizer.step()
            loss.item()
        times.append(time.perf_counter() - start)
    return times[1:]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--mnist", default=os.path.expanduser("~/.cache/functional/mnist"))
    parser.add_argument("--synthetic", action="store_true")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--workload", choices=["lab", "cnn"], default="lab",
                        help="lab: the MLP, inference and the small models; cnn: an epoch of Keras' MNIST convnet (--repetitions timed epochs)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    data = load_mnist(args.mnist, args.synthetic)
    r = args.repetitions
    used = threads_used()
    if args.workload == "cnn":
        times = cnn_epochs(data, r)
        print(f"CNN benchmark (PyTorch {torch.__version__}, float32): {platform.machine()}, {os.cpu_count()} logical cores, "
              f"{used}, {datetime.date.today()}; MNIST data: {data[0]}.")
        print(f"| Keras' MNIST convnet epoch, 54 000 digits, batch 128 | {cell(times)} | s/epoch | median of {r} epochs after a warm-up |")
        return
    print(f"Training benchmark (PyTorch {torch.__version__}, float32): median [min–max] of {r} repetitions after a warm-up.")
    print(f"{platform.machine()}, {os.cpu_count()} logical cores, Python {platform.python_version()}, "
          f"{used}, {datetime.date.today()}; MNIST data: {data[0]}.")
    print()
    print("| workload | time | unit | allocated per epoch | notes |")
    print("|---|---:|---|---:|---|")
    for batch in (32, 128):
        times, accuracy = mnist_epochs(data, batch, r)
        note = f"test accuracy after {r + 1} epochs {accuracy * 100:.2f} %" if accuracy is not None else "synthetic data"
        print(f"| MNIST MLP epoch, batch {batch} | {cell(times)} | s/epoch | | {note} |")
    print(f"| MNIST MLP inference, 10 000 rows | {cell(inference(data, r))} | ms | | one forward pass of 10 000 rows; {INFERENCE_PASSES} passes after {INFERENCE_WARMUP} untimed |")
    times, steps = sweep(r)
    print(f"| 1→1 sweep, 8 rates × 5 seeds × 100 epochs | {cell([t * 1e6 / steps for t in times])} | µs/step | | {steps} steps of batch 100 (Adam, MSE) |")
    times = overfitting(r)
    print(f"| overfitting run, 500 epochs | {cell([t * 1e3 for t in times])} | ms/run | | 10 points, batch 10, Dense(10, tanh)→Dense(1), Adam 1e-2, "
          f"val_loss on 100 points each epoch; {cell([t * 1e6 / 500 for t in times])} µs/epoch |")


if __name__ == "__main__":
    main()
