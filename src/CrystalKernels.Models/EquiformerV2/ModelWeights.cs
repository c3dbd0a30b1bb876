using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Io;

namespace CrystalKernels.Models.EquiformerV2;

/// <summary>Loads and saves model parameters by their reference names (safetensors, any float dtype on disk).</summary>
public static class ModelWeights
{
    /// <summary>
    /// Copies every parameter from <paramref name="tensors"/> by name (converting float32/float64). Strict: every
    /// parameter must be present with its shape, and no file tensor may be left over. Non-strict: missing parameters
    /// keep their values and extra tensors are ignored (e.g. a pretrained checkpoint's force_block into a classifier).
    /// Returns the names that were not loaded and the file names that were not used.
    /// </summary>
    public static (IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected) Load(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, Tensor> tensors, bool strict = true, string source = "weights")
    {
        var missing = new List<string>();
        var used = new HashSet<string>();
        foreach (var p in parameters)
        {
            var name = p.Name ?? throw new InvalidOperationException("ModelWeights: a parameter has no name");
            if (!tensors.TryGetValue(name, out var t))
            {
                missing.Add(name);
                continue;
            }

            if (!t.Shape.Equals(p.Shape))
            {
                throw new ShapeMismatchException("ModelWeights", $"{source}: '{name}' is {t.Shape} in the file but {p.Shape} in the model");
            }

            p.CopyFrom(t);
            used.Add(name);
        }

        var unexpected = tensors.Keys.Where(k => !used.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
        {
            throw new InvalidDataException($"ModelWeights: {source} does not match the model: missing [{string.Join(", ", missing.Take(10))}]" +
                $"{(missing.Count > 10 ? $" (+{missing.Count - 10})" : string.Empty)}, unexpected [{string.Join(", ", unexpected.Take(10))}]" +
                $"{(unexpected.Count > 10 ? $" (+{unexpected.Count - 10})" : string.Empty)}");
        }

        return (missing, unexpected);
    }

    public static (IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected) Load(EquiformerV2Model model, string path, bool strict = true) =>
        Load(model.Parameters, SafeTensors.Read(path).Tensors, strict, path);

    public static void Save(EquiformerV2Model model, string path) =>
        SafeTensors.Write(path, model.Parameters.Select(p => new KeyValuePair<string, Tensor>(p.Name!, p)));
}
