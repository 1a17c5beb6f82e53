namespace Gateway.Exchange;

public sealed class PostgresExchangeStoreOptions
{
    public required string ConnectionString { get; set; }   // e.g. "Host=db.internal;Database=gateway;Username=gateway"
}
