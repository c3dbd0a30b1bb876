using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Builtin;
using CrystalKernels.Crystals.Io;

namespace CrystalKernels.Tests.Io;

/// <summary>Every writer: write, read back, positions within <see cref="IoTol.RoundTripAngstrom"/>.</summary>
public class RoundTripTests
{
    private static IEnumerable<Structure> Cases() =>
        BuiltinStructures.All.Values.Select(f => f()).Append(StructureAssert.Triclinic());

    [Test]
    public void Cif()
    {
        foreach (var s in Cases())
        {
            // CIF stores lengths and angles, so the reader rebuilds the cell in the a ∥ x orientation.
            var std = s.Lattice.Standardized();
            var expected = Structure.FromFractional(std, s.Species, s.FractionalPositions(), s.Id);
            var back = CifReader.ParseSingle(CifWriter.ToText(s), "rt.cif");
            StructureAssert.Same(expected, back, IoTol.RoundTripAngstrom, $"CIF {s.Id}");
            Assert.That(back.Id, Is.EqualTo(s.Id));
        }
    }

    [Test]
    public void CifMultiBlock()
    {
        var all = Cases().ToList();
        var back = CifReader.Parse(CifWriter.ToText(all), "rt.cif");
        Assert.That(back.Select(b => b.Id), Is.EqualTo(all.Select(s => s.Id)));
    }

    [Test]
    public void Poscar()
    {
        foreach (var s in Cases())
        {
            // The writer groups atoms by species; compare in that order.
            var order = Enumerable.Range(0, s.Count).OrderBy(i => Array.IndexOf(s.Species.Distinct().ToArray(), s.Species[i])).ToArray();
            var expected = s.With(species: order.Select(i => s.Species[i]).ToArray(), positions: order.Select(i => s.Positions[i]).ToArray());
            var back = CrystalKernels.Crystals.Io.Poscar.Parse(CrystalKernels.Crystals.Io.Poscar.ToText(s), "POSCAR");
            StructureAssert.Same(expected, back, IoTol.RoundTripAngstrom, $"POSCAR {s.Id}");
            Assert.That(back.Id, Is.EqualTo(s.Id));
        }
    }

    [Test]
    public void ExtendedXyzMultiFrame()
    {
        var all = Cases().ToList();
        var back = ExtXyz.ParseFrames(ExtXyz.ToText(all), "rt.extxyz");
        Assert.That(back, Has.Count.EqualTo(all.Count));
        for (var i = 0; i < all.Count; i++)
        {
            StructureAssert.Same(all[i], back[i].Structure, IoTol.RoundTripAngstrom, $"extxyz {all[i].Id}");
            Assert.That(back[i].Structure.Id, Is.EqualTo(all[i].Id));
            Assert.That(back[i].Info["pbc"], Is.EqualTo("T T T"));
        }
    }

    [Test]
    public void PymatgenJsonSingleAndArray()
    {
        var all = Cases().ToList();
        var one = PymatgenJson.Parse(PymatgenJson.ToText([all[^1]]), "rt.json");
        StructureAssert.Same(all[^1], one.Single(), IoTol.RoundTripAngstrom, "json single");
        var many = PymatgenJson.Parse(PymatgenJson.ToText(all), "rt.json");
        for (var i = 0; i < all.Count; i++)
        {
            StructureAssert.Same(all[i], many[i], IoTol.RoundTripAngstrom, $"json {all[i].Id}");
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public void AimsGeometry(bool cartesian)
    {
        foreach (var s in Cases())
        {
            var text = CrystalKernels.Crystals.Io.AimsGeometry.ToText(s, cartesian);
            Assert.That(text, Does.Contain(cartesian ? "\natom " : "\natom_frac "));
            var back = CrystalKernels.Crystals.Io.AimsGeometry.Parse(text, "geometry.in");
            StructureAssert.Same(s, back, IoTol.RoundTripAngstrom, $"geometry.in {s.Id}");
        }
    }

    [Test]
    public void FacadeByExtensionIncludingGzip()
    {
        var dir = Path.Combine(Path.GetTempPath(), "ck-io-" + Guid.NewGuid().ToString("N"));
        try
        {
            var s = StructureAssert.Triclinic();
            foreach (var name in new[] { "a.cif", "POSCAR", "CONTCAR", "b.vasp", "c.xyz", "d.extxyz.gz", "e.json", "geometry.in", "f.cif.gz" })
            {
                var path = Path.Combine(dir, name);
                StructureIo.Write(path, [s]);
                var back = StructureIo.Read(path).Single();
                var isCif = name.Contains(".cif", StringComparison.Ordinal);
                var expected = isCif ? Structure.FromFractional(s.Lattice.Standardized(), s.Species, s.FractionalPositions()) : s;
                StructureAssert.SameSites(expected, back, 1e-9, name);
                if (!isCif)
                {
                    Assert.That((back.Lattice.C - s.Lattice.C).Norm, Is.LessThan(IoTol.RoundTripAngstrom), name);
                }
            }
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }
        }
    }
}
