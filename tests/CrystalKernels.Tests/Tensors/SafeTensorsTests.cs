using CrystalKernels.Tensors;
using CrystalKernels.Tensors.Io;
using CrystalKernels.Tests.Support;

namespace CrystalKernels.Tests.Tensors;

public class SafeTensorsTests
{
    [Test]
    public void RoundTripKeepsValuesShapesAndMetadata()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ck-st-{Guid.NewGuid():N}.safetensors");
        try
        {
            var a = Tensor.FromArray(new float[] { 1.5f, -2, 3, 4, 5, 6 }, 2, 3);
            var b = Tensor.FromArray(new double[] { Math.PI }, 1);
            var c = Tensor.FromArray(new[] { 7, -8 }, 2);
            SafeTensors.Write(path, new Dictionary<string, Tensor> { ["a.weight"] = a, ["b"] = b, ["c"] = c }, new Dictionary<string, string> { ["kind"] = "test" });
            var r = SafeTensors.Read(path);
            Assert.That(r.Metadata["kind"], Is.EqualTo("test"));
            Assert.That(r.Tensors["a.weight"].Shape, Is.EqualTo(new Shape(2, 3)));
            Assert.That(r.Tensors["a.weight"].ToFloatArray(), Is.EqualTo(a.ToFloatArray()));
            Assert.That(r.Tensors["b"].Item(), Is.EqualTo(Math.PI));
            Assert.That(r.Tensors["c"].Span<int>().ToArray(), Is.EqualTo(new[] { 7, -8 }));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void TruncatedFileIsAClearError()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ck-st-{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        try
        {
            var e = Assert.Throws<FormatException>(() => SafeTensors.Read(path))!;
            Assert.That(e.Message, Does.Contain(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    [Category(Categories.Data)]
    public void ReadsTheReferenceGraphFixture()
    {
        var p = SharedPaths.RequireFixtures("equiformer-reference", "graph", "graph.safetensors");
        var r = SafeTensors.Read(p);
        Assert.That(r.Tensors, Is.Not.Empty);
        Assert.That(r.Tensors.Values.Sum(t => t.Numel), Is.GreaterThan(0));
    }
}
