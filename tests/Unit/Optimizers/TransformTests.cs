using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit;

/// <summary>
/// Gradient clipping, decoupled weight decay (AdamW) and scheduled rates against a reference written independently in
/// double from Keras 3's BaseOptimizer.apply (clip, then decay, then the rule), and the chain form: a chain of transforms
/// is the named optimizer.
/// </summary>
public class TransformTests
{
    private static ParameterTree<double> Tree(params double[][] tensors) =>
        new([tensors.Select(t => MatrixData.Wrap(1, t.Length, (double[])t.Clone())).ToArray()]);

    private static double[][] Values(ParameterTree<double> tree) => tree.Leaves.Select(m => MatrixData.ColumnMajor(m).ToArray()).ToArray();

    private static double[][] OneSgdStep(Optimizer sgd, double[][] p, double[][] g)
    {
        var parameters = Tree(p);
        return Values(sgd.Update(Tree(g), sgd.Init(parameters), parameters).Parameters);
    }

    [Fact]
    public void ClipNorm_rescales_each_tensor_to_the_norm_by_itself()
    {
        // Plain SGD with lr 1 shows the clipped gradient: ‖(3, 4)‖ = 5 is clipped to 1; ‖(0.1)‖ = 0.1 stays.
        var p = OneSgdStep(new Sgd(1.0) with { ClipNorm = 1 }, [[0, 0], [0]], [[3, 4], [0.1]]);
        Assert.Equal(-0.6, p[0][0], 15);
        Assert.Equal(-0.8, p[0][1], 15);
        Assert.Equal(-0.1, p[1][0], 15);
    }

    [Fact]
    public void GlobalClipNorm_rescales_all_tensors_together()
    {
        // ‖(3, 4, 12)‖ = 13, clipped to 2.6: every gradient times 0.2.
        var p = OneSgdStep(new Sgd(1.0) with { GlobalClipNorm = 2.6 }, [[0, 0], [0]], [[3, 4], [12]]);
        Assert.Equal([-0.6, -0.8, -2.4], p.SelectMany(t => t).Select(v => Math.Round(v, 14)));
        // Under the norm: unchanged.
        var q = OneSgdStep(new Sgd(1.0) with { GlobalClipNorm = 100 }, [[0, 0], [0]], [[3, 4], [12]]);
        Assert.Equal([-3.0, -4.0, -12.0], q.SelectMany(t => t));
    }

    [Fact]
    public void A_zero_gradient_is_not_turned_into_NaN_by_clipping()
    {
        Assert.Equal([0.0, 0.0], OneSgdStep(new Sgd(1.0) with { ClipNorm = 1 }, [[0, 0]], [[0, 0]])[0]);
        Assert.Equal([0.0, 0.0], OneSgdStep(new Sgd(1.0) with { GlobalClipNorm = 1 }, [[0, 0]], [[0, 0]])[0]);
    }

    /// <summary>Keras' AdamW over the concatenated elements, in double: clip per tensor, decay, Adam's rule, with a scheduled rate.</summary>
    private static double[][] ReferenceAdamW(double[][] p, Func<int, double[][]> gradient, int steps, Func<long, double> rate, double wd, double clip)
    {
        p = p.Select(t => (double[])t.Clone()).ToArray();
        var m = p.Select(t => new double[t.Length]).ToArray();
        var v = p.Select(t => new double[t.Length]).ToArray();
        for (int t = 1; t <= steps; t++)
        {
            double lr = rate(t - 1);
            var g = gradient(t);
            for (int i = 0; i < p.Length; i++)
            {
                double norm = Math.Sqrt(g[i].Sum(x => x * x));
                double scale = clip / Math.Max(norm, clip);
                double alpha = lr * Math.Sqrt(1 - Math.Pow(0.999, t)) / (1 - Math.Pow(0.9, t));
                for (int k = 0; k < p[i].Length; k++)
                {
                    double gk = g[i][k] * scale;
                    p[i][k] -= p[i][k] * wd * lr;
                    m[i][k] += (gk - m[i][k]) * (1 - 0.9);
                    v[i][k] += (gk * gk - v[i][k]) * (1 - 0.999);
                    p[i][k] -= m[i][k] * alpha / (Math.Sqrt(v[i][k]) + 1e-7);
                }
            }
        }
        return p;
    }

    private static double[][] Gradient(int t) =>
        [Enumerable.Range(0, 7).Select(k => Math.Sin(1.3 * k + 0.7 * t) * (1 + k)).ToArray(), [0.3 * t - 1, 2.5]];

