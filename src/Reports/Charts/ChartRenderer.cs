using ScottPlot;
using ScottPlot.TickGenerators;
using SkiaSharp;

namespace Functional.Reports.Charts;

/// <summary>
/// Turns chart records into PNG bytes. Pure: the same record gives the same bytes, and text is drawn with the
/// bundled DejaVu Sans (<see cref="ChartFonts"/>), so nothing depends on the machine's fonts.
/// </summary>
public static partial class ChartRenderer
{
    private const float TitleSize = 20, AxisLabelSize = 16, TickSize = 13, LegendSize = 13, NoteSize = 13;
    private static readonly ScottPlot.Color Ink = new(40, 40, 40);

    /// <summary>Renders a line/scatter chart; log axes plot log10 of the values with power-of-ten tick labels.</summary>
    /// <param name="chart">The chart.</param>
    /// <returns>PNG bytes, <see cref="LineChart.Width"/> × <see cref="LineChart.Height"/>.</returns>
    /// <exception cref="ArgumentException">The chart is invalid (see <see cref="LineChart.EffectiveSeries"/>).</exception>
    public static byte[] Render(LineChart chart) => Png(Build(chart), chart.Title, chart.Width, chart.Height);

    /// <summary>Where the data area lies in the rendered figure, once the title, axes and legend have taken their room.</summary>
    internal static PixelRect DataArea(LineChart chart)
    {
        var plot = Build(chart);
        plot.RenderInMemory(chart.Width, chart.Height);
        return plot.LastRender.DataRect;
    }

    /// <summary>Where the x axis puts its major ticks in the rendered figure.</summary>
    internal static double[] XTicks(LineChart chart)
    {
        var plot = Build(chart);
        plot.RenderInMemory(chart.Width, chart.Height);
        return plot.Axes.Bottom.TickGenerator.Ticks.Where(t => t.IsMajor).Select(t => t.Position).ToArray();
    }

