using System.Diagnostics;
using System.Reflection;

namespace CrystalKernels.Training.Runs;

/// <summary>
/// The code version recorded in run folders and checkpoints: <c>git describe --always --dirty --tags</c> of the
/// source tree the binary runs from when git and the repository are there, otherwise the entry assembly's
/// informational version (e.g. "1.0.0+&lt;commit&gt;"), otherwise "dev".
/// </summary>
public static class CodeVersion
{
    private static readonly Lazy<string> Value = new(Find);

    public static string Current => Value.Value;

    private static string Find() => GitDescribe() ?? AssemblyVersion() ?? "dev";

    private static string? AssemblyVersion() =>
        (Assembly.GetEntryAssembly() ?? typeof(CodeVersion).Assembly).GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;

    private static string? GitDescribe()
    {
        try
        {
            var psi = new ProcessStartInfo("git", "describe --always --dirty --tags")
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var p = Process.Start(psi);
            if (p is null)
            {
                return null;
            }

            var output = p.StandardOutput.ReadToEnd().Trim();

            // A hung git (network file system, lock) must not hold up a training run.
            if (!p.WaitForExit(2000))
            {
                p.Kill();
                return null;
            }

            return p.ExitCode == 0 && output.Length > 0 ? "git:" + output : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
    }
}
