using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Metrics;

/// <summary>crystal validity on hand-written CIFs: rock-salt NaCl (valid) and NaCl2 with two atoms 0.3 Å apart.</summary>
[NonParallelizable] // redirects Console.Out
public class ValidityCommandTests
{
    private const string Cif = """
        data_NaCl
        _cell_length_a 5.64
        _cell_length_b 5.64
        _cell_length_c 5.64
        _cell_angle_alpha 90
        _cell_angle_beta 90
        _cell_angle_gamma 90
        _symmetry_space_group_name_H-M 'P 1'
        loop_
         _atom_site_type_symbol
         _atom_site_label
         _atom_site_fract_x
         _atom_site_fract_y
         _atom_site_fract_z
         _atom_site_occupancy
          Na Na0 0.0 0.0 0.0 1.0
          Cl Cl1 0.5 0.5 0.5 1.0
        data_NaCl2
        _cell_length_a 6.0
        _cell_length_b 6.0
        _cell_length_c 6.0
        _cell_angle_alpha 90
        _cell_angle_beta 90
        _cell_angle_gamma 90
        _symmetry_space_group_name_H-M 'P 1'
        loop_
         _atom_site_type_symbol
         _atom_site_label
         _atom_site_fract_x
         _atom_site_fract_y
         _atom_site_fract_z
         _atom_site_occupancy
          Na Na0 0.0 0.0 0.0 1.0
          Cl Cl1 0.05 0.0 0.0 1.0
          Cl Cl2 0.5 0.5 0.5 1.0

        """;

    [Test]
    public void PrintsBothValiditiesAndTheSettings()
    {
        var dir = Directory.CreateTempSubdirectory("ck-validity-");
        try
        {
            var path = Path.Combine(dir.FullName, "two.cif");
            File.WriteAllText(path, Cif);
            var (rc, output) = Run("validity", "--input", path);
            Assert.That(rc, Is.EqualTo(0), output);
            Assert.That(output, Does.Contain("structural_validity=0.5000 compositional_validity=0.5000"));
            Assert.That(output, Does.Contain("n=2").And.Contain("oxidation_set=smact2014").And.Contain("missing_eneg=pass-cdvae"));
            (rc, output) = Run("validity", "--input", path, "--oxidation-set", "icsd24", "--missing-eneg", "fail");
            Assert.That(rc, Is.EqualTo(0), output);
            Assert.That(output, Does.Contain("oxidation_set=icsd24").And.Contain("missing_eneg=fail"));
            (rc, _) = Run("validity", "--input", path, "--oxidation-set", "smact2099");
            Assert.That(rc, Is.Not.EqualTo(0), "unknown set is rejected");
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private static (int Rc, string Output) Run(params string[] args) => CliRunner.Run(args);
}