    private static Plot Build(LineChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var series = chart.EffectiveSeries();
        ChartFonts.EnsureRegistered();
        var plot = NewPlot(chart.Title, chart.X.Label, chart.Y.Label);
        var palette = new ScottPlot.Palettes.Category10();
        ScottPlot.Color ColorOf(PreparedSeries s) => palette.GetColor(s.ColorIndex % palette.Colors.Length);
        double[] Tx(IEnumerable<double> v) => Transform(chart.X.Scale, v);
        double[] Ty(IEnumerable<double> v) => Transform(chart.Y.Scale, v);

        foreach (var s in series.Where(s => s.Lower is not null && s.X.Count > 0))
        {
            var fill = plot.Add.FillY(Tx(s.X), Ty(s.Lower!), Ty(s.Upper!));
            fill.FillColor = ColorOf(s).WithAlpha(0.2);
            fill.LineWidth = 0;
            fill.LegendText = "";
        }
        foreach (var s in series)
        {
            var color = ColorOf(s);
            bool line = s.Style != SeriesStyle.Markers, markers = s.Style != SeriesStyle.Line;
            if (s.X.Count == 0)
            {
                // Diverged at its first point: nothing to draw, but the legend still says so.
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = s.Label, LineColor = color, LineWidth = 2, MarkerShape = MarkerShape.None });
                continue;
            }
            var scatter = plot.Add.Scatter(Tx(s.X), Ty(s.Y), color);
            scatter.LegendText = s.Label;
            scatter.LineWidth = line ? 2 : 0;
            scatter.MarkerSize = markers ? (line ? 6 : 5) : 0;
            scatter.MarkerShape = markers ? MarkerShape.FilledCircle : MarkerShape.None;
        }
        foreach (var v in chart.VerticalLines)
            plot.Add.VerticalLine(Transform(chart.X.Scale, v.Value), 1.5f, ReferenceColor, LinePattern.Dashed).ExcludeFromLegend = true;
        foreach (var h in chart.HorizontalLines)
            plot.Add.HorizontalLine(Transform(chart.Y.Scale, h.Value), 1.5f, ReferenceColor, LinePattern.Dotted).ExcludeFromLegend = true;

        var xs = series.SelectMany(s => s.X).Concat(chart.VerticalLines.Select(l => l.Value));
        var ys = series.SelectMany(s => s.Y.Concat(s.Lower ?? []).Concat(s.Upper ?? [])).Concat(chart.HorizontalLines.Select(l => l.Value));
        var (x0, x1) = Limits(chart.X, Tx(xs));
        var (y0, y1) = Limits(chart.Y, Ty(ys));
        plot.Axes.SetLimits(x0, x1, y0, y1);
        if (chart.X.Scale == AxisScale.Log10) plot.Axes.Bottom.TickGenerator = LogTicks(x0, x1);
        // When every x is a whole number (epochs, seeds) a tick at 2.5 names nothing: ticks at whole numbers only.
        else if (series.All(s => s.X.All(double.IsInteger))) plot.Axes.Bottom.TickGenerator = new NumericAutomatic { IntegerTicksOnly = true };
        if (chart.Y.Scale == AxisScale.Log10) plot.Axes.Left.TickGenerator = LogTicks(y0, y1);

        // Reference-line labels go inside the data area (ScottPlot's own line labels sit on the axis edge, over the title or clipped).
        foreach (var v in chart.VerticalLines)
        {
            double x = Transform(chart.X.Scale, v.Value);
            bool right = x > x0 + 0.7 * (x1 - x0);
            AddNote(plot, v.Label, x, y1, right ? Alignment.UpperRight : Alignment.UpperLeft, right ? -5 : 5, 5);
        }
        foreach (var h in chart.HorizontalLines)
            AddNote(plot, h.Label, x1, Transform(chart.Y.Scale, h.Value), Alignment.LowerRight, -5, -3);

        if (chart.ShowsLegend)
        {
            // Below the plot, not beside it: the data area keeps the figure's full width (a legend on the right took half of it).
            plot.ShowLegend(Edge.Bottom);
            plot.Legend.FontName = ChartFonts.Family;
            plot.Legend.FontSize = LegendSize;
            plot.Legend.SetBestFontOnEachRender = false;
        }
        else plot.HideLegend();
        return plot;
    }

    /// <summary>Renders a grid of captioned 28×28 digits in the grid's <see cref="DigitGrid.Shading"/>, highlighted captions in bold red.</summary>
    /// <param name="grid">The grid.</param>
    /// <returns>PNG bytes; the size follows from the columns, rows, <see cref="DigitGrid.PixelScale"/> and the widths of the title and captions.</returns>
    /// <exception cref="ArgumentException">The grid is invalid (see <see cref="DigitGrid.Validate"/>).</exception>
    public static byte[] Render(DigitGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        grid.Validate();
        using var fonts = new DigitGridFonts();
        var layout = Layout(grid, fonts);
        int side = DigitImage.Side * grid.PixelScale;

        using var surface = SKSurface.Create(new SKImageInfo(layout.Width, layout.Height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"SkiaSharp could not create a {layout.Width}×{layout.Height} surface.");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);

        using var text = new SKPaint { Color = new SKColor(40, 40, 40), IsAntialias = true };
        using var red = new SKPaint { Color = new SKColor(200, 20, 20), IsAntialias = true };
        using var frame = new SKPaint { Color = new SKColor(190, 190, 190), Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        using var pixel = new SKPaint { IsAntialias = false };

        canvas.DrawText(grid.Title, layout.Width / 2f, 30, SKTextAlign.Center, fonts.Title, text);
        int gridLeft = (layout.Width - grid.Columns * layout.CellWidth) / 2;
        for (int i = 0; i < grid.Images.Count; i++)
        {
            var image = grid.Images[i];
            int centre = gridLeft + (i % grid.Columns) * layout.CellWidth + layout.CellWidth / 2;
            int left = centre - side / 2, top = TitleHeight + (i / grid.Columns) * layout.CellHeight;
            if (grid.Shading == DigitShading.Gray)
            {
                pixel.Color = SKColors.Black;
                canvas.DrawRect(left, top, side, side, pixel);
            }
            for (int r = 0; r < DigitImage.Side; r++)
                for (int c = 0; c < DigitImage.Side; c++)
                {
                    byte ink = image.Pixels[r * DigitImage.Side + c];
                    if (ink == 0) continue;
                    byte grey = grid.Shading == DigitShading.Gray ? ink : (byte)(255 - ink);
                    pixel.Color = new SKColor(grey, grey, grey);
                    canvas.DrawRect(left + c * grid.PixelScale, top + r * grid.PixelScale, grid.PixelScale, grid.PixelScale, pixel);
                }
            canvas.DrawRect(left - 0.5f, top - 0.5f, side + 1, side + 1, frame);
            canvas.DrawText(image.Caption, centre, top + side + 20, SKTextAlign.Center, fonts.Caption(image), image.Highlight ? red : text);
        }
        using var snapshot = surface.Snapshot();
        using var png = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    /// <summary>The pixel size <see cref="Render(DigitGrid)"/> gives a grid: wide enough for its title and for its widest caption under every digit.</summary>
    /// <param name="grid">The grid (validated).</param>
    public static (int Width, int Height) DigitGridSize(DigitGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        grid.Validate();
        using var fonts = new DigitGridFonts();
        var layout = Layout(grid, fonts);
        return (layout.Width, layout.Height);
    }

    private static (int Width, int Height, int CellWidth, int CellHeight) Layout(DigitGrid grid, DigitGridFonts fonts)
    {
        int side = DigitImage.Side * grid.PixelScale;
        int caption = (int)Math.Ceiling(grid.Images.Max(image => fonts.Caption(image).MeasureText(image.Caption)));
        int cellWidth = Math.Max(side, caption) + 2 * DigitPad, cellHeight = side + CaptionHeight + DigitPad;
        int columns = Math.Min(grid.Columns, grid.Images.Count);
        int title = (int)Math.Ceiling(fonts.Title.MeasureText(grid.Title));
        int width = Math.Max(Math.Max(columns * cellWidth, title + 2 * DigitPad) + 2 * DigitPad, 360);
        return (width, TitleHeight + grid.Rows * cellHeight + DigitPad, cellWidth, cellHeight);
    }

    /// <summary>The digit grid's fonts: the title's, and the captions' (bold where highlighted).</summary>
    private sealed class DigitGridFonts : IDisposable
    {
        private readonly SKTypeface regular = ChartFonts.CreateTypeface(bold: false), bold = ChartFonts.CreateTypeface(bold: true);
        private readonly SKFont caption, highlight;

        public DigitGridFonts()
        {
            Title = new SKFont(bold, 20) { Subpixel = false };
            caption = new SKFont(regular, 15) { Subpixel = false };
            highlight = new SKFont(bold, 15) { Subpixel = false };
        }

        public SKFont Title { get; }

        public SKFont Caption(DigitImage image) => image.Highlight ? highlight : caption;

        public void Dispose()
        {
            Title.Dispose();
            caption.Dispose();
            highlight.Dispose();
            regular.Dispose();
            bold.Dispose();
        }
    }

    private const int DigitPad = 12, CaptionHeight = 30, TitleHeight = 48;

    /// <summary>Renders a heatmap of counts (e.g. a confusion matrix): cells coloured by log(1 + count), each count written in black or white,
    /// whichever reads better.</summary>
    /// <param name="heatmap">The heatmap.</param>
    /// <returns>PNG bytes, <see cref="Heatmap.Width"/> × <see cref="Heatmap.Height"/>.</returns>
    /// <exception cref="ArgumentException">The heatmap is invalid (see <see cref="Heatmap.Validate"/>).</exception>
    public static byte[] Render(Heatmap heatmap)
    {
        ArgumentNullException.ThrowIfNull(heatmap);
        heatmap.Validate();
        ChartFonts.EnsureRegistered();
        var plot = NewPlot(heatmap.Title, heatmap.ColumnAxisLabel, heatmap.RowAxisLabel);
        int rows = heatmap.Counts.Count, columns = heatmap.Counts[0].Count;
        int max = heatmap.Counts.Max(r => r.Max());
        float cellText = Math.Clamp(220f / Math.Max(rows, columns), 9f, 16f);

        for (int r = 0; r < rows; r++)
            for (int c = 0; c < columns; c++)
            {
                int count = heatmap.Counts[r][c];
                double shade = max == 0 ? 0 : Math.Log(1 + count) / Math.Log(1 + max);
                double y = rows - 1 - r;
                var cell = plot.Add.Rectangle(c - 0.5, c + 0.5, y - 0.5, y + 0.5);
                cell.FillColor = Blues(shade);
                cell.LineColor = Colors.White;
                cell.LineWidth = 1;
                var label = plot.Add.Text(count.ToString(System.Globalization.CultureInfo.InvariantCulture), c, y);
                label.Alignment = Alignment.MiddleCenter;
                label.LabelFontName = ChartFonts.Family;
                label.LabelFontSize = cellText;
                label.LabelFontColor = shade > 0.55 ? Colors.White : Ink;
            }

        plot.Axes.Bottom.TickGenerator = new NumericManual(
            Enumerable.Range(0, columns).Select(c => (double)c).ToArray(), heatmap.ColumnLabels.ToArray());
        plot.Axes.Left.TickGenerator = new NumericManual(
            Enumerable.Range(0, rows).Select(r => (double)(rows - 1 - r)).ToArray(), heatmap.RowLabels.ToArray());
        plot.Axes.SetLimits(-0.5, columns - 0.5, -0.5, rows - 0.5);
        plot.HideGrid();
        plot.HideLegend();
        return Png(plot, heatmap.Title, heatmap.Width, heatmap.Height);
    }

    /// <summary>White (0) to dark blue (1), after matplotlib's "Blues".</summary>
    private static ScottPlot.Color Blues(double t)
    {
        static byte Mix(int a, int b, double t) => (byte)Math.Round(a + (b - a) * t);
        t = Math.Clamp(t, 0, 1);
        return new ScottPlot.Color(Mix(247, 8, t), Mix(251, 48, t), Mix(255, 107, t));
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Axes.Title.Label.FontName = ChartFonts.Family;
        plot.Axes.Title.Label.FontSize = TitleSize;
        plot.Axes.Title.Label.Bold = true;
        foreach (var axis in plot.Axes.GetAxes())
        {
            axis.Label.FontName = ChartFonts.Family;
            axis.Label.FontSize = AxisLabelSize;
            axis.Label.Bold = false;
            axis.TickLabelStyle.FontName = ChartFonts.Family;
            axis.TickLabelStyle.FontSize = TickSize;
        }
        return plot;
    }

    private static readonly ScottPlot.Color ReferenceColor = new(90, 90, 90);

    private static void AddNote(Plot plot, string label, double x, double y, Alignment alignment, float offsetX, float offsetY)
    {
        if (string.IsNullOrEmpty(label)) return;
        var note = plot.Add.Text(label, x, y);
        note.Alignment = alignment;
        note.OffsetX = offsetX;
        note.OffsetY = offsetY;
        note.LabelFontName = ChartFonts.Family;
        note.LabelFontSize = NoteSize;
        note.LabelFontColor = Ink;
        note.LabelBackgroundColor = Colors.White.WithAlpha(0.8);
        note.LabelPadding = 2;
    }

    /// <summary>
    /// Renders to PNG, first shrinking the title (down to 12 px) when it would not fit centred over the data area:
    /// a first render tells where the data area lies once the legend and axes have taken their room.
    /// </summary>
    private static byte[] Png(Plot plot, string title, int width, int height)
    {
        using var bold = ChartFonts.CreateTypeface(bold: true);
        plot.RenderInMemory(width, height);
        var area = plot.LastRender.DataRect;
        float room = 2 * Math.Min(area.HorizontalCenter, width - area.HorizontalCenter) - 16;
        float size = TitleSize;
        while (size > 12)
        {
            using var font = new SKFont(bold, size);
            if (font.MeasureText(title) <= room) break;
            size -= 1;
        }
        plot.Axes.Title.Label.FontSize = size;
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static double[] Transform(AxisScale scale, IEnumerable<double> values) =>
        values.Select(v => Transform(scale, v)).ToArray();

    private static double Transform(AxisScale scale, double value) => scale == AxisScale.Log10 ? Math.Log10(value) : value;

    /// <summary>Axis limits in plotted units: the data with a 5 % margin, replaced by the axis' fixed Min/Max where given.</summary>
    private static (double Low, double High) Limits(Axis axis, double[] plotted)
    {
        double lo, hi;
        if (plotted.Length == 0) (lo, hi) = (0, 1);
        else
        {
            lo = plotted.Min();
            hi = plotted.Max();
            double span = hi - lo;
            if (span == 0) span = axis.Scale == AxisScale.Log10 ? 1 : Math.Max(1, Math.Abs(lo) * 0.2);
            lo -= span * 0.05;
            hi += span * 0.05;
        }
        if (axis.Min is { } min) lo = Transform(axis.Scale, min);
        if (axis.Max is { } max) hi = Transform(axis.Scale, max);
        if (lo >= hi)
        {
            // Only one limit was fixed and the data lie on its wrong side: keep the fixed limit, give the axis one unit (or decade).
            if (axis.Min is not null) hi = lo + 1;
            else lo = hi - 1;
        }
        return (lo, hi);
    }

    private static NumericManual LogTicks(double lo, double hi)
    {
        var generator = new NumericManual();
        foreach (var tick in LogAxis.Ticks(Math.Pow(10, lo), Math.Pow(10, hi)))
        {
            if (tick.IsMajor) generator.AddMajor(tick.Position, tick.Label);
            else generator.AddMinor(tick.Position);
        }
        return generator;
    }
}
