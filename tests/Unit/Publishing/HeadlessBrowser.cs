using System.Diagnostics;

namespace Functional.Tests.Unit.Publishing;

/// <summary>
/// Runs a headless Chromium on a local page: finds the executable, takes screenshots and dumps the DOM, with an isolated
/// throw-away profile, no network services and a time limit. CI installs Debian's <c>chromium</c> and sets
/// <c>FUNCTIONAL_REQUIRE_BROWSER=1</c>, which turns a missing browser into a test failure instead of a skip.
/// </summary>
internal static class HeadlessBrowser
{
    /// <summary>The result of one browser run.</summary>
    public sealed record Result(string Command, int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed);

    /// <summary>True when the environment demands a browser (<c>FUNCTIONAL_REQUIRE_BROWSER=1</c>).</summary>
    public static bool Required => Environment.GetEnvironmentVariable("FUNCTIONAL_REQUIRE_BROWSER") == "1";

    /// <summary>The browser executable: <c>FUNCTIONAL_CHROMIUM</c> if set, else the first of chromium, chromium-browser, google-chrome on PATH; null
    /// if none.</summary>
    public static string? Find()
    {
        var explicitPath = Environment.GetEnvironmentVariable("FUNCTIONAL_CHROMIUM");
        if (!string.IsNullOrEmpty(explicitPath)) return File.Exists(explicitPath) ? explicitPath : null;
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var name in new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" })
            foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate)) return candidate;
            }
        return null;
    }

    /// <summary>
    /// Renders <paramref name="htmlFile"/> to <paramref name="pngFile"/> at the given window size. Verbose logging
    /// (<c>--enable-logging=stderr --v=1</c>) is on so that <see cref="Result.StdErr"/> lists every file the page loaded.
    /// </summary>
    public static Result Screenshot(string executable, string htmlFile, string pngFile, int width, int height, TimeSpan? timeout = null) =>
        Run(executable, [$"--screenshot={pngFile}", $"--window-size={width},{height}", "--hide-scrollbars",
            "--enable-logging=stderr", "--v=1", new Uri(htmlFile).AbsoluteUri], timeout ?? TimeSpan.FromSeconds(60));

    /// <summary>The DOM of <paramref name="htmlFile"/> after loading, serialized to HTML (in <see cref="Result.StdOut"/>).</summary>
    public static Result DumpDom(string executable, string htmlFile, TimeSpan? timeout = null) =>
        Run(executable, ["--dump-dom", new Uri(htmlFile).AbsoluteUri], timeout ?? TimeSpan.FromSeconds(60));

    /// <summary>Runs the browser headless with a fresh temporary profile and the quiet, offline flags, plus <paramref name="arguments"/>.</summary>
    public static Result Run(string executable, IReadOnlyList<string> arguments, TimeSpan timeout)
    {
        var profile = Directory.CreateTempSubdirectory("functional-chromium-").FullName;
        try
        {
            var info = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                         "--disable-component-update", "--disable-sync", "--disable-extensions", $"--user-data-dir={profile}" })
                info.ArgumentList.Add(a);
            foreach (var a in arguments) info.ArgumentList.Add(a);
            var command = executable + " " + string.Join(' ', info.ArgumentList);

            var clock = Stopwatch.StartNew();
            using var process = Process.Start(info) ?? throw new InvalidOperationException($"HeadlessBrowser: could not start '{executable}'.");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
                throw new TimeoutException($"HeadlessBrowser: '{command}' did not finish within {timeout.TotalSeconds} s.");
            }
            process.WaitForExit(); // flush the redirected streams
            return new Result(command, process.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
