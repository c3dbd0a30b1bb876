using System.Globalization;
using CrystalKernels.Crystals.Graph;
using CrystalKernels.Models.EquiformerV2;
using CrystalKernels.Models.Inputs;
using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Autograd;
using CrystalKernels.Tensors.Ops;
using CrystalKernels.Tensors.Random;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Optim;
using CrystalKernels.Training.Plots;
using CrystalKernels.Training.Progress;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Finetune;

/// <summary>What a finished (or stopped) fine-tuning run leaves behind.</summary>
public sealed record FinetuneResult(string RunFolder, string LastCheckpoint, string? BestCheckpoint, long Steps, IReadOnlyList<double> EpochTrainLoss, FinetuneEvaluation? LastEval, bool Stopped);

/// <summary>
/// crystal finetune: trains a graph head (and, with finetune.trainable = all, the backbone) on labelled structures.
/// Every epoch: the shuffled training split in data.batch_size batches (order from (seed, epoch), dropout from
/// (seed, step)), Adam/AdamW on the trainable set, then the validation split evaluated beside the dummy baseline,
/// metrics.jsonl, plots (confusion.png or parity.png, loss.png) and checkpoints (last, best by train.best_metric).
/// </summary>
public sealed class FinetuneTrainer
{
    private readonly RunConfig config;
    private readonly FinetuneData data;
    private readonly RunDirectory run;
    private readonly TextWriter log;

    /// <param name="config">Resolved config (<see cref="FinetuneResolve.Apply"/>) whose model section is the backbone's.</param>
    /// <param name="pretrained">The pretrain checkpoint to take the backbone from (null when resuming).</param>
    /// <param name="resume">A classify/regress checkpoint of this run to continue (null for a fresh run).</param>
    public FinetuneTrainer(RunConfig config, FinetuneData data, RunDirectory run, LoadedCheckpoint? pretrained, LoadedCheckpoint? resume, TextWriter log)
    {
        this.config = config;
        this.data = data;
        this.run = run;
        this.log = log;
        var f = config.Finetune;
        Width = f.OutputWidth ?? throw new ArgumentException("finetune: config is not resolved (finetune.output_width)");
        Kind = f.Task == FinetuneTask.Classify ? CheckpointKind.Classify : CheckpointKind.Regress;
        Model = FinetuneModel.Create(config, config.Train.Seed);
        if (resume is not null)
        {
            resume.LoadParameters(Model.Parameters);
        }
        else if (pretrained is not null)
        {
            FinetuneModel.LoadBackbone(Model, pretrained);
        }

        Trainable = FinetuneModel.Trainable(Model, f.Trainable);
        var o = config.Optim;
        Optimizer = o.Name == OptimizerKind.AdamW
            ? new AdamW(Trainable, o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay)
            : new Adam(Trainable, o.Lr, o.Beta1, o.Beta2, o.Eps, o.WeightDecay);
        State = new TrainingState(0, 0, config.Train.Seed);
        if (resume is not null)
        {
            resume.RestoreOptimizer("optim", Optimizer);
            State = resume.State;
        }

        Train = FinetuneTargets.Encode(data.Train, f, data.Labels.Column);
        Val = FinetuneTargets.Encode(data.Val, f, data.Labels.Column);
    }

    public EquiformerV2Model Model { get; }

    public IReadOnlyList<Tensor> Trainable { get; }

    public AdamBase Optimizer { get; }

    public CheckpointKind Kind { get; }

    public int Width { get; }

    public TrainingState State { get; private set; }

    public FinetuneTargets Train { get; }

    public FinetuneTargets Val { get; }

