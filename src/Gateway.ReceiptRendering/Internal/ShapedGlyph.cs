namespace Gateway.ReceiptRendering.Internal;

/// <summary>
/// One glyph as HarfBuzz placed it, in font units: <see cref="Cluster"/> is the UTF-16 index in the run's text where
/// the characters it stands for begin; the offsets move the glyph from the pen position without moving the pen
/// (how GPOS puts a tone mark above an upper vowel, or shifts marks left on tall consonants such as ป).
/// </summary>
internal readonly record struct ShapedGlyph(int Glyph, int Cluster, int XAdvance, int XOffset, int YOffset);
