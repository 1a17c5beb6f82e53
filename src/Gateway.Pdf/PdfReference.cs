namespace Gateway.Pdf;

public sealed class PdfReference : PdfObject, IEquatable<PdfReference>
{
    public PdfReference(int number, int generation = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        ArgumentOutOfRangeException.ThrowIfNegative(generation);
        Number = number;
        Generation = generation;
    }

    public int Number { get; }

    public int Generation { get; }

    public bool Equals(PdfReference? other) => other is not null && other.Number == Number && other.Generation == Generation;

    public override bool Equals(object? obj) => Equals(obj as PdfReference);

    public override int GetHashCode() => HashCode.Combine(Number, Generation);

    public static bool operator ==(PdfReference? left, PdfReference? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(PdfReference? left, PdfReference? right) => !(left == right);
}
