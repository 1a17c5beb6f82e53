using System.Text;
using Gateway.Pdf;

namespace Gateway.Signing.Internal;

/// <summary>
/// The ByteRange dance (ISO 32000-1 §12.8.1): write the update with a /ByteRange and a /Contents
/// placeholder, fill in the ByteRange around the /Contents hex string, have the bytes outside that
/// gap signed, and write the result into the gap. The signed bytes are the original file read in
/// place plus the update, never a copy of the file.
/// </summary>
internal static class ByteRangeSigning
{
    private const int ByteRangeWidth = 36; // "[0 0000000000 0000000000 0000000000]"

    public sealed class TooSmallException(int needed) : Exception($"the signature needs {needed} bytes")
    {
        public int Needed { get; } = needed;
    }

    /// <summary>Writes the signed update to <paramref name="output"/> (seekable, empty) and returns its length.</summary>
    public static async Task<long> WriteAsync(PdfDocument document, PdfIncrementalUpdate update, PdfByteRangePlaceholder byteRange,
        PdfHexPlaceholder contents, Stream output, Func<IReadOnlyList<ReadOnlyMemory<byte>>, Task<byte[]>> sign)
    {
        var original = document.Bytes;
        var capture = new TailCapture(output, original.Length);
        var result = update.WriteTo(capture);
        var tail = capture.Tail;

        var a = result.PlaceholderOffsets[contents];
        var b = a + 2 + 2L * contents.ByteCapacity;
        var c = result.Length - b;
        var range = Encoding.ASCII.GetBytes($"[0 {a} {b} {c}]".PadRight(ByteRangeWidth));
        var rangeAt = result.PlaceholderOffsets[byteRange];
        Patch(output, tail, original.Length, rangeAt, range);

        var start = (int)(a - original.Length);
        var end = (int)(b - original.Length);
        IReadOnlyList<ReadOnlyMemory<byte>> parts = [original, tail.AsMemory(0, start), tail.AsMemory(end)];
        var signature = await sign(parts).ConfigureAwait(false);
        if (signature.Length > contents.ByteCapacity) throw new TooSmallException(signature.Length);

        var hex = Encoding.ASCII.GetBytes(Convert.ToHexString(signature).PadRight(2 * contents.ByteCapacity, '0'));
        Patch(output, tail, original.Length, a + 1, hex);
        output.Seek(0, SeekOrigin.End);
        return result.Length;
    }

    private static void Patch(Stream output, byte[] tail, long originalLength, long at, byte[] bytes)
    {
        bytes.CopyTo(tail, (int)(at - originalLength));
        output.Seek(at, SeekOrigin.Begin);
        output.Write(bytes);
    }
}
