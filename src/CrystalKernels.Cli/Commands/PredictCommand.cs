using System.CommandLine;
using System.Text;
using CrystalKernels.Training.Finetune;

namespace CrystalKernels.Cli.Commands;

/// <summary>
/// crystal predict --model CKPT --input FILE [--output FILE.csv]: one CSV row per structure from a fine-tuned
/// (classify or regress) checkpoint: material_id (or the file name), the prediction, and the class probabilities or
/// predicted values in the label file's units.
/// </summary>
public sealed class PredictCommand : ICliCommand
{
    public Command Build()
    {
        var model = new Option<string>("--model") { Description = "Fine-tuned checkpoint (kind classify or regress)", Required = true };
        var input = new Option<string>("--input") { Description = "Structure file or dataset (.cif, POSCAR, .xyz, .json, .csv, .jsonl, builtin:prototypes)", Required = true };
        var output = new Option<string?>("--output") { Description = "CSV file to write (default: standard output)" };
        var cmd = new Command("predict", "Predict labels of structures with a fine-tuned model");
        cmd.Options.Add(model);
        cmd.Options.Add(input);
        cmd.Options.Add(output);
        cmd.SetAction(parse => TrainingVerb.Guard(() =>
        {
            var predictor = FinetunePredictor.Load(parse.GetValue(model)!);
            var path = parse.GetValue(input)!;
            var structures = InputStructures.Read(path, e => Console.Error.WriteLine($"{path}: skipped: {e}"));
            var fallback = Path.GetFileName(path);
            if (parse.GetValue(output) is { } outPath)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
                using (var w = new StreamWriter(outPath, false, new UTF8Encoding(false)))
                {
                    predictor.WriteCsv(w, structures, fallback);
                }

                Console.Error.WriteLine($"{structures.Count} predictions written to {outPath}");
            }
            else
            {
                predictor.WriteCsv(Console.Out, structures, fallback);
            }

            return 0;
        }));
        return cmd;
    }
}
