using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Gateway.EvidenceLog;

namespace Gateway.Server.Internal.VerificationPage;

/// <summary>
/// GET /verify/api/trust: what a verifier needs to check this gateway's artefacts offline, now and after key
/// rotations: every seal certificate whose receipts are the gateway's (current first) and every key the evidence
/// log has signed checkpoints with (current first). Public material only.
/// </summary>
internal static class PublishedTrust
{
    public static JsonObject Of(GatewayKeys keys, EvidenceLogStore log) => new()
    {
        ["sealCertificates"] = new JsonArray([.. keys.SealCertificates.Select((c, i) => (JsonNode)new JsonObject
        {
            ["current"] = i == 0,
            ["subject"] = c.Subject,
            ["serialNumber"] = c.SerialNumber,
            ["notAfter"] = c.NotAfter.ToUniversalTime().ToString("O"),
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(c.RawData)),
            ["pem"] = c.ExportCertificatePem(),
        })]),
        ["log"] = new JsonObject
        {
            ["origin"] = log.Origin,
            ["verifierKeys"] = new JsonArray([.. new[] { log.VerifierKey }.Concat(log.PreviousVerifierKeys).Select(k => (JsonNode)k!)]),
        },
    };
}
