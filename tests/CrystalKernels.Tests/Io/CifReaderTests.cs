using System.Globalization;
using System.Text;
using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Builtin;
using CrystalKernels.Crystals.Io;

namespace CrystalKernels.Tests.Io;

public class CifReaderTests
{
    /// <summary>The 192 operations of Fm-3m: the 48 signed axis permutations times the 4 face-centring translations.</summary>
    private static IEnumerable<string> FmMinus3mOperations()
    {
        int[][] perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
        string[] centring = ["", "", "", "", "+1/2", "+1/2", "+1/2", "", "+1/2", "+1/2", "+1/2", ""];
        for (var t = 0; t < 4; t++)
        {
            foreach (var p in perms)
            {
                for (var signs = 0; signs < 8; signs++)
                {
                    yield return string.Join(",", Enumerable.Range(0, 3).Select(i =>
                        ((signs >> i & 1) == 1 ? "-" : "") + "xyz"[p[i]] + centring[3 * t + i]));
                }
            }
        }
    }

    private static string RockSaltCif(string naSymbol = "Na1+", string clSymbol = "Cl1-")
    {
        var sb = new StringBuilder();
        sb.Append("data_NaCl\n_cell_length_a 5.6402(3)\n_cell_length_b 5.6402(3)\n_cell_length_c 5.6402(3)\n");
        sb.Append("_cell_angle_alpha 90.\n_cell_angle_beta 90.(0)\n_cell_angle_gamma 90\n");
        sb.Append("_symmetry_space_group_name_H-M 'F m -3 m'\nloop_\n_symmetry_equiv_pos_site_id\n_symmetry_equiv_pos_as_xyz\n");
        var k = 1;
        foreach (var op in FmMinus3mOperations())
        {
            sb.Append(k++).Append(" '").Append(op).Append("'\n");
        }

        sb.Append("loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\n");
        sb.Append($"Na1 {naSymbol} 0 0 0 1.0\nCl1 {clSymbol} 0.5 0.5 0.5 1.\n");
        return sb.ToString();
    }

    [Test]
    public void RockSaltInFm3mExpandsToEightAtoms()
    {
        Assert.That(FmMinus3mOperations().Distinct().Count(), Is.EqualTo(192));
        var s = CifReader.ParseSingle(RockSaltCif(), "nacl.cif");
        Assert.That(s.Count, Is.EqualTo(8));
        Assert.That(s.Formula(), Is.EqualTo("Na4 Cl4"));
        Assert.That(s.Id, Is.EqualTo("NaCl"));
        StructureAssert.SameSites(BuiltinStructures.NaCl(), s, IoTol.Parsed, "Fm-3m expansion vs hand-written rock salt");
        Assert.That(s.Lattice.A.X, Is.EqualTo(5.6402).Within(IoTol.Parsed), "uncertainty (3) dropped");
    }

    [Test]
    public void CellFollowsAseOrientation()
    {
        const string cif = "data_m\n_cell_length_a 5\n_cell_length_b 6\n_cell_length_c 7\n_cell_angle_alpha 80\n_cell_angle_beta 100\n_cell_angle_gamma 110\n" +
                           "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nSi1 0.1 0.2 0.3\n";
        var s = CifReader.ParseSingle(cif, "m.cif");
        var l = s.Lattice;
        Assert.That(l.A.Y, Is.EqualTo(0));
        Assert.That(l.A.Z, Is.EqualTo(0));
        Assert.That(l.B.Z, Is.EqualTo(0));
        var p = l.Parameters;
        Assert.That(new[] { p.A, p.B, p.C, p.Alpha, p.Beta, p.Gamma }, Is.EqualTo(new[] { 5.0, 6, 7, 80, 100, 110 }).Within(1e-9));
        Assert.That((s.FractionalPositions()[0] - new Vec3(0.1, 0.2, 0.3)).Norm, Is.LessThan(1e-12));
        Assert.That(s.Species[0], Is.EqualTo(14), "element from the label 'Si1'");
    }

