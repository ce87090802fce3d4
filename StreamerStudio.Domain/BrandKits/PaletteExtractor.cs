using SkiaSharp;
using StreamerStudio.Domain.Generation.Rendering;

namespace StreamerStudio.Domain.BrandKits;

/// <summary>One colour of a logo and the share of its opaque pixels that it covers (0–1).</summary>
public sealed record ExtractedColour(string Hex, double Weight);

/// <summary>Colours to offer as a brand kit's <see cref="BrandKit.PrimaryColors"/> and <see cref="BrandKit.AccentColors"/>.</summary>
public sealed record PaletteProposal(IReadOnlyList<string> Primary, IReadOnlyList<string> Accent);

/// <summary>
/// The main colours of a logo: pixels sampled on a grid of at most 128 × 128, those with alpha under 128 skipped,
/// weighted k-means in CIELAB (k-means++ seeding with a fixed seed, so the same logo always gives the same answer),
/// then clusters closer than a just-noticeable difference merged. Weights sum to 1 over the opaque pixels.
/// </summary>
public static class PaletteExtractor
{
    private const int SampleSide = 128;
    private const byte MinAlpha = 128;
    private const int Iterations = 24;
    private const int Seed = 20240611;

    /// <summary>
    /// CIE76 distance under which two clusters are one colour. Anti-aliasing, JPEG noise and a cluster that k-means split
    /// in two land well under it; neighbouring designer shades (Tailwind rose-500 and rose-600 are about 8 apart) stay distinct.
    /// </summary>
    private const double MergeDistance = 7;

    /// <summary>
    /// Halves of one noisy blob measured 1.7–2× their spread apart (JPEG-like ±6 noise on #1E293B gave 7.5 apart, spreads
    /// 3.6 and 4.4); neighbouring bands of a smooth gradient sit √12 ≈ 3.5× apart, so they stay separate stops.
    /// </summary>
    private const double SpreadFactor = 2.5;

    /// <summary>
    /// The spread rule never merges further apart than this: clusters of a photo or pure noise are wide, and merging by
    /// spread alone would melt them into one grey. 12 is a clearly different shade however noisy the pixels.
    /// </summary>
    private const double MaxSpreadMergeDistance = 12;

    public static IReadOnlyList<ExtractedColour> Extract(byte[] png, int maxColours = 6)
    {
        ArgumentNullException.ThrowIfNull(png);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxColours, 1);

        var (colours, counts) = Histogram(png);
        var total = counts.Sum();
        if (total == 0)
        {
            return [];
        }

        var points = colours.Select(Lab.From).ToArray();
        var centres = Seeds(points, counts, maxColours);
        var assignment = Cluster(points, counts, centres);
        var clusters = Enumerable.Range(0, centres.Length)
            .Select(c => Summarise(c, assignment, colours, points, counts))
            .Where(c => c.Count > 0)
            .ToList();
        MergeNearDuplicates(clusters);

