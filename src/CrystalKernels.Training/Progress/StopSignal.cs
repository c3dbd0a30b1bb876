using System.Runtime.InteropServices;

namespace CrystalKernels.Training.Progress;

/// <summary>
/// Turns Ctrl-C (Console.CancelKeyPress) and SIGTERM into a <see cref="CancellationToken"/> so a training loop can
/// finish its step, save a checkpoint and exit cleanly. The first Ctrl-C is swallowed and requests the stop; a second
/// one is let through and ends the process at once. Dispose to unhook.
/// <code>
///   using var stop = StopSignal.Install();
///   for (...) { step(); if (stop.Token.IsCancellationRequested) { slots.Save(...); break; } }
/// </code>
/// </summary>
public sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource cts = new();
    private readonly TextWriter? log;
    private readonly PosixSignalRegistration? sigterm;
    private readonly bool hooked;
    private int presses;

    private StopSignal(bool hook, TextWriter? log)
    {
        this.log = log;
        if (hook)
        {
            Console.CancelKeyPress += OnCancelKeyPress;
            hooked = true;
            if (!OperatingSystem.IsWindows())
            {
                sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, ctx =>
                {
                    ctx.Cancel = true;
                    Request("SIGTERM");
                });
            }
        }
    }

    public CancellationToken Token => cts.Token;

    public bool StopRequested => cts.IsCancellationRequested;

    /// <summary>Why the stop was requested ("Ctrl-C", "SIGTERM", or a caller's reason); null while running.</summary>
    public string? Reason { get; private set; }

    /// <summary>Hooks Ctrl-C and SIGTERM for the process.</summary>
    public static StopSignal Install(TextWriter? log = null) => new(hook: true, log ?? Console.Error);

    /// <summary>A signal that only <see cref="Request"/> triggers (tests, embedding).</summary>
    public static StopSignal Manual() => new(hook: false, null);

    public void Request(string reason)
    {
        if (cts.IsCancellationRequested)
        {
            return;
        }

        Reason = reason;
        log?.WriteLine($"{reason}: stopping after the current step and saving a checkpoint (press Ctrl-C again to abort at once)");
        cts.Cancel();
    }

    public void Dispose()
    {
        if (hooked)
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
        }

        sigterm?.Dispose();
        cts.Dispose();
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (Interlocked.Increment(ref presses) == 1)
        {
            e.Cancel = true;
            Request("Ctrl-C");
        }
    }
}
