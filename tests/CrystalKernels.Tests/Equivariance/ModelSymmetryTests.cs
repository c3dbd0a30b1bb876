using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Graph;
using CrystalKernels.Equivariant.Frames;
using CrystalKernels.Models.Config;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Models.Inputs;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariance;

/// <summary>
/// Issue 4's symmetry oracle on real MP-20 val crystals with the `small` preset (paper lmax 6 / mmax 2, 5-azimuth
/// attention grid, random seeded init; FFN grid refined, see <see cref="Exact"/>) and the default lattice roll rule: rotating a crystal (cell included) leaves the
/// species logits unchanged and rotates the position vectors, v(Qx) = Q v(x); translating changes nothing; permuting
/// atoms permutes the outputs; a graph (classification) head is invariant under all three. Each crystal of the batch
/// gets its own rotation / shift / permutation. The fixed-vector rule is run on the same rotation to show the test
/// resolves roll noise.
/// </summary>
[Category(Categories.Equivariance)]
[Category(Categories.Data)]
public class ModelSymmetryTests
{
    private static readonly RngStream Init = RngStream.Create(11, "equivariance-model");
    private static readonly RngStream Draws = RngStream.Create(12, "equivariance-moves");
    private static readonly Dictionary<(DType, bool), EquiformerV2Model> Models = [];

    /// <summary>
    /// The small preset with a 64×64 FFN grid. The paper's 14×15 grid makes the FFN's S2 activation (global frame) itself
    /// only approximately equivariant (StageEquivarianceTests: exact up to the first FFN, 2e-3 after it); at 64 its
    /// error is below float64 rounding, so what remains is the roll rule's doing.
    /// </summary>
    internal static EquiformerV2Config Exact { get; } = ModelPresets.Small with { FfnGridResolution = 64 };

    private static EquiformerV2Model Model(DType dtype, bool graphHead = false)
    {
        lock (Models)
        {
            if (!Models.TryGetValue((dtype, graphHead), out var m))
            {
                var config = graphHead ? Exact with { Output = OutputHead.Graph(2), PositionHead = false } : Exact;
                m = new EquiformerV2Model(config, Init, dtype);
                Models[(dtype, graphHead)] = m;
            }

            return m;
        }
    }

    private static (double[] Output, double[]? Vectors) Run(EquiformerV2Model model, IReadOnlyList<Structure> structures, ForwardOptions? options = null)
    {
        var graph = GraphBatch.Build(structures, RadiusGraph.DefaultCutoff, RadiusGraph.ModelMaxNeighbors);
        var o = model.Forward(null, ModelInputs.FromGraph(null, graph, model.DType), options);
        return (o.Output.ToDoubleArray(), o.Positions?.ToDoubleArray());
    }

    private static double LogitTolerance(DType dtype) => dtype == DType.Float64 ? EquivarianceTol.Float64 : EquivarianceTol.Float32Logits;

    private static double VectorTolerance(DType dtype) => dtype == DType.Float64 ? EquivarianceTol.Float64 : EquivarianceTol.Float32Vectors;

    /// <summary>max_i |Q_b(i) a_i − b_i| / max |a|: how far b is from the rotated a.</summary>
    private static double VectorError(double[] a, double[] b, IReadOnlyList<Structure> structures, double[][] q)
    {
        var (err, atom) = (0.0, 0);
        for (var s = 0; s < structures.Count; s++)
        {
            for (var k = 0; k < structures[s].Count; k++, atom++)
            {
                var expected = Moves.Apply(q[s], new Vec3(a[3 * atom], a[(3 * atom) + 1], a[(3 * atom) + 2]));
                err = Math.Max(err, (expected - new Vec3(b[3 * atom], b[(3 * atom) + 1], b[(3 * atom) + 2])).Norm);
            }
        }

        return err / a.Max(Math.Abs);
    }

    private static double Relative(double[] expected, double[] actual) =>
        expected.Zip(actual, (x, y) => Math.Abs(x - y)).Max() / expected.Max(Math.Abs);

    private static (IReadOnlyList<Structure> Structures, double[][] Rotations) Rotated(IReadOnlyList<Structure> structures, ulong draw)
    {
        var q = structures.Select((_, i) => Moves.Rotation(Draws.Sub(draw), (ulong)i)).ToArray();
        return (structures.Select((s, i) => Moves.Rotate(s, q[i])).ToList(), q);
    }

    [TestCase(DType.Float64, false)]
    [TestCase(DType.Float32, false)]
    [TestCase(DType.Float64, true)]
    public void RotationLeavesLogitsAndRotatesPositionVectors(DType dtype, bool symmetricCells)
    {
        var structures = symmetricCells ? Mp20Sample.SymmetricCells() : Mp20Sample.Mixed();
        var model = Model(dtype);
        var (rotated, q) = Rotated(structures, 1);
        var (a, b) = (Run(model, structures), Run(model, rotated));
        var logits = Relative(a.Output, b.Output);
        var vectors = VectorError(a.Vectors!, b.Vectors!, structures, q);
        TestContext.Out.WriteLine($"{dtype}{(symmetricCells ? " symmetric cells" : string.Empty)}: logits {logits:E2} (scale {a.Output.Max(Math.Abs):F3}), position vectors {vectors:E2} (scale {a.Vectors!.Max(Math.Abs):E2}) over {structures.Count} crystals, {a.Vectors!.Length / 3} atoms");
        Assert.Multiple(() =>
        {
            Assert.That(logits, Is.LessThan(LogitTolerance(dtype)), "species logits must not change");
            Assert.That(vectors, Is.LessThan(VectorTolerance(dtype)), "position vectors must rotate with the crystal");
        });
    }

