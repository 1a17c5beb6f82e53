using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Gateway.Server.Internal.VerificationPage;

/// <summary>
/// Reads an upload into memory, bounded: a raw body (what the page's script sends) or the first file of a
/// multipart/form-data body (a plain HTML form or curl -F). Never buffered to disk: ASP.NET Core's form reader would
/// spill files over 64 KiB to a temporary file, so multipart is read section by section here.
/// </summary>
internal static class UploadReader
{
    /// <summary>Room for a multipart body's boundaries and part headers around the file.</summary>
    private const int MultipartOverhead = 16 * 1024;

    public static async Task<byte[]> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        var multipart = MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
                        && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);
        // Refused on the declared length before a byte is read.
        if (request.ContentLength is { } declared && declared > maxBytes + (multipart ? MultipartOverhead : 0)) throw TooLarge(maxBytes);

        if (!multipart) return await ReadBoundedAsync(request.Body, maxBytes, ct);

        var boundary = HeaderUtilities.RemoveQuotes(type!.Boundary).Value;
        if (string.IsNullOrEmpty(boundary)) throw new UploadRejectedException("คำขอไม่ถูกต้อง: ไม่มี boundary", "malformed multipart body: no boundary");
        var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = MultipartOverhead };
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
                return await ReadBoundedAsync(section.Body, maxBytes, ct);
        }
        throw new UploadRejectedException("ไม่พบไฟล์ในคำขอ", "no file in the multipart body");
    }

    public static UploadRejectedException TooLarge(long maxBytes) => new(
        $"ไฟล์ใหญ่เกินไป: รับได้ไม่เกิน {maxBytes / (1024 * 1024)} MiB ({maxBytes:N0} ไบต์)",
        $"The file is too large: at most {maxBytes / (1024 * 1024)} MiB ({maxBytes:N0} bytes) is accepted.",
        StatusCodes.Status413PayloadTooLarge);

    private static async Task<byte[]> ReadBoundedAsync(Stream body, long maxBytes, CancellationToken ct)
    {
        // The declared length may be absent (chunked) or wrong, so the copy is bounded too.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes) throw TooLarge(maxBytes);
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0) throw new UploadRejectedException("ไม่มีไฟล์", "The upload is empty.");
        return buffer.ToArray();
    }
}
