using System.Text;
using Gateway.Exchange.Internal;

namespace Gateway.Exchange.Tests;

public sealed class MediaTypeSnifferTests
{
    [Theory]
    [InlineData("application/pdf", "%PDF-1.7\n", true)]
    [InlineData("application/pdf", "garbage before the header is allowed %PDF-1.4", true)]
    [InlineData("application/pdf", "MZ\u0090\u0000", false)]
    [InlineData("application/xml", "\uFEFF  <?xml version=\"1.0\"?><a/>", true)]
    [InlineData("application/xml", "{\"a\":1}", false)]
    [InlineData("application/json", " \n[1,2]", true)]
    [InlineData("application/json", "<a/>", false)]
    [InlineData("text/plain", "สวัสดี plain text", true)]
    [InlineData("application/octet-stream", "\u0000\u0001anything", true)]
    public void Content_is_checked_against_its_label(string mediaType, string text, bool expected)
    {
        Assert.Equal(expected, MediaTypeSniffer.Matches(mediaType, Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Binary_signatures_are_recognised()
    {
        Assert.True(MediaTypeSniffer.Matches("image/png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]));
        Assert.False(MediaTypeSniffer.Matches("image/png", "%PDF-1.7"u8));
        Assert.True(MediaTypeSniffer.Matches("image/jpeg", [0xFF, 0xD8, 0xFF, 0xE0]));
        Assert.True(MediaTypeSniffer.Matches("application/zip", "PK\x03\x04rest"u8));
        Assert.False(MediaTypeSniffer.Matches("text/plain", [0x41, 0x00, 0x42]));
        Assert.False(MediaTypeSniffer.Matches("text/plain", [0xC3, 0x28, 0x41, 0x41, 0x41, 0x41]));
    }

    [Fact]
    public void Text_cut_inside_a_multibyte_character_still_counts_as_text()
    {
        var thai = Encoding.UTF8.GetBytes("ภาษาไทย");
        Assert.True(MediaTypeSniffer.Matches("text/plain", thai.AsSpan(0, thai.Length - 1)));
    }
}
