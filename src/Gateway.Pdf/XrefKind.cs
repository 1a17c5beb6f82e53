namespace Gateway.Pdf;

/// <summary>How a cross-reference section is stored: a classic "xref" table (7.5.4) or a cross-reference stream (7.5.8).</summary>
public enum XrefKind
{
    Table,
    Stream,
}
