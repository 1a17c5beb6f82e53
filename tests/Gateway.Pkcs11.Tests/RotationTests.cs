using System.Text.Json.Nodes;
using Gateway.Api.V1;
using Gateway.Cli;
using Gateway.Cli.Internal;
using Gateway.Crypto;
using Gateway.EvidenceLog;
using Gateway.Merkle;
using Gateway.Server;
using Gateway.Server.Internal;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;
using EvidenceLogClient = Gateway.Api.V1.EvidenceLog.EvidenceLogClient;

namespace Gateway.Pkcs11.Tests;

/// <summary>
/// Key rotation while the gateway runs, as an operator does it: new seal and log keys generated in the token with
/// `gw keys`, the seal certified by the CA, appsettings.json rewritten; the gateway picks the change up without a
/// restart. Receipts and checkpoints of both generations verify (VerifyReceipt, openssl cms, the published log
/// keys), and `gw log audit` finds the log consistent across the rotation.
/// </summary>
[Collection(SoftHsmCollection.Name)]
public sealed class RotationTests(SoftHsm hsm, ITestOutputHelper output)
{
    private const string A = "agency-a";
    private const string B = "agency-b";

    [Fact]
    public async Task Seal_agency_and_log_keys_rotate_without_a_restart_and_both_generations_verify()
    {
        if (!hsm.Available || !ExternalTool.RequireOpenSsl(output)) return;
        var folder = Directory.CreateDirectory(hsm.Folder.File("rotation")).FullName;
        var settings = Path.Combine(folder, "appsettings.json");
        WriteSettings(settings, new JsonObject { ["Seal"] = new JsonObject { ["KeyPath"] = $"pkcs11:token={SoftHsm.TokenLabel};object=seal" } });
        var app = GatewayHost.Build(["--contentRoot", folder], o =>
        {
            o.Listen = "https://127.0.0.1:0";
            o.DataDirectory = Path.Combine(folder, "data");
            o.PkiDirectory = hsm.Pki.Directory;
            o.Development.RevocationListen = null;
        });
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(new TranscriptLoggerProvider(hsm.Transcript));
        await app.StartAsync();
        try
        {
            var address = GatewayHost.BoundAddresses(app).Single();
            using var channel = GatewayChannel.Create(address, hsm.Pki.AgencyClientCertificate(A), hsm.Pki.AgencyClientKey(A), TrustStore.Load(hsm.Pki.RootsPem));
            var exchange = new Api.V1.Exchange.ExchangeClient(channel);
            var log = new EvidenceLogClient(channel);
            var keys = app.Services.GetRequiredService<GatewayKeys>();
            var evidenceLog = app.Services.GetRequiredService<EvidenceLogStore>();

            var first = await SubmitAsync(exchange, "before the rotation");
            var before = await SealedAsync(log, 1);
            var origin = before.Checkpoint.Origin;
            var oldLogKey = before.VerifierKey;
            await File.WriteAllTextAsync(Path.Combine(folder, "before.txt"), before.Checkpoint.Note);

            // The new keys, made in the token; the seal's certificate from the CA, stored next to it.
            var csr = Path.Combine(folder, "seal-2027.csr");
            await hsm.KeysAsync("generate", "--label", "seal-2027", "--subject", "CN=HSM Seal 2027, O=Gateway Tests, C=TH", "--csr", csr);
            var sealCertificate = hsm.IssueFromRequest(await File.ReadAllTextAsync(csr), r =>
                r.CertificateExtensions.Add(CertificatePolicies.Extension(CertificatePolicies.GatewayReceiptSeal)));
            var sealPem = Path.Combine(folder, "seal-2027.crt");
            await File.WriteAllTextAsync(sealPem, sealCertificate.ExportCertificatePem() + "\n" + hsm.IssuingCaPem);
            await hsm.KeysAsync("import-cert", sealPem, "--label", "seal-2027");
            var newLogKey = (string)(await hsm.KeysAsync("generate", "--label", "log-2027", "--type", "ed25519", "--origin", origin,
                "--public-key", Path.Combine(folder, "log-2027.pub")))["verifierKey"]!;

            // The operator's edit: new keys current, the old seal certificate and log key kept as previous ones.
            WriteSettings(settings, new JsonObject
            {
                ["Seal"] = new JsonObject
                {
                    ["KeyPath"] = $"pkcs11:token={SoftHsm.TokenLabel};object=seal-2027",
                    ["PreviousCertificates"] = new JsonArray(hsm.SealCertificate),
                },
                ["SigningKeys"] = new JsonObject
                {
                    [A] = new JsonObject { ["KeyPath"] = $"pkcs11:token={SoftHsm.TokenLabel};object=rsa", ["CertificatePath"] = hsm.RsaCertificate },
                },
                ["EvidenceLog"] = new JsonObject
                {
                    ["KeyPath"] = $"pkcs11:token={SoftHsm.TokenLabel};object=log-2027",
                    ["PreviousKeys"] = new JsonArray(hsm.Pki.LogPublicKey),
                },
            });
            // The file watcher reloads the configuration (SIGHUP does the same for every source).
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!(keys.Seal.Certificate.Thumbprint == sealCertificate.Thumbprint && evidenceLog.VerifierKey == newLogKey))
            {
                Assert.True(DateTime.UtcNow < deadline, "the gateway did not rotate its keys within 20 s of the configuration change");
                await Task.Delay(100);
            }

            var second = await SubmitAsync(exchange, "after the rotation");
            var signed = await new Api.V1.Signing.SigningClient(channel).SignDetachedAsync(new SignDetachedRequest { Content = ByteString.CopyFromUtf8("signed by agency-a's new key") });
            var detached = Path.Combine(folder, "agency-a");
            await File.WriteAllTextAsync(detached + ".txt", "signed by agency-a's new key");
            await File.WriteAllBytesAsync(detached + ".p7s", signed.Signature.ToByteArray());
            hsm.Run("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", detached + ".p7s", "-content", detached + ".txt",
                "-CAfile", hsm.Pki.RootsPem, "-purpose", "any", "-signer", detached + ".signer.pem", "-out", detached + ".out");
            Assert.Equal("CN=HSM RSA Signer, O=Gateway Tests, C=TH", System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(
                await File.ReadAllTextAsync(detached + ".signer.pem")).Subject);

            // Receipts of both seals verify, through the gateway and with OpenSSL alone.
            var verification = new Api.V1.Verification.VerificationClient(channel);
            foreach (var (receipt, sealSubject) in new[] { (first, "CN=HSM Seal, O=Gateway Tests, C=TH"), (second, sealCertificate.Subject), (signed.Receipt, sealCertificate.Subject) })
            {
                var verdict = await verification.VerifyReceiptAsync(new VerifyReceiptRequest { Receipt = receipt.Signed });
                Assert.True(verdict.Valid, string.Join("; ", verdict.Errors));
                Assert.Equal(sealSubject, verdict.SignerSubject);
                var path = Path.Combine(folder, receipt.ReceiptId + ".p7s");
                await File.WriteAllBytesAsync(path, receipt.Signed.ToByteArray());
                hsm.Run("openssl", "cms", "-verify", "-inform", "DER", "-in", path, "-CAfile", hsm.Pki.RootsPem, "-out", path + ".json");
                Assert.Equal(receipt.Json, await File.ReadAllTextAsync(path + ".json"));
            }
            Assert.Contains(keys.SealCertificates, c => c.Subject == "CN=HSM Seal, O=Gateway Tests, C=TH");

            // Checkpoints: the old one under the old key, the new one under the new key, both keys published.
            var after = await SealedAsync(log, before.Checkpoint.TreeSize + 2);
            Assert.Equal(newLogKey, after.VerifierKey);
            Assert.Contains(oldLogKey, after.PreviousVerifierKeys);
            var (oldKey, newKey) = (NoteVerifier.FromVerifierKey(oldLogKey), NoteVerifier.FromVerifierKey(newLogKey));
            Assert.True(oldKey.Verify(before.Checkpoint.Note, out _) && !newKey.Verify(before.Checkpoint.Note, out _));
            Assert.True(newKey.Verify(after.Checkpoint.Note, out _) && !oldKey.Verify(after.Checkpoint.Note, out _));
            var consistency = await log.GetConsistencyProofAsync(new GetConsistencyProofRequest { FirstSize = before.Checkpoint.TreeSize, SecondSize = after.Checkpoint.TreeSize });
            Assert.True(MerkleProofs.VerifyConsistency(before.Checkpoint.TreeSize, after.Checkpoint.TreeSize, [.. consistency.Proof.Select(p => p.ToByteArray())],
                before.Checkpoint.RootHash.ToByteArray(), after.Checkpoint.RootHash.ToByteArray()));

            // The verification page publishes both generations: seal certificates and log keys.
            using var http = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } });
            var trust = JsonNode.Parse(await http.GetStringAsync(address + "/verify/api/trust"))!;
            Assert.Equal(new[] { sealCertificate.Subject, "CN=HSM Seal, O=Gateway Tests, C=TH" }, trust["sealCertificates"]!.AsArray().Select(c => (string)c!["subject"]!));
            Assert.Equal(new[] { newLogKey, oldLogKey }, trust["log"]!["verifierKeys"]!.AsArray().Select(k => (string)k!));

            // An auditor pinning both published keys finds the log append-only across the rotation; with the old key alone it cannot.
            var published = Path.Combine(folder, "log-keys.txt");
            await File.WriteAllLinesAsync(published, [after.VerifierKey, .. after.PreviousVerifierKeys]);
            var audit = await GwCommand.RunCapturedAsync("log", "audit", "--from", Path.Combine(folder, "before.txt"), "--server", address, "--as", A,
                "--pki", hsm.Pki.Directory, "--log-key", published, "--json");
            hsm.Transcript.Enqueue(audit.Out + audit.Error);
            Assert.True(audit.Code == 0, audit.Out + audit.Error);
            Assert.True((bool)JsonNode.Parse(audit.Out)!["appendOnly"]!);
            var oldOnly = await GwCommand.RunCapturedAsync("log", "audit", "--from", Path.Combine(folder, "before.txt"), "--server", address, "--as", A,
                "--pki", hsm.Pki.Directory, "--log-key", hsm.Pki.LogPublicKey);
            hsm.Transcript.Enqueue(oldOnly.Out + oldOnly.Error);
            Assert.Equal(GwCommand.Failed, oldOnly.Code);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>appsettings.json written whole and renamed into place, as an operator's editor or deployment should.</summary>
    private void WriteSettings(string path, JsonObject gateway)
    {
        gateway["Pkcs11"] = new JsonObject { ["ModulePath"] = hsm.ModulePath, ["PinEnvironmentVariable"] = SoftHsm.PinVariable };
        var document = new JsonObject
        {
            ["Gateway"] = gateway,
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning", ["Gateway"] = "Information" } },
        };
        File.WriteAllText(path + ".new", document.ToJsonString());
        File.Move(path + ".new", path, overwrite: true);
    }

    private static async Task<Receipt> SubmitAsync(Api.V1.Exchange.ExchangeClient exchange, string text)
    {
        var response = await exchange.SubmitAsync(new SubmitRequest
        {
            RecipientAgency = B,
            Content = ByteString.CopyFromUtf8(text),
            MediaType = "text/plain",
            FileName = "note.txt",
        });
        return response.Receipt;
    }

    /// <summary>The newest checkpoint once it covers at least <paramref name="size"/> entries (sealing runs every second).</summary>
    private static async Task<GetCheckpointResponse> SealedAsync(EvidenceLogClient log, ulong size)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                var response = await log.GetCheckpointAsync(new GetCheckpointRequest());
                if (response.Checkpoint.TreeSize >= size) return response;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition) { }
            Assert.True(DateTime.UtcNow < deadline, $"no checkpoint of {size} entries within 20 s");
            await Task.Delay(100);
        }
    }
}
