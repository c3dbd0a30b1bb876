using CrystalKernels.Cli;
using CrystalKernels.Crystals.Builtin;
using CrystalKernels.Crystals.Io;

namespace CrystalKernels.Tests.Io;

public class ConvertCommandTests
{
    private string dir = string.Empty;

    [SetUp]
    public void SetUp() => dir = Directory.CreateTempSubdirectory("ck-convert-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(dir, true);

    private static int Run(params string[] args) => Program.BuildRoot().Parse(args).Invoke();

    [Test]
    public void MultiBlockCifToExtxyzIsOneFileAndToPoscarIsOneFilePerStructure()
    {
        var cif = Path.Combine(dir, "two.cif");
        CifWriter.Write(cif, [BuiltinStructures.NaCl(), BuiltinStructures.SrTiO3()]);

        Assert.That(Run("convert", "--input", cif, "--output", Path.Combine(dir, "all.extxyz")), Is.EqualTo(0));
        Assert.That(ExtXyz.Read(Path.Combine(dir, "all.extxyz")).Select(s => s.Id), Is.EqualTo(new[] { "NaCl", "SrTiO3" }));

        Assert.That(Run("convert", "--input", cif, "--output", Path.Combine(dir, "POSCAR")), Is.EqualTo(0));
        Assert.That(Poscar.Read(Path.Combine(dir, "POSCAR_NaCl")).Formula(), Is.EqualTo("Na4 Cl4"));
        Assert.That(Poscar.Read(Path.Combine(dir, "POSCAR_SrTiO3")).Formula(), Is.EqualTo("O3 Ti1 Sr1"));

        Assert.That(Run("convert", "--input", cif, "--output", Path.Combine(dir, "geometry.in")), Is.EqualTo(0));
        Assert.That(File.Exists(Path.Combine(dir, "geometry_SrTiO3.in")), Is.True);
    }

    [Test]
    public void BadInputReturnsNonZero()
    {
        var bad = Path.Combine(dir, "bad.cif");
        File.WriteAllText(bad, "data_x\n_cell_length_a oops\n");
        Assert.That(Run("convert", "--input", bad, "--output", Path.Combine(dir, "x.xyz")), Is.EqualTo(1));
        Assert.That(File.Exists(Path.Combine(dir, "x.xyz")), Is.False);
    }
}
