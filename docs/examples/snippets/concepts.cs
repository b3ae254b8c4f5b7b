// The ideas of docs/concepts.md, each in a region the page shows. Run: dotnet run docs/examples/snippets/concepts.cs
#:project ../../../src/Models/Models.csproj
using Functional.Core;
using Functional.Core.LinearAlgebra;
using Functional.Core.Random;
using Functional.Models;

var xs = Ranges.Arange(0, 10, 0.1);
var noise = new NumpyRandomState(0).Normal(xs.Count);
var x = MatrixData.Column<float>(xs);
var y = MatrixData.Column<float>(xs.Select((v, i) => 2 * v + 3 + noise[i]));
var adam = new Adam(LearningRate: 1);
var options = new FitOptions<float> { Epochs = 100, BatchSize = 100 };

// <immutable>
var model = Sequential.Create(seed: 0, Layers.Input(1), Layers.Dense(1));
var before = ModelFile.ToBytes(model);
var result = Training.Fit(model, adam, Loss.MeanSquaredError, x, y, options);
Console.WriteLine($"the model given to Fit is unchanged: {ModelFile.ToBytes(model).SequenceEqual(before)}");
Console.WriteLine($"the trained model is a new value: {!ReferenceEquals(result.Model, model)}, equal to it: {result.Model.Equals(model)}");
// </immutable>

// <epochs>
// Training.Epochs is the same run as a lazy sequence: nothing trains until it is enumerated, and stopping the
// enumeration stops training. Fit is the fold of this sequence into its last state.
var firstBelow = Training.Epochs(model, adam, Loss.MeanSquaredError, x, y, options with { Epochs = 1000 })
    .First(state => state.Log["loss"] < 1.05);
Console.WriteLine($"loss first below 1.05 after epoch {firstBelow.Epoch} ({firstBelow.Log})");
// </epochs>

// <determinism>
var again = Training.Fit(model, adam, Loss.MeanSquaredError, x, y, options);
Console.WriteLine($"same seed, same run, bit for bit: {again.Model.Equals(result.Model) && again.History.Equals(result.History)}");
var reshuffled = Training.Fit(model, adam, Loss.MeanSquaredError, x, y, options with { BatchSize = 10, Seed = 1 });
Console.WriteLine($"another shuffle seed gives another run: {!reshuffled.Model.Equals(result.Model)}");
// </determinism>

// <provider>
// Matrix products run on OpenBLAS when libopenblas.so.0 loads, else on MathNet's managed code. FUNCTIONAL_PROVIDER and
// FUNCTIONAL_BLAS_THREADS choose before the first product; Use switches in code.
Console.WriteLine($"products run on: {LinearAlgebraProviders.ActiveName}");
LinearAlgebraProviders.Use("managed");
var managed = Training.Fit(model, adam, Loss.MeanSquaredError, x, y, options);
Console.WriteLine($"managed provider: {LinearAlgebraProviders.ActiveName}, final loss {managed.History.Final():F6} vs {result.History.Final():F6}");
// </provider>

// <diagnostics>
// The library never writes to the console; notices and warnings go to Diagnostics. Subscribe to see them.
using (Diagnostics.Subscribe(d => Console.WriteLine($"diagnostic: {d}")))
{
    // Inputs far outside the range the model was trained on: the library says so.
    result.Model.Predict(MatrixData.Column<float>([1000.0, 2000.0]));
}
// </diagnostics>
