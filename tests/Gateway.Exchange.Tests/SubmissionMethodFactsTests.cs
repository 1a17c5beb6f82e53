using Gateway.Evidence;
using Gateway.Exchange.Internal;

namespace Gateway.Exchange.Tests;

/// <summary>What the gateway records of a submission: facts it observed, graded by the catalogue, and claims as claims.</summary>
public sealed class SubmissionMethodFactsTests
{
    private static readonly ReceiptParty Sender = new("agency-a", new PartyCertificate("CN=agency-a", "CN=Issuing CA", "01", new string('a', 64)));

    [Fact]
    public void A_claim_is_never_recorded_as_observed_whatever_basis_the_caller_gave_it()
    {
        var forged = new StepMethod("signature", "s26-s28-certificate-based", "standard", MethodBasis.Observed);
        var recorded = Assert.Single(SubmissionMethodFacts.Claims([forged]));
        Assert.Equal(MethodBasis.Claimed, recorded.Basis);
        Assert.Equal(forged with { Basis = MethodBasis.Claimed }, recorded);
    }

    [Fact]
    public void Observed_facts_come_from_the_certificate_the_signatures_and_the_time_stamp_authority()
    {
        ValidatedSignature[] signatures =
        [
            new("TOTAL_PASSED", true, false, "S26_S28_CERTIFICATE_BASED", Signer: "CN=ผู้ลงนาม", FieldName: "Signature1"),
            new("TOTAL_PASSED", true, false, "S9_ELECTRONIC_SIGNATURE", FieldName: "Signature2"),
            new("TOTAL_FAILED", false, false, "NONE", "HASH_FAILURE", FieldName: "Signature3"),
        ];
        var facts = SubmissionMethodFacts.Observed(MethodCatalogue.Default, Sender, signatures, "https://tsa.example", documentReceived: true, logged: true);

        Assert.All(facts, f => Assert.Equal(MethodBasis.Observed, f.Basis));
        var authentication = Assert.Single(facts, f => f.Step == "authentication");
        Assert.Equal(("tls-client-certificate", "standard"), (authentication.Method, authentication.Level));
        Assert.Contains("CN=Issuing CA", authentication.Detail);
        Assert.Contains(new string('a', 64), authentication.Detail);
        Assert.Equal(["s26-s28-certificate-based", "s9-electronic-signature"], facts.Where(f => f.Step == "signature").Select(f => f.Method));
        Assert.Equal(["standard", "initial"], facts.Where(f => f.Step == "signature").Select(f => f.Level));
        Assert.Contains("https://tsa.example", Assert.Single(facts, f => f.Step == "timestamp").Detail);
        Assert.Single(facts, f => f.Step == "archiving");

        var development = SubmissionMethodFacts.Authentication(MethodCatalogue.Default, new ReceiptParty("agency-a"));
        Assert.Equal("development-header", development.Method);
        Assert.Null(development.Level);
    }
}
