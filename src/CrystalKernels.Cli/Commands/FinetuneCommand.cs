using System.CommandLine;
using CrystalKernels.Training.Finetune;
using CrystalKernels.Training.Progress;

namespace CrystalKernels.Cli.Commands;

/// <summary>
/// crystal finetune --task classify|regress --init PRETRAIN.safetensors [--config F.yaml] [key=value ...]: a fresh
/// graph head on the pretrained backbone, trained on labelled structures (paper-spec 4.3).
/// </summary>
public sealed class FinetuneCommand : ICliCommand
{
    public Command Build()
    {
        var verb = new TrainingVerb();
        var task = new Option<string?>("--task") { Description = "classify (NLL over K classes) or regress (MSE); sets finetune.task" };
        var init = new Option<string?>("--init") { Description = "Pretrain checkpoint whose backbone is fine-tuned (becomes model.init_from)" };
        var cmd = new Command("finetune", "Fine-tune a pretrained EquiformerV2 with a new graph head (classification or regression)");
        cmd.Options.Add(task);
        cmd.Options.Add(init);
        verb.AddTo(cmd);
        cmd.SetAction(parse => TrainingVerb.Guard(() =>
        {
            verb.CheckDevice(parse);
            var t = parse.GetValue(task);
            if (t is not null && t is not ("classify" or "regress"))
            {
                throw new ArgumentException($"--task must be classify or regress, got '{t}'");
            }

            using var stop = StopSignal.Install();
            var request = new FinetuneRequest
            {
                Task = t,
                Init = parse.GetValue(init),
                ConfigFile = parse.GetValue(verb.Config),
                Overrides = verb.OverridesOf(parse),
                OutDir = parse.GetValue(verb.Out),
                Resume = parse.GetValue(verb.Resume),
                Progress = verb.ProgressOf(parse),
            };
            FinetuneRun.Execute(request, Console.Out, stop);
            return 0;
        }));
        return cmd;
    }
}
