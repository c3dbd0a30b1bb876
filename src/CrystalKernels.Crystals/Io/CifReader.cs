namespace CrystalKernels.Crystals.Io;

/// <summary>Options for reading CIF files and CIF text.</summary>
public sealed record CifReadOptions
{
    public static CifReadOptions Default { get; } = new();

    /// <summary>
    /// Keep, at a partially occupied position, the species with the largest occupancy (first listed on ties); a
    /// position whose vacancy share (1 − Σ occupancy) exceeds every species' occupancy is dropped. Off by default:
    /// partial occupancy is then an error, since the model needs one species per site.
    /// </summary>
    public bool MajoritySpecies { get; init; }

    /// <summary>
    /// Two sites coincide when every fractional component differs by at most this much modulo 1. 1e-3 absorbs the
    /// 4-digit coordinates of older CIFs (0.3333 vs 1/3 and their symmetry images) while staying far below any real
    /// interatomic spacing (1e-3 of a 20 Å axis is 0.02 Å). pymatgen's CifParser uses 1e-4, which splits such sites.
    /// </summary>
    public double SiteTolerance { get; init; } = 1e-3;

    /// <summary>Occupancies within this of 1 count as full (published CIFs round, e.g. 0.999 or 1.002).</summary>
    public double OccupancyTolerance { get; init; } = 0.01;
}

/// <summary>
/// CIF → structures, one per data block that lists atom sites (blocks without atom sites and cell, e.g. a
/// publication block, are skipped). Reads _cell_length_* / _cell_angle_* (uncertainties such as 5.431(2) dropped),
/// builds the cell with <see cref="Lattice.FromParameters"/> (a ∥ x, b in the xy-plane: ASE, paper-spec 2.1), takes
/// each site's element from _atom_site_type_symbol (else _atom_site_label; oxidation suffixes ignored), applies the
/// listed symmetry operations (_symmetry_equiv_pos_as_xyz or _space_group_symop_operation_xyz), reduces fractional
/// coordinates mod 1 and merges coinciding images (<see cref="CifReadOptions.SiteTolerance"/>). A space group named
/// without its operations is an error unless it is P 1: there are no built-in space-group tables.
/// </summary>
public static class CifReader
{
    private static readonly string[] OpTags =
        ["_symmetry_equiv_pos_as_xyz", "_space_group_symop_operation_xyz", "_space_group_symop_magn_operation_xyz"];

    private static readonly string[] GroupNameTags =
        ["_symmetry_space_group_name_h-m", "_space_group_name_h-m_alt", "_symmetry_space_group_name_hall", "_space_group_name_hall"];

    private static readonly string[] GroupNumberTags = ["_symmetry_int_tables_number", "_space_group_it_number"];

    public static IReadOnlyList<Structure> Read(string path, CifReadOptions? options = null) =>
        Parse(TextFiles.ReadAll(path), path, options);

    /// <summary>Every structure in the CIF text; <paramref name="file"/> labels errors.</summary>
    public static IReadOnlyList<Structure> Parse(string text, string file, CifReadOptions? options = null)
    {
        options ??= CifReadOptions.Default;
        var blocks = CifSyntax.Parse(text, file);
        var result = new List<Structure>(blocks.Count);
        foreach (var b in blocks)
        {
            var s = ReadBlock(b, file, options);
            if (s is not null)
            {
                result.Add(s);
            }
        }

        if (result.Count == 0)
        {
            throw new CrystalFormatException(file, blocks.Count > 0 ? blocks[0].Line : 1,
                blocks.Count == 0 ? "no data_ block" : "no data block lists both a cell and atom sites");
        }

        return result;
    }

    /// <summary>Exactly one structure (a CSV cell, a single-structure file); more than one is an error.</summary>
    public static Structure ParseSingle(string text, string file, CifReadOptions? options = null)
    {
        var all = Parse(text, file, options);
        return all.Count == 1 ? all[0] : throw new CrystalFormatException(file, 1, $"expected one structure, found {all.Count} data blocks with atom sites");
    }

    private static Structure? ReadBlock(CifBlock b, string file, CifReadOptions o)
    {
        var sites = b.Table("_atom_site_fract_x", "_atom_site_");
        var hasCell = b.Item("_cell_length_a") is not null;
        if (sites is null && !hasCell)
        {
            return null;
        }

        var lattice = ReadCell(b, file);
        if (sites is null)
        {
            var cart = b.Table("_atom_site_cartn_x", "_atom_site_") is not null;
            throw new CrystalFormatException(file, b.Line, cart
                ? $"data_{b.Name}: atom sites are given only in Cartesian coordinates (_atom_site_Cartn_*); fractional coordinates are required"
                : $"data_{b.Name}: cell given but no _atom_site_fract_x loop");
        }

        var ops = ReadOperations(b, file);
        var asym = ReadSites(b, sites, file, o);
        var (species, frac) = Expand(asym, ops, file, o.SiteTolerance);
        return Structure.FromFractional(lattice, species, frac, b.Name);
    }

