using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Io;
using CrystalKernels.Training.Optim;

namespace CrystalKernels.Training.Checkpoints;

/// <summary>A checkpoint read from disk: metadata, counters and tensors, with the operations that put them back.</summary>
public sealed class LoadedCheckpoint
{
    private readonly SafeTensors.Contents contents;

    internal LoadedCheckpoint(string path, CheckpointKind kind, string codeVersion, string configYaml, TrainingState state,
        IReadOnlyDictionary<string, Tensor> parameters, IReadOnlyList<string> optimizerRoles, SafeTensors.Contents contents)
    {
        Path = path;
        Kind = kind;
        CodeVersion = codeVersion;
        ConfigYaml = configYaml;
        State = state;
        Parameters = parameters;
        OptimizerRoles = optimizerRoles;
        this.contents = contents;
    }

    public string Path { get; }

    public CheckpointKind Kind { get; }

    public string CodeVersion { get; }

    /// <summary>The resolved run configuration the checkpoint was trained with.</summary>
    public string ConfigYaml { get; }

    public TrainingState State { get; }

    /// <summary>Saved parameter values by state-dict name.</summary>
    public IReadOnlyDictionary<string, Tensor> Parameters { get; }

    public IReadOnlyList<string> OptimizerRoles { get; }

    /// <summary>
    /// Copies the saved values into <paramref name="parameters"/> (matched by <see cref="Tensor.Name"/>). Strict: every
    /// parameter must be in the file and every saved one must be used, unless <paramref name="skip"/> excludes it (e.g.
    /// a fresh fine-tuning head, or the pretrain position head). Shapes and dtypes must match. Everything is checked
    /// before any value is copied.
    /// </summary>
    public void LoadParameters(IEnumerable<Tensor> parameters, Func<string, bool>? skip = null)
    {
        var targets = parameters.Where(p => skip is null || !skip(p.Name ?? string.Empty)).ToList();
        var problems = new List<string>();
        foreach (var p in targets)
        {
            if (p.Name is null)
            {
                problems.Add($"parameter {p.Describe()} has no name");
            }
            else if (!Parameters.TryGetValue(p.Name, out var saved))
            {
                problems.Add($"'{p.Name}' is missing");
            }
            else if (!saved.Shape.Equals(p.Shape) || saved.DType != p.DType)
            {
                problems.Add($"'{p.Name}' is {saved.DType.Name()}{saved.Shape} in the file, the model has {p.DType.Name()}{p.Shape}");
            }
        }

        var wanted = targets.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var unused = Parameters.Keys.Where(k => !wanted.Contains(k) && (skip is null || !skip(k))).ToList();
        if (unused.Count > 0)
        {
            problems.Add($"unexpected: {string.Join(", ", unused.Take(5))}{(unused.Count > 5 ? $" and {unused.Count - 5} more" : string.Empty)}");
        }

        if (problems.Count > 0)
        {
            throw new CheckpointException($"{Path}: parameters do not fit the model: {string.Join("; ", problems)}");
        }

        foreach (var p in targets)
        {
            p.CopyFrom(Parameters[p.Name!]);
        }
    }

    /// <summary>Restores the optimizer saved under <paramref name="role"/> (state and hyper-parameters, exactly).</summary>
    public void RestoreOptimizer(string role, AdamBase optimizer)
    {
        if (!OptimizerRoles.Contains(role))
        {
            throw new CheckpointException(OptimizerRoles.Count == 0
                ? $"{Path}: has no optimizer state (a release export), so it cannot be resumed; start a new run from it (model.init_from=..., or --init for finetune)"
                : $"{Path}: no optimizer state for role '{role}' (has: {string.Join(", ", OptimizerRoles)})");
        }

        var prefix = $"{Checkpoint.OptimPrefix}{role}/";
        var tensors = contents.Tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        var meta = contents.Metadata.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        optimizer.ImportState(new SafeTensors.Contents(tensors, meta), $"{Path} (optimizer '{role}')");
    }
}
