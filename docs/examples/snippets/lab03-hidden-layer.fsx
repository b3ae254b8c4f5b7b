// Lab part 3 in F#. Run after a Release build: dotnet fsi docs/examples/snippets/lab03-hidden-layer.fsx
#I "../../../src/Reports/bin/Release/net10.0"
#r "MathNet.Numerics.dll"
#r "Functional.Core.dll"
#r "Functional.Models.dll"
open Functional.Core
open Functional.Core.Random
open Functional.Models

let xs = Ranges.Arange(0.0, 10.0, 0.1)
let noise = NumpyRandomState(0L).Normal xs.Count
let x = MatrixData.Column<float32> xs
let y = xs |> Seq.mapi (fun i v -> log (v + 1.0) + 0.1 * noise[i]) |> MatrixData.Column<float32>
let options = FitOptions<float32>(Epochs = 100, BatchSize = 10)

let models : (string * LayerSpec list) list =
    [ "linear", [ Layers.Input 1; Layers.Dense 1 ]
      "3 tanh units", [ Layers.Input 1; Layers.Dense(3, Activation.Tanh); Layers.Dense 1 ] ]

for name, layers in models do
    let result = Sequential.Build<float32>(layers, 0UL).Fit(Adam(LearningRate = 0.01), Loss.MeanSquaredError, x, y, options)
    printfn "%-13s final MSE %.4f" name (result.History.Final())
