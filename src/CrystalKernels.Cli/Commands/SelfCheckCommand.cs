using System.CommandLine;
using CrystalKernels.Native.Kernels;
using CrystalKernels.SelfCheck;

namespace CrystalKernels.Cli.Commands;

/// <summary>
/// crystal selfcheck: the GPU-vs-CPU comparisons of the NUnit Gpu category without NUnit (the GPU machine has no .NET
/// SDK). Exit codes: 0 all passed, 1 a check failed, 2 no check selected, 3 checks skipped because CUDA is unavailable.
/// </summary>
public sealed class SelfCheckCommand : ICliCommand
{
    public Command Build()
    {
        var device = new Option<string>("--device") { Description = "cpu (ILGPU's CPU accelerator) or cuda (ILGPU CUDA, native kernels, cuBLAS)", DefaultValueFactory = _ => "cuda" };
        device.AcceptOnlyFromAmong("cpu", "cuda");
        var filter = new Option<string?>("--filter") { Description = "Run only checks whose name contains this text (case-insensitive)" };
        var list = new Option<bool>("--list") { Description = "Print the selected checks' names and exit" };
        var cmd = new Command("selfcheck", "GPU-vs-CPU kernel comparisons, one line per check, then 'N passed, N failed'; exit 0 ok, 1 failed, 2 none selected, 3 CUDA unavailable");
        cmd.Options.Add(device);
        cmd.Options.Add(filter);
        cmd.Options.Add(list);
        cmd.SetAction(r =>
        {
            var target = r.GetValue(device) == "cpu" ? SelfCheckTarget.Cpu : SelfCheckTarget.Cuda;
            var f = r.GetValue(filter);
            var suites = SelfCheckRunner.Suites(target);
            if (r.GetValue(list))
            {
                var names = suites.SelectMany(s => s.Cases).Where(c => SelfCheckRunner.Selected(c, f)).Select(c => c.Name).ToList();
                names.ForEach(Console.WriteLine);
                suites.ToList().ForEach(s => s.Dispose());
                return names.Count == 0 ? SelfCheckSummary.ExitNoneSelected : SelfCheckSummary.ExitOk;
            }

            var fatbins = Environment.GetEnvironmentVariable(KernelLibrary.FatbinDirVariable);
            Console.WriteLine($"selfcheck --device {r.GetValue(device)}{(f is null ? string.Empty : $" --filter {f}")}: suites {string.Join(", ", suites.Select(s => s.Name))}; " +
                              $"{KernelLibrary.FatbinDirVariable}={(string.IsNullOrEmpty(fatbins) ? "(unset: NVRTC)" : fatbins)}");
            var summary = SelfCheckRunner.Run(suites, f, Console.Out);
            if (summary.ExitCode == SelfCheckSummary.ExitNoneSelected)
            {
                Console.Error.WriteLine($"selfcheck: no check name contains '{f}' (see --list)");
            }

            return summary.ExitCode;
        });
        return cmd;
    }
}
