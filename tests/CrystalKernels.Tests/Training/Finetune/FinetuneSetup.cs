using System.Globalization;
using System.Text;
using CrystalKernels.Crystals.Prototypes;
using CrystalKernels.Models.Config;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Finetune;
using CrystalKernels.Training.Modeling;
using CrystalKernels.Training.Progress;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Tests.Training.Finetune;

/// <summary>
/// Test inputs for fine-tuning: a tiny-preset pretrain checkpoint (random weights, what crystal pretrain would save)
/// and a synthetic regression task on builtin prototypes, the lattice volume per atom, written as a label CSV.
/// </summary>
internal static class FinetuneSetup
{
    public const int Prototypes = 24;

    public static string Prototype => $"builtin:prototypes:{Prototypes}";

    /// <summary>Writes a pretrain checkpoint of the tiny preset (species head + position head) and returns its path.</summary>
    public static string PretrainCheckpoint(TrainingTemp temp, ulong seed = 7)
    {
        var config = new RunConfig { Model = new ModelConfig { Preset = "tiny" } };
        var model = ModelFactory.Create(config.Model, OutputHead.Species, positionHead: true, seed);
        var path = temp.File("pretrain.safetensors");
        Checkpoint.Save(path, ModelCheckpoint.Contents(CheckpointKind.Pretrain, model.Parameters, new Dictionary<string, CrystalKernels.Training.Optim.AdamBase>(), TrainLoop.Fresh(seed), config));
        return path;
    }

    /// <summary>material_id,volume_per_atom for the builtin prototypes.</summary>
    public static string VolumeLabels(TrainingTemp temp)
    {
        var sb = new StringBuilder("material_id,volume_per_atom\n");
        foreach (var s in BuiltinData.Read(Prototype))
        {
            sb.Append(s.Id).Append(',').Append((s.Lattice.Volume / s.Count).ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        var path = temp.File("volume.csv");
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    public static (FinetuneResult Result, string Log) Run(FinetuneRequest request)
    {
        using var log = new StringWriter();
        using var stop = StopSignal.Manual();
        var result = FinetuneRun.Execute(request with { Progress = ProgressMode.None }, log, stop);
        return (result, log.ToString());
    }

    public static FinetuneRequest Regression(TrainingTemp temp, string init, string trainable, int epochs, params string[] extra) => new()
    {
        Task = "regress",
        Init = init,
        OutDir = temp.File("run-" + trainable),
        Overrides =
        [
            $"data.train=[{Prototype}]",
            $"data.labels={VolumeLabels(temp)}",
            "data.label_column=volume_per_atom",
            "data.batch_size=4",
            "data.val_batch_size=8",
            $"train.epochs={epochs}",
            "optim.lr=3e-3",
            "finetune.aggregation=mean",
            $"finetune.trainable={trainable}",
            .. extra,
        ],
    };
}
