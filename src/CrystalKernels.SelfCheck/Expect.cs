using CrystalKernels.Tensors;

namespace CrystalKernels.SelfCheck;

/// <summary>
/// The assertions of the self-checks. They run in the CLI on the GPU machine (no test framework there) and inside
/// NUnit alike, so they throw <see cref="CheckFailedException"/> instead of using a framework's Assert.
/// </summary>
public static class Expect
{
    public static void That(bool condition, string what)
    {
        if (!condition)
        {
            throw new CheckFailedException(what);
        }
    }

    public static void AtMost(double value, double bound, string what)
    {
        // Written so that a NaN value fails.
        if (!(value <= bound))
        {
            throw new CheckFailedException($"{what}: {value:E3} exceeds {bound:E1}");
        }
    }

    public static void Below(double value, double bound, string what)
    {
        if (!(value < bound))
        {
            throw new CheckFailedException($"{what}: {value:E3} is not below {bound:E1}");
        }
    }

    /// <summary>|actual - expected| &lt;= relTol * |expected|.</summary>
    public static void Near(double actual, double expected, double relTol, string what)
    {
        var err = Math.Abs(actual - expected);
        if (!(err <= relTol * Math.Abs(expected)))
        {
            throw new CheckFailedException($"{what}: {actual:R} vs {expected:R}, |difference| {err:E3} exceeds {relTol:E1} x |expected|");
        }
    }

    public static void Equal<T>(IReadOnlyList<T> actual, IReadOnlyList<T> expected, string what)
    {
        if (actual.Count != expected.Count)
        {
            throw new CheckFailedException($"{what}: {actual.Count} elements, expected {expected.Count}");
        }

        for (var i = 0; i < actual.Count; i++)
        {
            if (!EqualityComparer<T>.Default.Equals(actual[i], expected[i]))
            {
                throw new CheckFailedException($"{what}: element {i} is {actual[i]}, expected {expected[i]}");
            }
        }
    }

    public static void AllEqual<T>(IReadOnlyList<T> actual, T expected, string what) => Equal(actual, Enumerable.Repeat(expected, actual.Count).ToArray(), what);

    /// <summary>The action throws <typeparamref name="TException"/> (or a subclass); returns it.</summary>
    public static TException Throws<TException>(Action action, string what) where TException : Exception
    {
        try
        {
            action();
        }
        catch (TException e)
        {
            return e;
        }
        catch (Exception e)
        {
            throw new CheckFailedException($"{what}: expected {typeof(TException).Name}, got {e.GetType().Name}: {e.Message}");
        }

        throw new CheckFailedException($"{what}: expected {typeof(TException).Name}, nothing was thrown");
    }

    public static void Contains(string text, string part, string what)
    {
        if (!text.Contains(part, StringComparison.Ordinal))
        {
            throw new CheckFailedException($"{what}: \"{text}\" does not contain \"{part}\"");
        }
    }

    /// <summary>Largest |a - b| / max(1, |a|) over the elements must not exceed tol; a NaN in one but not the other fails.</summary>
    public static void Close(string what, Tensor expected, Tensor actual, double tol)
    {
        That(actual.Shape.Equals(expected.Shape), $"{what}: shape {actual.Shape}, expected {expected.Shape}");
        var a = expected.ToDoubleArray();
        var b = actual.ToDoubleArray();
        var worst = 0.0;
        var at = -1;
        for (var i = 0; i < a.Length; i++)
        {
            var err = double.IsNaN(a[i]) || double.IsNaN(b[i])
                ? (double.IsNaN(a[i]) && double.IsNaN(b[i]) ? 0 : double.PositiveInfinity)
                : Math.Abs(a[i] - b[i]) / Math.Max(1, Math.Abs(a[i]));
            if (err > worst)
            {
                worst = err;
                at = i;
            }
        }

        if (worst > tol)
        {
            throw new CheckFailedException($"{what}: worst relative error {worst:E2} at {at} (cpu {a[at]}, device {b[at]}) exceeds {tol:E1}");
        }
    }
}
