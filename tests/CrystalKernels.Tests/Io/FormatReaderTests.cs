using System.Text;
using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Io;

namespace CrystalKernels.Tests.Io;

/// <summary>Readers for extended XYZ, pymatgen JSON, FHI-aims and the phonon JSON lines, on hand-written input.</summary>
public class FormatReaderTests
{
    [Test]
    public void ExtXyzWithExtraColumnsAndNumbers()
    {
        const string text = """
            2
            Lattice="4.0 0.0 0.0 0.0 4.0 0.0 0.0 0.0 4.0" Properties=species:S:1:pos:R:3:forces:R:3 energy=-3.5 pbc="T T T"
            Na 0.0 0.0 0.0 0.1 0.2 0.3
            Cl 2.0 2.0 2.0 -0.1 -0.2 -0.3
            1
            Lattice="3 0 0 0 3 0 0 0 3" Properties=Z:I:1:pos:R:3
            29 1.5 1.5 1.5
            """;
        var frames = ExtXyz.ParseFrames(text, "m.extxyz");
        Assert.That(frames, Has.Count.EqualTo(2));
        Assert.That(frames[0].Structure.Species, Is.EqualTo(new[] { 11, 17 }));
        Assert.That(frames[0].Structure.Positions[1], Is.EqualTo(new Vec3(2, 2, 2)));
        Assert.That(frames[0].Info["energy"], Is.EqualTo("-3.5"));
        Assert.That(frames[1].Structure.Species, Is.EqualTo(new[] { 29 }));
        Assert.That(frames[1].Structure.Id, Is.EqualTo("m.extxyz#1"));
    }

    [TestCase("2\nLattice=\"4 0 0 0 4 0 0 0 4\"\nNa 0 0 0\n", 4, "atom 2 of 2 is missing")]
    [TestCase("1\npbc=\"T T T\"\nNa 0 0 0\n", 2, "Lattice")]
    [TestCase("1\nLattice=\"4 0 0 0 4 0 0 0\"\nNa 0 0 0\n", 2, "8 numbers")]
    [TestCase("x\n", 1, "atom count")]
    [TestCase("1\nLattice=\"4 0 0 0 4 0 0 0 4\"\nNa 0 0 q\n", 3, "'q' is not a number")]
    public void ExtXyzErrors(string text, int line, string reason)
    {
        var e = Assert.Throws<CrystalFormatException>(() => ExtXyz.ParseFrames(text, "bad.xyz"))!;
        Assert.That(e.Line, Is.EqualTo(line), e.Message);
        Assert.That(e.Reason, Does.Contain(reason));
    }

    [Test]
    public void PymatgenStructureAndEntries()
    {
        const string kf = """{"@module": "pymatgen.core.structure", "@class": "Structure", "lattice": {"matrix": [[3.3, 0.0, 1.9], [1.1, 3.1, 1.9], [0.0, 0.0, 3.8]]}, "sites": [{"species": [{"occu": 1, "element": "F"}], "abc": [0.5, 0.5, 0.5]}, {"species": [{"element": "K1+", "occu": 1}], "xyz": [0.1, 0.2, 0.3]}]}""";
        var s = PymatgenJson.Parse(kf, "kf.json").Single();
        Assert.That(s.Species, Is.EqualTo(new[] { 9, 19 }));
        Assert.That(s.Lattice.A, Is.EqualTo(new Vec3(3.3, 0, 1.9)), "matrix kept as written (pymatgen orientation)");
        Assert.That((s.FractionalPositions()[0] - new Vec3(0.5, 0.5, 0.5)).Norm, Is.LessThan(1e-12));
        Assert.That(s.Positions[1], Is.EqualTo(new Vec3(0.1, 0.2, 0.3)), "xyz used when abc is absent");
        var entries = $"[{{\"@class\": \"ComputedStructureEntry\", \"entry_id\": \"mp-1\", \"structure\": {kf}}}]";
        Assert.That(PymatgenJson.Parse(entries, "e.json").Single().Id, Is.EqualTo("mp-1"));
    }

    [Test]
    public void PymatgenDisorderAndBadJson()
    {
        const string dis = """{"lattice": {"matrix": [[3, 0, 0], [0, 3, 0], [0, 0, 3]]}, "sites": [{"species": [{"element": "Fe", "occu": 0.6}, {"element": "Co", "occu": 0.4}], "abc": [0, 0, 0]}]}""";
        var e = Assert.Throws<CrystalFormatException>(() => PymatgenJson.Parse(dis, "d.json"))!;
        Assert.That(e.Reason, Does.Contain("site 0").And.Contain("majority"));
        Assert.That(PymatgenJson.Parse(dis, "d.json", majoritySpecies: true).Single().Species, Is.EqualTo(new[] { 26 }));
        var bad = Assert.Throws<CrystalFormatException>(() => PymatgenJson.Parse("{\n\"lattice\": \n}", "bad.json"))!;
        Assert.That(bad.Line, Is.EqualTo(3));
        Assert.That(bad.Reason, Does.Contain("invalid JSON"));
    }

