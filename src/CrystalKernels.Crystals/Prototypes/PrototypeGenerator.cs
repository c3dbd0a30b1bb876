using CrystalKernels.Tensors.Random;

namespace CrystalKernels.Crystals.Prototypes;

/// <summary>
/// SYNTHETIC built-in data: a deterministic generator of prototype crystals with charge-balanced element
/// substitutions, so the runner works on a fresh machine without any dataset. Structure i depends only on (seed, i).
/// Elements: a cation of charge +q is any element whose SMACT-2014 oxidation states contain +q (H, noble gases, radioactive Tc and
/// Z &gt; 83 excluded); an anion of charge -q is a group 15-17 non-metal (N, P, As, O, S, Se, Te, F, Cl, Br, I) whose
/// states contain -q and whose electronegativity exceeds every cation's (so the SMACT Pauling test holds).
/// Elemental prototypes (fcc, bcc, diamond) take SMACT metals (and group 14 for diamond).
/// Scale: the cell is scaled so that the shortest cation-anion (or atom-atom) distance equals the sum of covalent
/// radii times a random factor in [0.97, 1.03]. These are plausible, not relaxed, structures.
/// </summary>
public static class PrototypeGenerator
{
    private static readonly int[] AnionPool = [7, 8, 9, 15, 16, 17, 33, 34, 35, 53];
    private static readonly int[] Group14 = [6, 14, 32, 50];

    public static IReadOnlyList<Structure> Generate(int count, ulong seed = 0)
    {
        var result = new Structure[count];
        Parallel.For(0, count, i => result[i] = Make(i, seed));
        return result;
    }

    /// <summary>Structure number <paramref name="index"/> of the stream for <paramref name="seed"/>.</summary>
    public static Structure Make(int index, ulong seed = 0)
    {
        var rng = RngStream.Create(seed, "prototypes").Sub((ulong)index);
        var protos = PrototypeLibrary.All;
        var proto = protos[rng.Below(0, protos.Count)];
        var pattern = proto.ChargePatterns[rng.Below(1, proto.ChargePatterns.Length)];
        var elements = ChooseElements(proto, pattern, rng);
        var species = proto.Sites.Select(s => elements[s.Role]).ToArray();
        var stretch = 0.97 + 0.06 * rng.UniformDouble(100);
        var lattice = Scale(proto, elements, pattern, stretch);
        var s = Structure.FromFractional(lattice, species, proto.Sites.Select(x => x.Frac).ToArray());
        var formula = string.Concat(elements.Distinct().Select(Elements.Symbol));
        return new Structure(s.Lattice, s.Species, s.Positions, $"proto-{index:D5}-{proto.Name}-{formula}");
    }

    private static int[] ChooseElements(Prototype proto, int[] pattern, RngStream rng)
    {
        var chosen = new int[pattern.Length];
        if (pattern.Length == 1)
        {
            var pool = proto.Name == "diamond" ? Group14 : Enumerable.Range(1, 83).Where(z => z != 43 && Elements.IsSmactMetal(z) && Elements.CovalentRadius(z) is not null).ToArray();
            chosen[0] = pool[rng.Below(2, pool.Length)];
            return chosen;
        }

        // Anions first, so cations can be required to be less electronegative than them.
        var anionRole = Array.FindIndex(pattern, Prototype.IsAnion);
        var anions = AnionPool.Where(z => Elements.OxidationStates(z, OxidationStateSet.Smact2014).Contains(pattern[anionRole])).ToArray();
        chosen[anionRole] = anions[rng.Below(3, anions.Length)];
        var anionEneg = Elements.PaulingElectronegativity(chosen[anionRole])!.Value;
        for (var role = 0; role < pattern.Length; role++)
        {
            if (role == anionRole)
            {
                continue;
            }

            var q = pattern[role];
            var cations = Enumerable.Range(3, 81)
                .Where(z => z is not (2 or 10 or 18 or 36 or 43 or 54) && !chosen.Contains(z)
                            && Elements.OxidationStates(z, OxidationStateSet.Smact2014).Contains(q)
                            && Elements.PaulingElectronegativity(z) is { } e && e < anionEneg
                            && Elements.CovalentRadius(z) is not null)
                .ToArray();
            if (cations.Length == 0)
            {
                throw new InvalidOperationException($"prototype {proto.Name}: no cation with charge +{q} below the electronegativity of {Elements.Symbol(chosen[anionRole])}");
            }

            chosen[role] = cations[rng.Below((ulong)(10 + role), cations.Length)];
        }

        return chosen;
    }

    /// <summary>Scales the unit cell so the shortest bonded pair sits at the covalent-radius sum (times stretch).</summary>
    private static Lattice Scale(Prototype proto, int[] elements, int[] pattern, double stretch)
    {
        var unit = proto.UnitCell;
        var scale = 0.0;
        for (var i = 0; i < proto.Sites.Length; i++)
        {
            for (var j = 0; j < proto.Sites.Length; j++)
            {
                var (ri, rj) = (proto.Sites[i].Role, proto.Sites[j].Role);
                // Bonded pairs: cation-anion in ionic prototypes, any pair in elemental ones.
                var bonded = pattern.Length == 1 || (Prototype.IsAnion(pattern[ri]) != Prototype.IsAnion(pattern[rj]));
                if (!bonded)
                {
                    continue;
                }

                var d = ShortestImage(unit, proto.Sites[i].Frac, proto.Sites[j].Frac, i == j);
                var target = Elements.CovalentRadius(elements[ri])!.Value + Elements.CovalentRadius(elements[rj])!.Value;
                scale = Math.Max(scale, target / d);
            }
        }

        scale *= stretch;
        return new Lattice(scale * unit.A, scale * unit.B, scale * unit.C);
    }

    private static double ShortestImage(Lattice cell, Vec3 fi, Vec3 fj, bool same)
    {
        var best = double.MaxValue;
        for (var a = -2; a <= 2; a++)
        {
            for (var b = -2; b <= 2; b++)
            {
                for (var c = -2; c <= 2; c++)
                {
                    if (same && a == 0 && b == 0 && c == 0)
                    {
                        continue;
                    }

                    best = Math.Min(best, cell.ToCartesian(fj - fi + new Vec3(a, b, c)).Norm);
                }
            }
        }

        return best;
    }
}
