using Functional.Core.Data;
using Functional.Reports.Lab;
using Functional.Reports.Publishing;

namespace Functional.Tests.Unit.Lab;

/// <summary>
/// The lab report in quick mode, computed once for all the tests that read it, and published to a temporary folder.
/// MNIST is included when its files can be loaded; CI sets FUNCTIONAL_REQUIRE_MNIST=1 so a missing data set fails there.
/// </summary>
public sealed class QuickLabReport : IDisposable
{
    public QuickLabReport()
    {
        var experiments = LabParts.Ids.ToList();
        MnistSkipReason = null;
        try
        {
            Mnist.Load();
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("FUNCTIONAL_REQUIRE_MNIST") != "1" && e is IOException or InvalidDataException)
        {
            MnistSkipReason = "MNIST not available (" + e.Message + "); set FUNCTIONAL_REQUIRE_MNIST=1 to make this an error.";
            experiments.Remove("mnist");
            experiments.Remove("inside");
            experiments.Remove("cnn");
        }
        Report = LabReport.Run(LabParts.Select(experiments), new LabOptions { Quick = true });
        Directory = System.IO.Directory.CreateTempSubdirectory("functional-lab-report-").FullName;
        Output = Path.Combine(Directory, "report");
        ReportWriter.Publish(Report, Output);
    }

    public Report Report { get; }
    public string Directory { get; }
    public string Output { get; }
    public string? MnistSkipReason { get; }

    public Section Section(string id) => Report.Sections.Single(s => s.Id == id);

    public double Number(string sectionId, string name) =>
        Section(sectionId).Answers.SelectMany(a => a.Numbers).Single(n => n.Key == name).Value;

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