    [Test]
    public void FixedRollVectorIsOnlyApproximatelyEquivariant()
    {
        var structures = Mp20Sample.Mixed();
        var model = Model(DType.Float64);
        var (rotated, q) = Rotated(structures, 1);
        var options = new ForwardOptions { Roll = RollRule.Fixed(RollVector.Fixture) };
        var (a, b) = (Run(model, structures, options), Run(model, rotated, options));
        var logits = Relative(a.Output, b.Output);
        var vectors = VectorError(a.Vectors!, b.Vectors!, structures, q);
        TestContext.Out.WriteLine($"fixed roll vector, float64: logits {logits:E2}, position vectors {vectors:E2}");
        Assert.That(Math.Max(logits, vectors), Is.GreaterThan(EquivarianceTol.FixedRollMustExceed), "roll noise the lattice rule removes");
    }

    [TestCase(DType.Float64)]
    [TestCase(DType.Float32)]
    public void TranslationChangesNothing(DType dtype)
    {
        var structures = Mp20Sample.Mixed();
        var model = Model(dtype);
        var moved = structures.Select((s, i) =>
        {
            var d = Draws.Sub(2).Sub((ulong)i);
            return Moves.Translate(s, new Vec3(20 * (d.UniformDouble(0) - 0.5), 20 * (d.UniformDouble(1) - 0.5), 20 * (d.UniformDouble(2) - 0.5)));
        }).ToList();
        var (a, b) = (Run(model, structures), Run(model, moved));
        var logits = Relative(a.Output, b.Output);
        var vectors = Relative(a.Vectors!, b.Vectors!);
        TestContext.Out.WriteLine($"{dtype}: logits {logits:E2}, position vectors {vectors:E2}");
        Assert.Multiple(() =>
        {
            Assert.That(logits, Is.LessThan(LogitTolerance(dtype)));
            Assert.That(vectors, Is.LessThan(VectorTolerance(dtype)));
        });
    }

    [TestCase(DType.Float64)]
    [TestCase(DType.Float32)]
    public void PermutingAtomsPermutesTheOutputs(DType dtype)
    {
        var structures = Mp20Sample.Mixed();
        var model = Model(dtype);
        var perms = structures.Select((s, i) => Moves.Permutation(Draws.Sub(3).Sub((ulong)i), s.Count)).ToArray();
        var permuted = structures.Select((s, i) => Moves.Permute(s, perms[i])).ToList();
        var (a, b) = (Run(model, structures), Run(model, permuted));
        // Row r of the permuted batch is row offset + perm[k] of the original.
        var source = new List<int>();
        var offset = 0;
        for (var s = 0; s < structures.Count; s++)
        {
            source.AddRange(perms[s].Select(p => offset + p));
            offset += structures[s].Count;
        }

        var classes = a.Output.Length / offset;
        var expectedLogits = source.SelectMany(r => a.Output.Skip(r * classes).Take(classes)).ToArray();
        var expectedVectors = source.SelectMany(r => a.Vectors!.Skip(r * 3).Take(3)).ToArray();
        var logits = Relative(expectedLogits, b.Output);
        var vectors = Relative(expectedVectors, b.Vectors!);
        TestContext.Out.WriteLine($"{dtype}: logits {logits:E2}, position vectors {vectors:E2}");
        Assert.That(perms.Any(p => p.Where((x, i) => x != i).Any()), "at least one crystal is really permuted");
        Assert.Multiple(() =>
        {
            Assert.That(logits, Is.LessThan(LogitTolerance(dtype)));
            Assert.That(vectors, Is.LessThan(VectorTolerance(dtype)));
        });
    }

    [TestCase(DType.Float64)]
    [TestCase(DType.Float32)]
    public void GraphHeadIsInvariantUnderRotationTranslationAndPermutation(DType dtype)
    {
        var structures = Mp20Sample.Mixed();
        var model = Model(dtype, graphHead: true);
        var (rotated, _) = Rotated(structures, 4);
        var moved = rotated.Select((s, i) =>
            Moves.Permute(Moves.Translate(s, new Vec3(1.5 * i, -0.7, 3.1)), Moves.Permutation(Draws.Sub(5).Sub((ulong)i), s.Count))).ToList();
        var (a, b) = (Run(model, structures), Run(model, moved));
        var err = Relative(a.Output, b.Output);
        TestContext.Out.WriteLine($"{dtype}: graph logits [{structures.Count}, 2] {err:E2} (scale {a.Output.Max(Math.Abs):E2})");
        Assert.That(b.Vectors, Is.Null);
        Assert.That(err, Is.LessThan(LogitTolerance(dtype)));
    }
}
