namespace CrystalKernels.Tensors.Ops;

/// <summary>
/// Differentiable tensor ops. Each op lives in its own file (Ops/&lt;Family&gt;/&lt;Op&gt;.cs) with its forward and its
/// backward side by side. Every op takes the step's <see cref="Autograd.Tape"/> first (null = no grad, heap memory),
/// validates shapes with messages that name the op, runs the backend kernel and records the backward closure.
/// </summary>
public static partial class Op
{
}
