using System.Text.Json;

namespace Bronn.Core.Integrations.Vault;

/// <summary>The secret half of a connection. Exists only in memory on the server; stored sealed.</summary>
public sealed record TokenSet(string AccessToken, string? RefreshToken, string? IdToken = null)
{
    // Records print their members; these must never reach a log.
    public override string ToString() => "TokenSet { *** }";
}

public sealed class TokenVault(SecretCipher cipher)
{
    public byte[] Seal(TokenSet tokens, Guid connectionId) =>
        cipher.Seal(JsonSerializer.SerializeToUtf8Bytes(tokens), Binding(connectionId));

    public TokenSet Open(byte[] sealedTokens, Guid connectionId) =>
        JsonSerializer.Deserialize<TokenSet>(cipher.Open(sealedTokens, Binding(connectionId)))
        ?? throw new VaultException("A stored credential is empty.");

    public byte[] SealText(string secret, string binding) => cipher.Seal(System.Text.Encoding.UTF8.GetBytes(secret), binding);

    public string OpenText(byte[] sealedSecret, string binding) => System.Text.Encoding.UTF8.GetString(cipher.Open(sealedSecret, binding));

    public string CurrentKeyId => cipher.CurrentKeyId;

    private static string Binding(Guid connectionId) => $"integration_connections:{connectionId:N}";
}
