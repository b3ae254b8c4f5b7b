namespace Functional.Models;

/// <summary>How much arithmetic a model's training takes: what a benchmark divides by its time to get a rate.</summary>
public static class Arithmetic
{
    /// <summary>
    /// The floating-point operations of one training epoch over <paramref name="samples"/> samples, counting the matrix products:
    /// per sample, 2 · (multiply-adds) of each Conv2D and Dense forward, the same again for the kernel gradient, and again for the
    /// input gradient unless no layer before it has weights (the engine skips that product).
    /// </summary>
    public static double TrainingFlops<T>(Model<T> model, long samples) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        double perSample = 0;
        bool weightsBefore = false;
        foreach (var layer in model.Layers)
        {
            double macs = layer switch
            {
                Conv2D<T> c => (double)c.OutputShape.Dimensions[0] * c.OutputShape.Dimensions[1] * c.Filters * c.Parameters[0].RowCount,
                Dense<T> d => (double)d.InputShape.Size * d.Units,
                _ => 0,
            };
            perSample += 2 * macs * (weightsBefore ? 3 : 2);
            weightsBefore |= layer.ParameterCount > 0;
        }
        return perSample * samples;
    }
}
