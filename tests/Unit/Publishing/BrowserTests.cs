using Functional.Reports.Publishing;
using SkiaSharp;
using Xunit.Abstractions;

namespace Functional.Tests.Unit.Publishing;

/// <summary>
/// The published page in a real browser (headless Chromium): it renders to a non-blank screenshot, loads every image
/// from <c>images/</c> without file errors, and its DOM holds every section. Without a browser the test returns early,
/// unless <c>FUNCTIONAL_REQUIRE_BROWSER=1</c> (set by CI), where it fails. <c>FUNCTIONAL_SCREENSHOT_DIR</c> keeps a copy
/// of the screenshot for a human to look at.
/// </summary>
public class BrowserTests(ITestOutputHelper output)
{
    [Fact]
    public void PublishedReportRendersInHeadlessChromium()
    {
        var browser = HeadlessBrowser.Find();
        if (browser is null)
        {
            const string message = "No Chromium found (apt-get install chromium); the browser check did not run.";
            if (HeadlessBrowser.Required) Assert.Fail(message + " FUNCTIONAL_REQUIRE_BROWSER=1 requires it.");
            output.WriteLine(message);
            return;
        }

        var report = SampleReports.TwoSections();
        var directory = SampleReports.FreshOutputDirectory();
        try { Check(browser, report, directory); }
        finally { Directory.Delete(Path.GetDirectoryName(directory)!, recursive: true); }
    }

    private void Check(string browser, Report report, string directory)
    {
        ReportWriter.Publish(report, directory);
        var index = Path.Combine(directory, "index.html");
        var screenshot = Path.Combine(Path.GetDirectoryName(directory)!, "screenshot.png");

        var shot = HeadlessBrowser.Screenshot(browser, index, screenshot, 1280, 2000);
        output.WriteLine($"{shot.Command}\n-> exit {shot.ExitCode} in {shot.Elapsed.TotalSeconds:0.00} s");
        Assert.True(shot.ExitCode == 0, $"chromium exited with {shot.ExitCode}:\n{shot.StdErr}");
        Assert.True(File.Exists(screenshot), $"chromium wrote no screenshot:\n{shot.StdErr}");
        var keep = Environment.GetEnvironmentVariable("FUNCTIONAL_SCREENSHOT_DIR");
        if (!string.IsNullOrEmpty(keep)) File.Copy(screenshot, Path.Combine(Directory.CreateDirectory(keep).FullName, "report.png"), overwrite: true);

        // Not blank: a real page has plenty of non-white pixels (text, table rules, the charts).
        using (var bitmap = SKBitmap.Decode(screenshot))
        {
            Assert.NotNull(bitmap);
            Assert.Equal(1280, bitmap.Width);
            long nonWhite = 0, colored = 0;
            for (int y = 0; y < bitmap.Height; y += 2)
                for (int x = 0; x < bitmap.Width; x += 2)
                {
                    var p = bitmap.GetPixel(x, y);
                    if (p.Red < 245 || p.Green < 245 || p.Blue < 245) nonWhite++;
                    if (Math.Max(p.Red, Math.Max(p.Green, p.Blue)) - Math.Min(p.Red, Math.Min(p.Green, p.Blue)) > 60) colored++;
                }
            long sampled = (long)((bitmap.Width + 1) / 2) * ((bitmap.Height + 1) / 2);
            output.WriteLine($"non-white pixels: {100.0 * nonWhite / sampled:0.0}%, colored: {100.0 * colored / sampled:0.00}%");
            Assert.True(nonWhite > sampled / 50, $"the screenshot is (almost) blank: {nonWhite} of {sampled} sampled pixels are not white");
            Assert.True(colored > 0, "the screenshot has no colored pixels (no chart, link or callout rendered)");
        }

        // Every image was requested from the file system, and nothing failed to load.
        foreach (var figure in report.Sections.SelectMany(s => s.Figures))
        {
            var url = new Uri(Path.Combine(directory, "images", figure.FileName)).AbsoluteUri;
            Assert.True(shot.StdErr.Contains(url), $"chromium never loaded {url}");
        }
        foreach (var failure in new[] { "ERR_FILE_NOT_FOUND", "Failed to load", "ERR_ACCESS_DENIED", "Not allowed to load local resource" })
            Assert.False(shot.StdErr.Contains(failure), $"chromium reported '{failure}':\n{shot.StdErr}");

        // The DOM as the browser parsed it holds every section, image and the disagreement callout.
        var dom = HeadlessBrowser.DumpDom(browser, index);
        output.WriteLine($"--dump-dom: exit {dom.ExitCode} in {dom.Elapsed.TotalSeconds:0.00} s, {dom.StdOut.Length} characters");
        Assert.Equal(0, dom.ExitCode);
        foreach (var section in report.Sections) Assert.Contains($"<section id=\"{section.Id}\">", dom.StdOut);
        foreach (var figure in report.Sections.SelectMany(s => s.Figures)) Assert.Contains($"src=\"images/{figure.FileName}\"", dom.StdOut);
        Assert.Contains("Differs from the lab", dom.StdOut);
    }
}
