using System.Diagnostics;
using System.Globalization;
using CrystalKernels.SelfCheck.Ilgpu;
using CrystalKernels.SelfCheck.Native;

namespace CrystalKernels.SelfCheck;

/// <summary>
/// Runs the GPU-vs-CPU checks without a test framework (the GPU machine has no .NET SDK): one line per check
/// ("PASS name (s)", "FAIL name: why", "SKIP name: CUDA unavailable: ..."), then the summary line.
/// </summary>
public static class SelfCheckRunner
{
    /// <summary>The suites for a target: the ILGPU comparisons on its accelerator; on CUDA also the native kernels and cuBLAS.</summary>
    public static IReadOnlyList<CheckSuite> Suites(SelfCheckTarget target) => target switch
    {
        SelfCheckTarget.Cpu => [new IlgpuSuite(SelfCheckTarget.Cpu)],
        SelfCheckTarget.Cuda => [new IlgpuSuite(SelfCheckTarget.Cuda), new NativeSuite()],
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "selfcheck: unknown target"),
    };

    /// <summary>Checks whose full name contains <paramref name="filter"/> (case-insensitive); all when null or empty.</summary>
    public static bool Selected(SelfCheckCase check, string? filter) =>
        string.IsNullOrEmpty(filter) || check.Name.Contains(filter, StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs the selected checks of every suite in order, disposing each suite after its checks.</summary>
    public static SelfCheckSummary Run(IReadOnlyList<CheckSuite> suites, string? filter, TextWriter output)
    {
        int passed = 0, failed = 0, skipped = 0;
        var reasons = new List<string>();
        foreach (var suite in suites)
        {
            using var _ = suite;
            var selected = suite.Cases.Where(c => Selected(c, filter)).ToList();
            if (selected.Count == 0)
            {
                continue;
            }

            if (suite.Unavailable is { } why)
            {
                foreach (var c in selected)
                {
                    output.WriteLine($"SKIP {c.Name}: {why}");
                }

                skipped += selected.Count;
                if (!reasons.Contains(why))
                {
                    reasons.Add(why);
                }

                continue;
            }

            foreach (var c in selected)
            {
                var sw = Stopwatch.StartNew();
                try
                {
                    suite.Run(c);
                    passed++;
                    var note = suite.TakeNote() is { } n ? $": {n}" : string.Empty;
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"PASS {c.Name} ({sw.Elapsed.TotalSeconds:F2} s){note}"));
                }
                catch (Exception e)
                {
                    // Any exception is a failed check (a CUDA error, a kernel that does not load): one line, and on.
                    failed++;
                    var kind = e is CheckFailedException ? string.Empty : $"{e.GetType().Name}: ";
                    output.WriteLine($"FAIL {c.Name}: {kind}{OneLine(e.Message)}");
                }

                output.Flush();
            }
        }

        var summary = new SelfCheckSummary(passed, failed, skipped, reasons);
        output.WriteLine(summary);
        return summary;
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" | ");
}
