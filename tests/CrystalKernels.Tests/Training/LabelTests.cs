using CrystalKernels.Crystals.Io;
using CrystalKernels.Tests.Support;
using CrystalKernels.Training.Data;

namespace CrystalKernels.Tests.Training;

public class LabelTests
{
    [TestCase("mp-1000", 8, Split.Train)]
    [TestCase("mp-149", 5, Split.Train)]
    public void HashBucketsMatchTheDataReadmeExamples(string id, int bucket, Split split)
    {
        Assert.That(HashSplit.Bucket(id), Is.EqualTo(bucket));
        Assert.That(HashSplit.Of(id), Is.EqualTo(split));
    }

    [Test]
    public void HashBucketIsSha256BigEndianModTen()
    {
        // SHA-256("abc") = ba7816bf 8f01cfea ...: 0xba7816bf8f01cfea = 13436514500253700074, mod 10 = 4.
        Assert.That(HashSplit.Bucket("abc"), Is.EqualTo(4));
        var buckets = Enumerable.Range(0, 20000).Select(i => HashSplit.Bucket($"mp-{i}")).GroupBy(b => b).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(buckets.Keys, Is.EquivalentTo(Enumerable.Range(0, 10)));
        Assert.That(buckets.Values, Has.All.InRange(1800, 2200), "about 10 % per bucket");
    }

    [Test]
    public void CsvScalarsArraysAndSparseRows()
    {
        using var tmp = new TrainingTemp();
        var path = tmp.File("labels.csv");
        File.WriteAllText(path, "material_id,k,tensor,flag\nmp-1,10,\"[[1,2],[3,4]]\",True\nmp-2,,\"[[5,6],[7,8]]\",False\nmp-3,0,\"[[1,1],[1,1]]\",true\n");
        var k = LabelReader.Read(path, "material_id", "k");
        Assert.That(k.Width, Is.EqualTo(1));
        Assert.That(k.Order, Is.EqualTo(new[] { "mp-1", "mp-3" }));
        Assert.That(k.Unlabelled, Is.EqualTo(new[] { "mp-2" }));
        var log = LabelReader.Read(path, "material_id", "k", LabelTransform.Log10);
        Assert.That(log["mp-1"], Is.EqualTo(new[] { 1.0 }));
        Assert.That(log.Dropped, Is.EqualTo(new[] { "mp-3" }), "log10 of 0 is reported, not silently lost");
        var tensor = LabelReader.Read(path, "material_id", "tensor");
        Assert.That(tensor.Width, Is.EqualTo(4));
        Assert.That(tensor["mp-2"], Is.EqualTo(new[] { 5.0, 6, 7, 8 }));
        Assert.That(LabelReader.Read(path, "material_id", "flag")["mp-2"], Is.EqualTo(new[] { 0.0 }));

        var e = Assert.Throws<FormatException>(() => LabelReader.Read(path, "material_id", "G"))!;
        Assert.That(e.Message, Does.Contain("no column 'G'").And.Contain("k, tensor, flag"));
        File.WriteAllText(path, "material_id,k\nmp-1,1\nmp-2,abc\n");
        Assert.That(Assert.Throws<FormatException>(() => LabelReader.Read(path, "material_id", "k"))!.Message, Does.Contain("labels.csv:3: 'k' value 'abc' is not a number"));
        File.WriteAllText(path, "material_id,k\nmp-1,1\nmp-1,2\n");
        Assert.That(Assert.Throws<FormatException>(() => LabelReader.Read(path, "material_id", "k"))!.Message, Does.Contain("'mp-1' appears again (first on line 2)"));
    }

    [Test]
    public void JsonLinesVectorsMustHaveOneWidth()
    {
        using var tmp = new TrainingTemp();
        var path = tmp.File("dos.jsonl");
        File.WriteAllText(path, "{\"mp_id\":\"mp-1\",\"phdos\":[0.1,0.2,0.3]}\n{\"mp_id\":\"mp-2\",\"phdos\":[1,2,3]}\n");
        var t = LabelReader.Read(path, "mp_id", "phdos");
        Assert.That(t.Width, Is.EqualTo(3));
        Assert.That(t["mp-2"], Is.EqualTo(new[] { 1.0, 2, 3 }));
        File.AppendAllText(path, "{\"mp_id\":\"mp-3\",\"phdos\":[1,2]}\n");
        Assert.That(Assert.Throws<FormatException>(() => LabelReader.Read(path, "mp_id", "phdos"))!.Message, Does.Contain("dos.jsonl:3: 'phdos' of 'mp-3' has 2 values, earlier rows have 3"));
    }

