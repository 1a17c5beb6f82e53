using Gateway.EvidenceLog;

namespace Gateway.Cli.Internal;

/// <summary>A receipt as given on the command line: a DER .p7s, or a bundle (JSON) holding one with its inclusion evidence.</summary>
internal sealed record ReceiptFile(byte[] Der, ReceiptBundle? Bundle)
{
    private const long MaxBytes = 16 * 1024 * 1024;

    public static async Task<ReceiptFile> ReadAsync(string path, CancellationToken ct)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new CliUsageException($"{info.FullName}: no such file");
        if (info.Length > MaxBytes) throw new CliUsageException($"{info.FullName}: {info.Length} bytes is too large for a receipt");
        var bytes = await File.ReadAllBytesAsync(info.FullName, ct);
        if (!ReceiptBundle.LooksLikeBundle(bytes)) return new ReceiptFile(bytes, null);
        if (!ReceiptBundle.TryParse(bytes, out var bundle, out var error)) throw new CliUsageException($"{info.FullName}: {error}");
        return new ReceiptFile(bundle!.Receipt, bundle);
    }
}
