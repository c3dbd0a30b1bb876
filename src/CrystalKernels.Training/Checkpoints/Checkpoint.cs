using System.Globalization;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Io;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Checkpoints;

/// <summary>
/// Checkpoint files: one safetensors file with tensors "param/NAME" (the parameters in their dtype) and
/// "optim/ROLE/..." (each optimizer's exported Adam state), and <c>__metadata__</c> holding the format tag, the kind,
/// the code version, the UTC time, the resolved config (YAML), the counters ("state.step", "state.epoch",
/// "state.seed", "state.best", "counter/NAME") and each optimizer's metadata under "optim/ROLE/". Written atomically
/// by <see cref="SafeTensors.Write"/> (temporary file + rename), so a crash mid-write leaves the previous file intact.
/// </summary>
public static class Checkpoint
{
    public const string FormatTag = "crystalkernels.checkpoint.v1";
    public const string ParamPrefix = "param/";
    public const string OptimPrefix = "optim/";

    public static void Save(string path, CheckpointContents c, string? codeVersion = null)
    {
        var tensors = new List<KeyValuePair<string, Tensor>>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in c.Parameters)
        {
            if (p.Name is null)
            {
                throw new ArgumentException($"checkpoint {path}: parameter {p.Describe()} has no name (Tensor.Name is the state-dict key)");
            }

            if (!names.Add(p.Name))
            {
                throw new ArgumentException($"checkpoint {path}: two parameters are named '{p.Name}'");
            }

            tensors.Add(new(ParamPrefix + p.Name, p));
        }

        var s = c.State;
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = FormatTag,
            ["kind"] = KindName(c.Kind),
            ["code_version"] = codeVersion ?? CodeVersion.Current,
            ["created_utc"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["config"] = c.ConfigYaml,
            ["state.step"] = s.Step.ToString(CultureInfo.InvariantCulture),
            ["state.epoch"] = s.Epoch.ToString(CultureInfo.InvariantCulture),
            ["state.seed"] = s.Seed.ToString(CultureInfo.InvariantCulture),
            ["state.best"] = s.BestValue is { } b ? b.ToString("R", CultureInfo.InvariantCulture) : string.Empty,
            ["optimizers"] = string.Join(",", c.Optimizers.Keys),
        };
        foreach (var (k, v) in s.Counters)
        {
            meta["counter/" + k] = v.ToString(CultureInfo.InvariantCulture);
        }

        foreach (var (role, opt) in c.Optimizers)
        {
            if (role.Length == 0 || role.Contains('/', StringComparison.Ordinal) || role.Contains(',', StringComparison.Ordinal))
            {
                throw new ArgumentException($"checkpoint {path}: optimizer role '{role}' must be a non-empty name without '/' or ','");
            }

            var (optTensors, optMeta) = opt.ExportState();
            tensors.AddRange(optTensors.Select(t => new KeyValuePair<string, Tensor>($"{OptimPrefix}{role}/{t.Key}", t.Value)));
            foreach (var (k, v) in optMeta)
            {
                meta[$"{OptimPrefix}{role}/{k}"] = v;
            }
        }

        SafeTensors.Write(path, tensors, meta);
    }

    /// <summary>
    /// Reads a checkpoint and checks that its kind is one of <paramref name="accepted"/> (none given: any kind).
    /// A missing file, a file that is not a checkpoint, or a wrong kind gives a message that says which.
    /// </summary>
    public static LoadedCheckpoint Load(string path, params CheckpointKind[] accepted)
    {
        if (!File.Exists(path))
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            var near = dir is not null && Directory.Exists(dir) ? Directory.GetFiles(dir, "*.safetensors").Select(Path.GetFileName).ToArray() : [];
            throw new FileNotFoundException($"checkpoint not found: {path}{(near.Length > 0 ? $" (that folder has: {string.Join(", ", near)})" : string.Empty)}", path);
        }

        var contents = SafeTensors.Read(path);
        var meta = contents.Metadata;
        if (!meta.TryGetValue("format", out var format) || format != FormatTag)
        {
            throw new CheckpointException($"{path} is not a CrystalKernels training checkpoint (format '{format ?? "none"}', expected '{FormatTag}')");
        }

        var kind = ParseKind(path, Meta(meta, path, "kind"));
        if (accepted.Length > 0 && !accepted.Contains(kind))
        {
            throw new CheckpointException($"{path} is a '{KindName(kind)}' checkpoint, but this command needs {string.Join(" or ", accepted.Select(k => $"'{KindName(k)}'"))}" +
                                          (kind == CheckpointKind.Pretrain ? " (to start from pretrained weights, set model.init_from instead of resuming)" : string.Empty));
        }

        var counters = meta.Where(kv => kv.Key.StartsWith("counter/", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["counter/".Length..], kv => ParseLong(path, kv.Key, kv.Value), StringComparer.Ordinal);
        var bestText = Meta(meta, path, "state.best");
        var state = new TrainingState(
            ParseLong(path, "state.step", Meta(meta, path, "state.step")),
            (int)ParseLong(path, "state.epoch", Meta(meta, path, "state.epoch")),
            ulong.TryParse(Meta(meta, path, "state.seed"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : throw new CheckpointException($"{path}: state.seed is not a seed"),
            bestText.Length == 0 ? null : double.Parse(bestText, NumberStyles.Float, CultureInfo.InvariantCulture))
        {
            Counters = counters,
        };

        var parameters = contents.Tensors.Where(kv => kv.Key.StartsWith(ParamPrefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[ParamPrefix.Length..], kv => kv.Value, StringComparer.Ordinal);
        var roles = Meta(meta, path, "optimizers").Split(',', StringSplitOptions.RemoveEmptyEntries);
        return new LoadedCheckpoint(path, kind, Meta(meta, path, "code_version"), Meta(meta, path, "config"), state, parameters, roles, contents);
    }

    /// <summary>
    /// Writes a release copy of a checkpoint: the same kind, parameters, config, counters and code version, without
    /// optimizer state (a third of the size of a float32 Adam checkpoint). It loads everywhere a checkpoint of its kind
    /// does, except --resume, which needs the optimizer. Returns the bytes written.
    /// </summary>
    public static long Export(LoadedCheckpoint source, string path)
    {
        var parameters = source.Parameters.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv =>
        {
            kv.Value.Name = kv.Key;
            return kv.Value;
        });
        Save(path, new CheckpointContents(source.Kind, parameters, new Dictionary<string, Optim.AdamBase>(), source.State, source.ConfigYaml), source.CodeVersion);
        return new FileInfo(path).Length;
    }

    public static string KindName(CheckpointKind k) => k.ToString().ToLowerInvariant();

    private static CheckpointKind ParseKind(string path, string s) =>
        Enum.GetValues<CheckpointKind>().FirstOrDefault(k => KindName(k) == s) is var k && KindName(k) == s ? k
            : throw new CheckpointException($"{path}: unknown checkpoint kind '{s}' (expected pretrain, classify, regress or gan)");

    private static string Meta(IReadOnlyDictionary<string, string> meta, string path, string key) =>
        meta.TryGetValue(key, out var v) ? v : throw new CheckpointException($"{path}: checkpoint metadata has no '{key}'");

    private static long ParseLong(string path, string key, string s) =>
        long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= 0 ? v : throw new CheckpointException($"{path}: {key} = '{s}' is not a count");
}
