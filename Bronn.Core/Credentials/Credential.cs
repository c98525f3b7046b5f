namespace Bronn.Core.Credentials;

/// <summary>
/// A secret a user keeps for nodes to use (an API key, a token, a password): stored sealed, bound to its row, and
/// never shown again. Nodes name it by id ("credential"); only its owner's workflows may.
/// </summary>
public sealed class Credential
{
    public Guid Id { get; set; }
    public Guid OwnerId { get; set; }
    public required string Name { get; set; }
    public required string Type { get; set; }
    /// <summary>Hosts the credential may be sent to; none: any host http.request may reach.</summary>
    public string[] AllowedHosts { get; set; } = [];
    public required byte[] SealedData { get; set; }
    public required string KeyId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
