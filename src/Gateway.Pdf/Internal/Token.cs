namespace Gateway.Pdf.Internal;

internal readonly record struct Token(TokenKind Kind, int Start, long Integer = 0, double Real = 0, PdfObject? Value = null, string? Keyword = null)
{
    public bool IsKeyword(string keyword) => Kind == TokenKind.Keyword && Keyword == keyword;
}