    [Test]
    public void JoinPairsStructuresWithLabelsById()
    {
        using var tmp = new TrainingTemp();
        var path = tmp.File("l.csv");
        File.WriteAllText(path, "material_id,y\nmp-1000,1.5\nmp-149,2.5\nmp-7,3\n");
        var labels = LabelReader.Read(path, "material_id", "y");
        var joined = LabelJoin.Join(new[] { "mp-149", "mp-1000", "mp-9" }, s => s, labels);
        Assert.That(joined.Matched.Select(m => (m.Id, m.Label[0])), Is.EqualTo(new[] { ("mp-149", 2.5), ("mp-1000", 1.5) }));
        Assert.That(joined.ItemsWithoutLabel, Is.EqualTo(new[] { "mp-9" }));
        Assert.That(joined.LabelsWithoutItem, Is.EqualTo(new[] { "mp-7" }));
        Assert.That(joined.InSplit(Split.Train), Has.Count.EqualTo(2));
    }

    // Counts in parentheses in shared/data/README.md's split table (train, val, test).
    [TestCase("mp40-stability/mp40_ehull_public.csv.gz", "material_id", "energy_above_hull", 1352, 202, 179)]
    [TestCase("elastic/mp_elastic_public.csv.gz", "material_id", "K_Voigt_GPa", 871, 112, 107)]
    [TestCase("mp20-labeled-subset/mp20_labeled_subset.csv.gz", "material_id", "formation_energy_per_atom", 893, 101, 118)]
    [TestCase("phonon-dos/phonon_dos.jsonl.gz", "mp_id", "phdos", 1103, 134, 132)]
    [Category(Categories.Data)]
    public void SplitCountsMatchTheDataReadme(string file, string idColumn, string column, int train, int val, int test)
    {
        var path = SharedPaths.RequireData(file.Split('/'));
        var labels = LabelReader.Read(path, idColumn, column);
        Assert.That(labels.Unlabelled, Is.Empty);
        Assert.That((labels.IdsIn(Split.Train).Count, labels.IdsIn(Split.Val).Count, labels.IdsIn(Split.Test).Count), Is.EqualTo((train, val, test)));
    }

    [Test]
    [Category(Categories.Data)]
    public void RealLabelShapes()
    {
        var dos = LabelReader.Read(SharedPaths.RequireData("phonon-dos", "phonon_dos.jsonl.gz"), "mp_id", "phdos");
        Assert.That(dos.Width, Is.EqualTo(51));
        Assert.That(dos.Values.Values.Max(v => v.Max()), Is.EqualTo(1.0), "max-normalised DOS");

        var elastic = SharedPaths.RequireData("elastic", "mp_elastic_public.csv.gz");
        var g = LabelReader.Read(elastic, "material_id", "G_Voigt_GPa", LabelTransform.Log10);
        Assert.That(g.Dropped, Has.Count.EqualTo(7), "data README: 7 rows have G <= 0");
        Assert.That(g.Count, Is.EqualTo(1090 - 7));
        Assert.That(LabelReader.Read(elastic, "material_id", "elastic_tensor_voigt_GPa").Width, Is.EqualTo(36));

        var stability = LabelReader.Read(SharedPaths.RequireData("mp40-stability", "mp40_ehull_public.csv.gz"), "material_id", "energy_above_hull");
        Assert.That(stability.Values.Values.Count(v => v[0] == 0), Is.EqualTo(890), "data README: 890 with e_hull = 0");

        // Labels join to the structures of the same file by material_id.
        var structures = CsvDataset.Read(SharedPaths.RequireData("mp40-stability", "mp40_ehull_public.csv.gz")).Take(50).ToList();
        var joined = LabelJoin.Join(structures, s => s.Row.Id, stability);
        Assert.That(joined.Matched, Has.Count.EqualTo(50));
        Assert.That(joined.Matched.All(m => m.Item.Ok), Is.True);
    }
}
