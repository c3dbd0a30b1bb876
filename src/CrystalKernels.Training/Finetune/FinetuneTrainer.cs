using System.Globalization;
using CrystalKernels.Crystals;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Modeling;
using CrystalKernels.Training.Optim;
using CrystalKernels.Training.Plots;
using CrystalKernels.Training.Progress;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Finetune;

/// <summary>What a finished (or stopped) fine-tuning run leaves behind.</summary>
/// <param name="Test">The held-out test split scored with the best (else last) checkpoint; null without a test split
/// or when the run was stopped early.</param>
public sealed record FinetuneResult(string RunFolder, TrainLoopResult Loop, FinetuneEvaluation? LastEval, FinetuneEvaluation? Test = null);

/// <summary>
/// crystal finetune as a <see cref="TrainLoop"/> task: each step is a batch of training structures (order from
/// (seed, epoch), dropout from (seed, step)), NLL over K classes or MSE on the (standardised) targets, Adam/AdamW on
/// the trainable set. Each validation evaluates the val split beside the dummy baseline fitted on the train split,
/// prints it (and the confusion matrix), and redraws confusion.png or parity.png in the run folder.
/// </summary>
public sealed class FinetuneTrainer : ITrainTask
{
    private readonly RunConfig config;
    private readonly FinetuneData data;
    private readonly RunDirectory run;
    private readonly TextWriter log;
    private readonly RngStream dropout;
    private readonly Dictionary<string, int> trainRow;
    private ILrSchedule schedule;

    /// <param name="config">Resolved config (<see cref="FinetuneResolve.Apply"/>) whose model section is the backbone's.</param>
    /// <param name="pretrainPath">The pretrain checkpoint to take the backbone from (null when resuming).</param>
    /// <param name="resume">A classify/regress checkpoint of this run to continue (null for a fresh run).</param>
    public FinetuneTrainer(RunConfig config, FinetuneData data, RunDirectory run, string? pretrainPath, LoadedCheckpoint? resume, TextWriter log)
    {
        this.config = config;
        this.data = data;
        this.run = run;
        this.log = log;
        var f = config.Finetune;
        Width = f.OutputWidth ?? throw new ConfigException("finetune: config is not resolved (finetune.output_width)");
        Kind = f.Task == FinetuneTask.Classify ? CheckpointKind.Classify : CheckpointKind.Regress;
        Model = FinetuneModel.Create(config, config.Train.Seed);
        if (resume is not null)
        {
            resume.LoadParameters(Model.Parameters);
        }
        else if (pretrainPath is not null)
        {
            FinetuneModel.LoadBackbone(Model, pretrainPath);
        }

        Trainable = FinetuneModel.Trainable(Model, f.Trainable);
        Optimizer = OptimizerFactory.Create(config.Optim, Trainable);
        State = TrainLoop.Fresh(config.Train.Seed);
        if (resume is not null)
        {
            resume.RestoreOptimizer("optim", Optimizer);
            State = resume.State;
        }

        Train = FinetuneTargets.Encode(data.Train, f, data.Labels.Column);
        Val = FinetuneTargets.Encode(data.Val, f, data.Labels.Column);
        trainRow = Train.Ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        dropout = RngStream.Create(config.Train.Seed, "finetune-dropout");
        schedule = OptimizerFactory.Schedule(config.Optim, 1);
    }

    public EquiformerV2Model Model { get; }

    public IReadOnlyList<Tensor> Trainable { get; }

    public AdamBase Optimizer { get; }

    public CheckpointKind Kind { get; }

    public int Width { get; }

    /// <summary>The counters the run starts from (fresh, or the resumed checkpoint's).</summary>
    public TrainingState State { get; }

    public FinetuneTargets Train { get; }

    public FinetuneTargets Val { get; }

    public FinetuneEvaluation? LastEval { get; private set; }

