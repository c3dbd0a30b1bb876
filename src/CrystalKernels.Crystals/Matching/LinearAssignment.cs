namespace CrystalKernels.Crystals.Matching;

/// <summary>
/// Minimum-cost assignment of every row to a distinct column (rows ≤ columns) by the Hungarian method in its
/// shortest-augmenting-path form with row and column potentials (Kuhn–Munkres; Jonker–Volgenant style), O(n²·m).
/// Ties go to the lowest column index, so the result is deterministic. Plays the role of pymatgen's
/// <c>LinearAssignment</c>.
/// </summary>
public static class LinearAssignment
{
    /// <summary>Column of each row in an optimal assignment; <paramref name="cost"/> is rows × columns.</summary>
    public static int[] Solve(double[,] cost) => Solve(cost, out _);

    public static int[] Solve(double[,] cost, out double total)
    {
        var n = cost.GetLength(0);
        var m = cost.GetLength(1);
        if (n > m)
        {
            throw new ArgumentException($"linear assignment: {n} rows but only {m} columns; every row needs its own column");
        }

        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                if (!double.IsFinite(cost[i, j]))
                {
                    throw new ArgumentException($"linear assignment: cost[{i}, {j}] = {cost[i, j]} is not finite");
                }
            }
        }

        // 1-based arrays; column 0 is the virtual start of each augmenting path.
        var u = new double[n + 1];
        var v = new double[m + 1];
        var rowOfCol = new int[m + 1];
        var way = new int[m + 1];
        var minv = new double[m + 1];
        var used = new bool[m + 1];
        for (var i = 1; i <= n; i++)
        {
            rowOfCol[0] = i;
            var j0 = 0;
            Array.Fill(minv, double.PositiveInfinity);
            Array.Fill(used, false);
            do
            {
                used[j0] = true;
                var i0 = rowOfCol[j0];
                var delta = double.PositiveInfinity;
                var j1 = 0;
                for (var j = 1; j <= m; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }

                    var cur = cost[i0 - 1, j - 1] - u[i0] - v[j];
                    if (cur < minv[j])
                    {
                        minv[j] = cur;
                        way[j] = j0;
                    }

                    if (minv[j] < delta)
                    {
                        delta = minv[j];
                        j1 = j;
                    }
                }

                for (var j = 0; j <= m; j++)
                {
                    if (used[j])
                    {
                        u[rowOfCol[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minv[j] -= delta;
                    }
                }

                j0 = j1;
            }
            while (rowOfCol[j0] != 0);

            // Flip the alternating path back to its start.
            do
            {
                var j1 = way[j0];
                rowOfCol[j0] = rowOfCol[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }

        var result = new int[n];
        for (var j = 1; j <= m; j++)
        {
            if (rowOfCol[j] != 0)
            {
                result[rowOfCol[j] - 1] = j - 1;
            }
        }

        total = 0;
        for (var i = 0; i < n; i++)
        {
            total += cost[i, result[i]];
        }

        return result;
    }
}