    public FinetuneResult Run(StopSignal? stop = null)
    {
        var t = config.Train;
        var d = config.Data;
        if (d.BatchSize < 1)
        {
            throw new ArgumentException($"finetune: data.batch_size must be positive, got {d.BatchSize}");
        }

        var stepsPerEpoch = (Train.Count + d.BatchSize - 1) / d.BatchSize;
        var totalSteps = t.MaxSteps > 0 ? Math.Min(t.MaxSteps, (long)stepsPerEpoch * t.Epochs) : (long)stepsPerEpoch * t.Epochs;
        ILrSchedule schedule = config.Optim.Schedule == LrScheduleKind.WarmupCosine
            ? new WarmupCosineLr(config.Optim.Lr, config.Optim.MinLr, config.Optim.WarmupSteps, Math.Max(1, totalSteps))
            : new ConstantLr(config.Optim.Lr);
        var slots = new CheckpointSlots(run.CheckpointsPath, t.BestMode != "max", State.BestValue);
        var shuffle = RngStream.Create(t.Seed, "finetune-shuffle");
        var dropout = RngStream.Create(t.Seed, "finetune-dropout");
        var epochLosses = new List<double>();
        FinetuneEvaluation? lastEval = null;
        var stopped = false;
        var step = State.Step;
        var firstBatch = State.Counters.TryGetValue("batch_in_epoch", out var b0) ? (int)b0 : 0;
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"finetune {ConfigValueParser.Format(config.Finetune.Task)}: {Trainable.Sum(p => p.Numel):N0} of {Model.Parameters.Sum(p => p.Numel):N0} parameters train ({ConfigValueParser.Format(config.Finetune.Trainable)}), K = {Width}, {stepsPerEpoch} steps per epoch"));
        using var metrics = run.OpenMetrics();
        for (var epoch = State.Epoch; epoch < t.Epochs && !stopped; epoch++)
        {
            var order = Order(shuffle.Sub((ulong)epoch), Train.Count, d.Shuffle);
            double lossSum = 0;
            var lossCount = 0;
            for (var batch = firstBatch; batch < stepsPerEpoch; batch++)
            {
                if (t.MaxSteps > 0 && step >= t.MaxSteps)
                {
                    break;
                }

                Optimizer.Lr = schedule.At(step);
                var start = batch * d.BatchSize;
                var loss = TrainStep(order, start, Math.Min(d.BatchSize, Train.Count - start), dropout.Sub((ulong)step));
                step++;
                lossSum += loss;
                lossCount++;
                if (t.LogEvery > 0 && step % t.LogEvery == 0)
                {
                    metrics.Write(step, epoch, "train", "loss_step", loss);
                }

                if (stop?.StopRequested == true)
                {
                    State = Counters(step, epoch, batch + 1);
                    slots.Save(Contents(), null);
                    log.WriteLine($"stopped ({stop.Reason}) at step {step}; saved {slots.LastPath}");
                    stopped = true;
                    break;
                }
            }

            firstBatch = 0;
            if (stopped)
            {
                break;
            }

            var trainLoss = lossCount > 0 ? lossSum / lossCount : double.NaN;
            epochLosses.Add(trainLoss);
            metrics.Write(step, epoch, "train", "loss", trainLoss);
            State = Counters(step, epoch + 1, 0);
            double? best = null;
            var validate = t.ValEvery > 0 && ((epoch + 1) % t.ValEvery == 0 || epoch + 1 == t.Epochs);
            if (validate)
            {
                lastEval = Evaluate(Val.Count > 0 ? Val : Train);
                var split = Val.Count > 0 ? "val" : "train_eval";
                foreach (var (name, value) in lastEval.Metrics)
                {
                    metrics.Write(step, epoch, split, name, value);
                }

                best = lastEval.Metrics.TryGetValue(t.BestMetric, out var m) ? m
                    : throw new ArgumentException($"finetune: train.best_metric '{t.BestMetric}' is not one of {string.Join(", ", lastEval.Metrics.Keys)}");
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch + 1}/{t.Epochs} step {step}: train loss {trainLoss:F4} | {split} {lastEval.Summary()}"));
                if (lastEval.Confusion is not null)
                {
                    log.WriteLine(lastEval.ConfusionText(FinetuneResolve.ClassNames(config.Finetune)));
                }

                Plot(lastEval);
            }
            else
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch + 1}/{t.Epochs} step {step}: train loss {trainLoss:F4}"));
            }

            slots.Save(Contents(), best);
            if (t.MaxSteps > 0 && step >= t.MaxSteps)
            {
                break;
            }
        }

        PlotLoss();
        return new FinetuneResult(run.Path, slots.LastPath, File.Exists(slots.BestPath) ? slots.BestPath : null, step, epochLosses, lastEval, stopped);
    }

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

    private double TrainStep(int[] order, int start, int count, RngStream dropout)
    {
        var (structures, classes, trained) = Train.Batch(order, start, count, Width);
        using var tape = new Tape();
        var graph = GraphBatch.Build(structures, Model.Config.MaxRadius, Model.Config.MaxNeighbors);
        var inputs = ModelInputs.FromGraph(tape, graph, Model.DType);
        var output = Model.Forward(tape, inputs, new ForwardOptions { Training = true, Dropout = dropout }).Output;
        var loss = Kind == CheckpointKind.Classify
            ? Op.CrossEntropy(tape, output, Tensor.FromArray(classes, count))
            : Op.Mse(tape, output, Tensor.FromArray(trained, count, Width).To(Model.DType));
        var value = loss.ToDoubleArray()[0];
        if (!double.IsFinite(value))
        {
            throw new InvalidOperationException($"finetune: the training loss is {value} at step {State.Step} (lower optim.lr or set optim.grad_clip)");
        }

        tape.Backward(loss);
        if (config.Optim.GradClip > 0)
        {
            GradClip.ClipGradNorm(Trainable, config.Optim.GradClip);
        }

        Optimizer.Step();
        Optimizer.ZeroGrad();
        return value;
    }

    private TrainingState Counters(long step, int epoch, int batchInEpoch) =>
        new(step, epoch, config.Train.Seed, State.BestValue)
        {
            Counters = new Dictionary<string, long>(StringComparer.Ordinal) { ["batch_in_epoch"] = batchInEpoch },
        };

    private CheckpointContents Contents() =>
        new(Kind, Model.Parameters, new Dictionary<string, AdamBase> { ["optim"] = Optimizer }, State, ConfigYaml.Write(config));

    private static int[] Order(RngStream rng, int n, bool shuffle)
    {
        var order = Enumerable.Range(0, n).ToArray();
        if (shuffle)
        {
            for (var i = n - 1; i > 0; i--)
            {
                var j = rng.Below((ulong)i, i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }
        }

        return order;
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
                $"{data.Labels.Column}: validation confusion matrix");
        }
        else
        {
            ParityPlot.Save(e.Truth, e.Predicted, Path.Combine(run.Path, "parity.png"), data.Labels.Column);
        }
    }

    private void PlotLoss()
    {
        var records = MetricsLog.Read(run.MetricsPath).Where(r => r.Name == "loss" && double.IsFinite(r.Value)).ToList();
        if (records.Count > 0)
        {
            LossCurvePlot.Save(records, Path.Combine(run.Path, "loss.png"));
        }
    }
}
