using System.CommandLine;

namespace CrystalKernels.Cli;

/// <summary>
/// One runner verb. Verbs are discovered by reflection so each lives in its own file under Commands/; a verb with a
/// non-empty <see cref="Parent"/> ("bench", "data", ...) becomes a sub-command of that group.
/// </summary>
public interface ICliCommand
{
    /// <summary>Group path, empty for a top-level verb (e.g. ["bench"] for "crystal bench gemm").</summary>
    string[] Parent => [];

    Command Build();
}
