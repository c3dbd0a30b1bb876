using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Io;
using CrystalKernels.Crystals.Matching;
using CrystalKernels.Crystals.Metrics;
using CrystalKernels.Tests.Support;
using static CrystalKernels.Tests.Matching.MatchingCrystals;

namespace CrystalKernels.Tests.Matching;

/// <summary>
/// StructureMatcher on real MP-20 validation structures (symmetric cells, up to 20 sites, many with centred cells):
/// every structure matches its rotated, shifted, re-ordered copy and its doubled supercell; neighbouring rows with
/// different compositions never match.
/// </summary>
[Category(Categories.Data)]
public class Mp20MatcherDataTests
{
    private static IReadOnlyList<Structure> Rows(int n)
    {
        var path = SharedPaths.RequireData("mp20", "val.csv.gz");
        var list = new List<Structure>();
        foreach (var e in CsvDataset.Read(path).Take(n))
        {
            Assert.That(e.Structure, Is.Not.Null, $"row {e.Row.Line}: {e.Error}");
            list.Add(e.Structure!);
        }

        return list;
    }

    [Test]
    public void EachStructureMatchesItsRotatedShiftedCopyAndItsSupercell()
    {
        var matcher = new StructureMatcher(StructureMatcherSettings.PymatgenDefault);
        var worst = 0.0;
        var rows = Rows(30);
        for (var i = 0; i < rows.Count; i++)
        {
            var s = rows[i];
            var copy = RotatedShiftedPermuted(s, (ulong)i + 1);
            var r = matcher.GetRmsDist(s, copy);
            Assert.That(r, Is.Not.Null, $"{s} vs its rotated copy");
            worst = Math.Max(worst, r!.Value.Rms);
            Assert.That(r.Value.Rms, Is.LessThan(Tol.StructureMatchFirstAccepted), s.ToString());

            if (i < 10)
            {
                var super = RotatedShiftedPermuted(Supercell(s, 1, 2, 1), (ulong)i + 100);
                Assert.That(matcher.GetRmsDist(s, super)?.Rms, Is.LessThan(Tol.StructureMatchFirstAccepted), $"{s} vs its 1x2x1 supercell");
            }
        }

        TestContext.Out.WriteLine($"worst rms over {rows.Count} self-matches: {worst:G3}");
    }

    [Test]
    public void NeighbouringRowsOfDifferentCompositionNeverMatch()
    {
        var rows = Rows(200);
        var csp = new StructureMatcher(StructureMatcherSettings.Csp);
        var (compared, sameComposition, sameMatched) = (0, 0, 0);
        for (var i = 0; i + 1 < rows.Count; i++)
        {
            var (a, b) = (rows[i], rows[i + 1]);
            var r = csp.GetRmsDist(a, b);
            if (ReducedComposition.FromSpecies(a.Species).ToString() != ReducedComposition.FromSpecies(b.Species).ToString())
            {
                compared++;
                Assert.That(r, Is.Null, $"{a} matched {b}");
            }
            else
            {
                sameComposition++;
                sameMatched += r is null ? 0 : 1;
            }
        }

        TestContext.Out.WriteLine($"{compared} different-composition pairs, none matched; {sameMatched} of {sameComposition} same-composition pairs matched (CSP settings)");
        Assert.That(compared, Is.GreaterThan(150), "MP-20 rows are mostly different compositions");
    }
}
