using Functional.Core;
using Functional.Models;
using MathNet.Numerics.LinearAlgebra;

namespace Functional.Tests.Unit;

/// <summary>
/// Sgd, Adam and RmsProp against (1) an independent scalar reference written in double from the Keras 3 formulas,
/// (2) numbers worked out by hand, (3) the expected values that Keras' own tests and docstrings state
/// (keras/src/optimizers/*_test.py, rmsprop.py), and their contracts: purity, shapes, steps, hyperparameter checks.
/// </summary>
public class OptimizerTests
{
    // ---- A small two-layer tree: Dense 2→3 (kernel 2x3, bias 1x3), Dense 3→1 (kernel 3x1, bias 1x1). ----

    private static readonly (int Rows, int Columns)[][] Shapes = [[(2, 3), (1, 3)], [(3, 1), (1, 1)]];

    private static int TotalCount => Shapes.SelectMany(l => l).Sum(s => s.Rows * s.Columns);

    /// <summary>A tree of <see cref="Shapes"/> whose leaves, concatenated in column-major order, are <paramref name="flat"/>.</summary>
    private static ParameterTree<T> Tree<T>(double[] flat) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int offset = 0;
        var layers = new List<IReadOnlyList<Matrix<T>>>();
        foreach (var layer in Shapes)
        {
            var tensors = new List<Matrix<T>>();
            foreach (var (rows, columns) in layer)
            {
                var data = flat.Skip(offset).Take(rows * columns).Select(T.CreateChecked).ToArray();
                tensors.Add(MatrixData.Wrap(rows, columns, data));
                offset += rows * columns;
            }
            layers.Add(tensors);
        }
        Assert.Equal(flat.Length, offset);
        return new ParameterTree<T>(layers);
    }

    /// <summary>The leaves concatenated in column-major order, as doubles.</summary>
    private static double[] Flat<T>(ParameterTree<T> tree) where T : unmanaged, IFloatingPointIeee754<T> =>
        tree.Leaves.SelectMany(m => MatrixData.ColumnMajor(m)).Select(double.CreateChecked).ToArray();

    private static ParameterTree<T> DeepCopy<T>(ParameterTree<T> tree) where T : unmanaged, IFloatingPointIeee754<T> =>
        tree.Map(m => m.Clone());

    private static double[] InitialParameters() =>
        Enumerable.Range(0, TotalCount).Select(k => 0.5 - 0.37 * k + 0.05 * k * k).ToArray();

    /// <summary>The gradient of step t (1-based): varies in sign and size across elements and steps.</summary>
    private static double[] Gradient(int t) =>
        Enumerable.Range(0, TotalCount).Select(k => Math.Sin(1.7 * k + 1.3 * t) * (1 + 0.25 * k) + 0.1).ToArray();

    // ---- The independent reference: one scalar loop per optimizer, in double, written from the Keras formulas. ----

    /// <summary>Reference state over the concatenated elements: parameters and named slots (all double).</summary>
    private sealed class Reference(Optimizer optimizer, double[] parameters)
    {
        public double[] P { get; } = (double[])parameters.Clone();
        public double[] M { get; } = new double[parameters.Length];   // Adam m / SGD velocity / RMSprop momentum
        public double[] V { get; } = new double[parameters.Length];   // Adam v / RMSprop velocity
        public double[] A { get; } = new double[parameters.Length];   // RMSprop average_gradient
        public long Iterations { get; private set; }

        public void Step(double[] g)
        {
            long t = Iterations + 1;
            for (int k = 0; k < P.Length; k++)
            {
                switch (optimizer)
                {
                    case Sgd s when s.Momentum == 0:
                        P[k] -= g[k] * s.LearningRate;
                        break;
                    case Sgd s:
                        M[k] = M[k] * s.Momentum - g[k] * s.LearningRate;
                        P[k] += s.Nesterov ? M[k] * s.Momentum - g[k] * s.LearningRate : M[k];
                        break;
                    case Adam a:
                        double alpha = a.LearningRate * Math.Sqrt(1 - Math.Pow(a.Beta2, t)) / (1 - Math.Pow(a.Beta1, t));
                        M[k] += (g[k] - M[k]) * (1 - a.Beta1);
                        V[k] += (g[k] * g[k] - V[k]) * (1 - a.Beta2);
                        P[k] -= M[k] * alpha / (Math.Sqrt(V[k]) + a.Epsilon);
                        break;
                    case RmsProp r:
                        V[k] = r.Rho * V[k] + (1 - r.Rho) * g[k] * g[k];
                        double denominator;
                        if (r.Centered)
                        {
                            A[k] = r.Rho * A[k] + (1 - r.Rho) * g[k];
                            denominator = V[k] - A[k] * A[k] + r.Epsilon;
                        }
                        else
                        {
                            denominator = V[k] + r.Epsilon;
                        }
                        double increment = r.LearningRate * g[k] / Math.Sqrt(denominator);
                        if (r.Momentum > 0)
                        {
                            M[k] = r.Momentum * M[k] + increment;
                            P[k] -= M[k];
                        }
                        else
                        {
                            P[k] -= increment;
                        }
                        break;
                    default:
                        throw new InvalidOperationException(optimizer.ToString());
                }
            }
            Iterations = t;
        }

        /// <summary>The slots by the names the optimizer documents, in its order.</summary>
        public (string Name, double[] Values)[] Slots() => optimizer switch
        {
            Sgd s => s.Momentum == 0 ? [] : [("momentum", M)],
            Adam => [("m", M), ("v", V)],
            RmsProp r => [("velocity", V), .. r.Momentum > 0 ? new[] { ("momentum", M) } : [], .. r.Centered ? new[] { ("average_gradient", A) } : []],
            _ => throw new InvalidOperationException(),
        };
    }

    public static TheoryData<string, Optimizer> Configurations() => new()
    {
        { "sgd", new Sgd(LearningRate: 0.05) },
        { "sgd momentum", new Sgd(LearningRate: 0.05, Momentum: 0.9) },
        { "sgd nesterov", new Sgd(LearningRate: 0.05, Momentum: 0.9, Nesterov: true) },
        { "adam defaults", new Adam() },
        { "adam", new Adam(LearningRate: 0.02, Beta1: 0.8, Beta2: 0.95, Epsilon: 1e-3) },
        { "rmsprop", new RmsProp(LearningRate: 0.01) },
        { "rmsprop momentum", new RmsProp(LearningRate: 0.01, Momentum: 0.5) },
        { "rmsprop centered", new RmsProp(LearningRate: 0.01, Centered: true) },
        { "rmsprop centered momentum", new RmsProp(LearningRate: 0.01, Rho: 0.8, Momentum: 0.7, Centered: true) },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Matches_the_scalar_reference_over_several_steps_in_double(string label, Optimizer optimizer) =>
        MatchesReference<double>(label, optimizer, steps: 5, tolerance: 1e-12);

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Matches_the_scalar_reference_over_several_steps_in_float(string label, Optimizer optimizer) =>
        MatchesReference<float>(label, optimizer, steps: 5, tolerance: 2e-5);

    private static void MatchesReference<T>(string label, Optimizer optimizer, int steps, double tolerance)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var p0 = InitialParameters();
        var reference = new Reference(optimizer, p0);
        var parameters = Tree<T>(p0);
        var state = optimizer.Init(parameters);
        for (int t = 1; t <= steps; t++)
        {
            var g = Gradient(t);
            reference.Step(g);
            (parameters, state) = optimizer.Update(Tree<T>(g), state, parameters);

            Assert.Equal(t, state.Step);
            AssertClose(reference.P, Flat(parameters), tolerance, $"{label} parameters, step {t}");
            var expectedSlots = reference.Slots();
            Assert.Equal(expectedSlots.Select(s => s.Name), state.Slots.Select(s => s.Name));
            Assert.Equal(expectedSlots.Select(s => s.Name), optimizer.SlotNames);
            foreach (var (name, values) in expectedSlots)
                AssertClose(values, Flat(state[name]), tolerance, $"{label} slot {name}, step {t}");
        }
        // The parameters really moved (the comparison above is not vacuous).
        Assert.True(p0.Zip(reference.P).Any(x => Math.Abs(x.First - x.Second) > 1e-4), label);
    }

    private static void AssertClose(double[] expected, double[] actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            double error = Math.Abs(expected[k] - actual[k]) / Math.Max(1, Math.Abs(expected[k]));
            Assert.True(error <= tolerance, $"{what}, element {k}: expected {expected[k]:R}, got {actual[k]:R} (error {error:E2}).");
        }
    }

    // ---- Numbers worked out by hand. ----

    [Fact]
    public void Adam_first_two_steps_on_a_scalar_match_hand_computed_values()
    {
        // Adam defaults (lr 1e-3, β1 0.9, β2 0.999, ε 1e-7), p0 = 1, g1 = 0.5, g2 = -0.25.
        // Step 1: alpha = 1e-3·√(1 − 0.999)/(1 − 0.9) = 1e-3·0.0316227766/0.1 = 3.16227766e-4
        //         m = 0 + (0.5 − 0)·0.1 = 0.05;  v = 0 + (0.25 − 0)·0.001 = 2.5e-4;  √v = 0.0158113883
        //         Δ = 0.05·3.16227766e-4 / (0.0158113883 + 1e-7) = 1.58113883e-5 / 0.0158114883
        //           = 1e-3·(1 − 1e-7/0.0158114883) = 1e-3·(1 − 6.3245e-6) = 9.99993675e-4
        //         p1 = 1 − 9.99993675e-4 = 0.999000006325
        // Step 2: alpha = 1e-3·√(1 − 0.998001)/(1 − 0.81) = 1e-3·0.0447101778/0.19 = 2.35316725e-4
        //         m = 0.05 + (−0.25 − 0.05)·0.1 = 0.02;  v = 2.5e-4 + (0.0625 − 2.5e-4)·0.001 = 3.1225e-4;  √v = 0.0176705970
        //         Δ = 0.02·2.35316725e-4 / (0.0176705970 + 1e-7) = 4.7063345e-6 / 0.0176706970 = 2.66335532e-4
        //         p2 = 0.999000006325 − 0.000266335532 = 0.998733670793
        var adam = new Adam();
        var p = new ParameterTree<double>([[Matrix<double>.Build.Dense(1, 1, 1.0)]]);
        var state = adam.Init(p);

        var first = adam.Update(new ParameterTree<double>([[Matrix<double>.Build.Dense(1, 1, 0.5)]]), state, p);
        Assert.Equal(0.999000006325, first.Parameters.Layers[0][0][0, 0], 11);
        Assert.Equal(0.05, first.State["m"].Layers[0][0][0, 0], 14);
        Assert.Equal(2.5e-4, first.State["v"].Layers[0][0][0, 0], 14);

        var second = adam.Update(new ParameterTree<double>([[Matrix<double>.Build.Dense(1, 1, -0.25)]]), first.State, first.Parameters);
        Assert.Equal(0.998733670793, second.Parameters.Layers[0][0][0, 0], 11);
        Assert.Equal(0.02, second.State["m"].Layers[0][0][0, 0], 14);
        Assert.Equal(3.1225e-4, second.State["v"].Layers[0][0][0, 0], 14);
        Assert.Equal(2, second.State.Step);
    }

    // ---- Expected values stated in Keras' own tests and docstrings (float32 there; their tolerances here). ----

    private static ParameterTree<float> Vector(params float[] values) =>
        new([[MatrixData.Wrap(1, values.Length, values)]]);

    private static float[] Values(ParameterTree<float> tree) => MatrixData.ColumnMajor(tree.Layers[0][0]).ToArray();

    private static void AssertAllClose(double[] expected, float[] actual, double rtol, double atol)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
            Assert.True(Math.Abs(actual[k] - expected[k]) <= atol + rtol * Math.Abs(expected[k]),
                $"element {k}: expected {expected[k]}, got {actual[k]}");
    }

    [Fact]
    public void Single_steps_match_the_values_in_Keras_tests()
    {
        // keras/src/optimizers/{sgd,adam,rmsprop}_test.py test_single_step:
        // learning_rate=0.5, grads [1, 6, 7, 2], vars [1, 2, 3, 4], assertAllClose(rtol=1e-4, atol=1e-4).
        var grads = Vector(1, 6, 7, 2);
        var vars = Vector(1, 2, 3, 4);
        foreach (var (optimizer, expected) in new (Optimizer, double[])[]
        {
            (new Sgd(LearningRate: 0.5), [0.5, -1.0, -0.5, 3.0]),
            (new Adam(LearningRate: 0.5), [0.5, 1.5, 2.5, 3.5]),
            (new RmsProp(LearningRate: 0.5), [-0.5811, 0.4189, 1.4189, 2.4189]),
        })
        {
            var update = optimizer.Update(grads, optimizer.Init(vars), vars);
            AssertAllClose(expected, Values(update.Parameters), 1e-4, 1e-4);
        }
    }

    [Fact]
    public void Golden_trajectories_match_Keras_tests()
    {
        // keras/src/optimizers/*_test.py test_correctness_with_golden: x = ones(10); one step with grads 0.01, then
        // x is compared (rtol=5e-4, atol=5e-4) with golden[i] before each further step with grads arange(0.1, 1.1, 0.1).
        // Adam's golden uses amsgrad=True; with these gradients v never decreases (after the first step every g² is at
        // least the first g², and v stays a weighted average of the g² seen, below the current g²), so
        // v_hat = max(v_hat, v) = v and plain Adam follows the same trajectory.
        double[] Row(params double[] r) => r;
        double[][] Tile(params double[] columnValues) => columnValues.Select(v => Enumerable.Repeat(v, 10).ToArray()).ToArray();
        var cases = new (Optimizer Optimizer, double[][] Golden)[]
        {
            (new Sgd(Nesterov: true), [
                Row(0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999),
                Row(0.9989, 0.9979, 0.9969, 0.9959, 0.9949, 0.9939, 0.9929, 0.9919, 0.9909, 0.9899),
                Row(0.9979, 0.9959, 0.9939, 0.9919, 0.9899, 0.9879, 0.9859, 0.9839, 0.9819, 0.9799),
                Row(0.9969, 0.9939, 0.9909, 0.9879, 0.9849, 0.9819, 0.9789, 0.9759, 0.9729, 0.9699),
                Row(0.9959, 0.9919, 0.9879, 0.9839, 0.9799, 0.9759, 0.9719, 0.9679, 0.9639, 0.9599)]),
            (new Adam(), Tile(0.999, 0.9982, 0.9974, 0.9965, 0.9955)),
            (new RmsProp(Centered: true), Tile(0.9967, 0.9933, 0.9908, 0.9885, 0.9864)),
        };
        var firstGrads = Vector(Enumerable.Repeat(0.01f, 10).ToArray());
        var grads = Vector(Enumerable.Range(1, 10).Select(i => i / 10f).ToArray());
        foreach (var (optimizer, golden) in cases)
        {
            var x = Vector(Enumerable.Repeat(1f, 10).ToArray());
            var (parameters, state) = optimizer.Update(firstGrads, optimizer.Init(x), x);
            for (int i = 0; i < 5; i++)
            {
                AssertAllClose(golden[i], Values(parameters), 5e-4, 5e-4);
                (parameters, state) = optimizer.Update(grads, state, parameters);
            }
        }
    }

    [Fact]
    public void RmsProp_matches_the_Keras_docstring_example()
    {
        // keras/src/optimizers/rmsprop.py docstring: RMSprop(learning_rate=0.1), var1 = 10.0, loss = var1²/2
        // (gradient = var1), one minimize step, then var1 is shown as 9.683772.
        var optimizer = new RmsProp(LearningRate: 0.1);
        var var1 = Vector(10f);
        var update = optimizer.Update(var1, optimizer.Init(var1), var1);
        AssertAllClose([9.683772], Values(update.Parameters), 0, 1e-6);
    }

    // ---- Contracts. ----

    public static TheoryData<Optimizer, int> SlotCounts() => new()
    {
        { new Sgd(), 0 },
        { new Sgd(Momentum: 0.9), 1 },
        { new Sgd(Momentum: 0.9, Nesterov: true), 1 },
        { new Adam(), 2 },
        { new RmsProp(), 1 },
        { new RmsProp(Momentum: 0.9), 2 },
        { new RmsProp(Centered: true), 2 },
        { new RmsProp(Momentum: 0.9, Centered: true), 3 },
    };

    [Theory]
    [MemberData(nameof(SlotCounts))]
    public void Init_gives_step_zero_and_zero_slots_shaped_like_the_parameters(Optimizer optimizer, int slots)
    {
        var parameters = Tree<double>(InitialParameters());
        var state = optimizer.Init(parameters);
        Assert.Equal(0, state.Step);
        Assert.Equal(slots, state.Slots.Count);
        foreach (var slot in state.Slots)
        {
            parameters.RequireSameShape(slot.Values, "slot");
            Assert.All(Flat(slot.Values), v => Assert.Equal(0.0, v));
        }
    }

    [Theory]
    [MemberData(nameof(SlotCounts))]
    public void Update_changes_none_of_its_inputs_and_advances_the_step(Optimizer optimizer, int slots)
    {
        var parameters = Tree<double>(InitialParameters());
        var state = optimizer.Init(parameters);
        for (int t = 1; t <= 3; t++)
        {
            var gradients = Tree<double>(Gradient(t));
            var (parametersCopy, gradientsCopy) = (DeepCopy(parameters), DeepCopy(gradients));
            var stateCopy = new OptimizerState<double>(state.Step, state.Slots.Select(s => new OptimizerSlot<double>(s.Name, DeepCopy(s.Values))).ToArray());

            var update = optimizer.Update(gradients, state, parameters);

            Assert.Equal(parametersCopy, parameters);
            Assert.Equal(gradientsCopy, gradients);
            Assert.Equal(stateCopy, state);
            Assert.Equal(state.Step + 1, update.State.Step);
            Assert.Equal(slots, update.State.Slots.Count);
            Assert.NotEqual(parameters, update.Parameters);
            // New storage: no result tensor is an input tensor.
            Assert.DoesNotContain(update.Parameters.Leaves, m => parameters.Leaves.Contains(m, ReferenceEqualityComparer.Instance));
            (parameters, state) = update;
        }
        Assert.Equal(3, state.Step);
    }

    [Theory]
    [MemberData(nameof(SlotCounts))]
    public void Mismatched_shapes_are_rejected_naming_the_optimizer(Optimizer optimizer, int slots)
    {
        var parameters = Tree<double>(InitialParameters());
        var state = optimizer.Init(parameters);

        var wrongGradients = new ParameterTree<double>([[Matrix<double>.Build.Dense(2, 2), Matrix<double>.Build.Dense(1, 3)],
                                                        [Matrix<double>.Build.Dense(3, 1), Matrix<double>.Build.Dense(1, 1)]]);
        var e = Assert.Throws<ArgumentException>(() => optimizer.Update(wrongGradients, state, parameters));
        Assert.Contains(optimizer.Name, e.Message);
        Assert.Contains("gradients", e.Message);

        var fewerLayers = new ParameterTree<double>([parameters.Layers[0]]);
        e = Assert.Throws<ArgumentException>(() => optimizer.Update(fewerLayers, state, parameters));
        Assert.Contains(optimizer.Name, e.Message);

        if (slots > 0)
        {
            var otherState = optimizer.Init(wrongGradients);
            e = Assert.Throws<ArgumentException>(() => optimizer.Update(Tree<double>(Gradient(1)), otherState, parameters));
            Assert.Contains(optimizer.Name, e.Message);
            Assert.Contains("slot", e.Message);
        }

        var foreign = new OptimizerState<double>(0, Enumerable.Range(0, slots + 1).Select(k => new OptimizerSlot<double>($"s{k}",
            parameters.ZerosLike())).ToArray());
        e = Assert.Throws<ArgumentException>(() => optimizer.Update(Tree<double>(Gradient(1)), foreign, parameters));
        Assert.Contains(optimizer.Name, e.Message);
        Assert.Contains("s0", e.Message); // the slots it was given, by name

        // The right number of slots under other names is someone else's state too.
        if (slots > 0)
        {
            var renamed = new OptimizerState<double>(0, state.Slots.Select(s => s with { Name = s.Name + "_other" }).ToArray());
            e = Assert.Throws<ArgumentException>(() => optimizer.Update(Tree<double>(Gradient(1)), renamed, parameters));
            Assert.Contains(state.Slots[0].Name + "_other", e.Message);
        }
    }

    [Fact]
    public void A_state_from_another_optimizer_is_rejected()
    {
        var parameters = Tree<double>(InitialParameters());
        var e = Assert.Throws<ArgumentException>(() => new Adam().Update(Tree<double>(Gradient(1)), new Sgd().Init(parameters), parameters));
        Assert.Contains("Adam", e.Message);
        Assert.Contains("2", e.Message);
    }

    public static TheoryData<string, Func<Optimizer>, string> InvalidHyperparameters() => new()
    {
        { "Sgd", () => new Sgd(LearningRate: 0), "LearningRate" },
        { "Sgd", () => new Sgd(LearningRate: -0.1), "LearningRate" },
        { "Sgd", () => new Sgd(LearningRate: double.NaN), "LearningRate" },
        { "Sgd", () => new Sgd(LearningRate: double.PositiveInfinity), "LearningRate" },
        { "Sgd", () => new Sgd(Momentum: -0.1), "Momentum" },
        { "Sgd", () => new Sgd(Momentum: 1.5), "Momentum" },
        { "Sgd", () => new Sgd(Momentum: double.NaN), "Momentum" },
        { "Adam", () => new Adam(LearningRate: 0), "LearningRate" },
        { "Adam", () => new Adam(Beta1: 1), "Beta1" },
        { "Adam", () => new Adam(Beta1: -0.5), "Beta1" },
        { "Adam", () => new Adam(Beta2: 1), "Beta2" },
        { "Adam", () => new Adam(Beta2: 1.5), "Beta2" },
        { "Adam", () => new Adam(Epsilon: 0), "Epsilon" },
        { "Adam", () => new Adam(Epsilon: double.NaN), "Epsilon" },
        { "Adam", () => new Adam() with { Beta1 = 1 }, "Beta1" },
        { "Adam", () => new Adam() with { LearningRate = -1 }, "LearningRate" },
        { "RmsProp", () => new RmsProp(LearningRate: double.NaN), "LearningRate" },
        { "RmsProp", () => new RmsProp(Rho: -0.1), "Rho" },
        { "RmsProp", () => new RmsProp(Rho: 1.1), "Rho" },
        { "RmsProp", () => new RmsProp(Momentum: -0.1), "Momentum" },
        { "RmsProp", () => new RmsProp(Momentum: 2), "Momentum" },
        { "RmsProp", () => new RmsProp(Epsilon: 0), "Epsilon" },
        { "RmsProp", () => new RmsProp(Epsilon: -1e-7), "Epsilon" },
        { "RmsProp", () => new RmsProp() with { Rho = 2 }, "Rho" },
    };

    [Theory]
    [MemberData(nameof(InvalidHyperparameters))]
    public void Invalid_hyperparameters_are_rejected_naming_optimizer_and_value(string name, Func<Optimizer> make, string parameter)
    {
        var e = Assert.Throws<ArgumentException>(make);
        Assert.Contains(name, e.Message);
        Assert.Contains(parameter, e.Message);
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains("got", e.Message);
    }

    [Fact]
    public void Boundary_hyperparameters_that_Keras_accepts_are_accepted()
    {
        _ = new Sgd(Momentum: 1);
        _ = new RmsProp(Rho: 0, Momentum: 1);
        _ = new RmsProp(Rho: 1);
        _ = new Adam(Beta1: 0, Beta2: 0, Epsilon: 1e-12);
    }

    [Fact]
    public void Defaults_are_Keras_defaults_and_records_copy_with_with()
    {
        var sgd = new Sgd();
        Assert.Equal((0.01, 0.0, false), (sgd.LearningRate, sgd.Momentum, sgd.Nesterov));
        var adam = new Adam();
        Assert.Equal((0.001, 0.9, 0.999, 1e-7), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon));
        var rms = new RmsProp();
        Assert.Equal((0.001, 0.9, 0.0, 1e-7, false), (rms.LearningRate, rms.Rho, rms.Momentum, rms.Epsilon, rms.Centered));

        var faster = adam with { LearningRate = 0.01 };
        Assert.Equal(0.01, faster.LearningRate);
        Assert.Equal(0.001, adam.LearningRate);
        Assert.Equal(new Adam(LearningRate: 0.01), faster);
        Assert.NotEqual<Optimizer>(new Adam(), new RmsProp());
        Assert.Contains("Beta1 = 0.9", adam.ToString());
    }

    [Fact]
    public void State_is_a_value_with_a_readable_ToString()
    {
        var parameters = Tree<double>(InitialParameters());
        var adam = new Adam();
        var state = adam.Init(parameters);
        Assert.Equal("OptimizerState { Step = 0, Slots = m, v: ParameterTree[2x3, 1x3; 3x1, 1x1] }", state.ToString());
        Assert.Equal(state["v"], state.Slots[1].Values);
        Assert.Contains("it holds [m, v]", Assert.Throws<KeyNotFoundException>(() => state["velocity"]).Message);
        Assert.Equal("OptimizerState { Step = 0, Slots = none }", new Sgd().Init(parameters).ToString());
        Assert.Equal(state, adam.Init(parameters));
        Assert.NotEqual(state, state with { Step = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => state with { Step = -1 });
        Assert.Throws<ArgumentException>(() => new OptimizerState<double>(0, [new("m", parameters), new("v", new ParameterTree<double>([]))]));
        Assert.Throws<ArgumentException>(() => new OptimizerState<double>(0, [new("m", parameters), new("m", parameters)]));
        // The slot list is a copy: changing the caller's list does not change the state.
        var list = new List<OptimizerSlot<double>> { new("m", parameters) };
        var s = new OptimizerState<double>(0, list);
        list.Add(new("v", parameters));
        Assert.Single(s.Slots);
    }

    /// <summary>Adam's rule for one float element, scalar, as the class remarks state it (Keras' formula, flushed to zero).</summary>
    private static (float P, float M, float V) AdamScalar(float p, float g, float m, float v, float alpha, float c1, float c2, float eps)
    {
        float smallestNormal = BitConverter.Int32BitsToSingle(0x00800000); // 2^-126
        float Flush(float x) => MathF.Abs(x) < smallestNormal ? 0f : x;
        float mk = Flush(m + (g - m) * c1);
        float vk = Flush(v + (g * g - v) * c2);
        float step = Flush((float)((double)mk * alpha)) == 0 ? 0f : mk * alpha; // m·alpha, zero where it would be subnormal
        return (p - step / (MathF.Sqrt(vk) + eps), mk, vk);
    }

    [Fact]
    public void Adam_on_vector_lanes_gives_the_bits_of_the_scalar_float_formula()
    {
        // Adam's kernel runs on 512-bit lanes where the CPU has them, then Vector<T> lanes, then a padded last vector; it
        // must equal the scalar rule in float, operation for operation, for every element, including the tail, subnormal
        // inputs and moments that underflow. 45 = two 16-lane vectors, an 8-lane one and a tail of 5.
        const int n = 45;
        var random = new Random(5);
        float[] Draw(float scale) => Enumerable.Range(0, n).Select(i => (float)(random.NextDouble() * 2 - 1) * (i % 5 == 0 ? 1e-39f : i % 7 == 0
            ? 1e-35f : scale)).ToArray();
        float[] p = Draw(1), g = Draw(0.1f), m = Draw(0.01f), v = Draw(0.001f).Select(Math.Abs).ToArray();
        g[3] = 0; m[3] = 1.1e-38f;  // m decays below the smallest normal this step
        g[4] = 0; m[4] = 2e-36f;    // m stays normal but m·alpha would be subnormal
        Matrix<float> M(float[] a) => Matrix<float>.Build.Dense(n, 1, a);
        var adam = new Adam(0.01);
        var tree = (float[] a) => new ParameterTree<float>([[M(a)]]);
        var update = adam.Update(tree(g), new OptimizerState<float>(6, [new("m", tree(m)), new("v", tree(v))]), tree(p));
        double t = 7;
        float alpha = (float)(0.01 * Math.Sqrt(1 - Math.Pow(0.999, t)) / (1 - Math.Pow(0.9, t)));
        float c1 = (float)(1 - 0.9), c2 = (float)(1 - 0.999), eps = (float)1e-7;
        for (int k = 0; k < n; k++)
        {
            var (pk, mk, vk) = AdamScalar(p[k], g[k], m[k], v[k], alpha, c1, c2, eps);
            Assert.Equal(BitConverter.SingleToInt32Bits(mk), BitConverter.SingleToInt32Bits(update.State["m"].Layers[0][0][k, 0]));
            Assert.Equal(BitConverter.SingleToInt32Bits(vk), BitConverter.SingleToInt32Bits(update.State["v"].Layers[0][0][k, 0]));
            Assert.Equal(BitConverter.SingleToInt32Bits(pk), BitConverter.SingleToInt32Bits(update.Parameters.Layers[0][0][k, 0]));
        }
    }

    [Theory]
    [InlineData(512)]
    [InlineData(0)]
    public void Adam_rule_at_either_vector_width_gives_the_bits_of_the_scalar_float_formula(int bits)
    {
        // Each width's loop directly, whether or not this CPU runs it natively (Vector512 falls back to software, with the
        // same IEEE results): a wrong formula at the width this machine does not use would otherwise go unseen.
        const int n = 48;
        var random = new Random(11);
        float[] Draw(float scale) => Enumerable.Range(0, n).Select(i => (float)(random.NextDouble() * 2 - 1) * (i % 5 == 0 ? 1e-39f : scale)).ToArray();
        float[] p = Draw(1), g = Draw(0.1f), m = Draw(0.01f), v = Draw(0.001f).Select(Math.Abs).ToArray();
        g[3] = 0; m[3] = 1.1e-38f;
        g[4] = 0; m[4] = 2e-36f;
        float alpha = 0.004f, c1 = (float)(1 - 0.9), c2 = (float)(1 - 0.999), eps = (float)1e-7;
        var c = new Adam.Coefficients<float>(c1, c2, alpha, eps);
        float[] p2 = (float[])p.Clone(), m2 = (float[])m.Clone(), v2 = (float[])v.Clone();
        int done = bits == 512
            ? Adam.RuleLanes<System.Runtime.Intrinsics.Vector512<float>, Width512<float>, float>(c, p2, g, m2, v2)
            : Adam.RuleLanes<System.Numerics.Vector<float>, NativeWidth<float>, float>(c, p2, g, m2, v2);
        Assert.Equal(n, done);
        for (int k = 0; k < n; k++)
        {
            var (pk, mk, vk) = AdamScalar(p[k], g[k], m[k], v[k], alpha, c1, c2, eps);
            Assert.Equal(BitConverter.SingleToInt32Bits(mk), BitConverter.SingleToInt32Bits(m2[k]));
            Assert.Equal(BitConverter.SingleToInt32Bits(vk), BitConverter.SingleToInt32Bits(v2[k]));
            Assert.Equal(BitConverter.SingleToInt32Bits(pk), BitConverter.SingleToInt32Bits(p2[k]));
        }
    }

    [Fact]
    public void Adam_flushes_moments_that_fall_below_the_smallest_normal_to_zero_and_keeps_the_rest()
    {
        // g = 0: m decays by 1 − β1 = 0.1 a step. From 1.1e-38 (normal) it would become 9.9e-39 (subnormal): stored as 0.
        // From 1e-30 it stays normal and is kept; m·alpha (alpha ≈ 1e-3) is then 1e-33, normal, so the weight moves.
        var m = Matrix<float>.Build.Dense(3, 1, [1.1e-38f, 1e-30f, 0.5f]);
        var v = Matrix<float>.Build.Dense(3, 1, [1e-30f, 1e-30f, 0.25f]);
        var p = Matrix<float>.Build.Dense(3, 1, [1e-20f, 1e-20f, 1f]);
        var g = Matrix<float>.Build.Dense(3, 1, [0f, 0f, 0f]);
        ParameterTree<float> Tree(Matrix<float> a) => new([[a]]);
        var update = new Adam().Update(Tree(g), new OptimizerState<float>(100, [new("m", Tree(m)), new("v", Tree(v))]), Tree(p));
        var newM = update.State["m"].Layers[0][0];
        Assert.Equal(0f, newM[0, 0]);
        Assert.Equal(0.9e-30f, newM[1, 0], 1e-36f);
        Assert.True(float.IsNormal(update.State["v"].Layers[0][0][0, 0]));
        Assert.Equal(1e-20f, update.Parameters.Layers[0][0][0, 0]);    // m = 0: no step
        Assert.NotEqual(1e-20f, update.Parameters.Layers[0][0][1, 0]);  // a tiny but normal step is taken
        Assert.All(Enumerable.Range(0, 3), k => Assert.False(float.IsSubnormal(newM[k, 0])));
    }

    [Fact]
    public void Adam_takes_no_step_where_m_times_alpha_would_be_subnormal_but_keeps_m()
    {
        // m = 1e-36 is normal and kept (after decay, 0.9e-36); alpha ≈ 1e-3, so m·alpha ≈ 1e-39 would be subnormal: no step.
        var m = Matrix<float>.Build.Dense(1, 1, [1e-36f]);
        var v = Matrix<float>.Build.Dense(1, 1, [1e-30f]);
        var p = Matrix<float>.Build.Dense(1, 1, [1e-30f]);
        var g = Matrix<float>.Build.Dense(1, 1, [0f]);
        ParameterTree<float> Tree(Matrix<float> a) => new([[a]]);
        var update = new Adam().Update(Tree(g), new OptimizerState<float>(100, [new("m", Tree(m)), new("v", Tree(v))]), Tree(p));
        Assert.Equal(0.9e-36f, update.State["m"].Layers[0][0][0, 0], 1e-42f);
        Assert.Equal(1e-30f, update.Parameters.Layers[0][0][0, 0]);
    }

    public static TheoryData<string, Optimizer, int> DecayingSlots => new()
    {
        // (label, optimizer, slot index): with a zero gradient the slot decays by a factor below 1 each step.
        { "sgd momentum", new Sgd(0.01, Momentum: 0.9), 0 },
        { "sgd nesterov", new Sgd(0.01, Momentum: 0.9, Nesterov: true), 0 },
        { "rmsprop velocity", new RmsProp(), 0 },
        { "rmsprop momentum", new RmsProp(Momentum: 0.5), 1 },
        { "rmsprop centered average", new RmsProp(Centered: true), 1 },
        { "rmsprop centered momentum average", new RmsProp(Momentum: 0.5, Centered: true), 2 },
    };

    [Theory]
    [MemberData(nameof(DecayingSlots))]
    public void Slots_that_decay_below_the_smallest_normal_are_flushed_to_zero_and_normal_ones_kept(string label, Optimizer optimizer, int slot)
    {
        // Nine elements (a whole vector and a tail on any vector width), gradient 0: element 0's slot starts just above
        // 2^-126 and decays below it (stored as 0); element 1's starts at 1e-20 and stays normal (kept, decayed).
        const int n = 9;
        var zeros = Matrix<float>.Build.Dense(n, 1);
        var parameters = Matrix<float>.Build.Dense(n, 1, 1f);
        var slots = optimizer.SlotNames
            .Select((name, s) => (name, Matrix<float>.Build.Dense(n, 1, (i, _) => s != slot ? 0.5f : i == 0 ? 1.2e-38f : i == 1 ? 1e-20f : 0f)))
            .ToArray();
        ParameterTree<float> Tree(Matrix<float> a) => new([[a]]);
        var update = optimizer.Update(Tree(zeros), new OptimizerState<float>(3, slots.Select(s => new OptimizerSlot<float>(s.name,
            Tree(s.Item2))).ToArray()), Tree(parameters));
        var newSlot = update.State.Slots[slot].Values.Layers[0][0];
        Assert.True(newSlot[0, 0] == 0f, $"{label}: a slot decaying below 2^-126 should be 0, got {newSlot[0, 0]:R}");
        Assert.True(float.IsNormal(newSlot[1, 0]) && newSlot[1, 0] < 1e-20f, $"{label}: a normal slot should decay and stay normal, got {newSlot[1, 0]:R}");
        foreach (var tree in update.State.Slots)
            for (int k = 0; k < n; k++) Assert.False(float.IsSubnormal(tree.Values.Layers[0][0][k, 0]), $"{label}: subnormal slot value at {k}");
    }

    [Fact]
    public void Optimizer_messages_format_numbers_culture_invariantly()
    {
        // Hyperparameters out of range under de-DE: "got 1.5", not "got 1,5".
        Assert.Contains("got 1.5", CoreBadInputTests.MessageUnderGermanCulture(() => _ = new Adam(Beta1: 1.5)));
        Assert.Contains("got -0.5", CoreBadInputTests.MessageUnderGermanCulture(() => _ = new Sgd(LearningRate: -0.5)));
        Assert.Contains("got -2.5", CoreBadInputTests.MessageUnderGermanCulture(() => _ = new RmsProp(Epsilon: -2.5)));
    }
}
