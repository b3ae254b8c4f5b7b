"""Keras' learning-rate schedules written out in double (keras/src/optimizers/schedules/learning_rate_schedule.py).

Independent of the C# code: run with Debian's python3 and paste the printed rows into
tests/Unit/Optimizers/ScheduleTests.cs when a case is added.
"""
import math

def exponential(step, initial, decay_steps, rate, staircase):
    p = step / decay_steps
    if staircase:
        p = math.floor(p)
    return initial * rate ** p

def inverse_time(step, initial, decay_steps, rate, staircase):
    p = step / decay_steps
    if staircase:
        p = math.floor(p)
    return initial / (1 + rate * p)

def piecewise(step, boundaries, values):
    for b, v in zip(boundaries, values):
        if step <= b:
            return v
    return values[-1]

def cosine(step, initial, decay_steps, alpha=0.0, target=None, warmup=0):
    def decay(s, start):
        return start * ((1 - alpha) * 0.5 * (1 + math.cos(math.pi * (s / decay_steps))) + alpha)
    if target is None:
        return decay(min(step, decay_steps), initial)
    s = min(step, decay_steps + warmup)
    if s < warmup:
        return (target - initial) * (s / warmup) + initial
    return decay(s - warmup, target)

cases = {
    "exponential": [(s, exponential(s, 0.1, 10, 0.5, False)) for s in (0, 1, 5, 10, 15, 100)],
    "exponential_staircase": [(s, exponential(s, 0.1, 10, 0.5, True)) for s in (0, 9, 10, 19, 20, 35)],
    "inverse_time": [(s, inverse_time(s, 0.1, 10, 0.5, False)) for s in (0, 1, 5, 10, 15, 100)],
    "inverse_time_staircase": [(s, inverse_time(s, 0.1, 10, 0.5, True)) for s in (0, 9, 10, 19, 20, 35)],
    "piecewise": [(s, piecewise(s, [10, 20], [1.0, 0.5, 0.1])) for s in (0, 10, 11, 20, 21, 1000)],
    "cosine": [(s, cosine(s, 0.1, 100)) for s in (0, 1, 25, 50, 99, 100, 150)],
    "cosine_alpha": [(s, cosine(s, 0.1, 100, alpha=0.2)) for s in (0, 50, 100, 150)],
    "cosine_warmup": [(s, cosine(s, 0.0, 100, target=0.1, warmup=10)) for s in (0, 1, 5, 10, 11, 60, 110, 200)],
    "cosine_warmup_zero_steps": [(s, cosine(s, 0.0, 100, target=0.1, warmup=0)) for s in (0, 50, 100)],
}
for name, rows in cases.items():
    for step, value in rows:
        print(f'{{ "{name}", {step}, {value!r} }},')
