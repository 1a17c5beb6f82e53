using System.Text;
using System.Text.RegularExpressions;
using Gateway.Crypto;
using Gateway.Pdf;

namespace Gateway.Validation.Tests;

/// <summary>
/// Universal signature forgery and signature wrapping (PADES-NOTES): each attack is built here from one of our
/// own valid signatures by editing bytes in place or appending a revision, and must never come out TOTAL_PASSED.
/// </summary>
public sealed partial class ByteRangeAttackTests(ValidationFixture fixture) : IClassFixture<ValidationFixture>
{
    private byte[] Signed => (byte[])fixture.Signed["a-BaselineB"].Clone();

    [Fact]
    public async Task The_untouched_document_passes_the_same_checks()
    {
        var signature = Assert.Single((await Validate(Signed)).Signatures);
        Assert.True(signature.Integrity);
        Assert.Null(signature.Errors.FirstOrDefault(e => e.Contains("ByteRange", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_missing_ByteRange_is_a_format_failure()
    {
        var pdf = Replace(Signed, "/ByteRange", "/ByteRangX");
        await AssertFailed(pdf, SubIndications.FormatFailure);
    }

    [Fact]
    public async Task A_ByteRange_that_signs_nothing_is_a_format_failure()
    {
        var pdf = RewriteByteRange(Signed, _ => [0, 0, 0, 0]);
        await AssertFailed(pdf, SubIndications.FormatFailure);
    }

    [Fact]
    public async Task A_gap_wider_than_the_Contents_string_is_a_format_failure()
    {
        // Signature wrapping: bytes moved into the unsigned gap next to /Contents would be free to change.
        var pdf = RewriteByteRange(Signed, r => [r[0], r[1] - 16, r[2], r[3]]);
        await AssertFailed(pdf, SubIndications.FormatFailure);
    }

    [Fact]
    public async Task A_ByteRange_that_stops_before_the_end_of_its_revision_is_a_format_failure()
    {
        var pdf = RewriteByteRange(Signed, r => [r[0], r[1], r[2], r[3] - 40]);
        await AssertFailed(pdf, SubIndications.FormatFailure);
    }

    [Fact]
    public async Task A_ByteRange_past_the_end_of_the_file_is_a_format_failure()
    {
        var pdf = RewriteByteRange(Signed, r => [r[0], r[1], r[2] + 10, r[3]]);
        await AssertFailed(pdf, SubIndications.FormatFailure);
    }

    [Fact]
    public async Task Contents_that_hold_no_CMS_are_no_signature_and_fail_the_document()
    {
        var pdf = Signed;
        var match = ContentsHex().Match(Encoding.Latin1.GetString(pdf));
        Encoding.ASCII.GetBytes(new string('0', match.Groups[1].Length)).CopyTo(pdf, match.Groups[1].Index);

        var report = await Validate(pdf);

        Assert.Empty(report.Signatures);
        Assert.Single(report.UnreadableSignatures);
        Assert.Equal("NO_SIGNATURE_FOUND", report.Summary);
        Assert.False(report.Passed);
    }

    [Fact]
    public async Task A_signature_dictionary_replaced_in_a_later_revision_is_not_the_one_judged()
    {
        var original = Signed;
        var document = PdfDocument.Open(original);
        var field = PdfSignatureFields.Find(document).Single();
        var replaced = field.Signature!.Clone();
        replaced["Reason"] = PdfString.FromText("swapped after signing");
        replaced["Contents"] = new PdfString(new byte[8], hex: true);
        var update = new PdfIncrementalUpdate(document);
        update.Replace(field.SignatureReference!, replaced);

        var report = await Validate(update.ToArray());

        Assert.NotEqual("TOTAL_PASSED", report.Summary);
        Assert.DoesNotContain(report.Signatures, s => s.Indication == Indication.TotalPassed);
    }

    [Fact]
    public async Task A_signed_byte_changed_breaks_integrity()
    {
        var pdf = Signed;
        var at = Encoding.Latin1.GetString(pdf).IndexOf("/MediaBox", StringComparison.Ordinal);
        pdf[at + 1] = (byte)'m';

        var signature = Assert.Single((await Validate(pdf)).Signatures);

        Assert.Equal(Indication.TotalFailed, signature.Indication);
        Assert.Equal(SubIndications.HashFailure, signature.SubIndication);
        Assert.False(signature.Integrity);
        Assert.Equal(LegalTiers.None, signature.LegalTier);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(5000)]
    public async Task Truncated_or_garbage_input_gives_a_report_not_an_exception(int keep)
    {
        var pdf = Signed.Take(keep).ToArray();
        var report = await Validate(pdf);
        Assert.False(report.Passed);

        var garbage = new byte[4096];
        new Random(keep).NextBytes(garbage);
        Assert.False((await Validate(garbage)).Passed);
        Assert.False((await fixture.Validator(online: false).ValidateCmsAsync(garbage, garbage)).Passed);
    }

    private Task<ValidationReport> Validate(byte[] pdf) => fixture.Validator(online: false).ValidatePdfAsync(pdf);

    private async Task AssertFailed(byte[] pdf, string subIndication)
    {
        var report = await Validate(pdf);
        var signature = Assert.Single(report.Signatures);
        Assert.Equal(Indication.TotalFailed, signature.Indication);
        Assert.Equal(subIndication, signature.SubIndication);
        Assert.False(signature.Integrity);
        Assert.Equal("TOTAL_FAILED", report.Summary);
    }

    /// <summary>Writes a new ByteRange over the old one, padded with spaces to the same length so that no offset moves.</summary>
    private static byte[] RewriteByteRange(byte[] pdf, Func<long[], long[]> change)
    {
        var text = Encoding.Latin1.GetString(pdf);
        var match = ByteRange().Match(text);
        var values = change([.. match.Groups.Values.Skip(1).Select(g => long.Parse(g.Value))]);
        var replacement = $"/ByteRange [{string.Join(' ', values)}]";
        Assert.True(replacement.Length <= match.Length, "the new ByteRange must fit in place");
        Encoding.ASCII.GetBytes(replacement.PadRight(match.Length)).CopyTo(pdf, match.Index);
        return pdf;
    }

    private static byte[] Replace(byte[] pdf, string from, string to)
    {
        var at = Encoding.Latin1.GetString(pdf).IndexOf(from, StringComparison.Ordinal);
        Encoding.ASCII.GetBytes(to).CopyTo(pdf, at);
        return pdf;
    }

    [GeneratedRegex(@"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]")]
    private static partial Regex ByteRange();

    [GeneratedRegex(@"/Contents\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex ContentsHex();
}
