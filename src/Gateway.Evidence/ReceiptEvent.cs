namespace Gateway.Evidence;

/// <summary>
/// What a receipt proves happened. Names follow the evidence events of ETSI EN 319 522-2
/// (registered electronic delivery), so that a REM-literate verifier reads them without a glossary.
/// </summary>
public enum ReceiptEvent
{
    SubmissionAcceptance,
    SubmissionRejection,
    ContentHandover,
    /// <summary>The gateway signed a document with a key it holds for the agency.</summary>
    DocumentSigned,
}
