namespace Gateway.ReceiptRendering.Internal;

/// <summary>A line of text shaped with one font: its glyphs in visual order and the font's units per em.</summary>
internal sealed record ShapedRun(string Text, IReadOnlyList<ShapedGlyph> Glyphs, int UnitsPerEm)
{
    /// <summary>The advance of the whole run at the given font size, in points.</summary>
    public double Width(double size) => Glyphs.Sum(g => (double)g.XAdvance) * size / UnitsPerEm;

    /// <summary>
    /// The glyphs grouped by cluster, each with the text it stands for: the unit for text extraction, since a
    /// shaped cluster may have more glyphs than characters (SARA AM becomes NIKHAHIT + SARA AA) or reorder them.
    /// </summary>
    public IEnumerable<(string Text, ShapedGlyph[] Glyphs)> Clusters()
    {
        var starts = Glyphs.Select(g => g.Cluster).Distinct().Order().ToList();
        var i = 0;
        while (i < Glyphs.Count)
        {
            var cluster = Glyphs[i].Cluster;
            var j = i;
            while (j < Glyphs.Count && Glyphs[j].Cluster == cluster) j++;
            var next = starts.FirstOrDefault(s => s > cluster, Text.Length);
            yield return (Text[cluster..next], Glyphs.Skip(i).Take(j - i).ToArray());
            i = j;
        }
    }
}
