using CrystalKernels.Models.Config;

namespace CrystalKernels.Models.Parameters;

/// <summary>
/// Every parameter of an <see cref="EquiformerV2Config"/> with its reference name and shape, in the reference's
/// state-dict order, derived from the config alone (paper-spec 3.7–3.17; the layouts of model-small's manifest).
/// The modules create exactly these tensors; this class lets the CLI and the tests count them without building.
/// </summary>
public sealed class ModelParameterShapes
{
    private ModelParameterShapes(EquiformerV2Config config, IReadOnlyList<ParameterShape> parameters)
    {
        Config = config;
        Parameters = parameters;
    }

    public EquiformerV2Config Config { get; }

    public IReadOnlyList<ParameterShape> Parameters { get; }

    public long Total => Parameters.Sum(p => p.Numel);

    public static ModelParameterShapes For(EquiformerV2Config config)
    {
        var c = config.Validate();
        var list = new List<ParameterShape>
        {
            new("sphere_embedding.weight", [c.MaxElements, c.SphereChannels]),
        };
        list.AddRange(EdgeDegreeEmbedding("edge_degree_embedding", c));
        for (var b = 0; b < c.Blocks; b++)
        {
            list.AddRange(Block($"blocks.{b}", c));
        }

        list.AddRange(Norm("norm", c.LMax, c.SphereChannels));
        list.AddRange(FeedForward("output_block", c.LMax, c.SphereChannels, c.FfnHiddenChannels, c.Output.Channels));
        if (c.PositionHead)
        {
            list.AddRange(Attention("force_block", c, outputChannels: 1));
        }

        return new ModelParameterShapes(c, list);
    }

    /// <summary>Parameters of the module at <paramref name="prefix"/> ("blocks.0.ga", "force_block", "" = all).</summary>
    public long CountUnder(string prefix) =>
        prefix.Length == 0 ? Total : Parameters.Where(p => p.Name.StartsWith(prefix + ".", StringComparison.Ordinal)).Sum(p => p.Numel);

    /// <summary>Module rows for a summary: top-level modules, and for each block its norms, attention and FFN.</summary>
    public IReadOnlyList<(string Module, long Count)> Modules()
    {
        var rows = new List<(string, long)>();
        var seen = new HashSet<string>();
        foreach (var p in Parameters)
        {
            var parts = p.Name.Split('.');
            var top = parts[0] == "blocks" ? $"blocks.{parts[1]}" : parts[0];
            if (seen.Add(top))
            {
                rows.Add((top, CountUnder(top)));
            }

            if (parts[0] == "blocks")
            {
                var sub = $"{top}.{parts[2]}";
                if (seen.Add(sub))
                {
                    rows.Add((sub, CountUnder(sub)));
                }
            }
        }

        return rows;
    }

    /// <summary>RadialFunction(channels): Linear net.0, LayerNorm net.1, (SiLU), Linear net.3, LayerNorm net.4, (SiLU), Linear net.6 …</summary>
    public static IEnumerable<ParameterShape> Radial(string name, IReadOnlyList<int> channels)
    {
        var module = 0;
        for (var i = 0; i + 1 < channels.Count; i++)
        {
            yield return new($"{name}.net.{module}.weight", [channels[i + 1], channels[i]]);
            yield return new($"{name}.net.{module}.bias", [channels[i + 1]]);
            module++;
            if (i + 2 < channels.Count)
            {
                yield return new($"{name}.net.{module}.weight", [channels[i + 1]]);
                yield return new($"{name}.net.{module}.bias", [channels[i + 1]]);
                module += 2;
            }
        }
    }

    /// <summary>The radial MLP widths of every instance: [Gaussians + 2·edge, edge, edge, out].</summary>
    public static int[] RadialChannels(EquiformerV2Config c, int outputs) => [c.RadialInputs, c.EdgeChannels, c.EdgeChannels, outputs];

