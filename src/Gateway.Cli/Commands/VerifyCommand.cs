using System.CommandLine;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Cli.Internal;
using Gateway.Crypto;
using Gateway.Evidence;

namespace Gateway.Cli.Commands;

/// <summary>
/// `gw verify receipt FILE --trust roots.pem [--json]`: offline, no server. Exit 0 valid, 1 invalid
/// (with the reason), 2 usage error.
/// </summary>
internal static class VerifyCommand
{
    private const long MaxReceiptBytes = 16 * 1024 * 1024;

    public static Command Create(CliConsole console)
    {
        var file = new Argument<FileInfo>("file") { Description = "The receipt (.p7s, DER CMS)" };
        var trust = new Option<FileInfo>("--trust") { Description = "Trust anchors: PEM file or folder of root certificates", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the verdict as JSON" };
        var sealPolicies = new Option<string[]>("--seal-policy") { Description = $"Certificate policy OID that marks a gateway seal (repeatable; default {CertificatePolicies.GatewayReceiptSeal})" };
        var seals = new Option<FileInfo[]>("--seal") { Description = "A gateway seal certificate (PEM or DER) to accept whatever its policies (repeatable)" };
        var receipt = new Command("receipt", "Verify a receipt (or a receipt bundle) offline; with --log, also its inclusion in the evidence log") { file, trust, json, sealPolicies, seals };
        var logCheck = new ReceiptLogCheck();
        logCheck.AddTo(receipt);
        receipt.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var path = parse.GetValue(file)!;
            var trustPath = parse.GetValue(trust)!;
            if (!path.Exists) throw new CliUsageException($"{path.FullName}: no such file");
            if (!trustPath.Exists && !Directory.Exists(trustPath.FullName)) throw new CliUsageException($"{trustPath.FullName}: no such trust file or folder");
            if (path.Length > MaxReceiptBytes) throw new CliUsageException($"{path.FullName}: {path.Length} bytes is too large for a receipt");
            var input = await ReceiptFile.ReadAsync(path.FullName, ct);

            var options = new ReceiptVerifierOptions
            {
                SealPolicies = parse.GetValue(sealPolicies) is { Length: > 0 } policies ? policies : ReceiptVerifierOptions.Default.SealPolicies,
                SealCertificates = [.. (parse.GetValue(seals) ?? []).Select(Sha256OfCertificate)],
            };
            var trustStore = TrustStore.Load(trustPath.FullName);
            var verdict = ReceiptVerifier.Verify(input.Der, trustStore, options);
            var log = await logCheck.RunAsync(parse, input, verdict, trustStore, ct);
            var valid = verdict.Valid && log?.Verdict.Valid != false;
            if (parse.GetValue(json))
            {
                var result = ToJson(verdict);
                ReceiptLogCheck.AddJson(result, log);
                result["valid"] = valid;
                await console.Out.WriteLineAsync(result.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                WriteText(console, path.Name, verdict);
                ReceiptLogCheck.WriteText(verdict.Valid ? console.Out : console.Error, log, verdict);
            }
            return valid ? GwCommand.Ok : GwCommand.Failed;
        }));
        return new Command("verify", "Verify artefacts") { receipt, VerifyPdfCommand.Create(console), CaseCommand.CreateVerify(console) };
    }

    private static string Sha256OfCertificate(FileInfo file)
    {
        if (!file.Exists) throw new CliUsageException($"{file.FullName}: no such seal certificate");
        using var certificate = X509CertificateLoader.LoadCertificateFromFile(file.FullName);
        return Convert.ToHexStringLower(SHA256.HashData(certificate.RawData));
    }

    private static void WriteText(CliConsole console, string name, ReceiptVerification verdict)
    {
        var output = verdict.Valid ? console.Out : console.Error;
        output.WriteLine($"{name}: {(verdict.Valid ? Terminal.Green(output, "VALID") : Terminal.Red(output, "INVALID"))} ({Indication(verdict)}{(verdict.SubIndication is { } s ? " / " + s : "")})");
        foreach (var error in verdict.AllErrors) output.WriteLine($"  ✗ {error}");
        foreach (var check in verdict.Signature.Checks) output.WriteLine($"  ✓ {check}");
        if (verdict.Signature.SignerCertificate is { } signer) output.WriteLine($"  sealed by   {signer.Subject}");
        if (verdict.Signature.SignatureTimeStamp is { } ts)
            output.WriteLine($"  time-stamp  {ReceiptSummary.When(ts.GenTime)} by {verdict.Signature.TimeStampAuthorityCertificate?.Subject ?? ts.TsaName ?? "?"}");
        if (verdict.Content is { } content)
        {
            output.WriteLine($"  receipt     {content.ReceiptId} ({content.Event})");
            if (content.MessageId is { } message) output.WriteLine($"  message     {message}");
            output.WriteLine($"  from → to   {content.Sender.Agency} → {content.Recipient?.Agency ?? "-"}");
            if (content.Document is { } document) output.WriteLine($"  document    {document.FileName}, sha256:{document.Sha256} ({document.Size} bytes)");
            if (content.Rejection is { } rejection) output.WriteLine($"  rejected    {rejection.Reason}: {rejection.Message}");
        }
    }

    private static string Indication(ReceiptVerification verdict) => verdict.Indication switch
    {
        Crypto.Indication.TotalPassed => "TOTAL-PASSED",
        Crypto.Indication.TotalFailed => "TOTAL-FAILED",
        _ => "INDETERMINATE",
    };

    private static JsonObject ToJson(ReceiptVerification verdict)
    {
        var result = new JsonObject
        {
            ["valid"] = verdict.Valid,
            ["indication"] = Indication(verdict),
            ["subIndication"] = verdict.SubIndication,
            ["errors"] = new JsonArray([.. verdict.AllErrors.Select(e => JsonValue.Create(e))]),
            ["checks"] = new JsonArray([.. verdict.Signature.Checks.Select(c => JsonValue.Create(c))]),
            ["signer"] = verdict.Signature.SignerCertificate?.Subject,
            ["timeStamp"] = verdict.Signature.SignatureTimeStamp is { } ts
                ? new JsonObject
                {
                    ["genTime"] = ts.GenTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
                    ["serialNumber"] = ts.SerialNumberHex,
                    ["policy"] = ts.PolicyOid,
                    ["authority"] = verdict.Signature.TimeStampAuthorityCertificate?.Subject ?? ts.TsaName,
                }
                : null,
        };
        if (verdict.Json is { } json)
        {
            try { result["receipt"] = JsonNode.Parse(json); }
            catch (JsonException) { result["receiptText"] = json; }
        }
        return result;
    }
}
