using System.CommandLine;
using CrystalKernels.Training.Gan;
using CrystalKernels.Training.Progress;

namespace CrystalKernels.Cli.Commands;

/// <summary>
/// crystal gan: adversarial fine-tuning of a pretrained generator against a discriminator initialised from the
/// stability classifier (paper-spec 4.4-4.5). --mode intended (default) lets the adversarial gradient reach the
/// generator; --mode authors-code reproduces the released trainer, where it does not.
/// </summary>
public sealed class GanCommand : ICliCommand
{
    public Command Build()
    {
        var verb = new TrainingVerb();
        var generator = new Option<string?>("--generator") { Description = "Pretrain checkpoint the generator starts from (= gan.generator)" };
        var discriminator = new Option<string?>("--discriminator") { Description = "Classify checkpoint (stability classifier) the discriminator starts from (= gan.discriminator)" };
        var mode = new Option<string?>("--mode") { Description = "intended (adversarial gradient reaches G, the paper) or authors-code (the released code: it does not) (= gan.mode)" };
        mode.AcceptOnlyFromAmong("intended", "authors-code");
        var cmd = new Command("gan", "Train the generator adversarially (GAN stage) from a pretrain and a classify checkpoint");
        cmd.Options.Add(generator);
        cmd.Options.Add(discriminator);
        cmd.Options.Add(mode);
        verb.AddTo(cmd);
        cmd.SetAction(p => TrainingVerb.Guard(() =>
        {
            verb.CheckDevice(p);
            var resume = p.GetValue(verb.Resume);
            var overrides = verb.OverridesOf(p).ToList();
            if (p.GetValue(generator) is { } g)
            {
                overrides.Add($"gan.generator={g}");
            }

            if (p.GetValue(discriminator) is { } d)
            {
                overrides.Add($"gan.discriminator={d}");
            }

            if (p.GetValue(mode) is { } m)
            {
                overrides.Add($"gan.mode={m.Replace('-', '_')}");
            }

            var config = GanRun.ResolveConfig(p.GetValue(verb.Config), overrides, resume);
            using var stop = StopSignal.Install();
            var r = GanRun.Run(config, p.GetValue(verb.Out), resume, verb.ProgressOf(p), Console.Out, stop);
            Console.WriteLine($"checkpoint: {r.LastCheckpoint}");
            if (r.BestCheckpoint is not null)
            {
                Console.WriteLine($"best: {r.BestCheckpoint}");
            }

            Console.WriteLine($"report: {r.Report}");
            return r.Loop.StopReason is null or "max_steps" ? 0 : 130;
        }));
        return cmd;
    }
}
