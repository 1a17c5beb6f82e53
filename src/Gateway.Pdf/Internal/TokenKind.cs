namespace Gateway.Pdf.Internal;

internal enum TokenKind
{
    EndOfInput,
    Integer,
    Real,
    String,
    Name,
    ArrayStart,
    ArrayEnd,
    DictionaryStart,
    DictionaryEnd,
    Keyword,
}
