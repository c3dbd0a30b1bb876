using Spectre.Console;

namespace CrystalKernels.Training.Progress;

/// <summary>
/// Runs a loop with progress shown the way the environment wants it: a Spectre.Console bar on a terminal, plain
/// periodic lines when stdout is redirected (<see cref="Console.IsOutputRedirected"/>) or with --no-progress.
/// </summary>
public static class ProgressReporter
{
    public static ProgressMode Resolve(ProgressMode mode) =>
        mode == ProgressMode.Auto ? (Console.IsOutputRedirected ? ProgressMode.Plain : ProgressMode.Bar) : mode;

    public static T Run<T>(string title, long total, Func<IProgressSink, T> body, ProgressMode mode = ProgressMode.Auto, TimeSpan? plainInterval = null)
    {
        switch (Resolve(mode))
        {
            case ProgressMode.Bar:
                return AnsiConsole.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(ctx => body(new BarSink(ctx.AddTask(Markup.Escape(title), maxValue: Math.Max(total, 1)), title)));
            case ProgressMode.Plain:
                var plain = new PlainProgress(Console.Out, title, total, plainInterval);
                var result = body(plain);
                plain.Complete();
                return result;
            default:
                return body(new NullSink());
        }
    }

    public static void Run(string title, long total, Action<IProgressSink> body, ProgressMode mode = ProgressMode.Auto, TimeSpan? plainInterval = null) =>
        Run(title, total, sink =>
        {
            body(sink);
            return 0;
        }, mode, plainInterval);

    private sealed class BarSink(ProgressTask task, string title) : IProgressSink
    {
        public void Advance(long by = 1) => task.Increment(by);

        public void SetStatus(string status) => task.Description = Markup.Escape($"{title} {status}");
    }

    private sealed class NullSink : IProgressSink
    {
        public void Advance(long by = 1)
        {
        }

        public void SetStatus(string status)
        {
        }
    }
}