    [Test]
    public void AimsGeometryWithCommentsAndOtherKeywords()
    {
        const string text = "# test\nlattice_vector 4 0 0\nlattice_vector 0 4 0 # b\nlattice_vector 0 0 4\natom 0 0 0 Na\n  initial_moment 0.5\natom_frac 0.5 0.5 0.5 Cl\n";
        var s = AimsGeometry.Parse(text, "geometry.in");
        Assert.That(s.Species, Is.EqualTo(new[] { 11, 17 }));
        Assert.That(s.Positions[1], Is.EqualTo(new Vec3(2, 2, 2)));
        var e = Assert.Throws<CrystalFormatException>(() => AimsGeometry.Parse("lattice_vector 4 0 0\natom 0 0 0 Na\n", "geometry.in"))!;
        Assert.That(e.Reason, Does.Contain("lattice_vector"));
        Assert.That(e.Line, Is.EqualTo(2));
    }

    [Test]
    public void PhononLineAndError()
    {
        const string line = """{"mp_id":"mp-1","numbers":[56,52],"positions_cartesian":[[0,0,0],[0,3,0]],"cell":[[1.4,4.0,2.4],[1.4,4.0,-2.4],[-2.8,4.0,0]],"pbc":[true,true,true],"phfreq_cm1":[0,20],"phdos":[0,1]}""";
        var r = PhononJsonl.ParseLine(line, "p.jsonl", 1);
        Assert.That(r.Structure.Id, Is.EqualTo("mp-1"));
        Assert.That(r.Structure.Species, Is.EqualTo(new[] { 56, 52 }));
        Assert.That(r.Dos, Is.EqualTo(new[] { 0.0, 1.0 }));
        var e = Assert.Throws<CrystalFormatException>(() => PhononJsonl.ParseLine(line.Replace("\"phdos\":[0,1]", "\"phdos\":[0]", StringComparison.Ordinal), "p.jsonl", 17))!;
        Assert.That(e.Line, Is.EqualTo(17));
        Assert.That(e.Reason, Does.Contain("2 frequencies but 1 DOS"));
    }
}

public class CsvDatasetTests
{
    private static string Cif(string name, string el) =>
        $"data_{name}\n_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n" +
        $"loop_\n _atom_site_type_symbol\n _atom_site_label\n _atom_site_fract_x\n _atom_site_fract_y\n _atom_site_fract_z\n  {el}  {el}0  0.0  0.0  0.0\n";

    [TestCase(true)]
    [TestCase(false)]
    public void BadRowIsReportedAndSkippedInOrder(bool parallel)
    {
        var sb = new StringBuilder("material_id,formula,note,cif\r\n");
        sb.Append("mp-1,Na,\"a, \"\"quoted\"\" note\",\"").Append(Cif("a", "Na")).Append("\"\r\n");
        sb.Append("mp-2,Xx,,\"").Append(Cif("b", "Xq")).Append("\"\r\n");
        sb.Append("mp-3,Cl,,\"").Append(Cif("c", "Cl")).Append("\"\r\n");
        sb.Append("mp-4,short\r\n");
        var rows = CsvDataset.Read(new StringReader(sb.ToString()), "t.csv", new CsvDatasetOptions { Parallel = parallel, BatchSize = 2 }).ToList();
        Assert.That(rows.Select(r => r.Row.Id), Is.EqualTo(new[] { "mp-1", "mp-2", "mp-3", "mp-4" }));
        Assert.That(rows.Select(r => r.Ok), Is.EqualTo(new[] { true, false, true, false }));
        Assert.That(rows[0].Structure!.Id, Is.EqualTo("mp-1"));
        Assert.That(rows[0].Row.Properties["note"], Is.EqualTo("a, \"quoted\" note"));
        Assert.That(rows[0].Row.Properties.ContainsKey("cif"), Is.False);
        Assert.That(rows[2].Structure!.Species, Is.EqualTo(new[] { 17 }));
        // Row mp-2 starts on file line 17; its bad atom line is CIF line 14 -> file line 30.
        Assert.That(rows[1].Row.Line, Is.EqualTo(17));
        Assert.That(rows[1].Error, Does.Contain("t.csv:30:").And.Contain("mp-2").And.Contain("Xq"));
        Assert.That(rows[3].Error, Does.Contain("mp-4").And.Contain("2 fields"));
    }

    [Test]
    public void BrokenFileThrows()
    {
        Assert.Throws<CrystalFormatException>(() => CsvDataset.Read(new StringReader("id,formula\n1,x\n"), "t.csv", CsvDatasetOptions.Default).ToList());
        var e = Assert.Throws<CrystalFormatException>(() => CsvDataset.Read(new StringReader("material_id,cif\nmp-1,\"data_x\n"), "t.csv", CsvDatasetOptions.Default).ToList())!;
        Assert.That(e.Line, Is.EqualTo(2));
    }
}
