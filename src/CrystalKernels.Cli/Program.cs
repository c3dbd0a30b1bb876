using System.CommandLine;
using System.Reflection;

namespace CrystalKernels.Cli;

public static class Program
{
    private static readonly Dictionary<string, string> GroupDescriptions = new()
    {
        ["bench"] = "Benchmarks: median timings, GFLOP/s and GB/s",
        ["data"] = "Dataset inspection",
        ["model"] = "Model inspection",
    };

    public static int Main(string[] args)
    {
        var root = BuildRoot();
        try
        {
            return root.Parse(args).Invoke();
        }
        catch (Exception e) when (e is IOException or FormatException or ArgumentException or InvalidOperationException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("crystal: self-supervised generative models of crystal structures (CrystalKernels)");
        var groups = new Dictionary<string, Command>();
        var verbs = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
            .Select(t => (ICliCommand)Activator.CreateInstance(t)!)
            .OrderBy(v => string.Join(' ', v.Parent))
            .ToList();
        foreach (var v in verbs)
        {
            Command parent = root;
            foreach (var g in v.Parent)
            {
                var key = string.Join(' ', v.Parent.TakeWhile(x => x != g).Append(g));
                if (!groups.TryGetValue(key, out var cmd))
                {
                    cmd = new Command(g, GroupDescriptions.GetValueOrDefault(g, g));
                    parent.Subcommands.Add(cmd);
                    groups[key] = cmd;
                }

                parent = cmd;
            }

            parent.Subcommands.Add(v.Build());
        }

        return root;
    }

    public static string Version =>
        typeof(Program).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
}
