using CrystalKernels.Crystals;
using CrystalKernels.Crystals.Prototypes;
using CrystalKernels.Training.Data;
using CrystalKernels.Training.Modeling;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Finetune;

/// <summary>
/// The labelled structures of a fine-tuning run. Structures come from data.train (files or builtin:prototypes),
/// labels from one column of data.labels (default: the single train file itself, e.g. a CSV with a cif column), joined
/// by material id. With data.val empty the fixed SHA-256 bucket rule splits them (bucket 0 test, 1 val, else train);
/// otherwise data.val holds the validation structures and there is no test part. The test part is held out: only
/// the finished run's best checkpoint is scored on it, once.
/// </summary>
public sealed record FinetuneData(
    IReadOnlyList<Labelled<Structure>> Train,
    IReadOnlyList<Labelled<Structure>> Val,
    IReadOnlyList<Labelled<Structure>> Test,
    LabelTable Labels,
    int StructuresWithoutLabel)
{
    public static FinetuneData Load(DataConfig data, Action<string>? log = null)
    {
        if (data.Train.Count == 0)
        {
            throw new ArgumentException("finetune: data.train is empty (give the structure file(s), e.g. data.train=[../shared/data/mp40-stability/mp40_ehull_public.csv.gz])");
        }

        if (string.IsNullOrWhiteSpace(data.LabelColumn))
        {
            throw new ArgumentException("finetune: data.label_column is not set (the label column or JSON field, e.g. energy_above_hull, phdos, K_Voigt_GPa)");
        }

        var labelPath = data.Labels ?? (data.Train.Count == 1 && !BuiltinData.IsBuiltin(data.Train[0])
            ? data.Train[0]
            : throw new ArgumentException("finetune: data.labels is not set and data.train is not a single labelled file; set data.labels to the CSV or JSON-lines label file"));
        var labels = LabelReader.Read(labelPath, data.IdColumn, data.LabelColumn, data.LabelTransform);
        var train = Join(StructureSource.Read(data.Train, "data.train", log), labels);
        if (train.Matched.Count == 0)
        {
            throw new ArgumentException($"finetune: none of the {train.ItemsWithoutLabel.Count} structures in {string.Join(", ", data.Train)} has a '{labels.Column}' label in {labelPath} (ids are matched on '{data.IdColumn}'; first structure id: '{train.ItemsWithoutLabel.FirstOrDefault()}')");
        }

        var missing = train.ItemsWithoutLabel.Count;
        IReadOnlyList<Labelled<Structure>> trainRows, valRows, testRows = [];
        if (data.Val.Count == 0)
        {
            trainRows = train.InSplit(Split.Train);
            valRows = train.InSplit(Split.Val);
            testRows = train.InSplit(Split.Test);
        }
        else
        {
            var val = Join(StructureSource.Read(data.Val, "data.val", log), labels);
            missing += val.ItemsWithoutLabel.Count;
            trainRows = train.Matched;
            valRows = val.Matched;
        }

        if (trainRows.Count == 0)
        {
            throw new ArgumentException($"finetune: no labelled structure falls in the training split ({train.Matched.Count} labelled)");
        }

        return new FinetuneData(trainRows, valRows, testRows, labels, missing);
    }

    public string Describe() =>
        $"labels '{Labels.Column}' from {Labels.Source} (width {Labels.Width}, transform {ConfigValueParser.Format(Labels.Transform)}): " +
        $"train {Train.Count}, val {Val.Count}, test {Test.Count} (held out for the end); {StructuresWithoutLabel} structures without a label, " +
        $"{Labels.Unlabelled.Count} empty labels, {Labels.Dropped.Count} dropped by the transform";

    private static LabelJoinResult<Structure> Join(IReadOnlyList<Structure> structures, LabelTable labels) =>
        LabelJoin.Join(structures, s => s.Id is { Length: > 0 } id ? id : throw new ArgumentException($"finetune: a structure ({s.Formula()}) has no material id to join labels on"), labels);
}
