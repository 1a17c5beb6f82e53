using System.Text;
using Gateway.Evidence;

namespace Gateway.Evidence.Tests;

/// <summary>Policies per service and request kind, their checks against the catalogue, and grading at both levels.</summary>
public sealed class MethodPolicyTests
{
    private const string Policy = """
        {
          "version": "policy-7",
          "services": [
            { "serviceId": "svc.standard", "minimum": { "channel": "standard", "authentication": "standard", "identity_proofing": "standard", "signature": "standard" } },
            { "serviceId": "svc.standard", "requestKind": "NOTIFICATION", "minimum": { "channel": "initial" } },
            { "serviceId": "*", "minimum": { "channel": "initial", "signature": "initial" } }
          ]
        }
        """;

    private static MethodPolicy Parse(string json) => MethodPolicy.Parse(Encoding.UTF8.GetBytes(json), "policy.json");

    private static readonly StepMethod Channel = new("channel", "gateway-grpc-api", "standard", MethodBasis.Observed);
    private static readonly StepMethod Tls = new("authentication", "tls-client-certificate", "standard", MethodBasis.Observed);
    private static readonly StepMethod DigitalId = new("identity_proofing", "digital-id:dga", null, MethodBasis.Claimed, "IAL2.3");
    private static readonly StepMethod S28 = new("signature", "s26-s28-certificate-based", "standard", MethodBasis.Observed);
    private static readonly StepMethod S9 = new("signature", "s9-electronic-signature", "initial", MethodBasis.Observed);

    [Fact]
    public void The_most_specific_rule_applies()
    {
        var policy = Parse(Policy);
        Assert.Equal("policy-7", policy.Version);
        Assert.Equal(4, policy.Find("svc.standard", "PERMIT")!.Minimum.Count);
        Assert.Single(policy.Find("svc.standard", "NOTIFICATION")!.Minimum);
        Assert.Equal("*", policy.Find("other", "PERMIT")!.ServiceId);
        Assert.Empty(policy.Check(MethodCatalogue.Default, "policy.json"));
        Assert.Null(Parse("""{"version":"1","services":[{"serviceId":"a","minimum":{}}]}""").Find("b", null));
    }

    [Fact]
    public void A_case_at_standard_level_meets_a_standard_policy()
    {
        var grade = MethodGrader.Grade(MethodCatalogue.Default, [Channel, Tls, DigitalId, S28], Parse(Policy).Find("svc.standard", "PERMIT"), "policy-7");
        Assert.True(grade.Met);
        Assert.Equal("standard", grade.Level);
        Assert.Equal("policy-7", grade.PolicyVersion);
        Assert.Equal(MethodCatalogue.Default.Version, grade.CatalogueVersion);
        var identity = grade.Steps.Single(s => s.Step == "identity_proofing");
        Assert.Equal(MethodBasis.Claimed, identity.Basis);
        Assert.Equal("standard", identity.Level);
    }

    [Fact]
    public void A_case_at_initial_level_meets_an_initial_policy_but_not_a_standard_one()
    {
        var facts = new[] { Channel with { Method = "agency-central-email" }, S9 };
        var initial = MethodGrader.Grade(MethodCatalogue.Default, facts, Parse(Policy).Find("x", null), "policy-7");
        Assert.True(initial.Met);
        Assert.Equal("initial", initial.Level);

        var standard = MethodGrader.Grade(MethodCatalogue.Default, facts, Parse(Policy).Find("svc.standard", "PERMIT"), "policy-7");
        Assert.False(standard.Met);
        Assert.Null(standard.Level);
        Assert.Equal(["channel", "identity_proofing", "authentication", "signature"], standard.Unmet.Select(s => s.Step));
        Assert.Null(standard.Unmet.Single(s => s.Step == "identity_proofing").Method);
        Assert.Equal("initial", standard.Unmet.Single(s => s.Step == "signature").Level);
    }

    [Fact]
    public void A_mixed_case_lists_only_the_steps_below_the_minimum_and_its_level_is_the_lowest()
    {
        var grade = MethodGrader.Grade(MethodCatalogue.Default, [Channel, Tls, DigitalId, S9], Parse(Policy).Find("svc.standard", "PERMIT"), "policy-7");
        Assert.Equal(["signature"], grade.Unmet.Select(s => s.Step));
        Assert.Equal("initial", grade.Level);

        var unpoliced = MethodGrader.Grade(MethodCatalogue.Default, [Channel, Tls, S9, S28]);
        Assert.True(unpoliced.Met);
        Assert.Equal("standard", unpoliced.Level);
        Assert.Equal("s26-s28-certificate-based", unpoliced.Steps.Single(s => s.Step == "signature").Method);
    }

    [Fact]
    public void A_claim_never_counts_at_a_step_the_gateway_observes_nor_over_an_observed_fact()
    {
        var claimedSignature = new StepMethod("signature", "s26-s28-certificate-based", "standard", MethodBasis.Claimed);
        var rule = Parse(Policy).Find("svc.standard", "PERMIT");

        var ignored = MethodGrader.Grade(MethodCatalogue.Default, [Channel, Tls, DigitalId, claimedSignature], rule, observableSteps: new HashSet<string> { "signature" });
        Assert.Equal(["signature"], ignored.Unmet.Select(s => s.Step));
        Assert.Null(ignored.Steps.Single(s => s.Step == "signature").Method);

        var outranked = MethodGrader.Grade(MethodCatalogue.Default, [Channel, Tls, DigitalId, S9, claimedSignature], rule);
        var signature = outranked.Steps.Single(s => s.Step == "signature");
        Assert.Equal(MethodBasis.Observed, signature.Basis);
        Assert.Equal("initial", signature.Level);
    }

    [Fact]
    public void An_unknown_method_reaches_no_level()
    {
        var grade = MethodGrader.Grade(MethodCatalogue.Default, [Channel with { Method = "fax" }], Parse(Policy).Find("x", null));
        Assert.False(grade.Unmet.Single(s => s.Step == "channel").Met);
        Assert.Null(grade.Level);
    }

    [Fact]
    public void Policy_rules_are_checked_against_the_catalogue_with_paths()
    {
        var policy = Parse("""
            {"version":"1","services":[
              {"serviceId":"a","minimum":{"channel":"gold","teleport":"initial"}},
              {"serviceId":"a","minimum":{}},
              {"serviceId":"b","minimum":{"fee_payment":"standard","identity_proofing":"initial"}}
            ]}
            """);
        var problems = policy.Check(MethodCatalogue.Default, "policy.json");
        Assert.Equal(["$.services[0].minimum['channel']", "$.services[0].minimum['teleport']", "$.services[1]"], problems.Select(p => p.JsonPath));
        Assert.All(problems, p => Assert.StartsWith("policy.json (", p.Message));
    }

    [Fact]
    public void Syntax_errors_in_a_policy_name_the_line()
    {
        var e = Assert.Throws<MethodConfigurationException>(() => Parse("{\n  \"version\": \"1\",\n  \"services\": [\n    { \"serviceId\": \"a\", \"minimun\": {} }\n  ]\n}"));
        Assert.Equal(4, e.Line);
        Assert.StartsWith("policy.json:4:", e.Message);

        var path = Path.Combine(Path.GetTempPath(), $"policy-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{\"version\":\"1\",\"services\":[{\"serviceId\":\"a\",\"minimum\":{\"channel\":\"gold\"}}]}");
        try
        {
            var rule = Assert.Throws<MethodConfigurationException>(() => MethodPolicy.Load(path, MethodCatalogue.Default));
            Assert.Contains("gold", rule.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
