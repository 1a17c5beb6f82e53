using System.Text;
using Gateway.Pdf.Internal;

namespace Gateway.Pdf.Tests;

public sealed class ObjectTests
{
    private static PdfObject Parse(string text) =>
        new ObjectParser(new Lexer(Encoding.Latin1.GetBytes(text)), 256).ParseObject();

    private static string Write(PdfObject obj) => Encoding.Latin1.GetString(PdfWriter.ToBytes(obj));

    [Theory]
    [InlineData("+.5", 0.5)]
    [InlineData("-3.", -3.0)]
    [InlineData("-.002", -0.002)]
    [InlineData("4.", 4.0)]
    public void Reals_in_all_their_spellings(string text, double expected) =>
        Assert.Equal(expected, Assert.IsType<PdfReal>(Parse(text)).Value, 10);

    [Theory]
    [InlineData("123", 123)]
    [InlineData("+17", 17)]
    [InlineData("-98", -98)]
    [InlineData("0043", 43)]
    public void Integers(string text, long expected) => Assert.Equal(expected, Assert.IsType<PdfInteger>(Parse(text)).Value);

    [Fact]
    public void Reals_are_written_without_exponent_in_the_invariant_culture()
    {
        Assert.Equal("0.0000001", Write(new PdfReal(1e-7)));
        Assert.Equal("12345678901234600000.0", Write(new PdfReal(1.2345678901234567e19)));
        Assert.Equal("-2.5", Write(new PdfReal(-2.5)));
        Assert.Equal("3.0", Write(new PdfReal(3)));
    }

    [Fact]
    public void Literal_strings_with_escapes_nested_parentheses_and_line_continuations()
    {
        var text = Assert.IsType<PdfString>(Parse("(a (nested (twice)) \\(x\\) \\n\\t\\\\ \\101\\0613 split\\\nline\r\nend)"));
        Assert.Equal("a (nested (twice)) (x) \n\t\\ A13 splitline\nend", Encoding.Latin1.GetString(text.Bytes));
        Assert.False(text.Hex);
    }

    [Fact]
    public void Hex_strings_ignore_whitespace_and_pad_an_odd_digit()
    {
        var text = Assert.IsType<PdfString>(Parse("<48 65 6c\n6C 6F7>"));
        Assert.Equal([0x48, 0x65, 0x6C, 0x6C, 0x6F, 0x70], text.Bytes);
        Assert.True(text.Hex);
        Assert.Equal("<48656C6C6F70>", Write(text));
    }

    [Fact]
    public void Names_with_number_sign_escapes_round_trip()
    {
        var name = Assert.IsType<PdfName>(Parse("/A#20B#23C"));
        Assert.Equal("A B#C", name.Value);
        Assert.Equal("/A#20B#23C", Write(name));
        Assert.Equal("/Paired#28#29", Write(new PdfName("Paired()")));
        Assert.Equal(new PdfName("A B#C"), Parse(Write(name)));
    }

    [Fact]
    public void Containers_references_and_comments()
    {
        var dictionary = Assert.IsType<PdfDictionary>(Parse("<< /Kids [1 0 R 2 0 R] % a comment\n /Count 2 /Nested << /A [1 2 [3]] /Null null >> /Flag true >>"));
        var kids = Assert.IsType<PdfArray>(dictionary["Kids"]);
        Assert.Equal([new PdfReference(1), new PdfReference(2)], kids.Cast<PdfReference>());
        Assert.Equal(2, Assert.IsType<PdfInteger>(dictionary["Count"]).Value);
        var nested = Assert.IsType<PdfDictionary>(dictionary["Nested"]);
        Assert.False(nested.ContainsKey("Null"));
        Assert.Same(PdfBoolean.True, dictionary["Flag"]);
        Assert.Equal("<</Kids [1 0 R 2 0 R]/Count 2/Nested <</A [1 2 [3]]>>/Flag true>>", Write(dictionary));
    }

    [Fact]
    public void Writing_then_reading_gives_the_same_text_again()
    {
        var original = new PdfDictionary
        {
            ["Type"] = new PdfName("Annot"),
            ["Rect"] = new PdfArray { new PdfInteger(0), new PdfReal(1.5), new PdfInteger(-3), new PdfReal(0.25) },
            ["T"] = new PdfString(Encoding.Latin1.GetBytes("Sig (1)\\\r\n\u00e9")),
            ["P"] = new PdfReference(12, 3),
            ["Blob"] = new PdfString([0, 1, 255], hex: true),
            ["Off"] = PdfBoolean.False,
        };
        var written = Write(original);
        Assert.Equal(written, Write(Parse(written)));
        Assert.Equal(original.Get("T") is PdfString s ? s.Bytes : null, ((PdfString)((PdfDictionary)Parse(written))["T"]!).Bytes);
    }

    [Fact]
    public void Dictionaries_keep_insertion_order_and_null_removes()
    {
        var dictionary = new PdfDictionary { ["B"] = new PdfInteger(1), ["A"] = new PdfInteger(2) };
        dictionary["C"] = new PdfInteger(3);
        dictionary["B"] = null;
        Assert.Equal(["A", "C"], dictionary.Select(e => e.Key.Value));
        var clone = dictionary.Clone();
        clone["D"] = PdfNull.Instance;
        Assert.Equal(2, dictionary.Count);
        Assert.Equal(3, clone.Count);
    }

    [Fact]
    public void Thai_text_goes_to_UTF16BE_with_a_byte_order_mark_and_back()
    {
        const string thai = "หนังสือราชการ ที่ นร ๐๑๐๕/๑๒๓";
        var text = PdfString.FromText(thai);
        Assert.Equal([0xFE, 0xFF], text.Bytes[..2]);
        Assert.Equal(thai, text.ToText());
        Assert.Equal(thai, ((PdfString)Parse(Write(text))).ToText());
    }

    [Fact]
    public void Latin_text_uses_PDFDocEncoding()
    {
        var text = PdfString.FromText("Caf\u00e9 \u2014 \u20ac5");
        Assert.Equal([0x43, 0x61, 0x66, 0xE9, 0x20, 0x84, 0x20, 0xA0, 0x35], text.Bytes);
        Assert.Equal("Caf\u00e9 \u2014 \u20ac5", text.ToText());
    }

    [Fact]
    public void Streams_get_their_length_from_the_data()
    {
        var stream = new PdfStream(new PdfDictionary { ["Length"] = new PdfInteger(999) }, Encoding.ASCII.GetBytes("abc"));
        Assert.Equal("<</Length 3>>\nstream\nabc\nendstream", Write(stream));
        Assert.Equal(999, ((PdfInteger)stream.Dictionary["Length"]!).Value);
    }

    [Fact]
    public void Name_and_reference_equality_is_by_value()
    {
        Assert.Equal(new PdfName("Type"), PdfName.Type);
        Assert.True(new PdfReference(4, 1) == new PdfReference(4, 1));
        Assert.NotEqual(new PdfReference(4, 1), new PdfReference(4, 0));
    }

    [Theory]
    [InlineData("(unterminated")]
    [InlineData("<4G>")]
    [InlineData("<< /A >>")]
    [InlineData("<< 1 2 >>")]
    [InlineData("[1 2")]
    [InlineData("bogus")]
    [InlineData(")")]
    [InlineData("")]
    public void Malformed_syntax_is_a_format_exception(string text) => Assert.Throws<PdfFormatException>(() => Parse(text));
}