        return clusters
            .OrderByDescending(c => c.Count)
            .ThenBy(c => c.Hex, StringComparer.Ordinal)
            .Select(c => new ExtractedColour(c.Hex, c.Count / (double)total))
            .ToList();
    }

    /// <summary>
    /// Splits a palette into brand roles. The renderer paints large areas with the primaries (the first is the base,
    /// the darker of the two becomes the ground under white text) and picks an accent for highlights, so:
    /// <list type="bullet">
    /// <item>Near-white is left out: on a logo it is almost always the canvas around the mark, and as a primary it
    /// would wash every design out. A logo that is only white still proposes it.</item>
    /// <item>Order is weight times (1 + chroma/100): coverage decides, but a vivid colour beats a grey that covers up
    /// to ~1.7× as much, because the vivid one is what people recognise the brand by. Dark colours are kept as they
    /// are: they make good grounds.</item>
    /// <item>A second primary needs at least 10% coverage; smaller colours are details and become accents (up to 3).</item>
    /// </list>
    /// </summary>
    public static PaletteProposal Propose(IReadOnlyList<ExtractedColour> colours)
    {
        ArgumentNullException.ThrowIfNull(colours);

        var candidates = colours
            .Select(c => (c.Hex, c.Weight, Lab: Lab.From(ParseHex(c.Hex))))
            .Where(c => !IsNearWhite(c.Lab))
            .OrderByDescending(c => c.Weight * (1 + c.Lab.Chroma / 100))
            .ThenBy(c => c.Hex, StringComparer.Ordinal)
            .ToList();
        if (candidates.Count == 0)
        {
            return colours.Count == 0 ? new PaletteProposal([], []) : new PaletteProposal([colours[0].Hex], []);
        }

        var primary = new List<string> { candidates[0].Hex };
        var rest = candidates.Skip(1).ToList();
        var second = rest.FindIndex(c => c.Weight >= 0.10);
        if (second >= 0)
        {
            primary.Add(rest[second].Hex);
            rest.RemoveAt(second);
        }

        return new PaletteProposal(primary, rest.Take(3).Select(c => c.Hex).ToList());
    }

    private static bool IsNearWhite(Lab lab) => lab.L >= 90 && lab.Chroma < 10;

    /// <summary>
    /// The distinct opaque colours on the sample grid and how often each occurs, ordered by value so clustering never
    /// depends on dictionary order. Nearest-neighbour sampling keeps real colours: a blend of two brand colours along
    /// an edge is not a colour of the logo.
    /// </summary>
    private static (SKColor[] Colours, int[] Counts) Histogram(byte[] png)
    {
        using var data = SKData.CreateCopy(png);
        using var codec = SKCodec.Create(data) ?? throw new ArgumentException("The bytes are not an image.", nameof(png));
        LogoImage.CheckDimensions(codec.Info.Width, codec.Info.Height);
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul, SKColorSpace.CreateSrgb());
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw new ArgumentException($"The image could not be decoded ({result}).", nameof(png));
        }

        var step = Math.Max(1, (Math.Max(info.Width, info.Height) + SampleSide - 1) / SampleSide);
        var pixels = bitmap.GetPixelSpan();
        var histogram = new Dictionary<uint, int>();
        for (var y = step / 2; y < info.Height; y += step)
        {
            for (var x = step / 2; x < info.Width; x += step)
            {
                var i = (y * info.Width + x) * 4;
                if (pixels[i + 3] < MinAlpha)
                {
                    continue;
                }

                var key = (uint)(pixels[i] << 16 | pixels[i + 1] << 8 | pixels[i + 2]);
                histogram[key] = histogram.GetValueOrDefault(key) + 1;
            }
        }

        var keys = histogram.Keys.Order().ToArray();
        return (keys.Select(k => new SKColor((byte)(k >> 16), (byte)(k >> 8), (byte)k)).ToArray(), keys.Select(k => histogram[k]).ToArray());
    }

    /// <summary>
    /// Weighted k-means++: the most frequent colour first, then each next seed drawn with probability proportional to
    /// count × squared distance to the nearest seed. Stops early when every colour already is a seed.
    /// </summary>
    private static Lab[] Seeds(Lab[] points, int[] counts, int k)
    {
        var rng = new Prng(Seed);
        var first = Array.IndexOf(counts, counts.Max());
        var centres = new List<Lab> { points[first] };
        var nearest = points.Select(p => p.DistanceSquared(points[first])).ToArray();
        while (centres.Count < k)
        {
            var mass = 0.0;
            for (var i = 0; i < points.Length; i++)
            {
                mass += counts[i] * nearest[i];
            }

            if (mass <= 0)
            {
                break;
            }

            var target = rng.NextDouble() * mass;
            var pick = -1;
            for (var i = 0; i < points.Length && (pick < 0 || target >= 0); i++)
            {
                if (nearest[i] > 0)
                {
                    // The last colour with any mass stands in if rounding leaves target a hair above zero.
                    pick = i;
                    target -= counts[i] * nearest[i];
                }
            }

            centres.Add(points[pick]);
            for (var i = 0; i < points.Length; i++)
            {
                nearest[i] = Math.Min(nearest[i], points[i].DistanceSquared(points[pick]));
            }
        }

        return centres.ToArray();
    }

    /// <summary>Lloyd iterations on the weighted colours; returns each colour's cluster index.</summary>
    private static int[] Cluster(Lab[] points, int[] counts, Lab[] centres)
    {
        var assignment = new int[points.Length];
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            var changed = false;
            for (var i = 0; i < points.Length; i++)
            {
                var best = 0;
                for (var c = 1; c < centres.Length; c++)
                {
                    if (points[i].DistanceSquared(centres[c]) < points[i].DistanceSquared(centres[best]))
                    {
                        best = c;
                    }
                }

                changed |= assignment[i] != best;
                assignment[i] = best;
            }

            if (!changed && iteration > 0)
            {
                break;
            }

            var sums = new (double L, double A, double B, long N)[centres.Length];
            for (var i = 0; i < points.Length; i++)
            {
                ref var s = ref sums[assignment[i]];
                s = (s.L + points[i].L * counts[i], s.A + points[i].A * counts[i], s.B + points[i].B * counts[i], s.N + counts[i]);
            }

            for (var c = 0; c < centres.Length; c++)
            {
                if (sums[c].N > 0)
                {
                    centres[c] = new Lab(sums[c].L / sums[c].N, sums[c].A / sums[c].N, sums[c].B / sums[c].N);
                }
            }
        }

        return assignment;
    }

    private static ClusterSummary Summarise(int cluster, int[] assignment, SKColor[] colours, Lab[] points, int[] counts)
    {
        var summary = new ClusterSummary();
        for (var i = 0; i < assignment.Length; i++)
        {
            if (assignment[i] == cluster)
            {
                summary.Add(colours[i], points[i], counts[i]);
            }
        }

        return summary;
    }

    /// <summary>
    /// Merges the closest pair of duplicate clusters until none is left. Two clusters are duplicates when their means are
    /// under <see cref="MergeDistance"/> apart, or closer than <see cref="SpreadFactor"/> × the spread of the tighter one
    /// (up to <see cref="MaxSpreadMergeDistance"/>):
    /// k-means cuts one noisy colour (a JPEG's dark navy, say) into halves whose means sit about two spreads apart, while
    /// two flat designer shades have no spread and keep the fixed threshold.
    /// </summary>
    private static void MergeNearDuplicates(List<ClusterSummary> clusters)
    {
        while (true)
        {
            var (a, b, best) = (-1, -1, double.MaxValue);
            for (var i = 0; i < clusters.Count; i++)
            {
                for (var j = i + 1; j < clusters.Count; j++)
                {
                    var d = Math.Sqrt(clusters[i].Mean.DistanceSquared(clusters[j].Mean));
                    var limit = Math.Clamp(SpreadFactor * Math.Min(clusters[i].Spread, clusters[j].Spread), MergeDistance, MaxSpreadMergeDistance);
                    if (d < limit && d < best)
                    {
                        (a, b, best) = (i, j, d);
                    }
                }
            }

            if (a < 0)
            {
                return;
            }

            clusters[a].Absorb(clusters[b]);
            clusters.RemoveAt(b);
        }
    }

    private static SKColor ParseHex(string hex) =>
        Colour.ParseHex(hex) ?? throw new ArgumentException($"'{hex}' is not a #RRGGBB colour.", nameof(hex));

    /// <summary>A cluster's pixel count, Lab mean and exact colours, kept so merges stay exact.</summary>
    private sealed class ClusterSummary
    {
        private readonly Dictionary<SKColor, int> _members = [];
        private double _l, _a, _b, _squares;

        public long Count { get; private set; }

        public Lab Mean => new(_l / Count, _a / Count, _b / Count);

        /// <summary>Root-mean-square distance of the cluster's pixels from its mean.</summary>
        public double Spread
        {
            get
            {
                var mean = Mean;
                return Math.Sqrt(Math.Max(0, _squares / Count - (mean.L * mean.L + mean.A * mean.A + mean.B * mean.B)));
            }
        }

        /// <summary>
        /// The cluster's most common exact colour when it holds at least a fifth of the cluster, so a flat logo gives its
        /// brand hex back exactly rather than one nudged by anti-aliased edges; otherwise (photos, gradients, noise) the mean.
        /// </summary>
        public string Hex
        {
            get
            {
                var (mode, modeCount) = _members.OrderByDescending(m => m.Value).ThenBy(m => (uint)m.Key).Select(m => (m.Key, m.Value)).First();
                return Colour.Hex(modeCount * 5 >= Count ? mode : Mean.ToColour());
            }
        }

        public void Add(SKColor colour, Lab lab, long count)
        {
            _members[colour] = _members.GetValueOrDefault(colour) + (int)count;
            _l += lab.L * count;
            _a += lab.A * count;
            _b += lab.B * count;
            _squares += (lab.L * lab.L + lab.A * lab.A + lab.B * lab.B) * count;
            Count += count;
        }

        public void Absorb(ClusterSummary other)
        {
            foreach (var (colour, count) in other._members)
            {
                _members[colour] = _members.GetValueOrDefault(colour) + count;
            }

            (_l, _a, _b, _squares, Count) = (_l + other._l, _a + other._a, _b + other._b, _squares + other._squares, Count + other.Count);
        }
    }
}

