using Gateway.Evidence;

namespace Gateway.Exchange;

/// <summary>
/// A refusal with a stable reason. For a refused submission <see cref="Receipt"/> holds the signed
/// SubmissionRejection receipt, which the server returns alongside the error status.
/// </summary>
public sealed class ExchangeException : Exception
{
    public ExchangeException(ExchangeErrorKind kind, string reason, string message, string? field = null, IssuedReceipt? receipt = null)
        : base(message)
    {
        Kind = kind;
        Reason = reason;
        Field = field;
        Receipt = receipt;
    }

    public ExchangeErrorKind Kind { get; }
    public string Reason { get; }
    public string? Field { get; }
    public IssuedReceipt? Receipt { get; }

    /// <summary>For a refusal on signature grounds: what validation found, recorded in the rejection receipt.</summary>
    public IReadOnlyList<ValidatedSignature>? Signatures { get; init; }

    /// <summary>For a refusal on method-policy grounds: the methods recorded and the grade, with each unmet step.</summary>
    public IReadOnlyList<StepMethod>? Methods { get; init; }
    public CaseGrade? Grade { get; init; }

    /// <summary>For a refusal over a configured limit (RESOURCE_EXHAUSTED): the limit, so that a client can adapt without parsing the message.</summary>
    public long? Limit { get; init; }

    internal ExchangeException WithReceipt(IssuedReceipt receipt) =>
        new(Kind, Reason, Message, Field, receipt) { Signatures = Signatures, Methods = Methods, Grade = Grade, Limit = Limit };
}
