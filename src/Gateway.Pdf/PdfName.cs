namespace Gateway.Pdf;

/// <summary>A name object. <see cref="Value"/> has no slash and no #xx escapes; the writer adds them where needed.</summary>
public sealed class PdfName : PdfObject, IEquatable<PdfName>
{
    public static readonly PdfName Type = new("Type");
    public static readonly PdfName Subtype = new("Subtype");
    public static readonly PdfName Filter = new("Filter");
    public static readonly PdfName DecodeParms = new("DecodeParms");
    public static readonly PdfName Length = new("Length");
    public static readonly PdfName Root = new("Root");
    public static readonly PdfName Info = new("Info");
    public static readonly PdfName ID = new("ID");
    public static readonly PdfName Encrypt = new("Encrypt");
    public static readonly PdfName Size = new("Size");
    public static readonly PdfName Prev = new("Prev");
    public static readonly PdfName Index = new("Index");
    public static readonly PdfName W = new("W");
    public static readonly PdfName XRef = new("XRef");
    public static readonly PdfName XRefStm = new("XRefStm");
    public static readonly PdfName ObjStm = new("ObjStm");
    public static readonly PdfName N = new("N");
    public static readonly PdfName First = new("First");
    public static readonly PdfName Catalog = new("Catalog");
    public static readonly PdfName Pages = new("Pages");
    public static readonly PdfName Page = new("Page");
    public static readonly PdfName Kids = new("Kids");
    public static readonly PdfName Count = new("Count");
    public static readonly PdfName Parent = new("Parent");
    public static readonly PdfName MediaBox = new("MediaBox");
    public static readonly PdfName Contents = new("Contents");
    public static readonly PdfName Resources = new("Resources");
    public static readonly PdfName Annots = new("Annots");
    public static readonly PdfName AcroForm = new("AcroForm");
    public static readonly PdfName Fields = new("Fields");
    public static readonly PdfName SigFlags = new("SigFlags");
    public static readonly PdfName Sig = new("Sig");
    public static readonly PdfName FT = new("FT");
    public static readonly PdfName V = new("V");
    public static readonly PdfName T = new("T");
    public static readonly PdfName ByteRange = new("ByteRange");
    public static readonly PdfName SubFilter = new("SubFilter");
    public static readonly PdfName M = new("M");
    public static readonly PdfName Perms = new("Perms");
    public static readonly PdfName DSS = new("DSS");
    public static readonly PdfName FlateDecode = new("FlateDecode");
    public static readonly PdfName Predictor = new("Predictor");
    public static readonly PdfName Columns = new("Columns");

    public PdfName(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    public string Value { get; }

    public bool Equals(PdfName? other) => other is not null && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as PdfName);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public static bool operator ==(PdfName? left, PdfName? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(PdfName? left, PdfName? right) => !(left == right);
}
