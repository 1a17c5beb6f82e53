using Gateway.Server.Internal;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Gateway.Server.Tests;

public sealed class SecurityAuditTests
{
    private const string Method = "/gateway.v1.Exchange/Submit";
    private readonly ManualClock _clock = new();
    private readonly CapturedLogger _log = new();

    private SecurityAudit Audit() => new(_log, _clock);

    [Fact]
    public void Anonymous_refusals_from_one_address_are_written_once_a_minute_with_how_many_were_left_out()
    {
        var audit = Audit();
        for (var i = 0; i < 5; i++) audit.Record(Method, StatusCode.Unauthenticated, ServerReasons.ClientCertificateRequired, null, null, "10.0.0.1");
        // Another address is another key.
        audit.Record(Method, StatusCode.Unauthenticated, ServerReasons.ClientCertificateRequired, null, null, "10.0.0.2");
        _clock.Advance(SecurityAudit.CondenseWindow);
        audit.Record(Method, StatusCode.Unauthenticated, ServerReasons.ClientCertificateRequired, null, null, "10.0.0.1");

        var records = _log.Records.ToList();
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.Equal(LogLevel.Warning, r.Level));
        Assert.Equal(["10.0.0.1", "10.0.0.2", "10.0.0.1"], records.Select(r => (string)r.Fields["Peer"]!));
        Assert.Equal([0L, 0L, 4L], records.Select(r => (long)r.Fields["Condensed"]!));
        Assert.Equal(ServerReasons.ClientCertificateRequired, records[0].Fields["Reason"]);
        Assert.Equal(Method, records[0].Fields["Method"]);
    }

    [Fact]
    public void An_authenticated_agency_s_refusals_are_all_written_but_its_throttling_is_condensed()
    {
        var audit = Audit();
        for (var i = 0; i < 3; i++) audit.Record(Method, StatusCode.PermissionDenied, "NOT_A_PARTY", "agency-a", null, "10.0.0.1");
        for (var i = 0; i < 3; i++) audit.Record(Method, StatusCode.ResourceExhausted, ServerReasons.RateLimited, "agency-a", null, "10.0.0.1");

        var records = _log.Records.ToList();
        Assert.Equal(4, records.Count);
        Assert.Equal(3, records.Count(r => (string)r.Fields["Reason"]! == "NOT_A_PARTY" && (string)r.Fields["Agency"]! == "agency-a"));
        Assert.Equal(LogLevel.Information, Assert.Single(records, r => (string)r.Fields["Reason"]! == ServerReasons.RateLimited).Level);
    }
}
