using Microsoft.Data.Analysis;

namespace Functional.Reports.Publishing;

/// <summary>
/// The static report of the neural-network lab: a header (when, where, with what) and one section per experiment.
/// Published by <see cref="ReportWriter.Publish(Report, string)"/> as <c>index.html</c>, <c>images/*.png</c>,
/// <c>tables/*.csv</c> and <c>report.json</c>.
/// </summary>
/// <param name="Title">The report's title (the page's <c>&lt;h1&gt;</c> and <c>&lt;title&gt;</c>).</param>
/// <param name="Header">When and where the experiments ran, and with which settings.</param>
/// <param name="Sections">The experiments, in page order; their <see cref="Section.Id"/>s are unique.</param>
public sealed record Report(string Title, ReportHeader Header, IReadOnlyList<Section> Sections)
{
    /// <summary>
    /// "How faithful is this report?": one row per notebook cell (what the report ran for it, and whether its data, model
    /// and settings are the cell's, with why where not), shown at the top of the page; null for none.
    /// </summary>
    public Table? Faithfulness { get; init; }

    /// <summary>Every table of the report: the faithfulness table, then each section's, in page order.</summary>
    public IEnumerable<Table> AllTables => (Faithfulness is null ? [] : new[] { Faithfulness }).Concat(Sections.SelectMany(s => s.AllTables));
}

/// <summary>The report's header block: date, machine, provider, versions and the run's settings.</summary>
/// <param name="Date">When the report was computed.</param>
/// <param name="Machine">The machine the experiments ran on (CPU, cores, OS…).</param>
/// <param name="Provider">The linear-algebra provider used (e.g. native OpenBLAS or managed).</param>
/// <param name="LibraryVersion">The version of the Functional library.</param>
/// <param name="Runtime">The .NET runtime (e.g. <c>.NET 10.0.0</c>).</param>
/// <param name="Settings">Seeds, modes and other settings, in display order (keys need not be unique).</param>
public sealed record ReportHeader(
    DateTimeOffset Date,
    string Machine,
    string Provider,
    string LibraryVersion,
    string Runtime,
    IReadOnlyList<KeyValuePair<string, string>> Settings);

/// <summary>
/// One part of the lab: the lab's question, the notebook's cell as written (its code, what was run, its plots), the
/// report's extensions, clearly apart, and what the data answer.
/// </summary>
/// <param name="Id">A unique identifier, used as the HTML anchor: letters, digits, <c>-</c> and <c>_</c> only.</param>
/// <param name="Title">The section's heading.</param>
/// <param name="Question">The lab's question, as the lab asks it.</param>
/// <param name="WhatWasRun">What was run of the cell as written (its data, model, settings).</param>
/// <param name="Figures">The cell's plots; figure file names are unique across the whole report.</param>
/// <param name="Tables">The cell's tables (its data); table names are unique across the whole report.</param>
/// <param name="Answers">The computed answers, each possibly compared with the lab's printed answer.</param>
/// <param name="RunTime">How long the experiment took.</param>
/// <param name="Notes">Remarks shown at the end of the section (caveats, deviations from the lab).</param>
public sealed record Section(
    string Id,
    string Title,
    string Question,
    string WhatWasRun,
    IReadOnlyList<Figure> Figures,
    IReadOnlyList<Table> Tables,
    IReadOnlyList<Answer> Answers,
    TimeSpan RunTime,
    IReadOnlyList<string> Notes)
{
    /// <summary>The notebook cell's code, verbatim (null when the section is not a cell of the notebook).</summary>
    public string? Cell { get; init; }

    /// <summary>Where the report departs from the cell on purpose: one sentence each, with the reason.</summary>
    public IReadOnlyList<string> Departures { get; init; } = [];

    /// <summary>The trained models the section publishes as ONNX files (<c>models/NAME.onnx</c>).</summary>
    public IReadOnlyList<PublishedModel> Models { get; init; } = [];

    /// <summary>The report's extensions of the cell (seeds with bands, grids, early stopping, the cost of a mistake), after it.</summary>
    public IReadOnlyList<Extension> Extensions { get; init; } = [];

    /// <summary>The rows this section adds to the report's "How faithful is this report?" table, one per notebook cell it runs.</summary>
    public IReadOnlyList<CellFidelity> Fidelity { get; init; } = [];

    /// <summary>The cell's figures, then each extension's.</summary>
    public IEnumerable<Figure> AllFigures => Figures.Concat(Extensions.SelectMany(e => e.Figures));

    /// <summary>The cell's tables, then each extension's.</summary>
    public IEnumerable<Table> AllTables => Tables.Concat(Extensions.SelectMany(e => e.Tables));
}