/// <summary>CIELAB (D65), where straight-line distance follows how different two colours look.</summary>
internal readonly record struct Lab(double L, double A, double B)
{
    public double Chroma => Math.Sqrt(A * A + B * B);

    public double DistanceSquared(Lab other) => (L - other.L) * (L - other.L) + (A - other.A) * (A - other.A) + (B - other.B) * (B - other.B);

    public static Lab From(SKColor c)
    {
        var (r, g, b) = (ToLinear(c.Red), ToLinear(c.Green), ToLinear(c.Blue));
        var x = F((0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047);
        var y = F(0.2126729 * r + 0.7151522 * g + 0.0721750 * b);
        var z = F((0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883);
        return new Lab(116 * y - 16, 500 * (x - y), 200 * (y - z));
    }

    public SKColor ToColour()
    {
        var fy = (L + 16) / 116;
        var (x, y, z) = (0.95047 * FInverse(fy + A / 500), FInverse(fy), 1.08883 * FInverse(fy - B / 200));
        return new SKColor(
            ToByte(3.2404542 * x - 1.5371385 * y - 0.4985314 * z),
            ToByte(-0.9692660 * x + 1.8760108 * y + 0.0415560 * z),
            ToByte(0.0556434 * x - 0.2040259 * y + 1.0572252 * z));
    }

    private const double Epsilon = 216.0 / 24389;
    private const double Kappa = 24389.0 / 27;

    private static double F(double t) => t > Epsilon ? Math.Cbrt(t) : (Kappa * t + 16) / 116;

    private static double FInverse(double f) => f * f * f > Epsilon ? f * f * f : (116 * f - 16) / Kappa;

    private static double ToLinear(byte channel)
    {
        var v = channel / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
    }

    private static byte ToByte(double linear)
    {
        var v = linear <= 0.0031308 ? 12.92 * linear : 1.055 * Math.Pow(linear, 1 / 2.4) - 0.055;
        return (byte)Math.Clamp(Math.Round(v * 255), 0, 255);
    }
}
