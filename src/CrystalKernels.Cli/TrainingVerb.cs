using System.CommandLine;
using CrystalKernels.Training.Progress;

namespace CrystalKernels.Cli;

/// <summary>
/// The options every training verb takes (CONTRACT.md issue 5): <c>crystal VERB [--config FILE.yaml] [key=value ...]
/// [--out DIR] [--resume CKPT] [--seed N] [--device cpu] [--no-progress]</c>, and the error handling they share.
/// </summary>
public sealed class TrainingVerb
{
    public Option<string?> Config { get; } = new("--config") { Description = "Run configuration YAML (sections model, data, optim, train, mask, noise)" };

    public Argument<string[]> Overrides { get; } = new("overrides") { Description = "key=value overrides, e.g. train.epochs=2 data.train=[a.csv.gz]", Arity = ArgumentArity.ZeroOrMore };

    public Option<string?> Out { get; } = new("--out") { Description = "Run folder (default runs/VERB-yyyyMMdd-HHmmss; a resumed run continues its own folder)" };

    public Option<string?> Resume { get; } = new("--resume") { Description = "Checkpoint to continue from (its stored config, then --config and overrides)" };

    public Option<ulong?> Seed { get; } = new("--seed") { Description = "Seed of every random stream (= train.seed=N)" };

    public Option<string> Device { get; } = new("--device") { Description = "Compute device (cpu)", DefaultValueFactory = _ => "cpu" };

    public Option<bool> NoProgress { get; } = new("--no-progress") { Description = "Plain periodic log lines instead of a progress bar" };

    public void AddTo(Command cmd)
    {
        cmd.Options.Add(Config);
        cmd.Options.Add(Out);
        cmd.Options.Add(Resume);
        cmd.Options.Add(Seed);
        cmd.Options.Add(Device);
        cmd.Options.Add(NoProgress);
        cmd.Arguments.Add(Overrides);
    }

    /// <summary>The overrides with --seed appended (so it wins).</summary>
    public IReadOnlyList<string> OverridesOf(ParseResult p)
    {
        var list = (p.GetValue(Overrides) ?? []).ToList();
        if (p.GetValue(Seed) is { } seed)
        {
            list.Add($"train.seed={seed}");
        }

        return list;
    }

    public ProgressMode ProgressOf(ParseResult p) => p.GetValue(NoProgress) ? ProgressMode.Plain : ProgressMode.Auto;

    /// <summary>Only the CPU runs training today; anything else is refused with a message rather than ignored.</summary>
    public void CheckDevice(ParseResult p)
    {
        var d = p.GetValue(Device) ?? "cpu";
        if (!string.Equals(d, "cpu", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--device {d}: training runs on the CPU only so far (use --device cpu)");
        }
    }

    /// <summary>Runs a verb body; expected failures (bad config, missing file, wrong checkpoint) print "error: ..." and return 1.</summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is IOException or FormatException or ArgumentException or InvalidOperationException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
