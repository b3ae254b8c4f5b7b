// The lab's regression parts in F#: fit y = 2x + 3 + noise with one Dense unit and Adam, sweep the learning rate,
// pick the best by final loss, draw the sweep. Run after a Release build:
//   dotnet build Functional.sln -c Release && dotnet fsi docs/examples/lab.fsx [output-folder]
// Writes data.csv (the points) and learning-rate-sweep.png into the output folder (default artifacts/examples).
// The Reports build output holds the libraries and everything they need (MathNet, ScottPlot, SkiaSharp and its native
// libSkiaSharp under runtimes/<rid>/native). Name it with #I and reference by file name: fsi then finds the native
// library; a relative path in #r itself ("../../src/...") loads SkiaSharp.dll but not libSkiaSharp.
#I "../../src/Reports/bin/Release/net10.0"
#r "MathNet.Numerics.dll"
#r "Functional.Core.dll"
#r "Functional.Models.dll"
#r "SkiaSharp.dll"
#r "ScottPlot.dll"
#r "Functional.Reports.dll"

open System.IO
open Functional.Core
open Functional.Core.Random
open Functional.Models
open Functional.Reports.Charts

let outDir =
    match fsi.CommandLineArgs |> Array.tail with
    | [| dir |] -> dir
    | _ -> Path.Combine(__SOURCE_DIRECTORY__, "../../artifacts/examples")
Directory.CreateDirectory outDir |> ignore

// The notebook's data: np.random.seed(0); x = np.arange(0, 10, 0.1); y = 2x + 3 + np.random.normal(size=len(x)).
let xs = Ranges.Arange(0.0, 10.0, 0.1)
let noise = NumpyRandomState(0L).Normal xs.Count
let ys = xs |> Seq.mapi (fun i x -> 2.0 * x + 3.0 + noise[i]) |> Seq.toArray
let x = MatrixData.Column<float32> xs
let y = MatrixData.Column<float32> ys
File.WriteAllLines(Path.Combine(outDir, "data.csv"),
                   Seq.append [ "x,y" ] (Seq.map2 (sprintf "%.17g,%.17g") xs ys))

/// One training run of the sweep, as an F# record.
type Run = { Rate: float; Seed: uint64; Model: Model<float32>; Losses: float list }
    with member run.FinalLoss = List.last run.Losses

let layers : LayerSpec list = [ Layers.Input 1; Layers.Dense 1 ]
let options = FitOptions<float32>(Epochs = 100, BatchSize = 100)

let train rate seed =
    let result = Sequential.Build<float32>(layers, seed).Fit(Adam(LearningRate = rate), Loss.MeanSquaredError, x, y, options.With(Seed = seed))
    { Rate = rate; Seed = seed; Model = result.Model; Losses = List.ofSeq result.History.Loss }

let median values =
    let sorted = Array.sort (Array.ofSeq values)
    let n = sorted.Length
    if n % 2 = 1 then sorted[n / 2] else (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0

// The sweep, as the report runs it: 8 rates from 1e-5 to 1e2, five seeds each, 100 epochs of one batch of 100.
let seeds = [ 0UL .. 4UL ]
let sweep =
    Ranges.Logspace(-5.0, 2.0, 8)
    |> Seq.map (fun rate -> rate, seeds |> List.map (train rate))
    |> Seq.toList

let medianFinal (runs: Run list) =
    runs |> List.map _.FinalLoss |> List.map (fun l -> if System.Double.IsFinite l then l else infinity) |> median

for rate, runs in sweep do
    printfn "rate %-8g median final loss %.6g" rate (medianFinal runs)

let bestRate, bestRuns = sweep |> List.minBy (snd >> medianFinal)
printfn "best learning rate: %g" bestRate

// The fitted line of the best rate's first seed: y = kernel * x + bias.
let dense = bestRuns.Head.Model.Layers[0] :?> Dense<float32>
let slope, intercept = float dense.Kernel[0, 0], float dense.Bias[0, 0]
printfn "fitted slope: %.6f" slope
printfn "fitted intercept: %.6f" intercept
printfn "final loss: %.6f" bestRuns.Head.FinalLoss

// One chart: each rate's median loss per epoch, on a log axis.
let curves =
    [ for rate, runs in sweep ->
        let epochs = [ 1.0 .. 100.0 ]
        let medians = [ for e in 0 .. 99 -> runs |> List.map (fun r -> r.Losses[e]) |> median ]
        let keep = List.zip epochs medians |> List.filter (fun (_, l) -> System.Double.IsFinite l && l > 0.0 && l < 1e6)
        Series(sprintf "lr %g" rate, List.map fst keep, List.map snd keep) ]
let chart = LineChart("Learning-rate sweep: median loss over 5 seeds", Axis "epoch", Axis("loss (MSE)", AxisScale.Log10), curves)
let png = Path.Combine(outDir, "learning-rate-sweep.png")
File.WriteAllBytes(png, ChartRenderer.Render chart)
printfn "chart: %s (%d bytes)" (Path.GetFullPath png) (FileInfo(png).Length)
