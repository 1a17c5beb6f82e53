using System.CommandLine;
using Gateway.Cli.Internal;
using Gateway.Crypto;
using Gateway.Signing;

namespace Gateway.Cli.Commands;

/// <summary>`gw sign pdf` (PAdES), `gw sign detached` (CAdES .p7s) and `gw extend pdf`, with local keys, no server.</summary>
internal static class SignCommand
{
    public static Command Create(CliConsole console)
    {
        var sign = new Command("sign", "Sign documents with a local key") { Pdf(console), Detached(console) };
        return sign;
    }

    public static Command Extend(CliConsole console)
    {
        var local = new LocalSigning();
        var input = new Argument<FileInfo>("in") { Description = "The signed PDF" };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Where to write the extended PDF", Required = true };
        var level = LevelOption(PadesLevel.BaselineLTA);
        var json = CliOutput.JsonOption();
        var pdf = new Command("pdf", "Raise a signed PDF to B-LT or B-LTA (run again to renew the archive time-stamp)") { input, output, level, json };
        local.AddTo(pdf, withKey: false);
        pdf.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var target = ParseLevel(parse.GetValue(level));
            if (target < PadesLevel.BaselineLT) throw new CliUsageException("extension goes to B-LT or B-LTA");
            var bytes = await ReadAsync(parse.GetValue(input)!, ct);
            var extender = new PadesExtender(local.TimeStamps(parse), local.LongTerm(parse));
            await WriteAtomicallyAsync(parse.GetValue(output)!, file => extender.ExtendAsync(bytes, file, target, ct));
            await CliOutput.WriteAsync(console, parse, json, $"{PadesLevels.Name(target)}: {parse.GetValue(output)!.FullName}",
                () => new() { ["level"] = PadesLevels.Name(target), ["file"] = parse.GetValue(output)!.FullName });
            return GwCommand.Ok;
        }));
        return new Command("extend", "Extend signatures for long-term validation") { pdf };
    }

    private static Command Pdf(CliConsole console)
    {
        var local = new LocalSigning();
        var input = new Argument<FileInfo>("in") { Description = "The PDF to sign" };
        var output = new Option<FileInfo>("--out", "-o") { Description = "Where to write the signed PDF", Required = true };
        var level = LevelOption(PadesLevel.BaselineB);
        var certify = new Option<int?>("--certify") { Description = "Certify the document with DocMDP permissions 1, 2 or 3 (first signature only)" };
        var reason = new Option<string?>("--reason") { Description = "Reason, e.g. อนุมัติ" };
        var location = new Option<string?>("--location") { Description = "Place of signing" };
        var field = new Option<string?>("--field") { Description = "Signature field name" };
        var pss = new Option<bool>("--pss") { Description = "RSASSA-PSS instead of PKCS#1 v1.5 (RSA keys)" };
        var visible = new Option<bool>("--visible") { Description = "Show the signature on a page (signer, Thai and UTC time, reason, location, QR code)" };
        var page = new Option<int>("--page") { Description = "Page of the visible signature, 1-based (default 1)", DefaultValueFactory = _ => 1 };
        var rect = new Option<string?>("--rect") { Description = "Box of the visible signature in points: x,y,w,h from the bottom-left (default 260x90 at the bottom right)" };
        var qr = new Option<string?>("--qr") { Description = "Verification URL shown as a QR code in the visible signature" };
        var json = CliOutput.JsonOption();
        var pdf = new Command("pdf", "PAdES signature (ETSI.CAdES.detached) as an incremental update") { input, output, level, certify, reason, location, field, pss, visible, page, rect, qr, json };
        local.AddTo(pdf);
        pdf.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var target = ParseLevel(parse.GetValue(level));
            var appearance = Appearance(parse.GetValue(visible), parse.GetValue(page), parse.GetValue(rect), parse.GetValue(qr));
            var bytes = await ReadAsync(parse.GetValue(input)!, ct);
            var key = local.LoadKey(parse);
            using var owned = (IDisposable)key;
            var signer = new PadesSigner(key, target > PadesLevel.BaselineB ? local.TimeStamps(parse) : null,
                target >= PadesLevel.BaselineLT ? local.LongTerm(parse) : null);
            try
            {
                await WriteAtomicallyAsync(parse.GetValue(output)!, file => signer.SignAsync(bytes, file, new PadesSignatureOptions
                {
                    Level = target,
                    CertifyPermissions = parse.GetValue(certify),
                    Reason = parse.GetValue(reason),
                    Location = parse.GetValue(location),
                    FieldName = parse.GetValue(field),
                    RsaPss = parse.GetValue(pss),
                    Appearance = appearance,
                }, ct));
            }
            catch (PadesException e) when (e.Reason.StartsWith("APPEARANCE_", StringComparison.Ordinal))
            {
                throw new CliUsageException(e.Message);
            }
            await CliOutput.WriteAsync(console, parse, json, $"{PadesLevels.Name(target)} signature by {key.Certificate.Subject}: {parse.GetValue(output)!.FullName}",
                () => new() { ["format"] = "PAdES", ["level"] = PadesLevels.Name(target), ["signer"] = key.Certificate.Subject, ["file"] = parse.GetValue(output)!.FullName });
            return GwCommand.Ok;
        }));
        return pdf;
    }

    private static Command Detached(CliConsole console)
    {
        var local = new LocalSigning();
        var input = new Argument<FileInfo>("in") { Description = "The file to sign" };
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Where to write the signature (default IN.p7s)" };
        var timestamp = new Option<bool>("--timestamp") { Description = "Add a signature time-stamp (CAdES-B-T)" };
        var json = CliOutput.JsonOption();
        var detached = new Command("detached", "CAdES detached signature (.p7s) over any file") { input, output, timestamp, json };
        local.AddTo(detached);
        detached.SetAction((parse, ct) => CommandRunner.RunAsync(console, async () =>
        {
            var bytes = await ReadAsync(parse.GetValue(input)!, ct);
            var key = local.LoadKey(parse);
            using var owned = (IDisposable)key;
            var signature = await new CadesSigner(key, parse.GetValue(timestamp) ? local.TimeStamps(parse) : null).SignAsync(bytes, encapsulate: false, ct);
            var path = parse.GetValue(output)?.FullName ?? parse.GetValue(input)!.FullName + ".p7s";
            await File.WriteAllBytesAsync(path, signature, ct);
            var level = parse.GetValue(timestamp) ? "B-T" : "B-B";
            await CliOutput.WriteAsync(console, parse, json, $"CAdES-{level} signature by {key.Certificate.Subject}: {path}",
                () => new() { ["format"] = "CAdES", ["level"] = level, ["signer"] = key.Certificate.Subject, ["file"] = path });
            return GwCommand.Ok;
        }));
        return detached;
    }

    /// <summary>The visible-signature options; --page, --rect and --qr need --visible.</summary>
    private static VisibleSignature? Appearance(bool visible, int page, string? rect, string? qr)
    {
        if (!visible)
        {
            if (page != 1 || rect is not null || qr is not null) throw new CliUsageException("--page, --rect and --qr need --visible");
            return null;
        }
        if (page < 1) throw new CliUsageException($"--page {page}: pages are numbered from 1");
        var appearance = new VisibleSignature { PageIndex = page - 1, VerificationUrl = qr };
        if (rect is null) return appearance;
        var parts = rect.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[4];
        if (parts.Length != 4 || !parts.Select((p, i) => double.TryParse(p, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out values[i])).All(ok => ok)
            || values.Any(v => !double.IsFinite(v)) || values[2] <= 0 || values[3] <= 0)
            throw new CliUsageException($"--rect '{rect}': expected x,y,w,h in points with a positive width and height");
        (appearance.X, appearance.Y, appearance.Width, appearance.Height) = (values[0], values[1], values[2], values[3]);
        return appearance;
    }

    private static Option<string> LevelOption(PadesLevel fallback) => new("--level")
    {
        Description = "B-B, B-T, B-LT or B-LTA",
        DefaultValueFactory = _ => PadesLevels.Name(fallback),
    };

    private static PadesLevel ParseLevel(string? text) =>
        PadesLevels.TryParse(text, out var level) ? level : throw new CliUsageException($"--level '{text}': expected B-B, B-T, B-LT or B-LTA");

    private static async Task<byte[]> ReadAsync(FileInfo file, CancellationToken ct)
    {
        if (!file.Exists) throw new CliUsageException($"{file.FullName}: no such file");
        return await File.ReadAllBytesAsync(file.FullName, ct);
    }

    /// <summary>
    /// Writes next to the target and renames on success: a refused or interrupted signing leaves no
    /// half-written PDF, and the target may be the input itself.
    /// </summary>
    private static async Task WriteAtomicallyAsync(FileInfo target, Func<Stream, Task> write)
    {
        var temporary = Path.Combine(target.DirectoryName ?? ".", $".{target.Name}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024))
            {
                await write(file);
            }
            File.Move(temporary, target.FullName, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