    [Test]
    public void MultiBlockQuotedValuesTextFieldsAndComments()
    {
        const string cif = """
            # leading comment
            data_first
            _publ_section_title
            ;
            A title over
            two lines with 'quotes' and data_ and loop_ inside
            ;
            _cell_length_a 4.0 # trailing comment
            _cell_length_b 4.0
            _cell_length_c 4.0
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            loop_
            _publ_author_name
            'Strel'tsov, V.A.'
            "O'Brien, D."
            loop_
            _atom_site_type_symbol
            _atom_site_label
            _atom_site_fract_x
            _atom_site_fract_y
            _atom_site_fract_z
            Fe2+ 'Fe 1' 0 0 0
            O2- "O 1" 0.5 0.5 0.5
            data_publication
            _journal_name_full 'no structure here'
            data_second
            _cell_length_a 3.0
            _cell_length_b 3.0
            _cell_length_c 3.0
            _cell_angle_alpha 90
            _cell_angle_beta 90
            _cell_angle_gamma 90
            _atom_site_label Cu1
            _atom_site_fract_x 0.25
            _atom_site_fract_y 0.25
            _atom_site_fract_z 0.25
            """;
        var all = CifReader.Parse(cif, "multi.cif");
        Assert.That(all.Select(s => s.Id), Is.EqualTo(new[] { "first", "second" }));
        Assert.That(all[0].Species, Is.EqualTo(new[] { 26, 8 }));
        Assert.That(all[1].Species, Is.EqualTo(new[] { 29 }), "single atom site given as plain items");
        Assert.That(all[1].Positions[0].X, Is.EqualTo(0.75).Within(1e-12));
        Assert.Throws<CrystalFormatException>(() => CifReader.ParseSingle(cif, "multi.cif"));
    }

    [Test]
    public void FinitePrecisionImagesMergeWithinSiteTolerance()
    {
        // Threefold axis along c in a hexagonal cell; (1/3, 2/3, 0) written with 4 digits maps onto itself.
        const string cif = "data_h\n_cell_length_a 3\n_cell_length_b 3\n_cell_length_c 5\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 120\n" +
                           "loop_\n_space_group_symop_operation_xyz\nx,y,z\n-y,x-y,z\n-x+y,-x,z\n" +
                           "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nB1 0.3333 0.6667 0\nN1 0 0 0.5\n";
        var s = CifReader.ParseSingle(cif, "h.cif");
        Assert.That(s.Formula(), Is.EqualTo("B1 N1"));
        var strict = CifReader.ParseSingle(cif, "h.cif", new CifReadOptions { SiteTolerance = 1e-5 });
        Assert.That(strict.Formula(), Is.EqualTo("B3 N1"), "a 1e-5 tolerance splits the 4-digit site into three");
    }

    private const string Disordered =
        "data_d\n_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n" +
        "loop_\n_atom_site_label\n_atom_site_type_symbol\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\n_atom_site_occupancy\n" +
        "Fe1 Fe 0 0 0 0.7\nCo1 Co 0 0 0 0.3\nLi1 Li 0.5 0.5 0.5 0.25\nO1 O 0.5 0 0 1\n";

    [Test]
    public void PartialOccupancyIsAnErrorNamingFileAndLine()
    {
        var e = Assert.Throws<CrystalFormatException>(() => CifReader.Parse(Disordered, "dis.cif"))!;
        Assert.That(e.File, Is.EqualTo("dis.cif"));
        Assert.That(e.Line, Is.EqualTo(15), "line of the Fe1 row");
        Assert.That(e.Reason, Does.Contain("partial occupancy").And.Contain("majority"));
    }

    [Test]
    public void MajoritySpeciesKeepsLargestOccupancyAndDropsMostlyVacantSites()
    {
        var s = CifReader.ParseSingle(Disordered, "dis.cif", new CifReadOptions { MajoritySpecies = true });
        Assert.That(s.Species, Is.EqualTo(new[] { 26, 8 }), "Fe (0.7) beats Co (0.3); Li at 0.25 is mostly vacancy");
    }

