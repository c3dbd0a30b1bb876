using System.Reflection;
using CrystalKernels.Gpu;
using CrystalKernels.Gpu.Kernels;
using CrystalKernels.Tests.Support;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace CrystalKernels.Tests.Ilgpu;

/// <summary>
/// Compiles every ILGPU kernel to PTX for sm_80 with ILGPU's PTX backend, which needs no GPU. The CPU accelerator runs
/// any .NET code, so this is what catches device-code mistakes (managed allocations, unsupported calls, math without a
/// PTX implementation) on machines without CUDA.
/// </summary>
[TestFixture]
[Category(Categories.Ilgpu)]
[Category(Categories.KernelCompile)]
public sealed class PtxCompileTests
{
    private static readonly (Type T, Type E)[] ElementTypes = [(typeof(float), typeof(F32)), (typeof(double), typeof(F64)), (typeof(int), typeof(I32))];

    private static IEnumerable<MethodInfo> KernelMethods() =>
        typeof(IlgpuDevice).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(F32).Namespace && t.IsAbstract && t.IsSealed && t.Name.EndsWith("Kernels", StringComparison.Ordinal))
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.ReturnType == typeof(void) && m.IsGenericMethodDefinition);

    [Test]
    public void EveryKernelCompilesToPtx()
    {
        using var context = Context.Create(b => b.EnableAlgorithms());
        using var backend = new PTXBackend(context, new CudaCapabilityContext(CudaArchitecture.SM_80), CudaArchitecture.SM_80, CudaInstructionSet.ISA_80, null);
        var compiled = 0;
        var failures = new List<string>();
        foreach (var m in KernelMethods())
        {
            // Float kernels close over float and double; the layout and gather kernels also run on int32 indices.
            foreach (var (t, e) in ElementTypes)
            {
                var closed = m.MakeGenericMethod(t, e);
                var grouped = closed.GetParameters()[0].ParameterType == typeof(Index1D);
                var entry = grouped ? EntryPointDescription.FromImplicitlyGroupedKernel(closed) : EntryPointDescription.FromExplicitlyGroupedKernel(closed);
                try
                {
                    var kernel = (PTXCompiledKernel)backend.Compile(entry, default(KernelSpecialization));
                    Assert.That(kernel.PTXAssembly, Does.Contain(".entry"), closed.ToString());
                    compiled++;
                }
                catch (Exception ex) when (ex is not AssertionException)
                {
                    failures.Add($"{m.DeclaringType!.Name}.{closed}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        }

        TestContext.Out.WriteLine($"compiled {compiled} kernels");
        Assert.That(failures, Is.Empty, string.Join(Environment.NewLine, failures));
        Assert.That(compiled, Is.GreaterThanOrEqualTo(3 * 25), "fewer kernels than expected were found");
    }
}
