using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Io;

namespace CrystalKernels.Tests.Io;

public class PoscarTests
{
    private const string Vasp5 = """
        Cd2 S2 test
           1.00000000000000
             4.17 0.0 0.0
            -2.085 3.6115 0.0
             0.0 0.0 6.78
           Cd   S
             2     2
        Direct
          0.6666670 0.3333330 0.5001535
          0.3333330 0.6666670 0.0001535
          0.6666670 0.3333330 0.8768464
          0.3333330 0.6666670 0.3768464
        """;

    [Test]
    public void Vasp5Direct()
    {
        var s = Poscar.Parse(Vasp5, "POSCAR");
        Assert.That(s.Species, Is.EqualTo(new[] { 48, 48, 16, 16 }));
        Assert.That(s.Id, Is.EqualTo("Cd2 S2 test"));
        Assert.That(s.Lattice.B, Is.EqualTo(new Vec3(-2.085, 3.6115, 0)));
        Assert.That((s.FractionalPositions()[3] - new Vec3(0.333333, 0.666667, 0.3768464)).Norm, Is.LessThan(1e-12));
    }

    [Test]
    public void NegativeScaleIsTargetVolume()
    {
        var text = Vasp5.Replace("1.00000000000000", "-150.0", StringComparison.Ordinal);
        var s = Poscar.Parse(text, "POSCAR");
        var unscaled = Poscar.Parse(Vasp5, "POSCAR");
        Assert.That(s.Lattice.Volume, Is.EqualTo(150.0).Within(1e-9));
        var f = Math.Cbrt(150.0 / unscaled.Lattice.Volume);
        Assert.That((s.Lattice.C - f * unscaled.Lattice.C).Norm, Is.LessThan(1e-12));
        Assert.That((s.FractionalPositions()[0] - unscaled.FractionalPositions()[0]).Norm, Is.LessThan(1e-12), "direct coordinates are not scaled");
    }

    [Test]
    public void CartesianWithScaleAndSelectiveDynamics()
    {
        const string text = """
            NaCl
            2.0
            2.0 0.0 0.0
            0.0 2.0 0.0
            0.0 0.0 2.0
            Na Cl
            1 1
            Selective dynamics
            Cartesian
            0.0 0.0 0.0 T T F
            1.0 1.0 1.0 F F F
            """;
        var s = Poscar.Parse(text, "POSCAR");
        Assert.That(s.Lattice.Volume, Is.EqualTo(64.0).Within(1e-12));
        Assert.That(s.Positions[1], Is.EqualTo(new Vec3(2, 2, 2)), "Cartesian coordinates scale with the lattice");
        Assert.That(s.Species, Is.EqualTo(new[] { 11, 17 }));
    }

    [Test]
    public void Vasp4SpeciesFromAtomLinesOrComment()
    {
        const string trailing = "Fe4P4O16\n1.0\n4 0 0\n0 5 0\n0 0 6\n1 2\ndirect\n0 0 0 Fe\n0.5 0.5 0.5 O\n0.5 0 0 O\n";
        Assert.That(Poscar.Parse(trailing, "POSCAR").Species, Is.EqualTo(new[] { 26, 8, 8 }));
        const string comment = "Fe O\n1.0\n4 0 0\n0 5 0\n0 0 6\n1 2\nDirect\n0 0 0\n0.5 0.5 0.5\n0.5 0 0\n";
        Assert.That(Poscar.Parse(comment, "POSCAR").Species, Is.EqualTo(new[] { 26, 8, 8 }));
        var e = Assert.Throws<CrystalFormatException>(() => Poscar.Parse(comment.Replace("Fe O", "mystery", StringComparison.Ordinal), "CONTCAR"))!;
        Assert.That(e.File, Is.EqualTo("CONTCAR"));
        Assert.That(e.Line, Is.EqualTo(6), "the counts line");
        Assert.That(e.Reason, Does.Contain("VASP 4"));
    }

    [TestCase("x\n1.0\n4 0 0\n0 5 0\n0 0 6\nFe\n1\nDirect\n0 0 zz\n", 9, "expected three coordinates")]
    [TestCase("x\n1.0\n4 0 0\n0 5 0\n0 0 6\nFe O\n1\nDirect\n0 0 0\n", 7, "2 species names but 1 counts")]
    [TestCase("x\n1.0\n4 0 0\n0 5 0\n0 0 6\nFe\n2\nDirect\n0 0 0\n", 9, "file ends")]
    [TestCase("x\n1.0\n4 0 0\n0 5 0\n0 0 6\nFe\n1\nWeird\n0 0 0\n", 8, "Direct")]
    [TestCase("x\n1.0\n4 0 0\n8 0 0\n0 0 6\nFe\n1\nDirect\n0 0 0\n", 3, "degenerate")]
    public void ErrorsNameLine(string text, int line, string reason)
    {
        var e = Assert.Throws<CrystalFormatException>(() => Poscar.Parse(text, "POSCAR.bad"))!;
        Assert.That(e.Line, Is.EqualTo(line), e.Message);
        Assert.That(e.Reason, Does.Contain(reason));
    }
}