    [Test]
    public void DifferentSpeciesOnOneSymmetryImageIsAnError()
    {
        const string cif = "data_c\n_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n" +
                           "loop_\n_symmetry_equiv_pos_as_xyz\n'x, y, z'\n'-x, -y, -z'\n" +
                           "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nNa1 0.2 0.2 0.2\nCl1 0.8 0.8 0.8\n";
        var e = Assert.Throws<CrystalFormatException>(() => CifReader.Parse(cif, "c.cif"))!;
        Assert.That(e.Line, Is.EqualTo(18), "line of the Cl1 row");
        Assert.That(e.Reason, Does.Contain("Cl1").And.Contain("Na1"));
    }

    [TestCase("data_x\n_cell_length_b 4\n_cell_length_c 4\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nNa 0 0 0\n", 1, "_cell_length_a")]
    [TestCase("data_x\n_cell_length_a 4\n_cell_length_b abc\n", 3, "_cell_length_b")]
    [TestCase("data_x\n_cell_length_a 4\n;\nnever closed\n", 3, "text field")]
    [TestCase("data_x\nloop_\n_a\n_b\n1 2\n3\n", 6, "incomplete row")]
    [TestCase("data_x\n_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n_symmetry_space_group_name_H-M 'P 21/c'\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nNa 0 0 0\n", 8, "P 21/c")]
    [TestCase("data_x\n_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nXq1 0 0 0\n", 13, "Xq1")]
    [TestCase("data_x\n_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\nloop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nNa 0 ? 0\n", 13, "_atom_site_fract_y")]
    [TestCase("_cell_length_a 4\n", 1, "before the first data_")]
    public void ErrorsNameFileLineAndReason(string cif, int line, string reason)
    {
        var e = Assert.Throws<CrystalFormatException>(() => CifReader.Parse(cif, "err.cif"))!;
        Assert.That(e.File, Is.EqualTo("err.cif"));
        Assert.That(e.Line, Is.EqualTo(line), e.Message);
        Assert.That(e.Reason, Does.Contain(reason));
        Assert.That(e.Message, Does.StartWith($"err.cif:{line}: "));
    }

    [TestCase("5.431(2)", 5.431)]
    [TestCase("90.", 90.0)]
    [TestCase("90.(0)", 90.0)]
    [TestCase("-1.5e-3", -0.0015)]
    [TestCase("1/3", 1.0 / 3)]
    [TestCase(".778", 0.778)]
    public void NumbersWithUncertainties(string text, double expected)
    {
        Assert.That(CrystalNumber.TryParse(text, out var v), Is.True);
        Assert.That(v, Is.EqualTo(expected).Within(1e-15));
    }

    [TestCase("Fe2+", 26)]
    [TestCase("O2-", 8)]
    [TestCase("Li1+", 3)]
    [TestCase("Pb1", 82)]
    [TestCase("Co", 27)]
    [TestCase("NB", 41)]
    [TestCase("CA", 20)]
    [TestCase("CB1", 6)]
    [TestCase("Ow", 8)]
    [TestCase("Fe_pv", 26)]
    [TestCase("D1", 1)]
    [TestCase("1abc", 0)]
    [TestCase("Xq", 0)]
    public void ElementsFromLabels(string label, int z) =>
        Assert.That(SpeciesLabel.TryElement(label), Is.EqualTo(z), label);

    [Test]
    public void WrapsFractionalCoordinatesIntoUnitCell()
    {
        var cif = "data_w\n_cell_length_a 4\n_cell_length_b 4\n_cell_length_c 4\n_cell_angle_alpha 90\n_cell_angle_beta 90\n_cell_angle_gamma 90\n" +
                  "loop_\n_atom_site_label\n_atom_site_fract_x\n_atom_site_fract_y\n_atom_site_fract_z\nNa -0.25 1.5 " +
                  (-1e-14).ToString("R", CultureInfo.InvariantCulture) + "\n";
        var f = CifReader.ParseSingle(cif, "w.cif").FractionalPositions()[0];
        Assert.That(f.X, Is.EqualTo(0.75).Within(1e-12));
        Assert.That(f.Y, Is.EqualTo(0.5).Within(1e-12));
        Assert.That(f.Z, Is.EqualTo(0.0));
    }
}
