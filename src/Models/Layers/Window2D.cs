namespace Functional.Models;

/// <summary>How a 2-D window (a convolution's kernel, a pooling window) treats the image's border, as Keras names it.</summary>
public enum Padding
{
    /// <summary>Windows only where they fit inside the image: output = floor((input − window) / stride) + 1.</summary>
    Valid,

    /// <summary>Zeros around the image so that output = ceil(input / stride); TensorFlow's split: the extra row or column goes
    /// after (bottom, right).</summary>
    Same,
}

/// <summary>
/// Where a 2-D window visits a channels-last (height, width, channels) sample: the output size, the padding before
/// each axis, and the input pixel under each window offset. Shared by Conv2D and MaxPooling2D.
/// </summary>
/// <param name="InputHeight">Input rows.</param>
/// <param name="InputWidth">Input columns.</param>
/// <param name="WindowHeight">Window rows.</param>
/// <param name="WindowWidth">Window columns.</param>
/// <param name="StrideHeight">Step between windows, down.</param>
/// <param name="StrideWidth">Step between windows, across.</param>
/// <param name="Padding">Valid or same.</param>
internal readonly record struct Window2D(int InputHeight, int InputWidth, int WindowHeight, int WindowWidth, int StrideHeight, int StrideWidth,
    Padding Padding)
{
    /// <summary>Output rows.</summary>
    public int OutputHeight => Output(InputHeight, WindowHeight, StrideHeight);

    /// <summary>Output columns.</summary>
    public int OutputWidth => Output(InputWidth, WindowWidth, StrideWidth);

    /// <summary>Rows of zeros above the image (same padding).</summary>
    public int PadTop => Before(InputHeight, WindowHeight, StrideHeight, OutputHeight);

    /// <summary>Columns of zeros left of the image (same padding).</summary>
    public int PadLeft => Before(InputWidth, WindowWidth, StrideWidth, OutputWidth);

    /// <summary>Rows of zeros below the image (same padding): the rest of the total, so the extra row goes after.</summary>
    public int PadBottom => Total(InputHeight, WindowHeight, StrideHeight, OutputHeight) - PadTop;

    /// <summary>Columns of zeros right of the image (same padding).</summary>
    public int PadRight => Total(InputWidth, WindowWidth, StrideWidth, OutputWidth) - PadLeft;

    /// <summary>The output positions (rows × columns).</summary>
    public int Positions => OutputHeight * OutputWidth;

    private int Output(int input, int window, int stride) =>
        Padding == Padding.Same ? (input + stride - 1) / stride : input < window ? 0 : (input - window) / stride + 1;

    // TensorFlow: pad_total = max((out − 1)·stride + window − in, 0), pad_before = pad_total / 2 (floor).
    private int Before(int input, int window, int stride, int output) => Total(input, window, stride, output) / 2;

    private int Total(int input, int window, int stride, int output) =>
        Padding == Padding.Same ? Math.Max((output - 1) * stride + window - input, 0) : 0;

    /// <summary>
    /// Checks a layer's window against its input before any work: positive sizes and strides, and under valid padding a
    /// window no larger than the image.
    /// </summary>
    /// <exception cref="ArgumentException">The message names the layer, the window and the input shape.</exception>
    public static Window2D For(string layer, Shape input, (int Height, int Width) window, (int Height, int Width) strides, Padding padding,
        string windowName)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Dimensions.Count != 3)
            throw new ArgumentException(
                $"{layer} takes samples of shape (height, width, channels) but receives {input}; for 28×28 images start the model with " +
                $"Layers.Input(28, 28, 1), or put Layers.Reshape({string.Join(", ", ReshapeHint(input))}) before it.");
        if (window.Height <= 0 || window.Width <= 0)
            throw new ArgumentException($"{layer}: the {windowName} must be positive, got ({window.Height}, {window.Width}).");
        if (strides.Height <= 0 || strides.Width <= 0)
            throw new ArgumentException($"{layer}: the strides must be positive, got ({strides.Height}, {strides.Width}).");
        if (!Enum.IsDefined(padding)) throw new ArgumentException($"{layer}: padding {(int)padding} is neither valid nor same.");
        var w = new Window2D(input.Dimensions[0], input.Dimensions[1], window.Height, window.Width, strides.Height, strides.Width, padding);
        if (padding == Padding.Valid && (window.Height > w.InputHeight || window.Width > w.InputWidth))
            throw new ArgumentException(
                $"{layer}: the {windowName} ({window.Height}, {window.Width}) is larger than its input {input} under valid padding; use a smaller " +
                "window or padding: Padding.Same.");
        return w;
    }

    private static int[] ReshapeHint(Shape input) =>
        input.Dimensions.Count == 2 ? [input.Dimensions[0], input.Dimensions[1], 1] : [input.Size, 1, 1];
}
