using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Io;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Equivariant;

/// <summary>One safetensors file of shared/fixtures/equiformer-reference (so3-constants or wigner), read once per test.</summary>
internal sealed class So3Fixture
{
    private readonly IReadOnlyDictionary<string, Tensor> tensors;

    private So3Fixture(IReadOnlyDictionary<string, Tensor> tensors) => this.tensors = tensors;

    public static So3Fixture Constants() =>
        new(SafeTensors.Read(SharedPaths.RequireFixtures("equiformer-reference", "so3-constants", "so3_constants.safetensors")).Tensors);

    public static So3Fixture Wigner() =>
        new(SafeTensors.Read(SharedPaths.RequireFixtures("equiformer-reference", "wigner", "wigner.safetensors")).Tensors);

    public double[] Doubles(string name) => Get(name).ToDoubleArray();

    public int[] Ints(string name) => Get(name).Span<int>().ToArray();

    public int[] Shape(string name) => Get(name).Shape.Dims.ToArray();

    private Tensor Get(string name) =>
        tensors.TryGetValue(name, out var t) ? t : throw new KeyNotFoundException($"fixture tensor '{name}' not found");
}
