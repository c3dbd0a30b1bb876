using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Graph;
using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Equivariant.Layout;
using CrystalKernels.Equivariant.Wigner;
using CrystalKernels.Models.Config;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Models.Inputs;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariance;

/// <summary>
/// Gradients w.r.t. positions with the lattice roll rule: the candidates depend on the cell only, so the Wigner
/// gradient holds them fixed and must match finite differences (EdgeWigner alone, and the whole model with frame
/// gradients on a real MP-20 crystal); and the position gradient of an invariant loss must rotate with the crystal.
/// </summary>
[Category(Categories.Equivariance)]
public class LatticeRollGradientTests
{
    private static readonly SphericalLayout L6M2 = new(6, 2);

    [Test]
    [Category(Categories.GradCheck)]
    public void EdgeWignerGradientWithLatticeRollsMatchesFiniteDifferences()
    {
        // Crystal 0: a general triclinic cell; crystal 1: a 10° rhombohedral cell whose (1,1,1) edges need a face normal.
        var tri = Lattice.FromParameters(3.1, 4.2, 5.3, 81, 97, 104).ToRowMajor();
        var rho = Lattice.FromParameters(6, 6, 6, 10, 10, 10);
        var axis = (rho.A + rho.B + rho.C) * (1 / 3.0);
        var rng = RngStream.Create(31, "lattice-roll-gradcheck");
        var r = new List<double>();
        for (ulong i = 0; i < 6; i++)
        {
            var v = CrystalKernels.Tests.Equivariant.RandomRotations.Edge(rng, i);
            r.AddRange([v.X, v.Y, v.Z]);
        }

        r.AddRange([axis.X + 0.01, axis.Y, axis.Z - 0.02, 0.3 - axis.X, -axis.Y, 0.05 - axis.Z]);
        var cells = tri.Concat(rho.ToRowMajor()).ToArray();
        int[] crystal = [0, 0, 0, 1, 1, 1, 1, 1];
        var rolls = RollRule.Lattice.ForEdges(cells, crystal);
        var x = Tensor.FromArray(r.ToArray(), crystal.Length, 3);
        var branches = EdgeWigner.Compute(null, x, L6M2, rolls, DType.Float64).RollBranch;
        TestContext.Out.WriteLine($"roll branches {string.Join(",", branches)}");
        Assert.That(branches[^2..], Is.All.GreaterThanOrEqualTo(3), "the rhombohedral axis edges use a face normal");
        x.RequiresGrad = true;
        GradCheck.Assert("EdgeWigner(lattice rolls)", (tape, xs) => EdgeWigner.Compute(tape, xs[0], L6M2, rolls, DType.Float64).Blocks, x);
    }

    [Test]
    [Category(Categories.GradCheck)]
    [Category(Categories.Data)]
    public void ModelPositionGradientThroughLatticeRolledFramesMatchesFiniteDifferences()
    {
        var crystal = Mp20Sample.All().First(s => s.Count == 3);
        var g = GraphBatch.Build([crystal], 4.0, RadiusGraph.ModelMaxNeighbors);
        var model = new EquiformerV2Model(ModelPresets.Tiny, RngStream.Create(32, "lattice-roll-model-gradcheck"), DType.Float64);
        var pos = Tensor.FromArray((double[])g.Positions.Clone(), g.AtomCount, 3);
        pos.RequiresGrad = true;
        var options = new ForwardOptions { FrameGradient = true, Roll = RollRule.Lattice };
        TestContext.Out.WriteLine($"{crystal}: {g.EdgeCount} edges");
        GradCheck.Assert("EquiformerV2(pos, lattice roll)", (tape, xs) =>
        {
            var o = model.Forward(tape, ModelInputs.Build(tape, g, xs[0]), options);
            return Op.Concat(tape, 1, o.Output, o.Positions!);
        }, pos);
    }

    /// <summary>dL/dpos of an invariant L = Σ w ⊙ logits (w fixed) must rotate: g(Q·crystal) = Q g(crystal).</summary>
    [TestCase(true)]
    [TestCase(false)]
    [Category(Categories.Data)]
    public void PositionGradientOfAnInvariantLossRotatesWithTheCrystal(bool frameGradient)
    {
        var structures = Mp20Sample.Mixed();
        // lmax 2 tiny model with a 32-point FFN grid: its S2 activation is then exact to float64 rounding.
        var model = new EquiformerV2Model(ModelPresets.Tiny with { FfnGridResolution = 32 }, RngStream.Create(33, "lattice-roll-grad-equivariance"), DType.Float64);
        var q = structures.Select((_, i) => Moves.Rotation(RngStream.Create(34, "grad-rotations"), (ulong)i)).ToArray();
        var rotated = structures.Select((s, i) => Moves.Rotate(s, q[i])).ToList();
        var (a, b) = (Gradient(model, structures, frameGradient), Gradient(model, rotated, frameGradient));
        var (err, atom) = (0.0, 0);
        for (var s = 0; s < structures.Count; s++)
        {
            for (var k = 0; k < structures[s].Count; k++, atom++)
            {
                var expected = Moves.Apply(q[s], new Vec3(a[3 * atom], a[(3 * atom) + 1], a[(3 * atom) + 2]));
                err = Math.Max(err, (expected - new Vec3(b[3 * atom], b[(3 * atom) + 1], b[(3 * atom) + 2])).Norm);
            }
        }

        err /= a.Max(Math.Abs);
        TestContext.Out.WriteLine($"frame gradient {frameGradient}: dL/dpos rotation error {err:E2} (scale {a.Max(Math.Abs):E2})");
        Assert.That(err, Is.LessThan(EquivarianceTol.Float64));
    }

    private static double[] Gradient(EquiformerV2Model model, IReadOnlyList<Structure> structures, bool frameGradient)
    {
        var graph = GraphBatch.Build(structures, RadiusGraph.DefaultCutoff, RadiusGraph.ModelMaxNeighbors);
        using var tape = new Tape();
        var inputs = ModelInputs.FromGraph(tape, graph, DType.Float64, positionGradient: true);
        var logits = model.Forward(tape, inputs, new ForwardOptions { FrameGradient = frameGradient }).Output;
        var w = GradCheck.Random(35, -1, 1, logits.Shape.ToArray());
        tape.Backward(Op.SumAll(tape, Op.Mul(tape, logits, w)));
        return inputs.Positions.Grad!.ToDoubleArray();
    }
}
