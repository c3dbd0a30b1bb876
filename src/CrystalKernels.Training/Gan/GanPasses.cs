namespace CrystalKernels.Training.Gan;

/// <summary>
/// One generator forward/backward. Losses are the unweighted terms (as the code logs them) and the weighted total
/// L^G = w_W·L_W^G + L_species + w_pos·L_position (Eq. 3).
/// </summary>
/// <param name="FakeLogits">D's logits [B·2] on the fakes in this pass (for acc_g_label: fakes D calls real).</param>
public sealed record GeneratorPass(double Total, double Species, double Position, double Adversarial, FakeBatch Fake, double[] FakeLogits, int Classes);

/// <summary>One discriminator forward/backward: L_D = L_W(D(real), real) + L_W(D(fake), fake) and its logits.</summary>
public sealed record DiscriminatorPass(double Loss, double[] RealLogits, double[] FakeLogits, int Classes);

/// <summary>What one training step did.</summary>
public sealed record GanStepResult(GeneratorPass Generator, DiscriminatorPass? Discriminator);
