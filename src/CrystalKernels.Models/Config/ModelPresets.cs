namespace CrystalKernels.Models.Config;

/// <summary>Named configurations (crystal model info --config NAME).</summary>
public static class ModelPresets
{
    /// <summary>The authors' generator (FORK defaults, paper-spec 3.1 / 4.1): 12 blocks, C 128, species + position heads.</summary>
    public static EquiformerV2Config Paper { get; } = new();

    /// <summary>The authors' discriminator / stability classifier: 2 graph logits, reference aggregation, no position head.</summary>
    public static EquiformerV2Config PaperDiscriminator { get; } = Paper with { Output = OutputHead.Graph(2), PositionHead = false };

    /// <summary>The model-small fixture's constructor_kwargs (2 blocks, C 16, edge_channels 24; 535,111 parameters).</summary>
    public static EquiformerV2Config FixtureSmall { get; } = new()
    {
        Blocks = 2,
        SphereChannels = 16,
        AttnHiddenChannels = 16,
        Heads = 2,
        AttnAlphaChannels = 8,
        AttnValueChannels = 4,
        FfnHiddenChannels = 32,
        EdgeChannels = 24,
    };

    /// <summary>A CPU-trainable generator: 4 blocks, C 32, the paper's lmax/mmax, grids and cutoff.</summary>
    public static EquiformerV2Config Small { get; } = new()
    {
        Blocks = 4,
        SphereChannels = 32,
        AttnHiddenChannels = 32,
        Heads = 4,
        AttnAlphaChannels = 8,
        AttnValueChannels = 8,
        FfnHiddenChannels = 64,
        EdgeChannels = 32,
    };

    /// <summary>For unit tests and gradient checks: 1 block, C 8, lmax 2 / mmax 1, 16 Gaussians.</summary>
    public static EquiformerV2Config Tiny { get; } = new()
    {
        Blocks = 1,
        SphereChannels = 8,
        AttnHiddenChannels = 8,
        Heads = 2,
        AttnAlphaChannels = 4,
        AttnValueChannels = 4,
        FfnHiddenChannels = 16,
        LMax = 2,
        MMax = 1,
        EdgeChannels = 8,
        DistanceGaussians = 16,
    };

    public static IReadOnlyDictionary<string, EquiformerV2Config> All { get; } = new Dictionary<string, EquiformerV2Config>(StringComparer.OrdinalIgnoreCase)
    {
        ["paper"] = Paper,
        ["paper-discriminator"] = PaperDiscriminator,
        ["fixture-small"] = FixtureSmall,
        ["small"] = Small,
        ["tiny"] = Tiny,
    };

    public static EquiformerV2Config Named(string name) =>
        All.TryGetValue(name, out var c)
            ? c
            : throw new ArgumentException($"unknown model config '{name}'; known: {string.Join(", ", All.Keys)}");
}
