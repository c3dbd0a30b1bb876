namespace CrystalKernels.Tests.Training;

/// <summary>A fresh temporary folder per test, deleted afterwards.</summary>
public sealed class TrainingTemp : IDisposable
{
    public TrainingTemp() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ck-training-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
