using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Io;
using CrystalKernels.Crystals.Prototypes;

namespace CrystalKernels.Cli;

/// <summary>Resolves a runner --input: a structure file or dataset, or a built-in synthetic set (builtin:prototypes).</summary>
public static class InputStructures
{
    public static IReadOnlyList<Structure> Read(string path, Action<string>? onError = null) =>
        BuiltinData.IsBuiltin(path) ? BuiltinData.Read(path) : StructureIo.Read(path, onError: onError);
}
