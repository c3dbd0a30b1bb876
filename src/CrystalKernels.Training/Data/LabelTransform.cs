namespace CrystalKernels.Training.Data;

/// <summary>How a label is transformed before training: none, or log10 (moduli; data README: use log10).</summary>
public enum LabelTransform
{
    None,
    Log10,
}
