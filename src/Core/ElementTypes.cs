namespace Functional.Core;

/// <summary>
/// The element types the library computes in: float (Keras' float32, what models train in) and double (gradient
/// checks). MathNet's linear-algebra providers serve only these two, so any other fails early here, named, rather than
/// deep inside MathNet with a type-initializer error.
/// </summary>
public static class ElementTypes
{
    /// <summary>Whether <typeparamref name="T"/> is float or double.</summary>
    public static bool IsSupported<T>() => typeof(T) == typeof(float) || typeof(T) == typeof(double);

    /// <summary>Throws unless <typeparamref name="T"/> is float or double, naming <paramref name="operation"/> and the type.</summary>
    /// <exception cref="NotSupportedException">Another element type (Half, decimal, …).</exception>
    public static void Require<T>(string operation)
    {
        if (!IsSupported<T>())
            throw new NotSupportedException(
                $"{operation}: element type {typeof(T).Name} is not supported; models compute in float (float32, as Keras) or double. " +
                "MathNet's linear-algebra providers serve only these two.");
    }
}