/// <summary>One of the report's extensions of a notebook cell: what it adds, what was run, its figures and tables.</summary>
/// <param name="Title">What the extension is ("Five seeds, with bands").</param>
/// <param name="WhatWasRun">What was computed.</param>
/// <param name="Figures">Its charts.</param>
/// <param name="Tables">Its tables.</param>
public sealed record Extension(string Title, string WhatWasRun, IReadOnlyList<Figure> Figures, IReadOnlyList<Table> Tables);

/// <summary>How faithfully the report runs one notebook cell.</summary>
/// <param name="Cell">The cell, as the notebook starts it (e.g. <c>np.random.seed(0); x = np.arange(0,10,0.1) …</c>).</param>
/// <param name="RanAs">What the report ran for it, and in which section.</param>
/// <param name="SameData">Whether the data are the cell's (numpy's, bit for bit).</param>
/// <param name="SameModel">Whether the model is the cell's (architecture, initializers, loss, optimizer).</param>
/// <param name="SameSettings">Whether epochs, batch size and learning rate are the cell's.</param>
/// <param name="Why">Where something differs, why; otherwise what to know.</param>
public sealed record CellFidelity(string Cell, string RanAs, bool SameData, bool SameModel, bool SameSettings, string Why);

/// <summary>A chart, already rendered to PNG, written to <c>images/<see cref="FileName"/></c>.</summary>
/// <param name="FileName">The file name under <c>images/</c>: ends in <c>.png</c>; letters, digits, <c>-</c>, <c>_</c>, <c>.</c> only.</param>
/// <param name="Png">The PNG bytes (must start with the PNG signature).</param>
/// <param name="Caption">The caption shown under the figure.</param>
/// <param name="AltText">The image's alternative text (what the chart shows, for screen readers).</param>
public sealed record Figure(string FileName, byte[] Png, string Caption, string AltText);

/// <summary>A table, shown as HTML and written exactly to <c>tables/<see cref="Name"/>.csv</c> and <c>report.json</c>.</summary>
/// <param name="Name">The CSV file stem: letters, digits, <c>-</c>, <c>_</c>, <c>.</c> only.</param>
/// <param name="Caption">The caption shown above the table.</param>
/// <param name="Frame">The data.</param>
/// <param name="HighlightColumn">
/// The name of a <see cref="bool"/> column of <see cref="Frame"/> whose true rows are emphasized
/// (e.g. the best learning rate), or <see langword="null"/>.
/// </param>
public sealed record Table(string Name, string Caption, DataFrame Frame, string? HighlightColumn = null);

/// <summary>A computed answer to one of the lab's questions, with the numbers behind it.</summary>
/// <param name="Question">The question answered.</param>
/// <param name="Text">The answer, in words.</param>
/// <param name="Numbers">The numbers behind the answer (name, value), in display order.</param>
/// <param name="LabSays">The lab's printed answer, or <see langword="null"/> when the lab prints none.</param>
/// <param name="AgreesWithLab">
/// Whether the data agree with <see cref="LabSays"/>; <see langword="false"/> shows a "differs from the lab" callout
/// with both answers; <see langword="null"/> when not compared.
/// </param>
public sealed record Answer(
    string Question,
    string Text,
    IReadOnlyList<KeyValuePair<string, double>> Numbers,
    string? LabSays = null,
    bool? AgreesWithLab = null);
