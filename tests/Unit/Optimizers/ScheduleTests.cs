using Functional.Models;

namespace Functional.Tests.Unit;

/// <summary>
/// The learning-rate schedules against Keras' formulas written out independently in double
/// (reference/schedule_reference.py prints these rows), and how an optimizer uses them: update t reads the schedule at t − 1.
/// </summary>
public class ScheduleTests
{
    private static LearningRateSchedule Named(string name) => name switch
    {
        "exponential" => new ExponentialDecay(0.1, 10, 0.5),
        "exponential_staircase" => new ExponentialDecay(0.1, 10, 0.5, Staircase: true),
        "inverse_time" => new InverseTimeDecay(0.1, 10, 0.5),
        "inverse_time_staircase" => new InverseTimeDecay(0.1, 10, 0.5, Staircase: true),
        "piecewise" => new PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1]),
        "cosine" => new CosineDecay(0.1, 100),
        "cosine_alpha" => new CosineDecay(0.1, 100, Alpha: 0.2),
        "cosine_warmup" => new CosineDecay(0.0, 100, WarmupTarget: 0.1, WarmupSteps: 10),
        "cosine_warmup_zero_steps" => new CosineDecay(0.0, 100, WarmupTarget: 0.1, WarmupSteps: 0),
        _ => throw new ArgumentException(name),
    };

    public static TheoryData<string, long, double> Reference() => new()
    {
        { "exponential", 0, 0.1 },
        { "exponential", 1, 0.09330329915368074 },
        { "exponential", 5, 0.07071067811865477 },
        { "exponential", 10, 0.05 },
        { "exponential", 15, 0.03535533905932738 },
        { "exponential", 100, 9.765625e-05 },
        { "exponential_staircase", 0, 0.1 },
        { "exponential_staircase", 9, 0.1 },
        { "exponential_staircase", 10, 0.05 },
        { "exponential_staircase", 19, 0.05 },
        { "exponential_staircase", 20, 0.025 },
        { "exponential_staircase", 35, 0.0125 },
        { "inverse_time", 0, 0.1 },
        { "inverse_time", 1, 0.09523809523809523 },
        { "inverse_time", 5, 0.08 },
        { "inverse_time", 10, 0.06666666666666667 },
        { "inverse_time", 15, 0.05714285714285715 },
        { "inverse_time", 100, 0.016666666666666666 },
        { "inverse_time_staircase", 0, 0.1 },
        { "inverse_time_staircase", 9, 0.1 },
        { "inverse_time_staircase", 10, 0.06666666666666667 },
        { "inverse_time_staircase", 19, 0.06666666666666667 },
        { "inverse_time_staircase", 20, 0.05 },
        { "inverse_time_staircase", 35, 0.04 },
        { "piecewise", 0, 1.0 },
        { "piecewise", 10, 1.0 },
        { "piecewise", 11, 0.5 },
        { "piecewise", 20, 0.5 },
        { "piecewise", 21, 0.1 },
        { "piecewise", 1000, 0.1 },
        { "cosine", 0, 0.1 },
        { "cosine", 1, 0.09997532801828658 },
        { "cosine", 25, 0.08535533905932738 },
        { "cosine", 50, 0.05 },
        { "cosine", 99, 2.467198171342e-05 },
        { "cosine", 100, 0.0 },
        { "cosine", 150, 0.0 },
        { "cosine_alpha", 0, 0.1 },
        { "cosine_alpha", 50, 0.06000000000000001 },
        { "cosine_alpha", 100, 0.020000000000000004 },
        { "cosine_alpha", 150, 0.020000000000000004 },
        { "cosine_warmup", 0, 0.0 },
        { "cosine_warmup", 1, 0.010000000000000002 },
        { "cosine_warmup", 5, 0.05 },
        { "cosine_warmup", 10, 0.1 },
        { "cosine_warmup", 11, 0.09997532801828658 },
        { "cosine_warmup", 60, 0.05 },
        { "cosine_warmup", 110, 0.0 },
        { "cosine_warmup", 200, 0.0 },
        { "cosine_warmup_zero_steps", 0, 0.1 },
        { "cosine_warmup_zero_steps", 50, 0.05 },
        { "cosine_warmup_zero_steps", 100, 0.0 },
    };

    [Theory]
    [MemberData(nameof(Reference))]
    public void Matches_the_formula_computed_independently_in_double(string name, long step, double expected)
    {
        double actual = Named(name).At(step);
        Assert.True(Math.Abs(actual - expected) <= 1e-15 * Math.Max(1, Math.Abs(expected)), $"{name} at step {step}: expected {expected:R}, got {actual:R}");
    }

    [Fact]
    public void An_optimizers_update_t_uses_the_schedule_at_t_minus_1()
    {
        var schedule = new PiecewiseConstantDecay([0, 1], [1.0, 0.5, 0.25]);
        var sgd = new Sgd() with { Schedule = schedule };
        Assert.Equal(1.0, sgd.LearningRateAt(1));
        Assert.Equal(0.5, sgd.LearningRateAt(2));
        Assert.Equal(0.25, sgd.LearningRateAt(3));

        // Plain SGD on a scalar: p −= lr(t) · g, so three steps of g = 1 from 0 give −(1 + 0.5 + 0.25).
        var p = new ParameterTree<double>([[MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(1, 1, 0.0)]]);
        var g = new ParameterTree<double>([[MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(1, 1, 1.0)]]);
        var state = sgd.Init(p);
        for (int t = 0; t < 3; t++) (p, state) = sgd.Update(g, state, p);
        Assert.Equal(-1.75, p.Leaves.Single()[0, 0]);
    }

    [Fact]
    public void Bad_settings_are_refused_by_name()
    {
        Assert.Contains("DecaySteps", Assert.Throws<ArgumentException>(() => new ExponentialDecay(0.1, 0, 0.5)).Message);
        Assert.Contains("DecayRate", Assert.Throws<ArgumentException>(() => new InverseTimeDecay(0.1, 10, double.NaN)).Message);
        Assert.Contains("InitialLearningRate", Assert.Throws<ArgumentException>(() => new CosineDecay(-1, 10)).Message);
        Assert.Contains("WarmupSteps", Assert.Throws<ArgumentException>(() => new CosineDecay(0, 10, WarmupTarget: 0.1, WarmupSteps: -1)).Message);
        Assert.Contains("increase", Assert.Throws<ArgumentException>(() => new PiecewiseConstantDecay([5, 5], [1, 2, 3])).Message);
        Assert.Contains("one value more", Assert.Throws<ArgumentException>(() => new PiecewiseConstantDecay([5], [1])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineDecay(0.1, 10).At(-1));
    }

    [Fact]
    public void Schedules_are_values()
    {
        Assert.Equal(new PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1]), new PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1]));
        Assert.NotEqual(new PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1]), new PiecewiseConstantDecay([10, 21], [1.0, 0.5, 0.1]));
        Assert.Equal(new Adam() with { Schedule = new CosineDecay(0.1, 5) }, new Adam() with { Schedule = new CosineDecay(0.1, 5) });
    }
}
