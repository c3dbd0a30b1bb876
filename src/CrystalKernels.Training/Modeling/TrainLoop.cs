using System.Globalization;
using CrystalKernels.Training.Checkpoints;
using CrystalKernels.Training.Progress;
using CrystalKernels.Training.Runs;

namespace CrystalKernels.Training.Modeling;

/// <summary>
/// The epoch/step loop shared by pretrain, finetune and gan: batches from <see cref="StructureBatches"/>, one
/// <see cref="ITrainTask.TrainStep"/> each, progress (bar or plain lines), metrics.jsonl (step means every LogEvery
/// steps as split "train", epoch means as "train_epoch", validation as "val"), last.safetensors after every epoch
/// (and every CheckpointEvery steps), best.safetensors when the validation metric improves. A stop request
/// (Ctrl-C, SIGTERM) or max_steps ends the loop after the current step with last saved, so --resume continues it.
/// </summary>
/// <remarks>
/// Resume state: Step (optimizer steps done), Epoch (the epoch in progress, = epochs completed when
/// batch_in_epoch is 0) and the counter "batch_in_epoch" (the next batch). With every random draw keyed by seed and
/// step, and the optimizer state restored exactly, a resumed run reproduces the uninterrupted one bit for bit on the CPU.
/// Epoch means after a mid-epoch resume cover the resumed part of the epoch only.
/// </remarks>
public static class TrainLoop
{
    public const string BatchCounter = "batch_in_epoch";

    /// <summary>The state of a fresh run.</summary>
    public static TrainingState Fresh(ulong seed) =>
        new(0, 0, seed) { Counters = new Dictionary<string, long>(StringComparer.Ordinal) { [BatchCounter] = 0 } };

    public static TrainLoopResult Run(ITrainTask task, StructureBatches train, RunDirectory run, TrainLoopOptions o, TrainingState start, StopSignal stop)
    {
        if (o.Epochs < 0)
        {
            throw new ConfigException($"train.epochs = {o.Epochs} must be >= 0");
        }

        var perEpoch = train.BatchesPerEpoch;
        var slots = new CheckpointSlots(run.CheckpointsPath, o.Minimize, start.BestValue);
        var step = start.Step;
        var epoch = start.Epoch;
        var batch = (int)(start.Counters.TryGetValue(BatchCounter, out var b) ? b : 0);
        var planned = (long)o.Epochs * perEpoch;
        var total = o.MaxSteps > 0 ? Math.Min(o.MaxSteps, planned) : planned;
        string? stopReason = null;
        IReadOnlyDictionary<string, double>? lastVal = null;
        var savedAny = false;

        TrainingState State() => start with
        {
            Step = step,
            Epoch = epoch,
            BestValue = slots.Best,
            Counters = new Dictionary<string, long>(start.Counters, StringComparer.Ordinal) { [BatchCounter] = batch },
        };

        void SaveLast(double? metric = null)
        {
            slots.Save(task.Checkpoint(State()), metric);
            savedAny = true;
        }

        using var metrics = run.OpenMetrics();
        ProgressReporter.Run(o.Title, Math.Max(0, total - step), sink =>
        {
            var window = new MetricWindow();
            while (epoch < o.Epochs && stopReason is null)
            {
                var epochMeans = new MetricWindow();
                for (; batch < perEpoch; )
                {
                    if (o.MaxSteps > 0 && step >= o.MaxSteps)
                    {
                        stopReason = "max_steps";
                        break;
                    }

                    var m = task.TrainStep(train.Batch(epoch, batch), step, epoch);
                    if (m.TryGetValue("loss", out var loss) && !double.IsFinite(loss))
                    {
                        throw new InvalidOperationException($"{o.Title}: the loss is {loss} at step {step} (epoch {epoch}, batch {batch}); training diverged (lower optim.lr or set optim.grad_clip); last good checkpoint: {(savedAny || File.Exists(slots.LastPath) ? slots.LastPath : "none")}");
                    }

                    step++;
                    batch++;
                    window.Add(m);
                    epochMeans.Add(m);
                    sink.Advance();
                    sink.SetStatus(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch + 1}/{o.Epochs} {Status(m)}"));
                    if (step % o.LogEvery == 0)
                    {
                        window.WriteTo(metrics, step, epoch, "train");
                        window = new MetricWindow();
                    }

                    if (stop.StopRequested)
                    {
                        stopReason = stop.Reason ?? "stop";
                        break;
                    }

                    if (o.CheckpointEvery > 0 && step % o.CheckpointEvery == 0 && batch < perEpoch)
                    {
                        SaveLast();
                    }
                }

                if (stopReason is not null)
                {
                    break;
                }

                epochMeans.WriteTo(metrics, step, epoch, "train_epoch");
                var done = epoch;
                epoch++;
                batch = 0;
                double? metric = null;
                if ((done + 1) % o.ValEvery == 0 || epoch == o.Epochs)
                {
                    lastVal = task.Validate(done);
                    foreach (var (k, v) in lastVal)
                    {
                        metrics.Write(step, done, "val", k, v);
                    }

                    metric = lastVal.TryGetValue(o.BestMetric, out var bm) ? bm
                        : throw new ConfigException($"train.best_metric = '{o.BestMetric}' is not a validation metric of this command (has: {string.Join(", ", lastVal.Keys)})");
                }

                SaveLast(metric);
                o.Log?.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"epoch {done + 1}/{o.Epochs} step {step} train {epochMeans.Summary()}{(lastVal is null || metric is null ? string.Empty : " | val " + Summary(lastVal))}"));
            }

            if (stopReason is not null)
            {
                if (stopReason != "max_steps" || !window.Empty)
                {
                    window.WriteTo(metrics, step, epoch, "train");
                }

                SaveLast();
                o.Log?.WriteLine($"{o.Title}: stopped ({stopReason}) at step {step}, epoch {epoch + 1} batch {batch}; resume with --resume {slots.LastPath}");
            }
            else if (!savedAny)
            {
                // Nothing to do (already complete): still leave a checkpoint in this run folder.
                SaveLast();
            }
        }, o.Progress);

        return new TrainLoopResult(State(), slots.LastPath, File.Exists(slots.BestPath) ? slots.BestPath : null, stopReason, lastVal);
    }

    internal static string Summary(IReadOnlyDictionary<string, double> m) =>
        string.Join(" ", m.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key}={kv.Value:G5}")));

    private static string Status(IReadOnlyDictionary<string, double> m) =>
        m.TryGetValue("loss", out var l) ? string.Create(CultureInfo.InvariantCulture, $"loss {l:F4}") : Summary(m);

    /// <summary>Running means of named metrics, in first-seen order.</summary>
    private sealed class MetricWindow
    {
        private readonly List<string> order = [];
        private readonly Dictionary<string, (double Sum, int N)> sums = new(StringComparer.Ordinal);

        public bool Empty => sums.Count == 0;

        public void Add(IReadOnlyDictionary<string, double> m)
        {
            foreach (var (k, v) in m)
            {
                if (!sums.TryGetValue(k, out var s))
                {
                    order.Add(k);
                }

                sums[k] = (s.Sum + v, s.N + 1);
            }
        }

        public void WriteTo(MetricsLog log, long step, int epoch, string split)
        {
            foreach (var k in order)
            {
                log.Write(step, epoch, split, k, sums[k].Sum / sums[k].N);
            }
        }

        public string Summary() =>
            string.Join(" ", order.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k}={sums[k].Sum / sums[k].N:G5}")));
    }
}
