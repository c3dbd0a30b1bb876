namespace CrystalKernels.Training.Data;

/// <summary>
/// Labels by material id: every row has <see cref="Width"/> values (1 for a scalar, 51 for the phonon DOS, 36 for a
/// flattened 6×6 elastic tensor), after <see cref="Transform"/>. Rows with an empty label are listed in
/// <see cref="Unlabelled"/>; rows log10 could not take (value ≤ 0, e.g. the 7 elastic rows with G ≤ 0) in
/// <see cref="Dropped"/>: nothing is dropped silently.
/// </summary>
public sealed record LabelTable(
    string Source,
    string Column,
    int Width,
    LabelTransform Transform,
    IReadOnlyDictionary<string, double[]> Values,
    IReadOnlyList<string> Order,
    IReadOnlyList<string> Unlabelled,
    IReadOnlyList<string> Dropped)
{
    public int Count => Values.Count;

    public double[] this[string id] => Values.TryGetValue(id, out var v) ? v
        : throw new KeyNotFoundException($"{Source}: no '{Column}' label for '{id}'");

    /// <summary>The labels of the ids in file order that fall in <paramref name="split"/> by the hash rule.</summary>
    public IReadOnlyList<string> IdsIn(Split split) => Order.Where(id => HashSplit.Of(id) == split).ToList();
}
