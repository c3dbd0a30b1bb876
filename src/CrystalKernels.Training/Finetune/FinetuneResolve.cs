using System.Globalization;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Finetune;

/// <summary>
/// Fills the data-dependent part of the finetune section from the training split: K (classes, or the label width),
/// the class names, and the regression standardisation. A config that already has them (a resumed run) keeps them.
/// </summary>
public static class FinetuneResolve
{
    public static RunConfig Apply(RunConfig config, FinetuneData data)
    {
        var f = config.Finetune;
        if (f.Task == FinetuneTask.Classify)
        {
            var ids = LabelEncoding.ClassIds(data.Train, f.ClassThreshold, data.Labels.Column).Concat(LabelEncoding.ClassIds(data.Val, f.ClassThreshold, data.Labels.Column));
            var k = LabelEncoding.ClassCount(f.Classes, ids);
            if (f.OutputWidth is { } w && w != k)
            {
                throw new ArgumentException($"finetune: finetune.output_width = {w} but the labels need {k} classes");
            }

            if (f.ClassNames.Count != 0 && f.ClassNames.Count != k)
            {
                throw new ArgumentException($"finetune: finetune.class_names has {f.ClassNames.Count} names for {k} classes");
            }

            var names = f.ClassNames.Count == k ? f.ClassNames : Enumerable.Range(0, k).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
            return config with { Finetune = f with { Classes = k, OutputWidth = k, ClassNames = names, TargetMean = [], TargetStd = [] } };
        }

        var width = data.Labels.Width;
        if (f.OutputWidth is { } ow && ow != width)
        {
            throw new ArgumentException($"finetune: finetune.output_width = {ow} but label '{data.Labels.Column}' has width {width}");
        }

        if (f.TargetMean.Count == width && f.TargetStd.Count == width)
        {
            return config with { Finetune = f with { OutputWidth = width } };
        }

        if (!f.Standardize)
        {
            return config with { Finetune = f with { OutputWidth = width, TargetMean = [], TargetStd = [] } };
        }

        var (mean, std) = LabelEncoding.Moments(LabelEncoding.Flatten(data.Train, width), width);
        return config with { Finetune = f with { OutputWidth = width, TargetMean = mean, TargetStd = std } };
    }

    /// <summary>The class names of a resolved classification config.</summary>
    public static IReadOnlyList<string> ClassNames(FinetuneConfig f) =>
        f.ClassNames.Count == f.OutputWidth ? f.ClassNames : Enumerable.Range(0, f.OutputWidth ?? 0).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
}
