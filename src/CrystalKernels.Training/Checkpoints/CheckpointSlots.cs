namespace CrystalKernels.Training.Checkpoints;

/// <summary>
/// The checkpoints a run keeps: last.safetensors (overwritten at every save) and best.safetensors (a copy of the
/// last one whenever the validation metric improves). Both are replaced by rename, so at any instant each file is
/// either the previous complete checkpoint or the new complete one.
/// </summary>
public sealed class CheckpointSlots
{
    public const string LastFile = "last.safetensors";
    public const string BestFile = "best.safetensors";

    public CheckpointSlots(string folder, bool minimize = true, double? best = null)
    {
        Folder = folder;
        Minimize = minimize;
        Best = best;
        Directory.CreateDirectory(folder);
    }

    public string Folder { get; }

    public bool Minimize { get; }

    /// <summary>Best metric so far (restore it from <see cref="TrainingState.BestValue"/> when resuming).</summary>
    public double? Best { get; private set; }

    public string LastPath => Path.Combine(Folder, LastFile);

    public string BestPath => Path.Combine(Folder, BestFile);

    /// <summary>True when <paramref name="metric"/> beats the best so far (a NaN never does).</summary>
    public bool Improves(double metric) => !double.IsNaN(metric) && (Best is not { } b || (Minimize ? metric < b : metric > b));

    /// <summary>
    /// Saves last; with a validation <paramref name="metric"/> that improves, records it as the best (also in the
    /// saved state) and copies last to best. Returns true when best was updated.
    /// </summary>
    public bool Save(CheckpointContents contents, double? metric = null, string? codeVersion = null)
    {
        var isBest = metric is { } m && Improves(m);
        if (isBest)
        {
            Best = metric;
        }

        Checkpoint.Save(LastPath, contents with { State = contents.State with { BestValue = Best } }, codeVersion);
        if (isBest)
        {
            var tmp = Path.Combine(Folder, $".{BestFile}.tmp-{Environment.ProcessId}");
            File.Copy(LastPath, tmp, overwrite: true);
            File.Move(tmp, BestPath, overwrite: true);
        }

        return isBest;
    }
}
