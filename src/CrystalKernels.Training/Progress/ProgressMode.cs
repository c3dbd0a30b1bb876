namespace CrystalKernels.Training.Progress;

public enum ProgressMode
{
    /// <summary>A bar when stdout is a terminal, plain periodic lines when it is redirected (CI, files).</summary>
    Auto,

    /// <summary>Always the Spectre.Console bar.</summary>
    Bar,

    /// <summary>Always plain periodic lines (--no-progress).</summary>
    Plain,

    /// <summary>Nothing.</summary>
    None,
}
