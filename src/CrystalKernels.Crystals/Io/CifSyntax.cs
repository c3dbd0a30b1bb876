namespace CrystalKernels.Crystals.Io;

/// <summary>One CIF value with the 1-based line it starts on. Quoted and ';' text values are never keywords.</summary>
public readonly record struct CifValue(string Text, int Line, bool Quoted)
{
    /// <summary>CIF "?" (unknown) and "." (inapplicable), unquoted.</summary>
    public bool IsMissing => !Quoted && Text is "?" or ".";
}

/// <summary>A loop_ (or a block's plain items seen as a one-row table): tags in order and rows of values.</summary>
public sealed class CifLoop
{
    public CifLoop(IReadOnlyList<string> tags, int line)
    {
        Tags = tags;
        Line = line;
    }

    /// <summary>Normalised tags (see <see cref="CifBlock.Normalize"/>).</summary>
    public IReadOnlyList<string> Tags { get; }

    public List<CifValue[]> Rows { get; } = [];

    public int Line { get; }

    public int Column(string tag)
    {
        for (var i = 0; i < Tags.Count; i++)
        {
            if (Tags[i] == tag)
            {
                return i;
            }
        }

        return -1;
    }
}

/// <summary>One data_ block: single items and loops, all tags normalised.</summary>
public sealed class CifBlock
{
    public CifBlock(string name, int line)
    {
        Name = name;
        Line = line;
    }

    public string Name { get; }

    public int Line { get; }

    public Dictionary<string, CifValue> Items { get; } = new(StringComparer.Ordinal);

    public List<CifLoop> Loops { get; } = [];

    /// <summary>
    /// Tags compare case-insensitively, and the DDLm spelling "_space_group_symop.operation_xyz" equals the DDL1
    /// "_space_group_symop_operation_xyz"; both become lower case with '.' replaced by '_'.
    /// </summary>
    public static string Normalize(string tag) => tag.ToLowerInvariant().Replace('.', '_');

    public CifValue? Item(string tag) => Items.TryGetValue(tag, out var v) ? v : null;

    /// <summary>
    /// The loop holding <paramref name="tag"/>; when the tag is a plain item instead, a one-row table made of the
    /// block's items that share the tag's category prefix (a CIF may list a single atom site without loop_).
    /// </summary>
    public CifLoop? Table(string tag, string categoryPrefix)
    {
        foreach (var l in Loops)
        {
            if (l.Column(tag) >= 0)
            {
                return l;
            }
        }

        if (!Items.TryGetValue(tag, out var v))
        {
            return null;
        }

        var tags = Items.Keys.Where(k => k.StartsWith(categoryPrefix, StringComparison.Ordinal)).ToList();
        var table = new CifLoop(tags, v.Line);
        table.Rows.Add(tags.Select(t => Items[t]).ToArray());
        return table;
    }
}

/// <summary>
/// CIF 1.1 syntax: data_ blocks, tag/value items, loop_ tables, comments, 'single' / "double" quoted values (a quote
/// closes only when followed by white space, so 'Strel'tsov' is one value) and ';'-delimited multi-line text fields.
/// save_ frames and global_ are skipped. Errors name the file and line.
/// </summary>
public static class CifSyntax
{
    public static List<CifBlock> Parse(string text, string file)
    {
        var tokens = Tokenize(text, file);
        var blocks = new List<CifBlock>();
        CifBlock? block = null;
        var i = 0;
        while (i < tokens.Count)
        {
            var t = tokens[i];
            if (!t.Quoted && t.Text.StartsWith("data_", StringComparison.OrdinalIgnoreCase))
            {
                block = new CifBlock(t.Text[5..], t.Line);
                blocks.Add(block);
                i++;
                continue;
            }

            if (!t.Quoted && (t.Text.StartsWith("save_", StringComparison.OrdinalIgnoreCase) ||
                              t.Text.Equals("global_", StringComparison.OrdinalIgnoreCase) ||
                              t.Text.Equals("stop_", StringComparison.OrdinalIgnoreCase)))
            {
                i++;
                continue;
            }

            if (block is null)
            {
                throw new CrystalFormatException(file, t.Line, $"'{Short(t.Text)}' before the first data_ block");
            }

            if (!t.Quoted && t.Text.Equals("loop_", StringComparison.OrdinalIgnoreCase))
            {
                i = ParseLoop(tokens, i + 1, t.Line, block, file);
                continue;
            }

            if (IsTag(t))
            {
                // A value-less tag as the very last token (e.g. "_eof" written by some programs) is read as "?".
                if (i + 1 == tokens.Count)
                {
                    block.Items[CifBlock.Normalize(t.Text)] = new CifValue("?", t.Line, false);
                    i++;
                    continue;
                }

                if (IsTag(tokens[i + 1]) || IsKeyword(tokens[i + 1]))
                {
                    throw new CrystalFormatException(file, t.Line, $"item {t.Text} has no value");
                }

                block.Items[CifBlock.Normalize(t.Text)] = tokens[i + 1];
                i += 2;
                continue;
            }

            throw new CrystalFormatException(file, t.Line, $"value '{Short(t.Text)}' outside any item or loop");
        }

        return blocks;
    }

