using CrystalKernels.Crystals.Matching;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Matching;

/// <summary>The Hungarian solver against exhaustive search over all injective row → column maps.</summary>
public class LinearAssignmentTests
{
    [Test]
    public void TextbookExample()
    {
        // All six permutations by hand: 6, 11, 5, 9, 7, 6; the optimum is 0→1 (1) + 1→0 (2) + 2→2 (2) = 5.
        var cost = new double[,] { { 4, 1, 3 }, { 2, 0, 5 }, { 3, 2, 2 } };
        var p = LinearAssignment.Solve(cost, out var total);
        Assert.That(total, Is.EqualTo(5));
        Assert.That(p, Is.EqualTo(new[] { 1, 0, 2 }));
    }

    [Test]
    public void MatchesBruteForceOnRandomMatrices([Values(1, 2, 3, 5, 7)] int rows, [Values(0, 2)] int extraCols)
    {
        var cols = rows + extraCols;
        var rng = RngStream.Create(42, $"assignment-{rows}-{cols}");
        for (ulong trial = 0; trial < 20; trial++)
        {
            var cost = new double[rows, cols];
            for (var i = 0; i < rows; i++)
            {
                for (var j = 0; j < cols; j++)
                {
                    // Small integers give many ties; reals give a unique optimum.
                    cost[i, j] = trial % 2 == 0 ? rng.Below(trial * 1000 + (ulong)(i * cols + j), 5) : rng.UniformDouble(trial * 1000 + (ulong)(i * cols + j));
                }
            }

            var p = LinearAssignment.Solve(cost, out var total);
            Assert.That(p.Distinct().Count(), Is.EqualTo(rows), "each row gets its own column");
            Assert.That(total, Is.EqualTo(Enumerable.Range(0, rows).Sum(i => cost[i, p[i]])).Within(Tol.MetricRel));
            Assert.That(total, Is.EqualTo(BruteForce(cost)).Within(Tol.MetricRel * Math.Max(1, total)), $"trial {trial}");
        }
    }

    [Test]
    public void HandlesThePymatgenExclusionSentinel()
    {
        var x = PbcShortestVectors.Excluded;
        var cost = new double[,] { { x, 1, x }, { 0.5, x, 2 }, { x, x, 0.25 } };
        Assert.That(LinearAssignment.Solve(cost), Is.EqualTo(new[] { 1, 0, 2 }));
    }

    [Test]
    public void RejectsBadInput()
    {
        Assert.That(() => LinearAssignment.Solve(new double[3, 2]), Throws.ArgumentException.With.Message.Contains("3 rows"));
        Assert.That(() => LinearAssignment.Solve(new double[,] { { 0, double.NaN } }), Throws.ArgumentException.With.Message.Contains("cost[0, 1]"));
    }

    private static double BruteForce(double[,] cost)
    {
        var rows = cost.GetLength(0);
        var cols = cost.GetLength(1);
        var used = new bool[cols];
        double Best(int i)
        {
            if (i == rows)
            {
                return 0;
            }

            var best = double.PositiveInfinity;
            for (var j = 0; j < cols; j++)
            {
                if (!used[j])
                {
                    used[j] = true;
                    best = Math.Min(best, cost[i, j] + Best(i + 1));
                    used[j] = false;
                }
            }

            return best;
        }

        return Best(0);
    }
}
