namespace Gateway.Bench;

/// <summary>
/// One round of exchange: the Submit calls (rate, latency, errors), and the deliveries of the messages submitted in the
/// round (acknowledgements per second during the round; latency from Submit returning to Acknowledge returning; errors:
/// receiver failures plus messages still unacknowledged when the round's drain time ran out).
/// </summary>
internal sealed record ExchangeResult(Round Submit, Round Delivery, int Undelivered)
{
    public int Errors => Submit.Errors + Delivery.Errors;

    public override string ToString() => $"submit {Submit}; delivered {Delivery}{(Undelivered > 0 ? $" ({Undelivered} undelivered)" : "")}";
}
