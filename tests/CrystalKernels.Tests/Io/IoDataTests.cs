using System.Diagnostics;
using System.Globalization;
using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Io;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Io;

/// <summary>The readers on the staged real data (../shared/data).</summary>
[Category(Categories.Data)]
public class IoDataTests
{
    /// <summary>
    /// Every file of pymatgen's parser test set either parses or fails with a CrystalFormatException naming that file,
    /// a line and a reason. Files with known expected outcomes are pinned.
    /// </summary>
    [Test]
    public void PymatgenTestStructuresParseOrFailClearly()
    {
        var root = SharedPaths.RequireData("pymatgen-test-structures");
        var files = new[] { "cif", "other" }.SelectMany(d => Directory.GetFiles(Path.Combine(root, d))).Order(StringComparer.Ordinal).ToList();
        Assert.That(files, Has.Count.GreaterThan(50), "the staged set (47 CIFs + 13 other files at the time of writing)");
        var parsed = new Dictionary<string, IReadOnlyList<Structure>>();
        var failed = new Dictionary<string, CrystalFormatException>();
        foreach (var f in files)
        {
            try
            {
                var s = StructureIo.Read(f);
                Assert.That(s, Is.Not.Empty, f);
                parsed[Path.GetFileName(f)] = s;
            }
            catch (CrystalFormatException e)
            {
                Assert.That(e.File, Is.EqualTo(f), e.Message);
                Assert.That(e.Line, Is.GreaterThanOrEqualTo(1), e.Message);
                Assert.That(e.Reason, Is.Not.Empty, e.Message);
                failed[Path.GetFileName(f)] = e;
            }
        }

        TestContext.Out.WriteLine($"pymatgen-test-structures: {files.Count} files, {parsed.Count} parsed ({parsed.Values.Sum(v => v.Count)} structures), {failed.Count} failed with CrystalFormatException");
        foreach (var (name, e) in failed)
        {
            TestContext.Out.WriteLine($"  failed {name}: line {e.Line}: {e.Reason}");
        }

        // Pinned outcomes: symmetry expansion counts (formula units × Z) and the intended failures.
        Assert.That(parsed["Li2O.cif"].Single().Formula(), Is.EqualTo("Li8 O4"), "Fm-3m, 192 operations, Z = 4");
        Assert.That(parsed["LiFePO4.cif"].Single().Formula(), Is.EqualTo("Li4 O16 P4 Fe4"), "Pnma, Z = 4");
        Assert.That(parsed["MultiStructure.cif"], Has.Count.EqualTo(2));
        Assert.That(parsed["garnet.cif"].Single().Count, Is.EqualTo(160), "Ia-3d garnet, 8 formula units of 20 atoms");
        Assert.That(parsed["P24Ru4H252C296S24N16.cif"].Single().Count, Is.EqualTo(616), "C 2/c molecular crystal, as the file name says");
        Assert.That(parsed["ICSD59959.cif"].Single().Formula(), Is.EqualTo("F3 K1 Mn1"), "'.' coordinates read as 0");
        Assert.That(parsed["TiO2_entries.json"], Has.Count.EqualTo(16));
        Assert.That(parsed["POSCAR"].Single().Formula(), Is.EqualTo("O16 P4 Fe4"), "VASP 4 with symbols after the coordinates");
        Assert.That(failed["bad_occu.cif"].Reason, Does.Contain("partial occupancy"));
        Assert.That(failed["nosymm.cif"].Reason, Does.Contain("P 1 21/n 1"));
        Assert.That(failed["NaCl_ph_dos.json"].Reason, Does.Contain("not a pymatgen Structure"));
    }

    /// <summary>With the majority-species option the disordered CIFs read too.</summary>
    [Test]
    public void DisorderedCifsReadWithMajoritySpecies()
    {
        var root = SharedPaths.RequireData("pymatgen-test-structures", "cif");
        var o = new CifReadOptions { MajoritySpecies = true };
        foreach (var name in new[] { "Cod_2100513.cif", "Cod_4115344.cif", "Cu7Te5.cif", "Li10GeP2S12.cif", "site_type_symbol_test.cif", "srycoo.cif" })
        {
            Assert.That(() => CifReader.Read(Path.Combine(root, name)), Throws.TypeOf<CrystalFormatException>().With.Message.Contains("partial occupancy"), name);
            Assert.That(CifReader.Read(Path.Combine(root, name), o).Single().Count, Is.GreaterThan(0), name);
        }

        // bad_occu.cif lists symmetry images of one another as separate partially occupied sites (Al4 onto Co3).
        Assert.That(() => CifReader.Read(Path.Combine(root, "bad_occu.cif"), o),
            Throws.TypeOf<CrystalFormatException>().With.Property("Line").EqualTo(88).And.Message.Contains("lands on site 'Co3'"));

        // Cod_2100513: Al 0.941 / Nb 0.059 on 2c and the reverse on 2d (P 21/n): the majority puts Al on 2c, Nb on 2d.
        var ca = CifReader.Read(Path.Combine(root, "Cod_2100513.cif"), o).Single();
        Assert.That(ca.Formula(), Is.EqualTo("O12 Al2 Ca4 Nb2"));
    }

    /// <summary>All of MP-20 val: 9,047 structures, no failures, atom counts equal the n_atoms column.</summary>
    [Test]
    public void Mp20ValReadsCompletely()
    {
        var path = SharedPaths.RequireData("mp20", "val.csv.gz");
        var sw = Stopwatch.StartNew();
        var rows = CsvDataset.Read(path).ToList();
        sw.Stop();
        var failures = rows.Where(r => !r.Ok).ToList();
        TestContext.Out.WriteLine($"mp20/val.csv.gz: {rows.Count} rows, {rows.Count - failures.Count} structures, {failures.Count} failures, parse {sw.Elapsed.TotalSeconds:F2} s ({Environment.ProcessorCount} cores)");
        foreach (var f in failures.Take(5))
        {
            TestContext.Out.WriteLine("  " + f.Error);
        }

        Assert.That(rows, Has.Count.EqualTo(9047));
        Assert.That(failures, Is.Empty);
        Assert.That(rows.Select(r => r.Row.Index), Is.EqualTo(Enumerable.Range(0, rows.Count)), "file order kept");
        foreach (var r in rows)
        {
            Assert.That(r.Structure!.Count, Is.EqualTo(int.Parse(r.Row.Properties["n_atoms"], CultureInfo.InvariantCulture)), r.Row.Id);
        }

        Assert.That(rows[0].Row.Id, Is.EqualTo("mp-10015"));
        Assert.That(rows[0].Structure!.Formula(), Is.EqualTo("Si1 Os1"));
        Assert.That(rows[0].Row.Properties["spacegroup_number"], Is.EqualTo("221"));
        // Generous bound for a shared 2-core machine; typical is well under this (printed above).
        Assert.That(sw.Elapsed.TotalSeconds, Is.LessThan(20));
    }

    [Test]
    public void PhononJsonLinesReadCompletely()
    {
        var path = SharedPaths.RequireData("phonon-dos", "phonon_dos.jsonl.gz");
        var records = PhononJsonl.Read(path).ToList();
        Assert.That(records, Has.Count.EqualTo(1369));
        Assert.That(records.All(r => r.Dos.Length == 51 && r.FrequenciesCm1[^1] == 1000.0), Is.True);
        Assert.That(records[0].Structure.Id, Is.EqualTo("mp-1000"));
        Assert.That(records[0].Structure.Species, Is.EqualTo(new[] { 56, 52 }));
    }
}
