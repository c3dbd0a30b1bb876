using System.CommandLine;

namespace CrystalKernels.Cli.Commands;

/// <summary>crystal version: the code version and runtime.</summary>
public sealed class VersionCommand : ICliCommand
{
    public Command Build()
    {
        var cmd = new Command("version", "Print the code version, runtime and CPU features");
        cmd.SetAction(_ =>
        {
            Console.WriteLine($"crystal {Program.Version} .NET {Environment.Version} cores={Environment.ProcessorCount} " +
                              $"avx512f={System.Runtime.Intrinsics.X86.Avx512F.IsSupported} avx2={System.Runtime.Intrinsics.X86.Avx2.IsSupported}");
            return 0;
        });
        return cmd;
    }
}
