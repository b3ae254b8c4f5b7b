// Using your model elsewhere, in F#: export to ONNX and load it back. Run after a Release build:
// dotnet fsi docs/examples/snippets/elsewhere.fsx
#I "../../../src/Reports/bin/Release/net10.0"
#r "MathNet.Numerics.dll"
#r "Functional.Core.dll"
#r "Functional.Models.dll"
#r "Google.Protobuf.dll"
open System
open Functional.Core
open Functional.Models
open MathNet.Numerics.LinearAlgebra

let x = Matrix<float32>.Build.Dense(100, 1, fun i _ -> float32 i / 10.0f)
let y = x.Map(fun v -> log (v + 1.0f))
let model = Sequential.Create(0UL, Layers.Input 1, Layers.Dense(3, Activation.Tanh), Layers.Dense 1)
let trained = Training.Fit(model, Adam 0.05, Loss.MeanSquaredError, x, y, FitOptions<float32>(Epochs = 200, BatchSize = 10)).Model

// <roundtrip>
ModelFile.ExportOnnx(trained, "ln-fsharp.onnx")
let back = ModelFile.ImportOnnx<float32> "ln-fsharp.onnx"
printfn "%s" (back.Summary())
// </roundtrip>

if back.Predict(x) <> trained.Predict(x) then failwith "the imported model predicts differently"
IO.File.Delete "ln-fsharp.onnx"
printfn "Exported and imported: %d layers, the same predictions bit for bit." back.Layers.Count