    /// <summary>SO2_Convolution: fc_m0 (with bias), so2_m_conv.{m−1}.fc (no bias), optional rad_func.</summary>
    public static IEnumerable<ParameterShape> So2Convolution(string name, EquiformerV2Config c, int cin, int cout, int extraM0, bool radial)
    {
        var n0 = c.LMax + 1;
        yield return new($"{name}.fc_m0.weight", [(n0 * cout) + extraM0, n0 * cin]);
        yield return new($"{name}.fc_m0.bias", [(n0 * cout) + extraM0]);
        var radialOut = n0 * cin;
        for (var m = 1; m <= c.MMax; m++)
        {
            var nm = c.LMax - m + 1;
            yield return new($"{name}.so2_m_conv.{m - 1}.fc.weight", [2 * nm * cout, nm * cin]);
            radialOut += nm * cin;
        }

        if (radial)
        {
            foreach (var p in Radial($"{name}.rad_func", RadialChannels(c, radialOut)))
            {
                yield return p;
            }
        }
    }

    /// <summary>SO2EquivariantGraphAttention (blocks' ga and the position head).</summary>
    public static IEnumerable<ParameterShape> Attention(string name, EquiformerV2Config c, int outputChannels)
    {
        var (h, a, v, hidden, ch) = (c.Heads, c.AttnAlphaChannels, c.AttnValueChannels, c.AttnHiddenChannels, c.SphereChannels);
        yield return new($"{name}.alpha_dot", [h, a]);
        yield return new($"{name}.source_embedding.weight", [c.MaxElements, c.EdgeChannels]);
        yield return new($"{name}.target_embedding.weight", [c.MaxElements, c.EdgeChannels]);
        foreach (var p in So2Convolution($"{name}.so2_conv_1", c, 2 * ch, hidden, (h * a) + hidden, radial: true))
        {
            yield return p;
        }

        yield return new($"{name}.alpha_norm.weight", [a]);
        yield return new($"{name}.alpha_norm.bias", [a]);
        foreach (var p in So2Convolution($"{name}.so2_conv_2", c, hidden, h * v, 0, radial: false))
        {
            yield return p;
        }

        foreach (var p in So3Linear($"{name}.proj", c.LMax, h * v, outputChannels))
        {
            yield return p;
        }
    }

    /// <summary>SO3_LinearV2: weight [L+1, out, in], bias [out].</summary>
    public static IEnumerable<ParameterShape> So3Linear(string name, int lmax, int cin, int cout) =>
        [new($"{name}.weight", [lmax + 1, cout, cin]), new($"{name}.bias", [cout])];

    /// <summary>FeedForwardNetwork with a separable S2 activation: so3_linear_1, gating_linear, so3_linear_2.</summary>
    public static IEnumerable<ParameterShape> FeedForward(string name, int lmax, int c, int hidden, int cout) =>
        So3Linear($"{name}.so3_linear_1", lmax, c, hidden)
            .Append(new($"{name}.gating_linear.weight", [hidden, c]))
            .Append(new($"{name}.gating_linear.bias", [hidden]))
            .Concat(So3Linear($"{name}.so3_linear_2", lmax, hidden, cout));

    /// <summary>rms_norm_sh: affine_weight [L+1, C], affine_bias [C].</summary>
    public static IEnumerable<ParameterShape> Norm(string name, int lmax, int c) =>
        [new($"{name}.affine_weight", [lmax + 1, c]), new($"{name}.affine_bias", [c])];

    public static IEnumerable<ParameterShape> EdgeDegreeEmbedding(string name, EquiformerV2Config c) =>
        new ParameterShape[]
        {
            new($"{name}.source_embedding.weight", [c.MaxElements, c.EdgeChannels]),
            new($"{name}.target_embedding.weight", [c.MaxElements, c.EdgeChannels]),
        }.Concat(Radial($"{name}.rad_func", RadialChannels(c, (c.LMax + 1) * c.SphereChannels)));

    public static IEnumerable<ParameterShape> Block(string name, EquiformerV2Config c) =>
        Norm($"{name}.norm_1", c.LMax, c.SphereChannels)
            .Concat(Attention($"{name}.ga", c, c.SphereChannels))
            .Concat(Norm($"{name}.norm_2", c.LMax, c.SphereChannels))
            .Concat(FeedForward($"{name}.ffn", c.LMax, c.SphereChannels, c.FfnHiddenChannels, c.SphereChannels));
}
