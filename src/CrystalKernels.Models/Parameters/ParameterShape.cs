namespace CrystalKernels.Models.Parameters;

/// <summary>One parameter's full reference name (e.g. "blocks.0.ga.proj.weight") and shape.</summary>
public sealed record ParameterShape(string Name, int[] Shape)
{
    public long Numel => Shape.Aggregate(1L, (a, d) => a * d);

    public override string ToString() => $"{Name} [{string.Join(", ", Shape)}]";
}
