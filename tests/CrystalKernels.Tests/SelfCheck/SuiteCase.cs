using CrystalKernels.SelfCheck;

namespace CrystalKernels.Tests.SelfCheck;

/// <summary>
/// Runs one check of a <see cref="CheckSuite"/> as an NUnit test: the same bodies `crystal selfcheck` runs. Ignored
/// with the suite's "CUDA unavailable: ..." reason when its device is missing; a mismatch is an assertion failure.
/// </summary>
internal static class SuiteCase
{
    public static IEnumerable<TestCaseData> Names(CheckSuite suite)
    {
        using (suite)
        {
            return suite.Cases.Select(c => new TestCaseData(c.Name)).ToList();
        }
    }

    public static void Run(CheckSuite suite, string name)
    {
        if (suite.Unavailable is { } why)
        {
            Assert.Ignore(why);
        }

        try
        {
            suite.Run(name);
        }
        catch (CheckFailedException e)
        {
            Assert.Fail(e.Message);
        }

        if (suite.TakeNote() is { } note)
        {
            TestContext.Out.WriteLine(note);
        }
    }
}