    private static Lattice ReadCell(CifBlock b, string file)
    {
        double Get(string tag)
        {
            var v = b.Item(tag) ?? throw new CrystalFormatException(file, b.Line, $"data_{b.Name}: missing {tag}");
            var x = CrystalNumber.Parse(v.Text, file, v.Line, tag);
            return x > 0 ? x : throw new CrystalFormatException(file, v.Line, $"{tag} = {v.Text} is not positive");
        }

        var (a, bb, c) = (Get("_cell_length_a"), Get("_cell_length_b"), Get("_cell_length_c"));
        var (al, be, ga) = (Get("_cell_angle_alpha"), Get("_cell_angle_beta"), Get("_cell_angle_gamma"));
        try
        {
            return Lattice.FromParameters(a, bb, c, al, be, ga);
        }
        catch (ArgumentException e)
        {
            throw new CrystalFormatException(file, b.Item("_cell_length_a")!.Value.Line, e.Message, e);
        }
    }

    private static List<SymmetryOperation> ReadOperations(CifBlock b, string file)
    {
        foreach (var tag in OpTags)
        {
            var table = b.Table(tag, tag);
            if (table is null)
            {
                continue;
            }

            var col = table.Column(tag);
            var ops = table.Rows.Select(r => SymmetryOperation.Parse(r[col].Text, file, r[col].Line)).ToList();
            if (ops.Count == 0)
            {
                throw new CrystalFormatException(file, table.Line, $"{tag} loop is empty");
            }

            return ops;
        }

        // No operations listed: fine for P 1 (or no group named), an error for any other group.
        foreach (var tag in GroupNameTags)
        {
            if (b.Item(tag) is { IsMissing: false } v)
            {
                var name = v.Text.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("_", string.Empty, StringComparison.Ordinal);
                if (name is "P1" or "p1" or "P1(No.1)")
                {
                    return [SymmetryOperation.Identity];
                }

                throw new CrystalFormatException(file, v.Line,
                    $"space group '{v.Text}' is named but its symmetry operations are not listed (no _symmetry_equiv_pos_as_xyz or _space_group_symop_operation_xyz); built-in space-group tables are not available");
            }
        }

        foreach (var tag in GroupNumberTags)
        {
            if (b.Item(tag) is { IsMissing: false } v && v.Text != "1")
            {
                throw new CrystalFormatException(file, v.Line,
                    $"space group number {v.Text} is given but its symmetry operations are not listed; built-in space-group tables are not available");
            }
        }

        return [SymmetryOperation.Identity];
    }

    private readonly record struct AsymSite(int Z, Vec3 Frac, double Occupancy, string Label, int Line);

    private static List<AsymSite> ReadSites(CifBlock b, CifLoop table, string file, CifReadOptions o)
    {
        var cx = table.Column("_atom_site_fract_x");
        var cy = table.Column("_atom_site_fract_y");
        var cz = table.Column("_atom_site_fract_z");
        if (cy < 0 || cz < 0)
        {
            throw new CrystalFormatException(file, table.Line, "atom site table has _atom_site_fract_x but not _y and _z");
        }

        var cType = table.Column("_atom_site_type_symbol");
        var cLabel = table.Column("_atom_site_label");
        var cOcc = table.Column("_atom_site_occupancy");
        if (cType < 0 && cLabel < 0)
        {
            throw new CrystalFormatException(file, table.Line, "atom site table has neither _atom_site_type_symbol nor _atom_site_label");
        }

        var sites = new List<AsymSite>(table.Rows.Count);
        foreach (var r in table.Rows)
        {
            var line = r[cx].Line;
            var label = cLabel >= 0 ? r[cLabel].Text : r[cType].Text;
            var z = 0;
            if (cType >= 0 && !r[cType].IsMissing)
            {
                z = SpeciesLabel.TryElement(r[cType].Text);
            }

            if (z == 0 && cLabel >= 0 && !r[cLabel].IsMissing)
            {
                z = SpeciesLabel.TryElement(r[cLabel].Text);
            }

            if (z == 0)
            {
                var what = cType >= 0 ? $"type symbol '{r[cType].Text}'" : $"label '{label}'";
                throw new CrystalFormatException(file, line, $"atom site '{label}': {what} does not name an element");
            }

            var f = new Vec3(
                Coordinate(r[cx], file, "_atom_site_fract_x", label),
                Coordinate(r[cy], file, "_atom_site_fract_y", label),
                Coordinate(r[cz], file, "_atom_site_fract_z", label));
            var occ = 1.0;
            if (cOcc >= 0 && !r[cOcc].IsMissing)
            {
                occ = CrystalNumber.Parse(r[cOcc].Text, file, r[cOcc].Line, "_atom_site_occupancy");
                if (!(occ > 0) || occ > 1 + o.OccupancyTolerance)
                {
                    throw new CrystalFormatException(file, r[cOcc].Line, $"atom site '{label}' has occupancy {r[cOcc].Text} outside (0, 1]");
                }
            }

            sites.Add(new AsymSite(z, Wrap(f), occ, label, line));
        }

        return ResolveOccupancy(sites, file, o);
    }

