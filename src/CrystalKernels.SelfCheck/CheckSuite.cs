namespace CrystalKernels.SelfCheck;

/// <summary>
/// A group of checks sharing one device (an ILGPU accelerator, or a CUDA context with its kernel library). The list of
/// checks is known without a device (NUnit enumerates it as test cases); the device is opened on the first run and
/// closed on <see cref="Dispose"/>.
/// </summary>
public abstract class CheckSuite : IDisposable
{
    private readonly List<SelfCheckCase> cases = [];
    private readonly Lazy<string?> unavailable;
    private bool open;
    private Exception? openError;
    private string? note;

    protected CheckSuite(string name)
    {
        Name = name;
        unavailable = new Lazy<string?>(() => Probe() is { } why ? $"CUDA unavailable: {why}" : null);
    }

    /// <summary>Prefix of every check's name, e.g. "ilgpu-cuda".</summary>
    public string Name { get; }

    public IReadOnlyList<SelfCheckCase> Cases => cases;

    /// <summary>Null when the suite's device can be opened; otherwise "CUDA unavailable: &lt;probe reason&gt;".</summary>
    public string? Unavailable => unavailable.Value;

    public SelfCheckCase Find(string name) =>
        cases.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"selfcheck: no check named '{name}' in suite {Name}");

    /// <summary>Runs one check (opening the device first if needed); throws <see cref="CheckFailedException"/> on a mismatch.</summary>
    public void Run(string name) => Run(Find(name));

    public void Run(SelfCheckCase check)
    {
        if (Unavailable is { } why)
        {
            throw new InvalidOperationException($"selfcheck {check.Name}: {why}");
        }

        if (openError is not null)
        {
            throw new InvalidOperationException($"selfcheck {check.Name}: suite {Name} did not open: {openError.Message}", openError);
        }

        if (!open)
        {
            try
            {
                Open();
                open = true;
            }
            catch (Exception e)
            {
                // Remembered so the remaining checks of the suite fail at once with the same reason.
                openError = e;
                throw;
            }
        }

        note = null;
        BeforeEach();
        check.Body();
    }

    /// <summary>What the last check recorded with <see cref="Note"/> (e.g. where a module came from), then cleared.</summary>
    public string? TakeNote()
    {
        var n = note;
        note = null;
        return n;
    }

    public void Dispose()
    {
        if (open)
        {
            Close();
            open = false;
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>One line of information for the runner's PASS line.</summary>
    protected void Note(string text) => note = text;

    protected void Add(string name, Action body) => cases.Add(new SelfCheckCase($"{Name}/{name}", body));

    /// <summary>Null when the device exists, else the probe's one-line reason. Must not throw.</summary>
    protected abstract string? Probe();

    protected abstract void Open();

    protected abstract void Close();

    /// <summary>Per-check preparation (binding a CUDA context to the calling thread).</summary>
    protected virtual void BeforeEach()
    {
    }
}