    private static int ParseLoop(List<CifValue> tokens, int i, int loopLine, CifBlock block, string file)
    {
        var tags = new List<string>();
        while (i < tokens.Count && IsTag(tokens[i]))
        {
            tags.Add(CifBlock.Normalize(tokens[i].Text));
            i++;
        }

        if (tags.Count == 0)
        {
            throw new CrystalFormatException(file, loopLine, "loop_ without tags");
        }

        var loop = new CifLoop(tags, loopLine);
        var row = new List<CifValue>(tags.Count);
        while (i < tokens.Count && !IsTag(tokens[i]) && !IsKeyword(tokens[i]))
        {
            row.Add(tokens[i]);
            if (row.Count == tags.Count)
            {
                loop.Rows.Add(row.ToArray());
                row.Clear();
            }

            i++;
        }

        if (row.Count != 0)
        {
            throw new CrystalFormatException(file, row[0].Line,
                $"loop_ (line {loopLine}) with {tags.Count} tags ends with an incomplete row of {row.Count} values");
        }

        block.Loops.Add(loop);
        return i;
    }

    private static bool IsTag(CifValue t) => !t.Quoted && t.Text.Length > 1 && t.Text[0] == '_';

    private static bool IsKeyword(CifValue t) =>
        !t.Quoted && (t.Text.StartsWith("data_", StringComparison.OrdinalIgnoreCase) ||
                      t.Text.Equals("loop_", StringComparison.OrdinalIgnoreCase) ||
                      t.Text.StartsWith("save_", StringComparison.OrdinalIgnoreCase) ||
                      t.Text.Equals("global_", StringComparison.OrdinalIgnoreCase) ||
                      t.Text.Equals("stop_", StringComparison.OrdinalIgnoreCase));

    private static string Short(string s) => s.Length <= 40 ? s : s[..40] + "...";

    private static List<CifValue> Tokenize(string text, string file)
    {
        var tokens = new List<CifValue>();
        var line = 1;
        var n = text.Length;
        var p = 0;
        var atLineStart = true;
        while (p < n)
        {
            var c = text[p];
            if (c == '\n')
            {
                line++;
                p++;
                atLineStart = true;
                continue;
            }

            if (c is ' ' or '\t' or '\r')
            {
                p++;
                atLineStart = atLineStart && c == '\r';
                continue;
            }

            if (c == ';' && atLineStart)
            {
                // Text field: runs to the next line that starts with ';'.
                var start = line;
                var eol = text.IndexOf('\n', p);
                if (eol < 0)
                {
                    throw new CrystalFormatException(file, start, "unterminated ';' text field");
                }

                var sb = new System.Text.StringBuilder();
                sb.Append(text, p + 1, eol - p - 1);
                p = eol + 1;
                line++;
                while (true)
                {
                    if (p >= n)
                    {
                        throw new CrystalFormatException(file, start, "unterminated ';' text field");
                    }

                    if (text[p] == ';')
                    {
                        p++;
                        break;
                    }

                    var e = text.IndexOf('\n', p);
                    var end = e < 0 ? n : e;
                    sb.Append('\n').Append(text, p, end - p);
                    p = e < 0 ? n : e + 1;
                    line++;
                }

                tokens.Add(new CifValue(sb.ToString().Trim('\r', '\n'), start, true));
                atLineStart = false;
                continue;
            }

            atLineStart = false;
            if (c == '#')
            {
                while (p < n && text[p] != '\n')
                {
                    p++;
                }

                continue;
            }

            if (c is '\'' or '"')
            {
                // CIF 1.1 quotes end on their line; some files in the wild (pymatgen's srycoo.cif) continue a quoted
                // value over several lines, so a quote left open at the end of a line is searched for further on.
                var start = line;
                var q = p + 1;
                var inner = 0;
                while (true)
                {
                    if (q >= n)
                    {
                        throw new CrystalFormatException(file, start, $"unterminated {c}quoted{c} value");
                    }

                    if (text[q] == '\n')
                    {
                        inner++;
                    }
                    else if (text[q] == c && (q + 1 >= n || char.IsWhiteSpace(text[q + 1])))
                    {
                        break;
                    }

                    q++;
                }

                tokens.Add(new CifValue(text[(p + 1)..q], start, true));
                line += inner;
                p = q + 1;
                continue;
            }

            var b = p;
            while (p < n && !char.IsWhiteSpace(text[p]))
            {
                p++;
            }

            tokens.Add(new CifValue(text[b..p], line, false));
        }

        return tokens;
    }
}