    [Fact]
    public void AdamW_with_clipping_and_a_schedule_matches_the_double_reference()
    {
        double[][] p0 = [Enumerable.Range(0, 7).Select(k => 1.5 - 0.4 * k).ToArray(), [0.25, -2]];
        // Independent cosine warmup: 0 → 0.05 over 3 steps, then cosine over 6.
        static double Rate(long s) => s < 3 ? 0.05 * s / 3 : 0.05 * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(s - 3, 6) / 6.0));
        var optimizer = new AdamW(WeightDecay: 0.2) with { ClipNorm = 1.5, Schedule = new CosineDecay(0, 6, WarmupTarget: 0.05, WarmupSteps: 3) };
        var expected = ReferenceAdamW(p0, Gradient, 10, Rate, wd: 0.2, clip: 1.5);

        var parameters = Tree(p0);
        var state = optimizer.Init(parameters);
        for (int t = 1; t <= 10; t++) (parameters, state) = optimizer.Update(Tree(Gradient(t)), state, parameters);
        var actual = Values(parameters);
        for (int i = 0; i < expected.Length; i++)
            for (int k = 0; k < expected[i].Length; k++)
                Assert.True(Math.Abs(expected[i][k] - actual[i][k]) <= 1e-13, $"tensor {i}, element {k}: expected {expected[i][k]:R}, got {actual[i][k]:R}");
        Assert.True(Math.Abs(actual[0][0] - p0[0][0]) > 1e-3); // it moved
    }

    [Fact]
    public void Weight_decay_is_decoupled_from_the_gradient()
    {
        // A zero gradient leaves Adam's rule at rest: only the decay moves p, by p·wd·lr.
        var adamw = new AdamW(LearningRate: 0.1, WeightDecay: 0.5);
        var p = OneSgdStep(adamw, [[2.0]], [[0.0]]);
        Assert.Equal(2.0 - 2.0 * 0.5 * 0.1, p[0][0], 15);
        Assert.Equal(0.004, new AdamW().WeightDecay);
        Assert.Equal(0.001, new AdamW().LearningRate);
    }

    [Fact]
    public void A_chain_is_the_named_optimizer()
    {
        Assert.Equal(new Adam(0.01), Optimizers.Chain(new ScaleByAdam(), new ScaleByLearningRate(0.01)));
        Assert.Equal(new AdamW(0.01, 0.1), Optimizers.Chain(new DecayWeights(0.1), new ScaleByAdam(), new ScaleByLearningRate(0.01)));
        Assert.Equal(new Sgd(0.1, 0.9, true) with { ClipNorm = 1 },
            Optimizers.Chain(new ClipByNorm(1), new ScaleBySgd(0.9, true), new ScaleByLearningRate(0.1)));
        var schedule = new ExponentialDecay(0.1, 100, 0.9);
        Assert.Equal(new RmsProp(0.1) with { GlobalClipNorm = 2, Schedule = schedule },
            Optimizers.Chain(new ClipByGlobalNorm(2), new ScaleByRms(), new ScaleByLearningRate(schedule)));
    }

    public static TheoryData<Optimizer> Named() =>
    [
        new Adam(0.02, 0.8), new AdamW(0.003, 0.01) with { ClipNorm = 3 }, new Sgd(0.5, 0.9) with { GlobalClipNorm = 1, WeightDecay = 0.01 },
        new RmsProp(0.01, Centered: true) with { Schedule = new InverseTimeDecay(0.01, 10, 0.5) },
    ];

    [Theory]
    [MemberData(nameof(Named))]
    public void An_optimizer_round_trips_through_its_chain(Optimizer optimizer) =>
        Assert.Equal(optimizer, Optimizers.Chain([.. Optimizers.AsChain(optimizer)]));

    [Fact]
    public void A_chain_out_of_Keras_order_is_refused_naming_the_link()
    {
        var e = Assert.Throws<ArgumentException>(() => Optimizers.Chain(new ScaleByAdam(), new ClipByNorm(1), new ScaleByLearningRate(0.1)));
        Assert.Contains("link 1", e.Message);
        Assert.Contains("ScaleByAdam, ClipByNorm, ScaleByLearningRate", e.Message);
        Assert.Throws<ArgumentException>(() => Optimizers.Chain(new ScaleByAdam()));
    }

    [Fact]
    public void Bad_settings_are_refused_by_name()
    {
        Assert.Contains("ClipNorm", Assert.Throws<ArgumentException>(() => new Adam() with { ClipNorm = 0 }).Message);
        Assert.Contains("GlobalClipNorm", Assert.Throws<ArgumentException>(() => new Adam() with { GlobalClipNorm = double.NaN }).Message);
        Assert.Contains("WeightDecay", Assert.Throws<ArgumentException>(() => new Sgd() with { WeightDecay = -1 }).Message);
        // Both clippings: refused when used (Keras refuses them together).
        var both = new Sgd() with { ClipNorm = 1, GlobalClipNorm = 1 };
        var p = Tree([1.0]);
        Assert.Contains("only one", Assert.Throws<ArgumentException>(() => both.Update(p, both.Init(p), p)).Message);
        var x = Matrix<double>.Build.Dense(4, 1, 1.0);
        var model = Sequential.Build<double>([Layers.Input(1), Layers.Dense(1)], 1);
        Assert.Contains("only one", Assert.Throws<ArgumentException>(() => Training.Fit(model, both, Loss.MeanSquaredError, x, x)).Message);
    }
}
