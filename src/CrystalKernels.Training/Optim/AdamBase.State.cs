using System.Globalization;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Io;

namespace CrystalKernels.Training.Optim;

/// <summary>
/// Save and restore of the optimizer state, exactly: tensors "exp_avg/NAME" and "exp_avg_sq/NAME" in the parameter's
/// dtype, and metadata with the kind, the hyper-parameters (round-trip "R" formatting, so every bit survives), the
/// optimizer's step count and "step/NAME" per parameter. Parameters without state (never had a gradient) are absent.
/// </summary>
public abstract partial class AdamBase
{
    public const string FormatTag = "crystalkernels.adam-state.v1";

    private const string ExpAvgPrefix = "exp_avg/";
    private const string ExpAvgSqPrefix = "exp_avg_sq/";
    private const string StepPrefix = "step/";

    /// <summary>Writes the state to a safetensors file (atomically: a crash never leaves a half-written file).</summary>
    public void Save(string path)
    {
        var (tensors, metadata) = ExportState();
        SafeTensors.Write(path, tensors, metadata);
    }

    /// <summary>Replaces this optimizer's state and hyper-parameters with those saved in <paramref name="path"/>.</summary>
    public void Restore(string path) => ImportState(SafeTensors.Read(path), path);

    /// <summary>The state as named tensors plus metadata (for embedding in a larger checkpoint).</summary>
    public (List<KeyValuePair<string, Tensor>> Tensors, Dictionary<string, string> Metadata) ExportState()
    {
        var tensors = new List<KeyValuePair<string, Tensor>>();
        var meta = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = FormatTag,
            ["optimizer"] = Kind,
            ["lr"] = Format(Lr),
            ["beta1"] = Format(Beta1),
            ["beta2"] = Format(Beta2),
            ["eps"] = Format(Eps),
            ["weight_decay"] = Format(WeightDecay),
            ["step_count"] = StepCount.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var p in parameters)
        {
            if (state.TryGetValue(p.Name!, out var st))
            {
                tensors.Add(new(ExpAvgPrefix + p.Name, st.ExpAvg));
                tensors.Add(new(ExpAvgSqPrefix + p.Name, st.ExpAvgSq));
                meta[StepPrefix + p.Name] = st.Step.ToString(CultureInfo.InvariantCulture);
            }
        }

        return (tensors, meta);
    }

    /// <summary>
    /// Loads state exported by <see cref="ExportState"/>; <paramref name="source"/> names the file in errors. Every
    /// entry is validated before anything changes, so a bad file leaves the optimizer as it was.
    /// </summary>
    public void ImportState(SafeTensors.Contents contents, string source)
    {
        var meta = contents.Metadata;
        string Meta(string key) => meta.TryGetValue(key, out var v) ? v : throw new FormatException($"{source}: optimizer state has no metadata field '{key}'");
        if (Meta("format") != FormatTag)
        {
            throw new FormatException($"{source}: field 'format' is '{Meta("format")}', expected '{FormatTag}'");
        }

        if (Meta("optimizer") != Kind)
        {
            throw new FormatException($"{source}: state was saved by '{Meta("optimizer")}', cannot restore it into '{Kind}'");
        }

        var byName = parameters.ToDictionary(p => p.Name!, StringComparer.Ordinal);
        var loaded = new Dictionary<string, AdamParamState>(StringComparer.Ordinal);
        foreach (var (key, value) in meta)
        {
            if (!key.StartsWith(StepPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = key[StepPrefix.Length..];
            if (!byName.TryGetValue(name, out var p))
            {
                throw new FormatException($"{source}: state for '{name}', which is not a parameter of this optimizer");
            }

            var step = ParseLong(source, key, value);
            loaded[name] = new AdamParamState(step, Moment(contents, source, ExpAvgPrefix + name, p), Moment(contents, source, ExpAvgSqPrefix + name, p));
        }

        foreach (var key in contents.Tensors.Keys)
        {
            var name = key.StartsWith(ExpAvgSqPrefix, StringComparison.Ordinal) ? key[ExpAvgSqPrefix.Length..]
                : key.StartsWith(ExpAvgPrefix, StringComparison.Ordinal) ? key[ExpAvgPrefix.Length..]
                : throw new FormatException($"{source}: unexpected tensor '{key}' in optimizer state");
            if (!loaded.ContainsKey(name))
            {
                throw new FormatException($"{source}: tensor '{key}' has no '{StepPrefix}{name}' step count");
            }
        }

        var hyper = (Lr: ParseDouble(source, "lr", Meta("lr")), B1: ParseDouble(source, "beta1", Meta("beta1")),
            B2: ParseDouble(source, "beta2", Meta("beta2")), Eps: ParseDouble(source, "eps", Meta("eps")),
            Wd: ParseDouble(source, "weight_decay", Meta("weight_decay")));
        var stepCount = ParseLong(source, "step_count", Meta("step_count"));
        if (hyper.B1 is not (>= 0 and < 1) || hyper.B2 is not (>= 0 and < 1) || !(hyper.Eps >= 0) || !(hyper.Wd >= 0) || !(hyper.Lr >= 0))
        {
            throw new FormatException($"{source}: hyper-parameters out of range (lr {hyper.Lr}, betas {hyper.B1}, {hyper.B2}, eps {hyper.Eps}, weight_decay {hyper.Wd})");
        }

        Lr = hyper.Lr;
        Beta1 = hyper.B1;
        Beta2 = hyper.B2;
        Eps = hyper.Eps;
        WeightDecay = hyper.Wd;
        StepCount = stepCount;
        state.Clear();
        foreach (var (name, st) in loaded)
        {
            state[name] = st;
        }
    }

    private static Tensor Moment(SafeTensors.Contents contents, string source, string key, Tensor p)
    {
        if (!contents.Tensors.TryGetValue(key, out var t))
        {
            throw new FormatException($"{source}: optimizer state has no tensor '{key}'");
        }

        if (!t.Shape.Equals(p.Shape) || t.DType != p.DType)
        {
            throw new FormatException($"{source}: tensor '{key}' is {t.DType.Name()}{t.Shape}, parameter {p.Describe()} needs {p.DType.Name()}{p.Shape}");
        }

        var copy = p.ZerosLike();
        copy.CopyFrom(t);
        return copy;
    }

    private static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    private static double ParseDouble(string source, string field, string s) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ? x : throw new FormatException($"{source}: field '{field}' = '{s}' is not a number");

    private static long ParseLong(string source, string field, string s) =>
        long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var x) && x >= 0 ? x : throw new FormatException($"{source}: field '{field}' = '{s}' is not a step count");
}
