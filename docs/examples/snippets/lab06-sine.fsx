// Lab part 6 (extra credit) in F#. Run after a Release build: dotnet fsi docs/examples/snippets/lab06-sine.fsx
#I "../../../src/Reports/bin/Release/net10.0"
#r "MathNet.Numerics.dll"
#r "Functional.Core.dll"
#r "Functional.Models.dll"
open Functional.Core
open Functional.Core.Random
open Functional.Models

let random = NumpyRandomState 0L
let sample (xs: float seq) (noise: float seq) =
    Dataset<float32>(MatrixData.Column<float32> xs, Seq.map2 (fun x n -> sin x + 0.1 * n) xs noise |> MatrixData.Column<float32>)
let xs = Ranges.Linspace(0.0, 5.0 * System.Math.PI, 1000)
let train = sample xs (random.Normal xs.Count)
let xv = random.RandomSample 100 |> Seq.map (fun r -> r * System.Math.PI * 5.0) |> Seq.toArray // np.random.random(100)*np.pi*5
let validation = sample xv (random.Normal 100)

type Candidate = { Depth: int; Activation: Activation }

let score candidate =
    let layers = [ yield Layers.Input 1 :> LayerSpec
                   for _ in 1 .. candidate.Depth -> Layers.Dense(32, candidate.Activation)
                   yield Layers.Dense 1 ]
    let options = FitOptions<float32>(Epochs = 100, BatchSize = 32, Validation = validation)
    Sequential.Build<float32>(layers, 0UL).Fit(Adam(LearningRate = 0.01), Loss.MeanSquaredError, train, options).History.Final "val_loss"

let candidates = [ for depth in [ 1; 2 ] do for activation in [ Activation.Tanh; Activation.Relu ] -> { Depth = depth; Activation = activation } ]
for r in Search.Grid(candidates, score) do
    printfn "%d. %d x 32 %O units: val MSE %.4f" r.Rank r.Config.Depth r.Config.Activation r.Score
