using System.CommandLine;
using System.Globalization;
using CrystalKernels.Models.Config;
using CrystalKernels.Models.Parameters;

namespace CrystalKernels.Cli.Commands;

/// <summary>crystal model info: a named EquiformerV2 configuration, its parameter count and a per-module table.</summary>
public sealed class ModelInfoCommand : ICliCommand
{
    public string[] Parent => ["model"];

    public Command Build()
    {
        var config = new Option<string>("--config")
        {
            Description = $"Configuration name ({string.Join(", ", ModelPresets.All.Keys)})",
            DefaultValueFactory = _ => "paper",
        };
        var parameters = new Option<bool>("--parameters") { Description = "Also list every parameter with its shape" };
        var cmd = new Command("info", "Print an EquiformerV2 configuration's hyperparameters and parameter counts per module");
        cmd.Options.Add(config);
        cmd.Options.Add(parameters);
        cmd.SetAction(parse =>
        {
            var name = parse.GetValue(config)!;
            if (!ModelPresets.All.TryGetValue(name, out var c))
            {
                Console.Error.WriteLine($"unknown --config '{name}'; known: {string.Join(", ", ModelPresets.All.Keys)}");
                return 2;
            }

            var shapes = ModelParameterShapes.For(c);
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv,
                $"config={name} params={shapes.Total} blocks={c.Blocks} C={c.SphereChannels} H={c.AttnHiddenChannels} heads={c.Heads} " +
                $"a={c.AttnAlphaChannels} v={c.AttnValueChannels} F={c.FfnHiddenChannels} lmax={c.LMax} mmax={c.MMax} " +
                $"edge_channels={c.EdgeChannels} gaussians={c.DistanceGaussians} radius={c.MaxRadius} max_neighbors={c.MaxNeighbors} " +
                $"elements={c.MaxElements} output={c.Output} position_head={c.PositionHead}"));
            var rows = shapes.Modules();
            var width = Math.Max("module".Length, rows.Max(r => r.Module.Length));
            Console.WriteLine($"{"module".PadRight(width)}  {"params",12}");
            foreach (var (module, count) in rows)
            {
                var indent = module.Count(ch => ch == '.') > 1 ? "  " : string.Empty;
                Console.WriteLine($"{(indent + module).PadRight(width + 2)}{count.ToString("N0", inv),12}");
            }

            Console.WriteLine($"{"total".PadRight(width)}  {shapes.Total.ToString("N0", inv),12}");
            if (parse.GetValue(parameters))
            {
                foreach (var p in shapes.Parameters)
                {
                    Console.WriteLine(p);
                }
            }

            return 0;
        });
        return cmd;
    }
}
