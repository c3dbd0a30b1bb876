using CrystalKernels.Tests.Support;
using System.Reflection;

namespace CrystalKernels.Tests.Architecture;

/// <summary>The layer rules of architecture.md, checked: each layer only knows the layers under it.</summary>
public class LayeringTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["CrystalKernels.Tensors"] = [],
        ["CrystalKernels.Crystals"] = ["CrystalKernels.Tensors"],
        ["CrystalKernels.Equivariant"] = ["CrystalKernels.Tensors"],
        ["CrystalKernels.Models"] = ["CrystalKernels.Tensors", "CrystalKernels.Crystals", "CrystalKernels.Equivariant"],
        ["CrystalKernels.Training"] = ["CrystalKernels.Tensors", "CrystalKernels.Crystals", "CrystalKernels.Equivariant", "CrystalKernels.Models"],
        ["CrystalKernels.Gpu"] = ["CrystalKernels.Tensors"],
        ["CrystalKernels.Native"] = ["CrystalKernels.Tensors"],
        ["CrystalKernels.SelfCheck"] = ["CrystalKernels.Tensors", "CrystalKernels.Equivariant", "CrystalKernels.Gpu", "CrystalKernels.Native"],
    };

    [TestCase("CrystalKernels.Tensors")]
    [TestCase("CrystalKernels.Crystals")]
    [TestCase("CrystalKernels.Equivariant")]
    [TestCase("CrystalKernels.Models")]
    [TestCase("CrystalKernels.Training")]
    [TestCase("CrystalKernels.Gpu")]
    [TestCase("CrystalKernels.Native")]
    [TestCase("CrystalKernels.SelfCheck")]
    public void LayerReferencesOnlyLayersBelow(string assembly)
    {
        var refs = Assembly.Load(assembly).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("CrystalKernels", StringComparison.Ordinal))
            .ToArray();
        Assert.That(refs, Is.SubsetOf(Allowed[assembly]), $"{assembly} references a layer above it");
    }

    [Test]
    public void NoSourceFileGrowsIntoAGodClass()
    {
        var root = RepoPaths.Root();
        var tooLong = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains("Generated"))
            .Select(f => (File: Path.GetRelativePath(root, f), Lines: File.ReadLines(f).Count()))
            .Where(x => x.Lines > 800)
            .ToList();
        Assert.That(tooLong, Is.Empty, "files over 800 lines: " + string.Join(", ", tooLong));
    }
}
