using Gateway.Evidence;

namespace Gateway.ReceiptRendering.Internal;

/// <summary>
/// The Thai and English words a rendered receipt uses for the receipt's codes. The codes themselves (event names of
/// ETSI EN 319 522, level and indication identifiers) are shown too, so that the page can be matched with the JSON.
/// </summary>
internal static class ReceiptText
{
    public const string Title = "ใบรับ / หลักฐานการรับ";
    public const string TitleEnglish = "Receipt / Proof of receipt";

    public static (string Thai, string English) Event(ReceiptEvent e) => e switch
    {
        ReceiptEvent.SubmissionAcceptance => ("การรับเอกสารที่ยื่น", "Submission accepted"),
        ReceiptEvent.SubmissionRejection => ("การปฏิเสธเอกสารที่ยื่น", "Submission rejected"),
        ReceiptEvent.ContentHandover => ("การส่งมอบเอกสารแก่ผู้รับ", "Content handed over"),
        ReceiptEvent.DocumentSigned => ("การลงลายมือชื่อเอกสาร", "Document signed"),
        _ => (e.ToString(), e.ToString()),
    };

    /// <summary>The levels of the Cabinet resolution of 9 May 2023; other (configured) levels are shown by their id.</summary>
    public static string Level(string? level) => level switch
    {
        null => "ไม่ได้ประเมิน / not graded",
        "initial" => "ระดับเริ่มต้น / initial",
        "standard" => "ระดับมาตรฐาน / standard",
        _ => level,
    };

    public static string Basis(MethodBasis? basis) => basis switch
    {
        MethodBasis.Observed => "ระบบตรวจพบ / observed",
        MethodBasis.Claimed => "ผู้ส่งแจ้ง / claimed",
        _ => "-",
    };

    /// <summary>The step's title from the method catalogue ("ช่องทาง / channel"), else its id.</summary>
    public static string Step(MethodCatalogue catalogue, string step) =>
        catalogue.Steps.TryGetValue(step, out var s) && s.Title is { Length: > 0 } title ? title : step;

    public static string Indication(string indication) => indication switch
    {
        "TOTAL_PASSED" => "ผ่าน / TOTAL_PASSED",
        "TOTAL_FAILED" => "ไม่ผ่าน / TOTAL_FAILED",
        "INDETERMINATE" => "ยังสรุปไม่ได้ / INDETERMINATE",
        _ => indication,
    };

    public static string LegalTier(string tier) => tier switch
    {
        "S26_S28_CERTIFICATE_BASED" => "มาตรา 26/28 (ใช้ใบรับรอง)",
        "S9_ELECTRONIC_SIGNATURE" => "มาตรา 9",
        _ => "-",
    };

    public static string Size(long bytes) => bytes.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " ไบต์ / bytes";
}
