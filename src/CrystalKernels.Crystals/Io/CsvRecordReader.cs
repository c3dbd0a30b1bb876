using System.Text;

namespace CrystalKernels.Crystals.Io;

/// <summary>One CSV record: its fields and the 1-based line each field starts on.</summary>
public sealed record CsvRecord(string[] Fields, int[] FieldLines)
{
    public int Line => FieldLines[0];
}

/// <summary>
/// Streaming RFC-4180 reader: comma-separated fields, "quoted" fields may contain commas, doubled quotes ("") and
/// line breaks (CIF text in dataset CSVs); CRLF or LF records. Tracks the line each field starts on so errors
/// inside a multi-line field can point at the file line.
/// </summary>
public sealed class CsvRecordReader
{
    private readonly TextReader reader;
    private readonly string file;
    private readonly char[] buf = new char[1 << 16];
    private int len;
    private int pos;
    private int line = 1;

    public CsvRecordReader(TextReader reader, string file)
    {
        this.reader = reader;
        this.file = file;
    }

    /// <summary>The next record, or null at end of input. Blank lines between records are skipped.</summary>
    public CsvRecord? Next()
    {
        int c;
        while ((c = Peek()) is '\n' or '\r')
        {
            Read();
        }

        if (c < 0)
        {
            return null;
        }

        var fields = new List<string>();
        var lines = new List<int>();
        var sb = new StringBuilder();
        while (true)
        {
            lines.Add(line);
            sb.Clear();
            if (Peek() == '"')
            {
                var start = line;
                Read();
                while (true)
                {
                    c = Read();
                    if (c < 0)
                    {
                        throw new CrystalFormatException(file, start, "quoted field is not closed before the end of the file");
                    }

                    if (c == '"')
                    {
                        if (Peek() == '"')
                        {
                            Read();
                            sb.Append('"');
                            continue;
                        }

                        break;
                    }

                    sb.Append((char)c);
                }

                // Anything between the closing quote and the delimiter is kept, as lenient readers do.
                while ((c = Peek()) >= 0 && c is not (',' or '\n' or '\r'))
                {
                    sb.Append((char)Read());
                }
            }
            else
            {
                while ((c = Peek()) >= 0 && c is not (',' or '\n' or '\r'))
                {
                    sb.Append((char)Read());
                }
            }

            fields.Add(sb.ToString());
            c = Read();
            if (c == ',')
            {
                continue;
            }

            if (c == '\r' && Peek() == '\n')
            {
                Read();
            }

            return new CsvRecord(fields.ToArray(), lines.ToArray());
        }
    }

    private int Peek()
    {
        if (pos >= len)
        {
            len = reader.Read(buf, 0, buf.Length);
            pos = 0;
            if (len <= 0)
            {
                len = 0;
                return -1;
            }
        }

        return buf[pos];
    }

    private int Read()
    {
        var c = Peek();
        if (c >= 0)
        {
            pos++;
            if (c == '\n')
            {
                line++;
            }
        }

        return c;
    }
}
