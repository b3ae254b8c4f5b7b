using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit.Models;

/// <summary>
/// Steady-state training allocates next to nothing per step: Fit's workspace reuses its buffers, and the optimizer's
/// kernel is made once per run. Measured as managed bytes allocated on the test's thread, not as time.
/// </summary>
public class TrainingAllocationTests
{
    [Theory]
    [InlineData("adam")]
    [InlineData("sgd-momentum")]
    [InlineData("rmsprop")]
    public void Fit_allocates_less_than_a_few_bytes_per_step_once_set_up(string name)
    {
        Optimizer optimizer = name switch
        {
            "adam" => new Adam(),
            "sgd-momentum" => new Sgd(0.01, Momentum: 0.9),
            _ => new RmsProp(),
        };
        // 2 000 samples at batch 10: 200 steps an epoch. The bytes of a 6-epoch Fit minus a 2-epoch Fit are what 4
        // epochs of steady training cost (the one-off setup cancels out).
        var random = new Random(3);
        var x = Matrix<float>.Build.Dense(2000, 20, (_, _) => random.NextSingle());
        var y = Matrix<float>.Build.Dense(2000, 1, (i, _) => i % 3);
        long Allocated(int epochs)
        {
            var model = Sequential.Create(1, Layers.Input(20), Layers.Dense(16, Activation.Relu), Layers.Dense(3, Activation.Softmax));
            var options = new FitOptions<float> { Epochs = epochs, BatchSize = 10, Seed = 1, Metrics = [Metric.SparseCategoricalAccuracy] };
            long before = GC.GetAllocatedBytesForCurrentThread();
            Training.Fit(model, optimizer, Loss.SparseCategoricalCrossentropy(), x, y, options);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Allocated(2); // compile everything first
        double perEpoch = (Allocated(6) - Allocated(2)) / 4.0;
        // An epoch's own record (its log and history entry) is a few hundred bytes; 16 bytes more per step would add 3 200.
        Assert.True(perEpoch < 2_000, $"{name}: Fit allocated {perEpoch:F0} bytes per epoch of 200 steps once set up.");
    }
}
