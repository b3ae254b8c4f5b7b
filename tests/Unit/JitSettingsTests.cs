using System.Text.Json;

namespace Functional.Tests.Unit;

/// <summary>
/// The report and the benchmarks start their methods optimized (no quick tier-0 JIT): a tiny model's whole training run
/// is shorter than the runtime takes to promote hot loops to tier 1, so with quick JIT the lab's overfitting run took
/// 41 ms instead of 3 ms on an AMD EPYC (docs/benchmarks.md). The setting lives in each program's runtimeconfig.json,
/// which the build copies next to this test assembly; losing it from either project file fails here.
/// </summary>
public class JitSettingsTests
{
    [Theory]
    [InlineData("Functional.Reports")]
    [InlineData("Functional.Bench")]
    public void Programs_start_their_methods_optimized(string program)
    {
        var path = Path.Combine(AppContext.BaseDirectory, program + ".runtimeconfig.json");
        Assert.True(File.Exists(path), $"{path} is missing: the test project must reference {program}");
        using var config = JsonDocument.Parse(File.ReadAllBytes(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        Assert.True(properties.TryGetProperty("System.Runtime.TieredCompilation.QuickJit", out var quickJit),
            $"{path} does not set System.Runtime.TieredCompilation.QuickJit (TieredCompilationQuickJit in the project file)");
        Assert.False(quickJit.GetBoolean());
    }
}
