using System.CommandLine;
using CrystalKernels.Training.Pretraining;
using CrystalKernels.Training.Progress;

namespace CrystalKernels.Cli.Commands;

/// <summary>
/// crystal pretrain: masked-species + position-denoising pretraining (paper-spec 2.4-2.6, 4.2). With no arguments it
/// trains the small model on builtin:prototypes for a few minutes and prints where the checkpoint and report are.
/// </summary>
public sealed class PretrainCommand : ICliCommand
{
    public Command Build()
    {
        var verb = new TrainingVerb();
        var cmd = new Command("pretrain", "Pretrain EquiformerV2 by masked-species prediction and position denoising (default: small model on builtin:prototypes)");
        verb.AddTo(cmd);
        cmd.SetAction(p => TrainingVerb.Guard(() =>
        {
            verb.CheckDevice(p);
            var resume = p.GetValue(verb.Resume);
            var config = PretrainRun.ResolveConfig(p.GetValue(verb.Config), verb.OverridesOf(p), resume);
            using var stop = StopSignal.Install();
            var r = PretrainRun.Run(config, p.GetValue(verb.Out), resume, verb.ProgressOf(p), Console.Out, stop);
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
