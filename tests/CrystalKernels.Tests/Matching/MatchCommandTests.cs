using CrystalKernels.Tests.Support;
using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Io;
using static CrystalKernels.Tests.Matching.MatchingCrystals;

namespace CrystalKernels.Tests.Matching;

/// <summary>crystal match on files written by the CIF writer: one pair, paired lists (match rate), settings, errors.</summary>
[NonParallelizable] // redirects Console.Out
public class MatchCommandTests
{
    [Test]
    public void OnePairPrintsMatchRmsAndMax()
    {
        WithFiles((dir, write) =>
        {
            var s = LowSymmetry();
            var a = write("a.cif", [s]);
            var b = write("b.cif", [RotatedShiftedPermuted(s, 4)]);
            var (rc, output) = Run("match", "--a", a, "--b", b);
            Assert.That(rc, Is.EqualTo(0), output);
            Assert.That(output, Does.StartWith("match=true rms=0.000000 max=0.000000").And.Contain("ltol=0.2 stol=0.3 angle_tol=5"));

            // δ = 1.6 Å on two sites: RMS 0.335 (see StructureMatcherTests), rejected by the defaults, accepted by CSP.
            var c = write("c.cif", [Displaced(s, (0, new Vec3(0, 0, 1.6)), (3, new Vec3(0, 0, -1.6)))]);
            (rc, output) = Run("match", "--a", a, "--b", c);
            Assert.That(output, Does.StartWith("match=false rms=none max=none"), output);
            (rc, output) = Run("match", "--a", a, "--b", c, "--settings", "csp");
            Assert.That(output, Does.StartWith("match=true rms=0.33").And.Contain("ltol=0.3 stol=0.5 angle_tol=10"), output);
        });
    }

    [Test]
    public void PairedListsPrintOneRowEachAndTheMatchRate()
    {
        WithFiles((dir, write) =>
        {
            var s = LowSymmetry();
            var nacl = RockSaltConventional();
            var br = s.With(species: [11, 35, 17, 19]);
            var a = write("pred.cif", [s, nacl, br]);
            var b = write("gt.cif", [RotatedShiftedPermuted(s, 1), RotatedShiftedPermuted(nacl, 2), s]);
            var (rc, output) = Run("match", "--a", a, "--b", b, "--settings", "csp");
            Assert.That(rc, Is.EqualTo(0), output);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.That(lines, Has.Length.EqualTo(4), output);
            Assert.That(lines[0], Does.StartWith("0 ").And.Contain("match=true"));
            Assert.That(lines[1], Does.StartWith("1 ").And.Contain("match=true"));
            Assert.That(lines[2], Does.StartWith("2 ").And.Contain("match=false"));
            Assert.That(lines[3], Does.StartWith("match_rate=0.6667 rmse=0.0000 matched=2 n=3"));

            var two = write("two.cif", [s, nacl]);
            (rc, output) = Run("match", "--a", a, "--b", two);
            Assert.That(rc, Is.EqualTo(1));
            Assert.That(output, Does.Contain("3 structures but --b has 2"));
            (rc, _) = Run("match", "--a", a, "--b", b, "--settings", "loose");
            Assert.That(rc, Is.Not.EqualTo(0), "unknown settings name is rejected");
        });
    }

    private static void WithFiles(Action<string, Func<string, Structure[], string>> body)
    {
        var dir = Directory.CreateTempSubdirectory("ck-match-");
        try
        {
            body(dir.FullName, (name, structures) =>
            {
                var path = Path.Combine(dir.FullName, name);
                StructureIo.Write(path, structures);
                return path;
            });
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private static (int Rc, string Output) Run(params string[] args) => CliRunner.Run(args);
}
