using System.CommandLine;
using System.Globalization;
using CrystalKernels.Training.Checkpoints;

namespace CrystalKernels.Cli.Commands;

/// <summary>crystal checkpoint export: a release copy of a checkpoint without optimizer state (how models/ is made).</summary>
public sealed class CheckpointExportCommand : ICliCommand
{
    public string[] Parent => ["checkpoint"];

    public Command Build()
    {
        var model = new Option<string>("--model") { Description = "Checkpoint to export (.safetensors)", Required = true };
        var output = new Option<string>("--output") { Description = "Release file to write (.safetensors)", Required = true };
        var cmd = new Command("export", "Write a release copy of a checkpoint: parameters, config and counters, no optimizer state");
        cmd.Options.Add(model);
        cmd.Options.Add(output);
        cmd.SetAction(p => TrainingVerb.Guard(() =>
        {
            var source = Checkpoint.Load(p.GetValue(model)!);
            var target = p.GetValue(output)!;
            if (Path.GetFullPath(target) == Path.GetFullPath(source.Path))
            {
                throw new ArgumentException($"--output {target} is the checkpoint being exported; write to another file");
            }

            var bytes = Checkpoint.Export(source, target);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"exported {Checkpoint.KindName(source.Kind)} checkpoint (step {source.State.Step}, {source.Parameters.Count} parameters, code {source.CodeVersion}) to {target}: {bytes / 1048576.0:F1} MiB"));
            return 0;
        }));
        return cmd;
    }
}
