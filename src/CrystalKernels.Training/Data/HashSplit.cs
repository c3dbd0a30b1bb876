using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace CrystalKernels.Training.Data;

public enum Split
{
    Train,
    Val,
    Test,
}

/// <summary>
/// The fixed, language-neutral split rule of shared/data/README.md:
/// <code>
///   bucket = BigEndianUInt64(first 8 bytes of SHA-256(UTF-8 material_id)) mod 10
///   test if 0, val if 1, train otherwise
/// </code>
/// e.g. mp-1000 → bucket 8 (train), mp-149 → bucket 5 (train).
/// </summary>
public static class HashSplit
{
    public static int Bucket(string materialId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(materialId), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % 10);
    }

    public static Split Of(string materialId) => Bucket(materialId) switch
    {
        0 => Split.Test,
        1 => Split.Val,
        _ => Split.Train,
    };

    public static string Name(Split s) => s.ToString().ToLowerInvariant();
}
