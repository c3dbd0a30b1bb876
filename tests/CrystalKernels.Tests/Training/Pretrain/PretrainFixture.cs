using CrystalKernels.Crystals;
using CrystalKernels.Training.Modeling;
using CrystalKernels.Training.Pretraining;
using CrystalKernels.Training.Progress;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Tests.Training.Pretrain;

/// <summary>Small pretraining runs for the tests: the tiny preset on a few built-in prototypes.</summary>
internal static class PretrainFixture
{
    public static readonly string[] TinyRun =
    [
        "model.preset=tiny",
        "data.train=[builtin:prototypes:24]",
        "data.batch_size=4",
        "data.val_batch_size=4",
        "train.epochs=2",
        "train.log_every=2",
    ];

    public static RunConfig Config(params string[] extra) => PretrainRun.ResolveConfig(null, TinyRun.Concat(extra), null);

    public static TrainingRunResult Train(string outDir, RunConfig config, string? resume = null, StopSignal? stop = null)
    {
        using var own = StopSignal.Manual();
        return PretrainRun.Run(config, outDir, resume, ProgressMode.None, TextWriter.Null, stop ?? own);
    }

    /// <summary>NaCl (rock salt) written by hand: 4 Na + 4 Cl in the conventional cubic cell.</summary>
    public static Structure NaCl()
    {
        var lattice = Lattice.FromParameters(5.64, 5.64, 5.64, 90, 90, 90);
        Vec3[] frac =
        [
            new(0, 0, 0), new(0.5, 0.5, 0), new(0.5, 0, 0.5), new(0, 0.5, 0.5),
            new(0.5, 0, 0), new(0, 0.5, 0), new(0, 0, 0.5), new(0.5, 0.5, 0.5),
        ];
        return Structure.FromFractional(lattice, [11, 11, 11, 11, 17, 17, 17, 17], frac, "NaCl-hand");
    }

    public static string NaClCif => """
        data_NaCl
        _cell_length_a 5.64
        _cell_length_b 5.64
        _cell_length_c 5.64
        _cell_angle_alpha 90
        _cell_angle_beta 90
        _cell_angle_gamma 90
        loop_
        _symmetry_equiv_pos_as_xyz
        'x, y, z'
        loop_
        _atom_site_label
        _atom_site_type_symbol
        _atom_site_fract_x
        _atom_site_fract_y
        _atom_site_fract_z
        Na1 Na 0 0 0
        Na2 Na 0.5 0.5 0
        Na3 Na 0.5 0 0.5
        Na4 Na 0 0.5 0.5
        Cl1 Cl 0.5 0 0
        Cl2 Cl 0 0.5 0
        Cl3 Cl 0 0 0.5
        Cl4 Cl 0.5 0.5 0.5

        """;

    /// <summary>Every parameter and optimizer tensor of a checkpoint file as raw bytes, by name.</summary>
    public static IReadOnlyDictionary<string, byte[]> TensorBytes(string path) =>
        CrystalKernels.Tensors.Io.SafeTensors.Read(path).Tensors.ToDictionary(
            kv => kv.Key,
            kv => kv.Value.DType == CrystalKernels.Tensors.DType.Float32
                ? System.Runtime.InteropServices.MemoryMarshal.AsBytes(kv.Value.Span<float>()).ToArray()
                : System.Runtime.InteropServices.MemoryMarshal.AsBytes(kv.Value.Span<double>()).ToArray());
}
