namespace CrystalKernels.Models.Config;

/// <summary>What the output block (an FFN on the final norm, l = 0 kept) produces (paper-spec 3.17, 4.1).</summary>
public enum OutputHeadKind
{
    /// <summary>Per-atom type-0 logits (output_aggr_mode 'node'); the pretraining/GAN species head uses 118 channels.</summary>
    Node,

    /// <summary>Per-crystal outputs (output_aggr_mode 'mean'): classification logits or regression targets.</summary>
    Graph,
}

/// <summary>How per-atom outputs become one per crystal.</summary>
public enum GraphAggregation
{
    /// <summary>The reference: sum over the crystal's atoms divided by the fixed _AVG_NUM_NODES = 77.81317.</summary>
    Reference,

    /// <summary>A true mean over the crystal's atoms.</summary>
    Mean,
}

/// <summary>What a graph head is trained for (only the loss differs; the head is the same K-channel FFN).</summary>
public enum GraphTask
{
    Classification,
    Regression,
}

/// <summary>The output block: kind, channels K and, for graph heads, the aggregation and task.</summary>
public sealed record OutputHead(OutputHeadKind Kind, int Channels, GraphAggregation Aggregation = GraphAggregation.Reference, GraphTask Task = GraphTask.Classification)
{
    /// <summary>Species classes: Z − 1 = 0..117.</summary>
    public const int SpeciesClasses = 118;

    /// <summary>The generator's species head: 118 per-atom logits.</summary>
    public static OutputHead Species { get; } = new(OutputHeadKind.Node, SpeciesClasses);

    /// <summary>A per-crystal head with K outputs (the discriminator: 2 logits, class 1 = real).</summary>
    public static OutputHead Graph(int channels, GraphTask task = GraphTask.Classification, GraphAggregation aggregation = GraphAggregation.Reference) =>
        new(OutputHeadKind.Graph, channels, aggregation, task);

    public override string ToString() => Kind == OutputHeadKind.Node
        ? $"node[{Channels}]"
        : $"graph[{Channels}] {Task.ToString().ToLowerInvariant()} {Aggregation.ToString().ToLowerInvariant()}";
}
