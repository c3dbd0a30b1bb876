using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Io;

namespace CrystalKernels.Tests.Io;

public class SymmetryOperationTests
{
    [TestCase("x+1/2,-y,z", 0.6, -0.2, 0.3)]
    [TestCase("x, y, z", 0.1, 0.2, 0.3)]
    [TestCase("-x+1/2, y+1/2, -z", 0.4, 0.7, -0.3)]
    [TestCase("1/2+x,x-y,z+0.25", 0.6, -0.1, 0.55)]
    [TestCase("X,-Y+1/4,Z-1/3", 0.1, 0.05, 0.3 - 1.0 / 3)]
    [TestCase("-y,x-y,z", -0.2, -0.1, 0.3)]
    [TestCase("x-y,1*x,z", -0.1, 0.1, 0.3)]
    [TestCase("x,y,z,+1", 0.1, 0.2, 0.3)]
    public void AppliesToPoint(string op, double ex, double ey, double ez)
    {
        var r = SymmetryOperation.Parse(op, "test.cif", 7).Apply(new Vec3(0.1, 0.2, 0.3));
        Assert.That((r - new Vec3(ex, ey, ez)).Norm, Is.LessThan(1e-12), $"{op} -> {r}");
    }

    [TestCase("x,y")]
    [TestCase("x,y,q")]
    [TestCase("x,y,z+")]
    [TestCase("x,x,z")]
    public void BadOperationNamesFileLineAndText(string op)
    {
        var e = Assert.Throws<CrystalFormatException>(() => SymmetryOperation.Parse(op, "bad.cif", 42))!;
        Assert.That(e.File, Is.EqualTo("bad.cif"));
        Assert.That(e.Line, Is.EqualTo(42));
        Assert.That(e.Message, Does.Contain(op));
    }
}
