using CrystalKernels.Cli;

namespace CrystalKernels.Tests.Support;

/// <summary>Runs the `crystal` command tree in-process with stdout and stderr captured. Callers are [NonParallelizable].</summary>
internal static class CliRunner
{
    public static (int Rc, string Output) Run(params string[] args)
    {
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        using var sw = new StringWriter();
        Console.SetOut(sw);
        Console.SetError(sw);
        try
        {
            var rc = Program.BuildRoot().Parse(args).Invoke();
            return (rc, sw.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}
