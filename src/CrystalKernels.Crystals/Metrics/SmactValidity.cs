namespace CrystalKernels.Crystals.Metrics;

/// <summary>How the Pauling test treats an element without a Pauling electronegativity (He, Ne, Ar, Pm, Rn, Lr).</summary>
public enum MissingElectronegativityRule
{
    /// <summary>SMACT &lt; 2.6 as called by CDVAE: <c>eneg_states_test</c> compares pairs in order; an opposite-sign
    /// pair with a missing value raises TypeError, which CDVAE catches as "electronegativity OK" (the whole
    /// combination passes); a same-sign or zero-state pair with a missing value returns False. The default.</summary>
    CdvaeTypeErrorPasses,

    /// <summary>SMACT &gt;= 2.6: any pair with a missing value fails the test before any comparison.</summary>
    Fail,
}

/// <summary>Settings of <see cref="SmactValidity"/>. <see cref="Cdvae"/> reproduces the literature (CDVAE with
/// smact==2.2.1: SMACT14 states, TypeError passes, Pauling test and alloy shortcut on).</summary>
public sealed record SmactOptions(
    OxidationStateSet OxidationStates = OxidationStateSet.Smact2014,
    MissingElectronegativityRule MissingElectronegativity = MissingElectronegativityRule.CdvaeTypeErrorPasses,
    bool UsePaulingTest = true,
    bool IncludeAlloys = true)
{
    public static SmactOptions Cdvae { get; } = new();

    /// <summary>One line for reports: which set and which missing-electronegativity rule produced a number.</summary>
    public string Describe() =>
        $"oxidation_set={(OxidationStates == OxidationStateSet.Smact2014 ? "smact2014" : "icsd24")} " +
        $"missing_eneg={(MissingElectronegativity == MissingElectronegativityRule.CdvaeTypeErrorPasses ? "pass-cdvae" : "fail")} " +
        $"pauling_test={(UsePaulingTest ? "on" : "off")} alloys={(IncludeAlloys ? "on" : "off")}";
}

/// <summary>
/// Compositional validity exactly as CDVAE's <c>scripts/eval_utils.py::smact_validity</c> (copied by DiffCSP, FlowMM,
/// MatterGen): on the GCD-reduced composition in Z order, (1) one element is valid; (2) with alloys on, all elements in
/// smact.metals is valid; otherwise (3) some combination from the Cartesian product of per-element oxidation states
/// (one state per element) must be charge neutral (Σ ox·count = 0) and pass the pairwise Pauling test (every cation
/// strictly less electronegative than every anion). An empty state list empties the product: invalid.
/// Elements above Lr (Z &gt; 103) have no SMACT Element, so CDVAE raises; here such a composition is invalid.
/// </summary>
public static class SmactValidity
{
    public static bool IsValid(Structure structure, SmactOptions? options = null) =>
        IsValid(ReducedComposition.FromSpecies(structure.Species), options);

    public static bool IsValid(ReducedComposition composition, SmactOptions? options = null)
    {
        var o = options ?? SmactOptions.Cdvae;
        var n = composition.Length;
        // CDVAE builds the SMACT Elements before any shortcut, so an element SMACT cannot build fails even alone.
        for (var k = 0; k < n; k++)
        {
            if (!Elements.HasSmactData(composition.Elements[k]))
            {
                return false;
            }
        }

        if (n == 1)
        {
            return true;
        }

        if (o.IncludeAlloys && composition.Elements.All(Elements.IsSmactMetal))
        {
            return true;
        }

        var states = new IReadOnlyList<int>[n];
        var eneg = new double?[n];
        for (var k = 0; k < n; k++)
        {
            states[k] = Elements.OxidationStates(composition.Elements[k], o.OxidationStates);
            eneg[k] = Elements.PaulingElectronegativity(composition.Elements[k]);
            if (states[k].Count == 0)
            {
                return false;
            }
        }

        // Odometer over itertools.product(*ox_combos); the order does not change the result (any passing combination).
        var idx = new int[n];
        var ox = new int[n];
        while (true)
        {
            long charge = 0;
            for (var k = 0; k < n; k++)
            {
                ox[k] = states[k][idx[k]];
                charge += (long)ox[k] * composition.Counts[k];
            }

            // neutral_ratios with stoichs=[(c,)...]: neutral and gcd(counts) == 1, the latter true after reduction.
            if (charge == 0 && (!o.UsePaulingTest || PaulingTest(ox, eneg, o.MissingElectronegativity)))
            {
                return true;
            }

            var d = n - 1;
            while (d >= 0 && ++idx[d] == states[d].Count)
            {
                idx[d--] = 0;
            }

            if (d < 0)
            {
                return false;
            }
        }
    }

    /// <summary>
    /// SMACT <c>pauling_test</c> with defaults (= <c>eneg_states_test</c>): for every pair i &lt; j (in the given
    /// order) with opposite signs the cation must be strictly less electronegative. Pairs are visited in
    /// itertools.combinations order, which decides the outcome under <see cref="MissingElectronegativityRule.CdvaeTypeErrorPasses"/>.
    /// </summary>
    public static bool PaulingTest(ReadOnlySpan<int> oxidationStates, ReadOnlySpan<double?> electronegativities, MissingElectronegativityRule rule)
    {
        if (oxidationStates.Length != electronegativities.Length)
        {
            throw new ArgumentException($"pauling_test: {oxidationStates.Length} oxidation states but {electronegativities.Length} electronegativities");
        }

        for (var i = 0; i < oxidationStates.Length; i++)
        {
            for (var j = i + 1; j < oxidationStates.Length; j++)
            {
                var (o1, e1, o2, e2) = (oxidationStates[i], electronegativities[i], oxidationStates[j], electronegativities[j]);
                var missing = e1 is null || e2 is null;
                if (rule == MissingElectronegativityRule.Fail && missing)
                {
                    return false;
                }

                if (o1 > 0 && o2 < 0)
                {
                    if (missing)
                    {
                        return true; // None >= x raises TypeError; CDVAE's except sets electroneg_OK = True
                    }

                    if (e1 >= e2)
                    {
                        return false;
                    }
                }
                else if (o1 < 0 && o2 > 0)
                {
                    if (missing)
                    {
                        return true;
                    }

                    if (e1 <= e2)
                    {
                        return false;
                    }
                }
                else if (missing)
                {
                    return false; // SMACT 2.2's trailing `elif eneg1 is None or eneg2 is None: return False`
                }
            }
        }

        return true;
    }
}
