// Lab part 3 in F#. Run after a Release build: dotnet fsi docs/examples/snippets/lab03-hidden-layer.fsx
#I "../../../src/Reports/bin/Release/net10.0"
#r "MathNet.Numerics.dll"
#r "Functional.Core.dll"
#r "Functional.Models.dll"
open Functional.Core
open Functional.Core.Random
open Functional.Models

// One stream for both cells: the second does not re-seed, so its noise is the next 100 draws.
let random = NumpyRandomState 0L
let xs = Ranges.Arange(0.0, 10.0, 0.1)
let x = MatrixData.Column<float32> xs
let noisyLn () =
    let noise = random.Normal xs.Count
    xs |> Seq.mapi (fun i v -> log (v + 1.0) + noise[i] * 0.1) |> MatrixData.Column<float32>

let cells : (string * LayerSpec list * int) list =
    [ "Dense(1)", [ Layers.Input 1; Layers.Dense 1 ], 100
      "Dense(3, tanh), Dense(1)", [ Layers.Input 1; Layers.Dense(3, Activation.Tanh); Layers.Dense 1 ], 200 ]

for name, layers, batch in cells do
    let options = FitOptions<float32>(Epochs = 100, BatchSize = batch)
    let result = Sequential.Build<float32>(layers, 0UL).Fit(Adam(LearningRate = 0.1), Loss.MeanSquaredError, x, noisyLn (), options)
    printfn "%-24s final MSE %.4f" name (result.History.Final())
