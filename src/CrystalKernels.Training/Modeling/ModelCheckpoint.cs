using CrystalKernels.Models.Config;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Tensors;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Optim;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Modeling;

/// <summary>A model rebuilt from a checkpoint: the file, its resolved run configuration and the loaded model.</summary>
public sealed record LoadedModel(LoadedCheckpoint Checkpoint, RunConfig Config, EquiformerV2Model Model);

/// <summary>
/// Model checkpoints on top of <see cref="Checkpoint"/>: the resolved <see cref="RunConfig"/> goes into the metadata,
/// so a checkpoint rebuilds its own model (<see cref="Load"/>); <see cref="LoadBackbone"/> copies the shared weights
/// of a pretrain checkpoint into a model with other heads (fine-tuning, GAN).
/// </summary>
public static class ModelCheckpoint
{
    public static CheckpointContents Contents(CheckpointKind kind, IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, AdamBase> optimizers,
        TrainingState state, RunConfig config) =>
        new(kind, parameters, optimizers, state, ConfigYaml.Write(config));

    /// <summary>The run configuration stored in a checkpoint.</summary>
    public static RunConfig ConfigOf(LoadedCheckpoint checkpoint) =>
        ConfigLoader.FromYaml(new RunConfig(), checkpoint.ConfigYaml, $"{checkpoint.Path} (stored config)");

    /// <summary>
    /// Reads a checkpoint of one of <paramref name="kinds"/>, builds the model its stored configuration describes
    /// with the given heads, and loads every parameter (strictly: names, shapes and dtypes must fit).
    /// </summary>
    public static LoadedModel Load(string path, OutputHead head, bool positionHead, params CheckpointKind[] kinds) =>
        Load(path, _ => head, positionHead, kinds);

    /// <summary>As above, with the head read from the checkpoint's own configuration (e.g. a classifier's aggregation).</summary>
    public static LoadedModel Load(string path, Func<RunConfig, OutputHead> headOf, bool positionHead, params CheckpointKind[] kinds)
    {
        var ckpt = Checkpoint.Load(path, kinds);
        var config = ConfigOf(ckpt);
        var model = ModelFactory.Create(config.Model, headOf(config), positionHead, config.Train.Seed);
        ckpt.LoadParameters(model.Parameters);
        return new LoadedModel(ckpt, config, model);
    }

    /// <summary>A pretraining checkpoint: 118 species logits + position head.</summary>
    public static LoadedModel LoadPretrain(string path) => Load(path, OutputHead.Species, true, CheckpointKind.Pretrain);

    /// <summary>
    /// Copies the parameters of <paramref name="model"/> that <paramref name="skip"/> does not exclude (e.g. its own
    /// output head, or force_block) from the checkpoint, where they are stored as <paramref name="prefix"/> + name.
    /// Every copied parameter must be in the file with the same shape (float32/float64 are converted); parameters in
    /// the file that the model does not take are ignored. Returns the names copied.
    /// </summary>
    public static IReadOnlyList<string> LoadBackbone(string path, EquiformerV2Model model, Func<string, bool>? skip = null, string prefix = "", params CheckpointKind[] kinds)
    {
        var ckpt = Checkpoint.Load(path, kinds);
        var targets = model.Parameters.Where(p => skip is null || !skip(p.Name!)).ToList();
        var problems = new List<string>();
        foreach (var p in targets)
        {
            if (!ckpt.Parameters.TryGetValue(prefix + p.Name, out var saved))
            {
                problems.Add($"'{prefix}{p.Name}' is missing");
            }
            else if (!saved.Shape.Equals(p.Shape))
            {
                problems.Add($"'{prefix}{p.Name}' is {saved.Shape} in the file, the model has {p.Shape}");
            }
        }

        if (problems.Count > 0)
        {
            throw new CheckpointException($"{path}: the backbone does not fit the model (check model.preset and overrides): {string.Join("; ", problems.Take(8))}{(problems.Count > 8 ? $" and {problems.Count - 8} more" : string.Empty)}");
        }

        foreach (var p in targets)
        {
            var saved = ckpt.Parameters[prefix + p.Name];
            p.CopyFrom(saved.DType == p.DType ? saved : saved.To(p.DType));
        }

        return targets.Select(p => p.Name!).ToArray();
    }

    /// <summary>True for the names of the output block and the position head (what a new task replaces).</summary>
    public static bool IsHead(string name) =>
        name.StartsWith("output_block.", StringComparison.Ordinal) || name.StartsWith("force_block.", StringComparison.Ordinal);
}
