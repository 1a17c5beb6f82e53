using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;

using Gateway.Crypto;

namespace Gateway.Testing;

/// <summary>
/// `openssl ocsp` as an external RFC 6960 responder (openssl 3.0 takes only a port number for -port and listens
/// on every address; clients here use 127.0.0.1), signing with the dev PKI's OCSP key for its
/// issuing CA, answering from an openssl-format index.txt that the caller writes with <see cref="Entry"/>s.
/// </summary>
public sealed class OpenSslOcspResponder : IDisposable
{
    private readonly Process _process;
    private bool _disposed;

    public sealed record Entry(X509Certificate2 Certificate, DateTimeOffset? RevokedAt = null);

    public OpenSslOcspResponder(DevPkiLayout layout, string directory, IEnumerable<Entry> entries)
    {
        var index = Path.Combine(directory, "index.txt");
        File.WriteAllText(index, string.Concat(entries.Select(IndexLine)));
        File.WriteAllText(index + ".attr", "unique_subject = no\n");

        Port = LoopbackPort.Free();
        var start = new ProcessStartInfo(ExternalTool.OpenSsl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var argument in new[]
        {
            "ocsp", "-index", index, "-port", Port.ToString(CultureInfo.InvariantCulture), "-rsigner", layout.OcspCertificate, "-rkey", layout.OcspKey,
            "-CA", layout.IssuingCaCertificate, "-ndays", "1",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start openssl ocsp.");
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (Output) Output.Add(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (Output) Output.Add(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilListening();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/";

    /// <summary>openssl's stdout and stderr lines, for diagnostics.</summary>
    public List<string> Output { get; } = [];

    /// <summary>One index.txt line: V or R, expiry, revocation time, serial, "unknown", subject (tab-separated).</summary>
    public static string IndexLine(Entry entry)
    {
        var expiry = entry.Certificate.NotAfter.ToUniversalTime().ToString("yyMMddHHmmss'Z'", CultureInfo.InvariantCulture);
        var revoked = entry.RevokedAt?.UtcDateTime.ToString("yyMMddHHmmss'Z'", CultureInfo.InvariantCulture);
        var subject = "/" + string.Join("/", entry.Certificate.SubjectName.Name.Split(", ").Reverse());
        return $"{(revoked is null ? "V" : "R")}\t{expiry}\t{revoked}\t{entry.Certificate.SerialNumber}\tunknown\t{subject}\n";
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"openssl ocsp exited with {_process.ExitCode}: {string.Join('\n', Output)}");
            }

            // Not a TCP probe: openssl serves one connection at a time and a probe that sends nothing stalls it.
            lock (Output)
            {
                if (Output.Any(l => l.StartsWith("ACCEPT", StringComparison.Ordinal) || l.Contains("waiting for OCSP client connections", StringComparison.Ordinal)))
                {
                    return;
                }
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException("openssl ocsp did not start listening within 10 s.");
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
    }
}
