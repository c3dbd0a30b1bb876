using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Models.EquiformerV2;

/// <summary>
/// Per-forward choices. <see cref="Training"/> turns on attention-weight dropout and GraphDropPath, drawn from
/// <see cref="Dropout"/> (pass a per-step stream, e.g. <c>rng.Sub(step)</c>). <see cref="FrameGradient"/> also
/// differentiates the edge frames / Wigner matrices w.r.t. the positions (the reference detaches them, so by default
/// dL/dpos flows only through the edge lengths). <see cref="Trace"/>, when given, receives named intermediates
/// (the model-small fixture's names: x_after_embedding, block0.norm_1, …, final_norm, force_block); they live in the
/// tape's arena, so copy them (<c>t.To(dtype)</c>) before the tape is disposed.
/// </summary>
public sealed record ForwardOptions
{
    public bool Training { get; init; }

    public RngStream Dropout { get; init; } = RngStream.Create(0, "equiformer-dropout");

    public bool FrameGradient { get; init; }

    /// <summary>
    /// How the edge frames pick their roll (the reference draws a random vector every forward). Default: the lattice
    /// rule, each edge rolled by its crystal's lattice vectors. The truncated model is not roll-invariant, so with a
    /// fixed global vector its outputs depend on the crystal's orientation (~1e-4, paper-spec 3.5 item 7); lattice
    /// vectors turn with the crystal, which makes every edge-frame part exactly rotation-equivariant (up to rounding),
    /// keeps the model deterministic, and costs nothing (the roll depends on the cell only, not on positions, so no
    /// gradient). What remains is the FFNs' S2 activation on the global grid (EquiformerV2Config.FfnGridResolution:
    /// 32 brings the whole model to float32 precision). Outputs still depend on the lattice basis (a, b, c) describing
    /// the crystal at the roll-noise level.
    /// Parity runs against the reference fixtures pass <c>RollRule.Fixed(RollVector.Fixture)</c> (a RollVector
    /// converts implicitly).
    /// </summary>
    public RollRule Roll { get; init; } = RollRule.Lattice;

    public IDictionary<string, Tensor>? Trace { get; init; }

    public static ForwardOptions Eval { get; } = new();

    internal void Record(string name, Tensor t)
    {
        if (Trace is not null)
        {
            Trace[name] = t;
        }
    }
}
