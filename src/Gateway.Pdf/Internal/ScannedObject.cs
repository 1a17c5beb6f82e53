namespace Gateway.Pdf.Internal;

/// <summary>An "N G obj" header found by scanning, at <see cref="Offset"/> (of N).</summary>
internal readonly record struct ScannedObject(int Number, int Generation, long Offset);
