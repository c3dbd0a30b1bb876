using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Graph;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Graph;

public class GraphStatsTests
{
    [Test]
    public void CountsHistogramsAndDegrees()
    {
        var fe = new Structure(Lattice.FromParameters(2, 2, 2, 90, 90, 90), [26], [Vec3.Zero]);
        var nacl = Structure.FromFractional(Lattice.FromParameters(4, 4, 4, 90, 90, 90), [11, 17], [Vec3.Zero, new Vec3(0.5, 0.5, 0.5)]);
        var list = new[] { fe, nacl };
        var st = GraphStats.Compute(list, RadiusGraph.BuildMany(list));
        Assert.That(st.Structures, Is.EqualTo(2));
        Assert.That(st.Atoms, Is.EqualTo(3));
        Assert.That(st.Edges, Is.EqualTo(80 + RadiusGraph.Build(nacl).EdgeCount));
        Assert.That(st.SizeHistogram, Is.EqualTo(new Dictionary<int, int> { [1] = 1, [2] = 1 }));
        Assert.That(st.ElementAtoms[26], Is.EqualTo(1));
        Assert.That(st.ElementStructures[17], Is.EqualTo(1));
        Assert.That(st.InDegreeMax, Is.EqualTo(80));
        Assert.That(st.EdgesPerAtom, Is.EqualTo(st.Edges / 3.0));
    }

    /// <summary>paper-spec 2.2: all 9,047 MP-20 val crystals at 5 Å give 2,888,820 edges for 93,512 atoms.</summary>
    [Test]
    [Category(Categories.Data)]
    public void DataStatsOnMp20ValMatchesTheReferenceGraphTotals()
    {
        var path = SharedPaths.RequireData("mp20", "val.csv.gz");
        var (rc, text) = CliRunner.Run("data", "stats", "--input", path);
        Assert.That(rc, Is.Zero);
        Assert.That(text, Does.StartWith("structures=9047 failed=0 atoms_mean=10.34 edges_per_atom=30.89"));
        Assert.That(text, Does.Contain("atoms=93512 edges=2888820 "));
    }
}