    // A bare "." coordinate is read as 0, as pymatgen does: ICSD exports truncate "0." to "." (ICSD59959.cif), and a
    // coordinate cannot be "inapplicable".
    private static double Coordinate(CifValue v, string file, string tag, string label) =>
        v is { Quoted: false, Text: "." } ? 0.0
        : CrystalNumber.TryParse(v.Text, out var x) ? x
        : throw new CrystalFormatException(file, v.Line, $"atom site '{label}': {tag} '{v.Text}' is not a number");

    /// <summary>Groups listed sites that share a position and reduces each group to one fully occupied site.</summary>
    private static List<AsymSite> ResolveOccupancy(List<AsymSite> sites, string file, CifReadOptions o)
    {
        var result = new List<AsymSite>(sites.Count);
        var used = new bool[sites.Count];
        for (var i = 0; i < sites.Count; i++)
        {
            if (used[i])
            {
                continue;
            }

            var group = new List<AsymSite> { sites[i] };
            for (var j = i + 1; j < sites.Count; j++)
            {
                if (!used[j] && Coincide(sites[i].Frac, sites[j].Frac, o.SiteTolerance))
                {
                    used[j] = true;
                    group.Add(sites[j]);
                }
            }

            var total = group.Sum(s => s.Occupancy);
            var best = group.MaxBy(s => s.Occupancy);
            if (total > 1 + o.OccupancyTolerance)
            {
                throw new CrystalFormatException(file, best.Line,
                    $"sites {string.Join(", ", group.Select(s => $"'{s.Label}'"))} share a position and their occupancies sum to {total:G4} > 1");
            }

            if (group.Count == 1 && best.Occupancy >= 1 - o.OccupancyTolerance)
            {
                result.Add(best with { Occupancy = 1 });
                continue;
            }

            if (!o.MajoritySpecies)
            {
                var desc = string.Join(", ", group.Select(s => $"'{s.Label}' ({Elements.Symbol(s.Z)}) {s.Occupancy:G4}"));
                throw new CrystalFormatException(file, best.Line,
                    $"partial occupancy at atom site {desc} (vacancy {Math.Max(0, 1 - total):G3}); set the majority-species option to keep the majority species");
            }

            if (best.Occupancy >= 1 - total)
            {
                result.Add(best with { Occupancy = 1 });
            }
        }

        return result;
    }

    private static (int[] Species, List<Vec3> Frac) Expand(List<AsymSite> asym, List<SymmetryOperation> ops, string file, double tol)
    {
        var species = new List<int>();
        var frac = new List<Vec3>();
        var origin = new List<int>();
        for (var s = 0; s < asym.Count; s++)
        {
            foreach (var op in ops)
            {
                var f = Wrap(op.Apply(asym[s].Frac));
                var dup = -1;
                for (var k = 0; k < frac.Count; k++)
                {
                    if (Coincide(f, frac[k], tol))
                    {
                        dup = k;
                        break;
                    }
                }

                if (dup < 0)
                {
                    species.Add(asym[s].Z);
                    frac.Add(f);
                    origin.Add(s);
                }
                else if (species[dup] != asym[s].Z)
                {
                    var other = asym[origin[dup]];
                    throw new CrystalFormatException(file, asym[s].Line,
                        $"atom site '{asym[s].Label}' ({Elements.Symbol(asym[s].Z)}) lands on site '{other.Label}' ({Elements.Symbol(other.Z)}, line {other.Line}) under symmetry operation '{op.Text}'");
                }
            }
        }

        return (species.ToArray(), frac);
    }

    /// <summary>Reduces each component to [0, 1); tiny negative round-off maps to 0, not to 1 − ε.</summary>
    internal static Vec3 Wrap(Vec3 f) => new(Wrap(f.X), Wrap(f.Y), Wrap(f.Z));

    private static double Wrap(double x)
    {
        var w = x - Math.Floor(x);
        return w >= 1.0 || Math.Abs(w - 1.0) < 1e-12 || Math.Abs(w) < 1e-12 ? 0.0 : w;
    }

    internal static bool Coincide(Vec3 a, Vec3 b, double tol) =>
        PeriodicDelta(a.X - b.X) <= tol && PeriodicDelta(a.Y - b.Y) <= tol && PeriodicDelta(a.Z - b.Z) <= tol;

    private static double PeriodicDelta(double d) => Math.Abs(d - Math.Round(d));
}
