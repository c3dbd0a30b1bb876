using CrystalKernels.Tensors;

namespace CrystalKernels.Models.EquiformerV2;

/// <summary>
/// A forward's outputs: <see cref="Output"/> is [N, K] per-atom (species logits, class Z − 1) or [B, K] per crystal;
/// <see cref="Positions"/> the type-1 position head [N, 3] (Cartesian x, y, z), null without a position head.
/// </summary>
public sealed record EquiformerV2Output(Tensor Output, Tensor? Positions);
