// Inside the network in F#. Run after a Release build: dotnet fsi docs/examples/snippets/lab08-inside-the-network.fsx
#I "../../../src/Reports/bin/Release/net10.0"
#r "MathNet.Numerics.dll"
#r "Functional.Core.dll"
#r "Functional.Models.dll"
open Functional.Core
open Functional.Core.Data
open Functional.Core.Random
open Functional.Models

// Part 3's second cell (its noise is draws 101 to 200 of the stream), trained as the cell trains it.
let random = NumpyRandomState 0L
let xs = Ranges.Arange(0.0, 10.0, 0.1)
random.Normal xs.Count |> ignore
let noise = random.Normal xs.Count
let x = MatrixData.Column<float32> xs
let y = xs |> Seq.mapi (fun i v -> log (v + 1.0) + noise[i] * 0.1) |> MatrixData.Column<float32>
let cell = Sequential.Create(0UL, Layers.Input 1, Layers.Dense(3, Activation.Tanh), Layers.Dense 1)
let tanhModel = cell.Fit(Adam(LearningRate = 0.1), Loss.MeanSquaredError, x, y, FitOptions<float32>(Epochs = 100, BatchSize = 200)).Model

// prediction = b2 + Σᵢ w2ᵢ · tanh(w1ᵢ · x + b1ᵢ)
let hidden = tanhModel.Layers[0] :?> Dense<float32>
let output = tanhModel.Layers[1] :?> Dense<float32>
let contribution i (at: float) =
    float output.Kernel[i, 0] * tanh (float hidden.Kernel[0, i] * at + float hidden.Bias[0, i])
for at in [ 0.0; 2.5; 9.9 ] do
    let parts = [ for i in 0 .. 2 -> contribution i at ]
    let sum = float output.Bias[0, 0] + List.sum parts
    let model = tanhModel.Predict(MatrixData.Column<float32> [ at ])[0, 0]
    printfn "x = %g: units %s + bias %.3f = %.4f; model %.4f" at (parts |> List.map (sprintf "%.3f") |> String.concat " + ")
        output.Bias[0, 0] sum model

// The classifier's first layer, one column of 784 pixel weights per unit, and its least sure test digits.
let data = Mnist.Load()
let trainCount, testCount = 5_000, 1_000
let xTrain = data.Train.Images.SubMatrix(0, trainCount, 0, 784)
let yTrain = Labels.ToColumn<float32>(Seq.take trainCount data.Train.Labels |> Array.ofSeq)
let classifier =
    Sequential.Create(0UL, Layers.Input(28, 28), Layers.Flatten(), Layers.Dense(128, Activation.Relu), Layers.Dense(10, Activation.Softmax))
let trained = classifier.Fit(Adam(), Loss.SparseCategoricalCrossentropy(), xTrain, yTrain, FitOptions<float32>(Epochs = 2)).Model
let unit0 = (trained.Layers[1] :?> Dense<float32>).Kernel.Column 0
printfn "unit 0: weights from %.3f to %.3f" (unit0.Minimum()) (unit0.Maximum())

let probabilities = trained.Predict(data.Test.Images.SubMatrix(0, testCount, 0, 784))
[ for i in 0 .. testCount - 1 ->
    i, probabilities.Row i |> Seq.mapi (fun c p -> c, p) |> Seq.sortByDescending snd |> Seq.take 2 |> List.ofSeq ]
|> List.sortBy (fun (_, top) -> snd top[0])
|> List.take 3
|> List.iter (fun (index, top) ->
    let (c1, p1), (c2, p2) = top[0], top[1]
    printfn "test digit %d (label %d): %d %.0f%%, %d %.0f%%" index data.Test.Labels[index] c1 (100.0f * p1) c2 (100.0f * p2))
