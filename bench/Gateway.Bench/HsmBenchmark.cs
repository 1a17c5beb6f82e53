using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto;
using Gateway.Evidence;
using Gateway.Pkcs11;

namespace Gateway.Bench;

/// <summary>
/// `hsm`: signatures per second through a PKCS#11 token (SoftHSM2 in scripts/bench-hsm.sh) next to
/// in-memory keys loaded from PKCS#12, in the same process and run: raw ECDSA P-256 and RSA-2048
/// signatures of a SHA-256 hash, and whole receipts (JSON + CAdES seal + embedded time-stamp) sealed
/// with the P-256 key. A stopwatch rather than BenchmarkDotNet: the token is set up by the script, and
/// throughput with several callers is the question, not nanoseconds of one call.
/// </summary>
internal static class HsmBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Arg(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var module = Arg("--module");
        var token = Arg("--token");
        var ecPublic = Arg("--ec-public");
        var rsaPublic = Arg("--rsa-public");
        if (module is null || token is null || ecPublic is null || rsaPublic is null)
        {
            Console.Error.WriteLine("usage: hsm --module LIB --token LABEL --ec-public SPKI.der --rsa-public SPKI.der [--seconds N] [--rounds N] [--threads N]  (PIN in GW_PKCS11_PIN)");
            return 2;
        }
        var seconds = double.Parse(Arg("--seconds") ?? "2", CultureInfo.InvariantCulture);
        var rounds = int.Parse(Arg("--rounds") ?? "3", CultureInfo.InvariantCulture);
        var threads = int.Parse(Arg("--threads") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var work = Directory.CreateTempSubdirectory("gw-bench-hsm-");
        try
        {
            using var ca = RSA.Create(2048);
            var caCertificate = new CertificateRequest("CN=Bench CA", ca, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                .CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            var options = new Pkcs11Options { ModulePath = module, MaxSessions = Math.Max(4, threads) };
            using var tokenEc = Pkcs11KeyStore.Load($"pkcs11:token={token};object=bench-ec", options, Issue(work, caCertificate, ca, "ec", File.ReadAllBytes(ecPublic)));
            using var tokenRsa = Pkcs11KeyStore.Load($"pkcs11:token={token};object=bench-rsa", options, Issue(work, caCertificate, ca, "rsa", File.ReadAllBytes(rsaPublic)));
            using var memoryEc = InMemory(work, "ec", ECDsa.Create(ECCurve.NamedCurves.nistP256));
            using var memoryRsa = InMemory(work, "rsa", RSA.Create(2048));
            using var tsaKey = InMemory(work, "tsa", ECDsa.Create(ECCurve.NamedCurves.nistP256), timeStamping: true);
            var tsa = new EmbeddedTimeStampAuthority(tsaKey);

            Console.WriteLine($"{DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()}; "
                + $"medians of {rounds} interleaved rounds of {seconds:0.#} s; module {module}");
            Console.WriteLine($"{"what",-28} {"key",-10} {"1 caller/s",12} {threads + " callers/s",12}");
            var hash = SHA256.HashData("bench"u8);
            Func<Task> Sign(ISigningKey key) => () => { key.SignHash(hash, HashAlgorithmName.SHA256); return Task.CompletedTask; };
            await CompareAsync("ECDSA P-256 signature", memoryEc, Sign(memoryEc), tokenEc, Sign(tokenEc), seconds, rounds, threads);
            await CompareAsync("RSA-2048 PKCS#1 signature", memoryRsa, Sign(memoryRsa), tokenRsa, Sign(tokenRsa), seconds, rounds, threads);
            var memoryIssuer = new ReceiptIssuer(memoryEc, tsa);
            var tokenIssuer = new ReceiptIssuer(tokenEc, tsa);
            await CompareAsync("receipt (P-256 seal)", memoryEc, () => memoryIssuer.IssueAsync(BenchReceipt.Content()), tokenEc, () => tokenIssuer.IssueAsync(BenchReceipt.Content()), seconds, rounds, threads);
            Console.WriteLine($"load average after: {LoadAverage()}");
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Both keys warmed up (JIT tiers, sessions), then measured in alternating rounds so that load from
    /// other processes falls on both alike; the medians are printed.
    /// </summary>
    private static async Task CompareAsync(string what, ISigningKey first, Func<Task> firstOperation, ISigningKey second, Func<Task> secondOperation,
        double seconds, int rounds, int threads)
    {
        await RateAsync(firstOperation, 1, threads);
        await RateAsync(secondOperation, 1, threads);
        var figures = new[] { (One: new List<double>(), Many: new List<double>()), (One: new List<double>(), Many: new List<double>()) };
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (operation, index) in new[] { (firstOperation, 0), (secondOperation, 1) })
            {
                figures[index].One.Add(await RateAsync(operation, seconds, 1));
                figures[index].Many.Add(await RateAsync(operation, seconds, threads));
            }
        }
        foreach (var (key, index) in new[] { (first, 0), (second, 1) })
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{what,-28} {(key is Pkcs11SigningKey ? "SoftHSM2" : "PKCS#12"),-10} {Median(figures[index].One),12:0} {Median(figures[index].Many),12:0}"));
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static async Task<double> RateAsync(Func<Task> operation, double seconds, int callers)
    {
        var count = 0L;
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < until)
            {
                await operation();
                Interlocked.Increment(ref count);
            }
        })));
        return count / clock.Elapsed.TotalSeconds;
    }


    /// <summary>A certificate for a token key's public half (what the token cannot sign a CSR for here).</summary>
    private static string Issue(DirectoryInfo work, X509Certificate2 caCertificate, RSA ca, string name, byte[] subjectPublicKeyInfo)
    {
        var request = new CertificateRequest(new X500DistinguishedName($"CN=Bench {name}"), PublicKey.CreateFromSubjectPublicKeyInfo(subjectPublicKeyInfo, out _), HashAlgorithmName.SHA256);
        using var certificate = request.Create(caCertificate.SubjectName, X509SignatureGenerator.CreateForRSA(ca, RSASignaturePadding.Pkcs1),
            DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), [1, 2, 3, (byte)name.Length]);
        var path = Path.Combine(work.FullName, name + ".pem");
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n" + caCertificate.ExportCertificatePem() + "\n");
        return path;
    }

    /// <summary>The comparison key, through the same path a deployment with a .p12 file takes.</summary>
    private static FileSigningKey InMemory(DirectoryInfo work, string name, AsymmetricAlgorithm key, bool timeStamping = false)
    {
        using (key)
        {
            var request = key is RSA rsa
                ? new CertificateRequest($"CN=Bench {name} p12", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                : new CertificateRequest($"CN=Bench {name} p12", (ECDsa)key, HashAlgorithmName.SHA256);
            // RFC 3161: a TSA certificate has the timeStamping EKU, alone and critical.
            if (timeStamping) request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], critical: true));
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            var path = Path.Combine(work.FullName, name + ".p12");
            File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, "bench"));
            return FileSigningKey.LoadPkcs12(path, "bench");
        }
    }
}
