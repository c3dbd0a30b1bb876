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
        var task = new Option<string?>("--task") { Description = "classify (NLL over K classes) or regress (MSE); sets finetune.task" };
        var init = new Option<string?>("--init") { Description = "Pretrain checkpoint whose backbone is fine-tuned (model.init_from)" };
        var config = new Option<string?>("--config") { Description = "Run configuration YAML (sections data, optim, train, finetune)" };
        var outDir = new Option<string?>("--out") { Description = "Run folder (default runs/finetune-<time>)" };
        var resume = new Option<string?>("--resume") { Description = "Continue a classify/regress checkpoint of this command" };
        var seed = new Option<ulong?>("--seed") { Description = "train.seed" };
        var device = new Option<string>("--device") { Description = "Compute device (cpu)", DefaultValueFactory = _ => "cpu" };
        var noProgress = new Option<bool>("--no-progress") { Description = "Plain progress lines instead of a bar" };
        var overrides = new Argument<string[]>("overrides") { Description = "key=value config overrides, e.g. data.label_column=energy_above_hull finetune.trainable=head", Arity = ArgumentArity.ZeroOrMore };
        var cmd = new Command("finetune", "Fine-tune a pretrained EquiformerV2 with a new graph head (classification or regression)");
        foreach (var o in new Option[] { task, init, config, outDir, resume, seed, device, noProgress })
        {
            cmd.Options.Add(o);
        }

        cmd.Arguments.Add(overrides);
        cmd.SetAction(parse =>
        {
            if (parse.GetValue(device) is { } d && d != "cpu")
            {
                Console.Error.WriteLine($"--device {d}: only cpu is available to crystal finetune");
                return 2;
            }

            var t = parse.GetValue(task);
            if (t is not null && t is not ("classify" or "regress"))
            {
                Console.Error.WriteLine($"--task must be classify or regress, got '{t}'");
                return 2;
            }

            try
            {
                using var stop = StopSignal.Install();
                var request = new FinetuneRequest
                {
                    Task = t,
                    Init = parse.GetValue(init),
                    ConfigFile = parse.GetValue(config),
                    Overrides = parse.GetValue(overrides) ?? [],
                    OutDir = parse.GetValue(outDir),
                    Resume = parse.GetValue(resume),
                    Seed = parse.GetValue(seed),
                    Progress = parse.GetValue(noProgress) ? ProgressMode.Plain : ProgressMode.Auto,
                };
                FinetuneRun.Execute(request, Console.Out, stop);
                return 0;
            }
            catch (Exception e) when (e is FormatException or IOException or ArgumentException or InvalidOperationException)
            {
                // Bad input (config, data, checkpoint kind): the message names it; no stack trace.
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return cmd;
    }
}
