using Gateway.Crypto;
using Gateway.Server.Internal.VerificationPage;

namespace Gateway.Server.Tests;

/// <summary>The verification page's rules that need no gateway: what an upload is, which colour a verdict is, how a time reads in Thai.</summary>
public sealed class VerificationPageRulesTests
{
    [Theory]
    [InlineData("%PDF-1.7\n", UploadKinds.Pdf)]
    [InlineData("\n\n%PDF-1.4", UploadKinds.Pdf)]
    [InlineData("PK\u0003\u0004rest", UploadKinds.Case)]
    [InlineData("hello", null)]
    [InlineData("{\"receiptId\":1}", null)]
    public void Uploads_are_told_apart_by_their_first_bytes(string start, string? kind) =>
        Assert.Equal(kind, UploadKinds.Sniff(System.Text.Encoding.Latin1.GetBytes(start)));

    [Fact]
    public void A_DER_sequence_with_a_long_length_is_a_CMS() =>
        Assert.Equal(UploadKinds.Cms, UploadKinds.Sniff([0x30, 0x82, 0x10, 0x00, 0x06, 0x09]));

    [Fact]
    public void Green_only_when_everything_passed_red_when_anything_failed_amber_otherwise()
    {
        Assert.Equal(Verdict.Green, Verdicts.Of([Indication.TotalPassed, Indication.TotalPassed]));
        Assert.Equal(Verdict.Red, Verdicts.Of([Indication.TotalPassed, Indication.TotalFailed, Indication.Indeterminate]));
        Assert.Equal(Verdict.Amber, Verdicts.Of([Indication.TotalPassed, Indication.Indeterminate]));
        Assert.Equal(Verdict.Amber, Verdicts.Of([]));
    }

    [Theory]
    [InlineData(Indication.TotalFailed, SubIndications.HashFailure, "changed after it was signed")]
    [InlineData(Indication.TotalFailed, SubIndications.SigCryptoFailure, "signature value is wrong")]
    [InlineData(Indication.TotalFailed, SubIndications.SigConstraintsFailure, "changed after signing")]
    [InlineData(Indication.Indeterminate, SubIndications.NoCertificateChainFound, "cannot be confirmed")]
    [InlineData(Indication.Indeterminate, SubIndications.TryLater, "try again later")]
    [InlineData(Indication.Indeterminate, SubIndications.OutOfBoundsNoPoe, "expired")]
    [InlineData(Indication.TotalPassed, null, "is valid")]
    public void Common_outcomes_are_explained_in_Thai_and_English(Indication indication, string? subIndication, string english)
    {
        var explanation = Explanations.For(indication, subIndication, modifiedAfterSigning: false);
        Assert.Contains(english, explanation.English);
        Assert.Matches("[\u0E00-\u0E7F]", explanation.Thai);
    }

    [Fact]
    public void Times_read_in_the_Buddhist_era_and_Bangkok_time()
    {
        var time = new DateTimeOffset(2026, 11, 26, 20, 30, 5, TimeSpan.Zero);
        // 20:30 UTC is 03:30 the next morning in Bangkok.
        Assert.Equal("27 พฤศจิกายน พ.ศ. 2569 เวลา 03:30:05 น.", ThaiCalendar.Format(time));
        Assert.Equal("2026-11-26T20:30:05Z", ThaiCalendar.Iso(time));
    }
}
