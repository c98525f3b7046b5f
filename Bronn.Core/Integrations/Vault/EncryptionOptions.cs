namespace Bronn.Core.Integrations.Vault;

/// <summary>
/// "Bronn:Encryption": AES-256 keys by id. Keys come from <see cref="Keys"/> (id -> base64 of 32 bytes) and/or
/// <see cref="KeysFile"/> (lines "id=base64"); new secrets are sealed with <see cref="CurrentKeyId"/>, or with the
/// file's last key when none is named. Old keys stay listed so old rows remain readable.
/// </summary>
public sealed class EncryptionOptions
{
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    public string? KeysFile { get; set; }

    public string? CurrentKeyId { get; set; }
}
