using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrystalKernels.Tensors.Io;

/// <summary>
/// The safetensors format: 8-byte little-endian header length n, n bytes of JSON ({name: {dtype, shape,
/// data_offsets}}, optional "__metadata__" string map), then the raw little-endian row-major data.
/// Reads F32, F64, I32 and I64 (I64 is narrowed to int32 with a range check: indices and flags); writes F32, F64, I32.
/// Writes are atomic: a temporary file in the same folder is renamed over the target, so a crash mid-write never
/// corrupts the previous file.
/// </summary>
public static class SafeTensors
{
    public sealed record Contents(IReadOnlyDictionary<string, Tensor> Tensors, IReadOnlyDictionary<string, string> Metadata);

    public static Contents Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: cannot read safetensors file: {e.Message}", e);
        }

        if (bytes.Length < 8)
        {
            throw new FormatException($"{path}: too short for a safetensors file ({bytes.Length} bytes)");
        }

        var n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (n > (ulong)(bytes.Length - 8))
        {
            throw new FormatException($"{path}: header length {n} exceeds the file size {bytes.Length}");
        }

        JsonObject header;
        try
        {
            header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, (int)n))!.AsObject();
        }
        catch (JsonException e)
        {
            throw new FormatException($"{path}: header is not valid JSON: {e.Message}", e);
        }

        var dataStart = 8 + (int)n;
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__")
            {
                foreach (var (k, v) in node!.AsObject())
                {
                    meta[k] = v?.GetValue<string>() ?? string.Empty;
                }

                continue;
            }

            var o = node!.AsObject();
            var dtype = o["dtype"]!.GetValue<string>();
            var shape = o["shape"]!.AsArray().Select(x => x!.GetValue<int>()).ToArray();
            var offs = o["data_offsets"]!.AsArray().Select(x => x!.GetValue<long>()).ToArray();
            var span = bytes.AsSpan(dataStart + (int)offs[0], (int)(offs[1] - offs[0]));
            tensors[name] = Decode(path, name, dtype, shape, span);
        }

        return new Contents(tensors, meta);
    }

    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var m = new JsonObject();
            foreach (var (k, v) in metadata)
            {
                m[k] = v;
            }

            header["__metadata__"] = m;
        }

        var list = tensors.ToList();
        long offset = 0;
        foreach (var (name, t) in list)
        {
            var len = t.Numel * t.DType.SizeInBytes();
            header[name] = new JsonObject
            {
                ["dtype"] = t.DType switch { DType.Float32 => "F32", DType.Float64 => "F64", _ => "I32" },
                ["shape"] = new JsonArray(t.Shape.ToArray().Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + len),
            };
            offset += len;
        }

        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8;
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, "." + Path.GetFileName(path) + ".tmp-" + Environment.ProcessId);
        using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            Span<byte> len8 = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(len8, (ulong)padded);
            fs.Write(len8);
            fs.Write(json);
            for (var i = json.Length; i < padded; i++)
            {
                fs.WriteByte((byte)' ');
            }

            foreach (var (_, t) in list)
            {
                switch (t.DType)
                {
                    case DType.Float32: fs.Write(MemoryMarshal.AsBytes(t.Span<float>())); break;
                    case DType.Float64: fs.Write(MemoryMarshal.AsBytes(t.Span<double>())); break;
                    default: fs.Write(MemoryMarshal.AsBytes(t.Span<int>())); break;
                }
            }

            fs.Flush(flushToDisk: true);
        }

        File.Move(tmp, path, overwrite: true);
    }

    private static Tensor Decode(string path, string name, string dtype, int[] shape, ReadOnlySpan<byte> data)
    {
        var numel = new Shape(shape).Numel;
        var size = dtype switch { "F32" or "I32" => 4, "F64" or "I64" => 8, _ => throw new FormatException($"{path}: tensor '{name}' has unsupported dtype {dtype}") };
        if (data.Length != numel * size)
        {
            throw new FormatException($"{path}: tensor '{name}' {dtype}[{string.Join(", ", shape)}] needs {numel * size} bytes, has {data.Length}");
        }

        Tensor t;
        switch (dtype)
        {
            case "F32":
                t = Tensor.FromSpan<float>(MemoryMarshal.Cast<byte, float>(data), shape);
                break;
            case "F64":
                t = Tensor.FromSpan<double>(MemoryMarshal.Cast<byte, double>(data), shape);
                break;
            case "I32":
                t = Tensor.FromSpan<int>(MemoryMarshal.Cast<byte, int>(data), shape);
                break;
            default:
                var longs = MemoryMarshal.Cast<byte, long>(data);
                var ints = new int[longs.Length];
                for (var i = 0; i < longs.Length; i++)
                {
                    ints[i] = longs[i] is >= int.MinValue and <= int.MaxValue ? (int)longs[i] : throw new FormatException($"{path}: tensor '{name}' value {longs[i]} does not fit int32");
                }

                t = Tensor.FromSpan<int>(ints, shape);
                break;
        }

        t.Name = name;
        return t;
    }
}
