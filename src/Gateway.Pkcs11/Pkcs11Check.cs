namespace Gateway.Pkcs11;

/// <summary>One step of <see cref="Pkcs11Tokens.Diagnose"/>: "module", "token", "PIN source", "key" or "test signature".</summary>
public sealed record Pkcs11Check(string Step, bool Passed, string Detail);
