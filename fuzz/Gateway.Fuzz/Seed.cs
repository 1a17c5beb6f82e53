namespace Gateway.Fuzz;

/// <summary>One input of a starting corpus; <paramref name="Name"/> says where it came from and becomes its file name.</summary>
internal sealed record Seed(string Name, byte[] Bytes);
