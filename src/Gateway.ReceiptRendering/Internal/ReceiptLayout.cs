using System.Text;
using Gateway.Evidence;
using Gateway.Signing.Internal;

namespace Gateway.ReceiptRendering.Internal;

/// <summary>
/// What the rendered receipt shows and where: the title and the verification QR code, the receipt's facts as label /
/// value rows (Thai / English labels), the methods table of มสพร. 6 with the overall level, the validation of the
/// document's own signatures, the log position, and a footer naming the attached original.
/// </summary>
internal sealed class ReceiptLayout(PageComposer page, MethodCatalogue catalogue)
{
    private const double Body = 12;
    private const double Small = 10.5;
    private const double LabelWidth = 160;
    private const double QrSize = 96;
    private static readonly double Left = PageComposer.Margin;
    private static readonly double Right = PageComposer.PageWidth - PageComposer.Margin;

    /// <param name="sealSubject">The certificate that will seal the PDF, named in the footer: the seal is an invisible
    /// signature, because a signature appearance is drawn without shaping and its Thai date would show colliding marks.</param>
    public void Compose(ReceiptContent receipt, DateTimeOffset? timeStamp, string? receiptSigner, string sealSubject, string verificationUrl, string attachmentName)
    {
        Header(verificationUrl);
        Section("รายละเอียด / Details");
        var (eventThai, eventEnglish) = ReceiptText.Event(receipt.Event);
        Row("เลขที่ใบรับ / Receipt ID", receipt.ReceiptId);
        Row("เหตุการณ์ / Event", $"{eventThai}\n{eventEnglish} ({receipt.Event})");
        Row("ผู้ส่ง / Sender", Party(receipt.Sender));
        if (receipt.Recipient is { } recipient) Row("ผู้รับ / Recipient", Party(recipient));
        if (receipt.MessageId is { } messageId) Row("เลขที่ข้อความ / Message ID", messageId);
        if (receipt.ServiceId is not null || receipt.RequestKind is not null)
            Row("บริการ / Service", string.Join(" · ", new[] { receipt.ServiceId, receipt.RequestKind }.Where(s => s is not null)));
        if (receipt.Subject is { Length: > 0 } subject) Row("เรื่อง / Subject", subject);
        if (receipt.Document is { } document)
        {
            Row("ชื่อไฟล์ / File name", document.FileName);
            Row("ขนาด / Size", $"{ReceiptText.Size(document.Size)} · {document.MediaType}");
            Row("SHA-256", document.Sha256);
        }
        if (receipt.Signature is { } signature)
            Row("การลงนาม / Signing", $"{signature.Format} {signature.Level} · {signature.Signer.Subject}");
        if (receipt.Rejection is { } rejection)
            Row("เหตุที่ปฏิเสธ / Reason", $"{rejection.Reason}: {rejection.Message}" + (rejection.Field is null ? "" : $" ({rejection.Field})"));
        if (receipt.RelatesTo is { } relatesTo) Row("อ้างถึงใบรับ / Relates to", relatesTo);
        Row("เวลาของเกตเวย์ / Gateway time", $"{ThaiDates.BuddhistEra(receipt.GatewayTime)}\n{ThaiDates.IsoUtc(receipt.GatewayTime)}");
        if (timeStamp is { } time)
            Row("ประทับเวลา / Time-stamp", $"{ThaiDates.BuddhistEra(time)}\n{ThaiDates.IsoUtc(time)}");
        Row("ผู้ออกใบรับ / Issued by", receiptSigner is null ? receipt.GatewayId : $"{receipt.GatewayId}\n{receiptSigner}");

        Methods(receipt);
        if (receipt.DocumentSignatures is { } signatures) DocumentSignatures(signatures);
        if (receipt.Log is { } log)
        {
            Section("บันทึกหลักฐาน / Evidence log");
            Row("ต้นทาง / Origin", log.Origin);
            Row("ลำดับ / Leaf index", log.LeafIndex.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        Footer(attachmentName, sealSubject);
        page.NumberPages(receipt.ReceiptId);
    }

    private void Header(string url)
    {
        var top = page.Y;
        var qrX = Right - QrSize;
        var qr = new StringBuilder();
        QrCodeDrawing.Append(qr, url, qrX, top - QrSize + 14, QrSize);
        page.Current.Append("q\n").Append(qr).Append("Q\n");
        page.Text("ตรวจสอบ / Verify", 9, qrX + 14, top - QrSize + 4);

        page.Y -= 10;
        page.Text(ReceiptText.Title, 26, Left, page.Y, bold: true);
        page.Y -= 24;
        page.Text(ReceiptText.TitleEnglish, 16, Left, page.Y);
        page.Y -= 20;
        foreach (var line in page.Wrap(url, 9, qrX - Left - 10))
        {
            page.Text(line, 9, Left, page.Y);
            page.Y -= PageComposer.LineHeight(9);
        }
        page.Y = Math.Min(page.Y, top - QrSize - 6);
        page.Rule(Left, Right, page.Y, 1);
        page.Y -= 6;
    }

    private void Section(string title)
    {
        page.Reserve(3 * PageComposer.LineHeight(Body));
        page.Y -= PageComposer.LineHeight(14) + 2;
        page.Fill(Left, page.Y - 4, Right - Left, PageComposer.LineHeight(14) + 2, 0.92);
        page.Text(title, 14, Left + 4, page.Y, bold: true);
        page.Y -= 4;
    }

    private void Row(string label, string value)
    {
        var labels = page.Wrap(label, Small, LabelWidth - 14, bold: true);
        var values = page.Wrap(value, Body, Right - Left - LabelWidth);
        var height = Math.Max(labels.Count * PageComposer.LineHeight(Small), values.Count * PageComposer.LineHeight(Body));
        page.Reserve(height + 4);
        var baseline = page.Y - PageComposer.LineHeight(Body);
        for (var i = 0; i < labels.Count; i++) page.Text(labels[i], Small, Left + 4, baseline - i * PageComposer.LineHeight(Small), bold: true);
        for (var i = 0; i < values.Count; i++) page.Text(values[i], Body, Left + LabelWidth, baseline - i * PageComposer.LineHeight(Body));
        page.Y -= height + 4;
        page.Rule(Left, Right, page.Y + 1, 0.25);
    }

    private void Methods(ReceiptContent receipt)
    {
        Section("วิธีการทางอิเล็กทรอนิกส์ (มสพร. 6) / Electronic methods");
        double[] widths = [140, 135, 105, Right - Left - 380];
        string[] headings = ["ขั้นตอน / Step", "วิธีการ / Method", "ที่มา / Basis", "ระดับ / Level"];
        TableRow(widths, headings, bold: true);
        foreach (var method in receipt.Methods)
            TableRow(widths, [ReceiptText.Step(catalogue, method.Step), method.Method, ReceiptText.Basis(method.Basis), ReceiptText.Level(method.Level)], bold: false);
        if (receipt.Methods.Count == 0) TableRow(widths, ["-", "ไม่มีบันทึก / none recorded", "", ""], bold: false);

        if (receipt.Grade is { } grade)
        {
            Row("ระดับโดยรวม / Overall level", ReceiptText.Level(grade.Level));
            var policy = grade.PolicyVersion is null
                ? "ไม่มีนโยบายสำหรับบริการนี้ / no policy for this service"
                : $"{grade.PolicyVersion}: " + (grade.Met ? "เป็นไปตามนโยบาย / met" : "ไม่เป็นไปตามนโยบาย / not met");
            Row("นโยบาย / Policy", $"{policy}\nแคตตาล็อก / catalogue {grade.CatalogueVersion}");
        }
        else
        {
            Row("ระดับโดยรวม / Overall level", "ไม่ได้ประเมิน / not graded (receipt schema v1/v2)");
        }
    }

    private void DocumentSignatures(IReadOnlyList<ValidatedSignature> signatures)
    {
        Section("ลายมือชื่อในเอกสาร / Signatures in the document");
        if (signatures.Count == 0) Row("ผล / Result", "ไม่พบลายมือชื่อ / no signature found");
        for (var i = 0; i < signatures.Count; i++)
        {
            var s = signatures[i];
            var lines = new List<string>
            {
                ReceiptText.Indication(s.Indication) + (s.SubIndication is null ? "" : $" / {s.SubIndication}") + (s.Level is null ? "" : $" · {s.Level}"),
            };
            if (s.Signer is not null) lines.Add(s.Signer);
            lines.Add($"ความถูกต้องของข้อมูล / integrity: {(s.Integrity ? "ครบถ้วน / intact" : "ไม่ครบถ้วน / broken")}"
                      + (s.ModifiedAfterSigning ? " · แก้ไขหลังลงนาม / modified after signing" : "")
                      + (ReceiptText.LegalTier(s.LegalTier) is var tier && tier != "-" ? $" · {tier}" : ""));
            if ((s.ProvenSigningTime ?? s.SigningTime) is { } time) lines.Add(ThaiDates.BuddhistEra(time));
            Row($"ลายมือชื่อที่ {i + 1} / Signature {i + 1}", string.Join('\n', lines));
        }
    }

    private void TableRow(double[] widths, string[] cells, bool bold)
    {
        var size = bold ? Small : 12;
        var wrapped = cells.Select((c, i) => page.Wrap(c, size, widths[i] - 6, bold)).ToArray();
        var height = wrapped.Max(w => w.Count) * PageComposer.LineHeight(size) + 3;
        page.Reserve(height + 2);
        if (bold) page.Fill(Left, page.Y - height - 1, Right - Left, height + 1, 0.96);
        var x = Left;
        for (var c = 0; c < cells.Length; c++)
        {
            for (var l = 0; l < wrapped[c].Count; l++)
                page.Text(wrapped[c][l], size, x + 4, page.Y - PageComposer.LineHeight(size) * (l + 1), bold);
            x += widths[c];
        }
        page.Y -= height + 1;
        page.Rule(Left, Right, page.Y + 0.5, 0.25);
    }

    private void Footer(string attachmentName, string sealSubject)
    {
        var note = "หน้านี้แสดงเนื้อหาของใบรับอิเล็กทรอนิกส์ที่เกตเวย์ลงนาม ใบรับต้นฉบับ (CMS, DER) แนบอยู่ในไฟล์นี้: "
                   + attachmentName + " และไฟล์นี้ประทับตราอิเล็กทรอนิกส์โดย " + sealSubject
                   + "\nThis page shows the content of the gateway's signed electronic receipt; the original (CMS, DER) is attached to this "
                   + "file and is the authoritative record. This PDF is sealed by " + sealSubject + " (PAdES-B-T).";
        var lines = page.Wrap(note, 10, Right - Left);
        page.Reserve(lines.Count * PageComposer.LineHeight(10) + 12);
        page.Y -= 10;
        foreach (var line in lines)
        {
            page.Y -= PageComposer.LineHeight(10);
            page.Text(line, 10, Left, page.Y);
        }
    }

    private static string Party(ReceiptParty party) =>
        party.Certificate is { } certificate ? $"{party.Agency}\n{certificate.Subject}" : party.Agency;
}
