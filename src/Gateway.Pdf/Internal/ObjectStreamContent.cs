namespace Gateway.Pdf.Internal;

/// <summary>A decoded object stream (ISO 32000-1 7.5.7): the object numbers, their offsets after /First, and the objects once parsed.</summary>
internal sealed class ObjectStreamContent
{
    private readonly WorkBudget _work;

    private ObjectStreamContent(int number, byte[] data, int first, int[] numbers, int[] offsets, WorkBudget work)
    {
        _work = work;
        Number = number;
        Data = data;
        First = first;
        Numbers = numbers;
        Offsets = offsets;
        Parsed = new PdfObject?[numbers.Length];
    }

    public int Number { get; }
    public byte[] Data { get; }
    public int First { get; }
    public int[] Numbers { get; }
    public int[] Offsets { get; }
    public PdfObject?[] Parsed { get; }

    public static ObjectStreamContent Parse(PdfStream stream, int number, Func<PdfObject?, PdfObject> resolve, PdfReadOptions options, WorkBudget work)
    {
        var where = $"in object stream {number}";
        var dictionary = stream.Dictionary;
        if (!dictionary[PdfName.Type].IsName(PdfName.ObjStm)) throw new PdfFormatException($"object {number} is not an object stream");
        var data = StreamDecoder.Decode(stream, resolve, options.MaxDecodedStreamBytes, where);
        if (resolve(dictionary[PdfName.N]) is not PdfInteger { Value: >= 0 } n || n.Value > data.Length / 4 + 1
            || resolve(dictionary[PdfName.First]) is not PdfInteger { Value: >= 0 } first || first.Value > data.Length)
            throw new PdfFormatException($"invalid /N or /First {where}");
        var count = (int)n.Value;
        var numbers = new int[count];
        var offsets = new int[count];
        var lexer = new Lexer(data, 0, (int)first.Value, where, work);
        for (var i = 0; i < count; i++)
        {
            var objectNumber = lexer.Next();
            var offset = lexer.Next();
            if (objectNumber.Kind != TokenKind.Integer || offset.Kind != TokenKind.Integer
                || objectNumber.Integer is < 0 or > int.MaxValue || offset.Integer < 0 || offset.Integer > data.Length - first.Value)
                throw lexer.Error($"invalid object stream header entry {i}");
            numbers[i] = (int)objectNumber.Integer;
            offsets[i] = (int)offset.Integer;
        }
        return new ObjectStreamContent(number, data, (int)first.Value, numbers, offsets, work);
    }

    /// <summary>The object at <paramref name="index"/> when the header agrees, else wherever the header lists it.</summary>
    public PdfObject? Get(int objectNumber, int index, int maxDepth)
    {
        if (index < 0 || index >= Numbers.Length || Numbers[index] != objectNumber)
        {
            index = Array.LastIndexOf(Numbers, objectNumber);
            if (index < 0) return null;
        }
        if (Parsed[index] is { } cached) return cached;
        var lexer = new Lexer(Data, First + Offsets[index], -1, $"in object stream {Number}, object {objectNumber}", _work);
        return Parsed[index] = new ObjectParser(lexer, maxDepth).ParseObject();
    }
}
