using CrystalKernels.Native;
using CrystalKernels.SelfCheck;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.SelfCheck;

/// <summary>
/// The runner behind `crystal selfcheck`: one line per check, the summary line, exit codes; exercised in-process on
/// ILGPU's CPU accelerator (small filters) and on stand-in suites whose checks fail, throw, or have no device.
/// </summary>
[TestFixture]
[NonParallelizable] // the CLI cases redirect Console.Out
public sealed class SelfCheckRunnerTests
{
    [Test]
    public void CpuAcceleratorChecksPassThroughTheRunner()
    {
        using var output = new StringWriter();
        var summary = SelfCheckRunner.Run(SelfCheckRunner.Suites(SelfCheckTarget.Cpu), "ilgpu-cpu/binary/", output);
        var lines = Lines(output);
        Assert.That(summary.Passed, Is.EqualTo(4), output.ToString());
        Assert.That(summary.ExitCode, Is.EqualTo(SelfCheckSummary.ExitOk));
        Assert.That(lines.Take(4), Is.All.Match(@"^PASS ilgpu-cpu/binary/(Add|Sub|Mul|Div) \(\d+\.\d\d s\)$"));
        Assert.That(lines[^1], Is.EqualTo("4 passed, 0 failed"));
    }

    [Test]
    public void FailuresAndExceptionsAreOneLineEachAndExitOne()
    {
        using var output = new StringWriter();
        var suite = new StandIn("stand-in", null);
        var summary = SelfCheckRunner.Run([suite], null, output);
        var lines = Lines(output);
        Assert.That(lines, Has.Length.EqualTo(4));
        Assert.That(lines[0], Does.Match(@"^PASS stand-in/ok \(\d+\.\d\d s\): noted$"));
        Assert.That(lines[1], Is.EqualTo("FAIL stand-in/mismatch: x: 2.000E+000 exceeds 1.0E+000"));
        Assert.That(lines[2], Is.EqualTo("FAIL stand-in/throws: InvalidOperationException: first | second"));
        Assert.That(lines[3], Is.EqualTo("1 passed, 2 failed"));
        Assert.That(summary.ExitCode, Is.EqualTo(SelfCheckSummary.ExitFailed));
        Assert.That(suite.Opened, Is.EqualTo(1));
        Assert.That(suite.Closed, Is.EqualTo(1), "the runner disposes each suite after its checks");
    }

    [Test]
    public void AnUnavailableDeviceSkipsEveryCheckWithTheProbeReasonAndExitsThree()
    {
        using var output = new StringWriter();
        var summary = SelfCheckRunner.Run([new StandIn("absent", "no CUDA device"), new StandIn("present", null)], "ok", output);
        var lines = Lines(output);
        Assert.That(lines[0], Is.EqualTo("SKIP absent/ok: CUDA unavailable: no CUDA device"));
        Assert.That(lines[1], Does.StartWith("PASS present/ok"));
        Assert.That(lines[^1], Is.EqualTo("1 passed, 0 failed, 1 skipped (CUDA unavailable: no CUDA device)"));
        Assert.That(summary.ExitCode, Is.EqualTo(SelfCheckSummary.ExitCudaUnavailable));
    }

    [Test]
    public void ASuiteThatCannotOpenFailsEachCheckOnceWithoutRetrying()
    {
        using var output = new StringWriter();
        var suite = new StandIn("broken", null, openThrows: true);
        var summary = SelfCheckRunner.Run([suite], null, output);
        Assert.That(summary.Failed, Is.EqualTo(3));
        Assert.That(suite.Opened, Is.EqualTo(1));
        Assert.That(Lines(output)[1], Does.Contain("suite broken did not open: driver says no"));
    }

    [Test]
    public void AFilterMatchingNothingExitsTwo()
    {
        using var output = new StringWriter();
        var summary = SelfCheckRunner.Run([new StandIn("stand-in", null)], "no-such-check", output);
        Assert.That(summary.ExitCode, Is.EqualTo(SelfCheckSummary.ExitNoneSelected));
        Assert.That(Lines(output), Is.EqualTo(new[] { "0 passed, 0 failed" }));
    }

    [Test]
    public void CliRunsAFilteredCpuCheck()
    {
        var (rc, text) = CliRunner.Run("selfcheck", "--device", "cpu", "--filter", "ilgpu-cpu/matmul/nt");
        Assert.That(rc, Is.EqualTo(0), text);
        Assert.That(text, Does.Contain("PASS ilgpu-cpu/matmul/nt"));
        Assert.That(text, Does.EndWith("1 passed, 0 failed" + Environment.NewLine));
    }

    [Test]
    public void CliListsTheCpuChecksAndTheCudaOnesToo()
    {
        var (rc, cpu) = CliRunner.Run("selfcheck", "--device", "cpu", "--list");
        Assert.That(rc, Is.EqualTo(0));
        var names = cpu.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.That(names, Has.Length.GreaterThanOrEqualTo(35).And.All.StartWith("ilgpu-cpu/"));
        var (_, cuda) = CliRunner.Run("selfcheck", "--device", "cuda", "--list");
        Assert.That(cuda, Does.Contain("ilgpu-cuda/matmul/nn").And.Contain("native/module/wigner_rotate.cu").And.Contain("native/cublas/gemm-ex-tf32"));
    }

    [Test]
    public void CliRejectsAnUnknownDevice()
    {
        var (rc, text) = CliRunner.Run("selfcheck", "--device", "gpu");
        Assert.That(rc, Is.Not.EqualTo(0));
        Assert.That(text, Does.Contain("gpu").And.Contain("cuda"));
        Assert.That(text, Does.Contain("not recognized").And.Not.Contain("SKIP ").And.Not.Contain("PASS "));
    }

    [Test]
    public void CliOnCudaWithoutCudaSkipsWithTheReasonAndExitsThree()
    {
        if (CudaAvailability.Probe() is null)
        {
            Assert.Ignore("CUDA is available here; the checks run instead of skipping");
        }

        var (rc, text) = CliRunner.Run("selfcheck", "--device", "cuda");
        Assert.That(rc, Is.EqualTo(SelfCheckSummary.ExitCudaUnavailable), text);
        Assert.That(text, Does.Contain("SKIP ilgpu-cuda/binary/Add: CUDA unavailable: no CUDA device"));
        Assert.That(text, Does.Contain($"SKIP native/cublas/sgemm-row-major: CUDA unavailable: {CudaAvailability.Probe()}"));
        Assert.That(text, Does.Match(@"0 passed, 0 failed, \d+ skipped \(CUDA unavailable: .+\)"));
    }

    private static string[] Lines(StringWriter w) => w.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Three checks (passes with a note, mismatches, throws) on a device that may be absent or fail to open.</summary>
    private sealed class StandIn : CheckSuite
    {
        private readonly string? why;
        private readonly bool openThrows;

        public StandIn(string name, string? why, bool openThrows = false)
            : base(name)
        {
            (this.why, this.openThrows) = (why, openThrows);
            Add("ok", () => Note("noted"));
            Add("mismatch", () => Expect.AtMost(2, 1, "x"));
            Add("throws", () => throw new InvalidOperationException("first\nsecond"));
        }

        public int Opened { get; private set; }

        public int Closed { get; private set; }

        protected override string? Probe() => why;

        protected override void Open()
        {
            Opened++;
            if (openThrows)
            {
                throw new InvalidOperationException("driver says no");
            }
        }

        protected override void Close() => Closed++;
    }
}
