using Gateway.Crypto;

namespace Gateway.Server.Internal.VerificationPage;

/// <summary>
/// The common ETSI EN 319 102-1 outcomes in words a person without a glossary reads: what it means for the document
/// in hand and, where there is one, what to do. The codes stay on the page next to the words, for those who need them.
/// </summary>
internal static class Explanations
{
    public static PlainExplanation For(Indication indication, string? subIndication, bool modifiedAfterSigning) => indication switch
    {
        Indication.TotalPassed when modifiedAfterSigning => new(
            "ลายมือชื่อถูกต้อง แต่มีการเพิ่มข้อมูลหลังการลงนามในรูปแบบที่อนุญาต (เช่น ลายมือชื่อหรือตราประทับเวลาเพิ่มเติม) เนื้อหาที่ลงนามไม่เปลี่ยนแปลง",
            "The signature is valid. The file was added to after signing in a permitted way (e.g. a further signature or time-stamp); the signed content is unchanged."),
        Indication.TotalPassed => new(
            "ลายมือชื่อถูกต้อง เอกสารไม่ถูกแก้ไขหลังการลงนาม และใบรับรองของผู้ลงนามออกโดยผู้ให้บริการที่เชื่อถือได้",
            "The signature is valid: the document has not been changed since it was signed, and the signer's certificate comes from a trusted issuer."),
        Indication.TotalFailed => subIndication switch
        {
            SubIndications.HashFailure => new(
                "เอกสารถูกแก้ไขหลังการลงนาม: ข้อมูลที่ลงนามไว้ไม่ตรงกับไฟล์นี้ อย่าใช้ไฟล์นี้ ขอฉบับจริงจากผู้ส่ง",
                "The document was changed after it was signed: the signed bytes no longer match this file. Do not rely on it; ask the sender for the original."),
            SubIndications.SigCryptoFailure => new(
                "ค่าลายมือชื่อดิจิทัลไม่ถูกต้อง: ลายมือชื่อไม่ได้สร้างจากกุญแจของใบรับรองนี้ หรือถูกแก้ไข",
                "The signature value is wrong: it was not made with this certificate's key, or it was altered."),
            SubIndications.SigConstraintsFailure => new(
                "มีการเปลี่ยนแปลงหลังการลงนามที่ไม่ได้รับอนุญาต หรือลายมือชื่อไม่เป็นไปตามเงื่อนไขที่กำหนด",
                "Something was changed after signing that the signature does not allow, or the signature does not meet the required constraints."),
            SubIndications.Revoked => new(
                "ใบรับรองของผู้ลงนามถูกเพิกถอนก่อนเวลาที่ลงนาม",
                "The signer's certificate had been revoked before the signature was made."),
            SubIndications.FormatFailure => new(
                "ไฟล์ลายมือชื่อมีรูปแบบไม่ถูกต้อง อ่านไม่ได้",
                "The signature is malformed and cannot be read."),
            _ => new(
                "ลายมือชื่อไม่ถูกต้อง ดูรายละเอียดในรายงานฉบับเต็ม",
                "The signature is not valid; see the full report for the reason."),
        },
        _ => subIndication switch
        {
            SubIndications.NoCertificateChainFound => new(
                "ตรวจสอบไม่ได้ว่าผู้ลงนามเป็นใคร: ใบรับรองไม่ได้ออกโดยผู้ให้บริการที่เกตเวย์นี้เชื่อถือ เนื้อหาอาจถูกต้อง แต่ยืนยันตัวผู้ลงนามไม่ได้",
                "Who signed cannot be confirmed: the certificate does not lead to an issuer this gateway trusts. The content may be intact, but the signer is unproven."),
            SubIndications.TryLater => new(
                "ยังตรวจสอบสถานะการเพิกถอนใบรับรองไม่ได้ในขณะนี้ กรุณาลองใหม่ภายหลัง",
                "The certificate's revocation status cannot be checked right now; try again later."),
            SubIndications.OutOfBoundsNoPoe or SubIndications.OutOfBoundsNotRevoked => new(
                "ใบรับรองหมดอายุแล้ว และไม่มีหลักฐานเวลา (ตราประทับเวลา) ว่าลงนามก่อนหมดอายุ",
                "The certificate has expired and there is no proof of time (time-stamp) that the signature was made before it did."),
            SubIndications.RevokedNoPoe or SubIndications.RevokedCaNoPoe => new(
                "ใบรับรองถูกเพิกถอน และไม่มีหลักฐานเวลาว่าลงนามก่อนการเพิกถอน",
                "The certificate was revoked and there is no proof of time that the signature was made before that."),
            SubIndications.NoSigningCertificateFound => new(
                "ไม่พบใบรับรองของผู้ลงนามในไฟล์",
                "The signer's certificate is not in the file."),
            SubIndications.SignedDataNotFound => new(
                "ไม่พบข้อมูลที่ลงนาม: ลายมือชื่อแยกจากเอกสาร ต้องมีไฟล์เอกสารด้วย",
                "The signed data is missing: this is a detached signature and needs its document."),
            _ => new(
                "ยังสรุปไม่ได้ว่าลายมือชื่อถูกต้อง ข้อมูลที่ใช้ตรวจสอบไม่ครบ ดูรายละเอียดในรายงานฉบับเต็ม",
                "The signature could be neither confirmed nor refuted: some evidence is missing. See the full report."),
        },
    };

    public static PlainExplanation Verdict(Verdict verdict, string kind) => (verdict, kind) switch
    {
        (VerificationPage.Verdict.Green, UploadKinds.Receipt) => new("ใบตอบรับนี้ออกโดยเกตเวย์จริงและไม่ถูกแก้ไข", "This receipt was issued by the gateway and has not been altered."),
        (VerificationPage.Verdict.Green, UploadKinds.Case) => new("แฟ้มคดีครบถ้วน: ใบตอบรับทุกฉบับถูกต้องและอยู่ในบันทึกหลักฐาน", "The case file holds together: every receipt is valid and in the evidence log."),
        (VerificationPage.Verdict.Green, _) => new("ลายมือชื่อทั้งหมดถูกต้อง", "Every signature is valid."),
        (VerificationPage.Verdict.Red, _) => new("ไม่ผ่านการตรวจสอบ อย่าเชื่อถือไฟล์นี้", "Verification failed: do not rely on this file."),
        _ => new("ยังยืนยันไม่ได้ ดูรายละเอียดด้านล่าง", "Not confirmed: see the details below."),
    };

    public static PlainExplanation NoSignature { get; } = new("ไม่พบลายมือชื่อดิจิทัลในไฟล์นี้", "No digital signature was found in this file.");
}