    public FinetuneResult Run(StopSignal stop, ProgressMode progress = ProgressMode.Auto)
    {
        var d = config.Data;
        var batches = new StructureBatches(Train.Structures, d.BatchSize, d.Shuffle, config.Train.Seed);
        var options = TrainLoopOptions.From(config.Train, progress, $"finetune {ConfigValueParser.Format(config.Finetune.Task)}", log);
        var planned = (long)options.Epochs * batches.BatchesPerEpoch;
        schedule = OptimizerFactory.Schedule(config.Optim, options.MaxSteps > 0 ? Math.Min(options.MaxSteps, planned) : planned);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"finetune {ConfigValueParser.Format(config.Finetune.Task)}: {Trainable.Sum(p => (long)p.Numel):N0} of {Model.Parameters.Sum(p => (long)p.Numel):N0} parameters train " +
            $"(finetune.trainable = {ConfigValueParser.Format(config.Finetune.Trainable)}), K = {Width}, {batches.BatchesPerEpoch} steps per epoch"));
        log.WriteLine($"baseline ({(Kind == CheckpointKind.Classify ? "majority training class" : "training mean")}) on {(Val.Count > 0 ? "val" : "train")}: {BaselineSummary()}");
        var loop = TrainLoop.Run(this, batches, run, options, State, stop);
        var records = MetricsLog.Read(run.MetricsPath).Where(r => r.Name == "loss" && double.IsFinite(r.Value)).ToList();
        if (records.Count > 0)
        {
            LossCurvePlot.Save(records, Path.Combine(run.Path, "loss.png"));
        }

        return new FinetuneResult(run.Path, loop, LastEval, loop.StopReason is null ? TestOnce(loop) : null);
    }

    /// <summary>Scores the hash test split once, with the best checkpoint (else the last), beside the baseline;
    /// writes test_metrics.json and logs the summary.</summary>
    private FinetuneEvaluation? TestOnce(TrainLoopResult loop)
    {
        if (data.Test.Count == 0)
        {
            return null;
        }

        var ckpt = loop.BestCheckpoint ?? loop.LastCheckpoint;
        Checkpoints.Checkpoint.Load(ckpt, Kind).LoadParameters(Model.Parameters);
        var test = Evaluate(FinetuneTargets.Encode(data.Test, config.Finetune, data.Labels.Column));
        log.WriteLine($"test ({data.Test.Count} held-out structures, {Path.GetFileName(ckpt)}): {test.Summary()}");
        if (test.Confusion is not null)
        {
            log.WriteLine(test.ConfusionText(FinetuneResolve.ClassNames(config.Finetune)));
        }

        var json = System.Text.Json.JsonSerializer.Serialize(
            new SortedDictionary<string, object>(test.Metrics.ToDictionary(kv => kv.Key, kv => (object)kv.Value)) { ["checkpoint"] = ckpt, ["structures"] = data.Test.Count },
            new System.Text.Json.JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals });
        File.WriteAllText(Path.Combine(run.Path, "test_metrics.json"), json + "\n");
        return test;
    }

    public IReadOnlyDictionary<string, double> TrainStep(IReadOnlyList<Structure> batch, long step, int epoch)
    {
        var n = batch.Count;
        var classes = Kind == CheckpointKind.Classify ? new int[n] : [];
        var trained = Kind == CheckpointKind.Regress ? new double[n * Width] : [];
        for (var i = 0; i < n; i++)
        {
            var row = trainRow[batch[i].Id!];
            if (classes.Length > 0)
            {
                classes[i] = Train.Classes[row];
            }
            else
            {
                Array.Copy(Train.Trained, row * Width, trained, i * Width, Width);
            }
        }

        Optimizer.Lr = schedule.At(step);
        using var tape = new Tape();
        var inputs = BatchTensors.Build(batch, Model.Config, Model.DType, tape);
        var output = Model.Forward(tape, inputs, new ForwardOptions { Training = true, Dropout = dropout.Sub((ulong)step) }).Output;
        var loss = Kind == CheckpointKind.Classify
            ? Op.CrossEntropy(tape, output, BatchTensors.Classes(classes))
            : Op.Mse(tape, output, BatchTensors.Floats(trained, Model.DType, n, Width));
        var value = BatchTensors.ToDoubles(loss)[0];
        if (double.IsFinite(value))
        {
            tape.Backward(loss);
            if (config.Optim.GradClip > 0)
            {
                GradClip.ClipGradNorm(Trainable, config.Optim.GradClip);
            }

            Optimizer.Step();
        }

        Optimizer.ZeroGrad();
        return new Dictionary<string, double> { ["loss"] = value };
    }

    public IReadOnlyDictionary<string, double> Validate(int epoch)
    {
        var split = Val.Count > 0 ? Val : Train;
        LastEval = Evaluate(split);
        log.WriteLine($"epoch {epoch + 1} {(Val.Count > 0 ? "val" : "train (no val rows)")}: {LastEval.Summary()}");
        if (LastEval.Confusion is not null)
        {
            log.WriteLine(LastEval.ConfusionText(FinetuneResolve.ClassNames(config.Finetune)));
        }

        Plot(LastEval);
        return LastEval.Metrics;
    }

    public CheckpointContents Checkpoint(TrainingState state) =>
        ModelCheckpoint.Contents(Kind, Model.Parameters, new Dictionary<string, AdamBase> { ["optim"] = Optimizer }, state, config);

    /// <summary>Evaluation-mode predictions on a split, with the baseline fitted on the training split.</summary>
    public FinetuneEvaluation Evaluate(FinetuneTargets split)
    {
        var outputs = FinetuneInference.Outputs(Model, split.Structures, Math.Max(1, config.Data.ValBatchSize));
        if (Kind == CheckpointKind.Classify)
        {
            return FinetuneEvaluation.Classification(outputs, split.Classes, Width, Train.Classes);
        }

        double mse = 0;
        for (var i = 0; i < outputs.Length; i++)
        {
            var r = outputs[i] - split.Trained[i];
            mse += r * r;
        }

        var f = config.Finetune;
        var predicted = LabelEncoding.Unstandardize(outputs, f.TargetMean, f.TargetStd);
        return FinetuneEvaluation.Regression(predicted, split.Values, Width, Train.Values, outputs.Length == 0 ? double.NaN : mse / outputs.Length);
    }

    private string BaselineSummary()
    {
        var split = Val.Count > 0 ? Val : Train;
        var inv = CultureInfo.InvariantCulture;
        if (Kind == CheckpointKind.Classify)
        {
            var e = FinetuneEvaluation.Classification(new double[split.Count * Width], split.Classes, Width, Train.Classes);
            var majority = Evaluation.Baselines.MajorityClass(Train.Classes);
            return string.Create(inv, $"class {FinetuneResolve.ClassNames(config.Finetune)[majority]}, accuracy {e["baseline_accuracy"]:F4}, F1 {e["baseline_f1"]:F4}");
        }

        var r = FinetuneEvaluation.Regression(new double[split.Values.Length], split.Values, Width, Train.Values, double.NaN);
        return string.Create(inv, $"MAE {r["baseline_mae"]:F4}, RMSE {r["baseline_rmse"]:F4}, R2 {r["baseline_r2"]:F4}");
    }

    private void Plot(FinetuneEvaluation e)
    {
        if (e.Truth.Length == 0)
        {
            return;
        }

        if (e.Confusion is not null)
        {
            ConfusionMatrixPlot.Save(e.Confusion, FinetuneResolve.ClassNames(config.Finetune), Path.Combine(run.Path, "confusion.png"),
                $"{data.Labels.Column}: confusion matrix");
        }
        else
        {
            ParityPlot.Save(e.Truth, e.Predicted, Path.Combine(run.Path, "parity.png"), data.Labels.Column);
        }
    }
}
