using System.Security.Cryptography;
using System.Text;

namespace Bronn.Core.Integrations.Vault;

/// <summary>
/// AES-256-GCM with a versioned, self-describing payload:
/// [version=1][key id length][key id (ASCII)][nonce 12][tag 16][ciphertext].
/// The associated data binds a payload to its row, so a sealed secret copied into another row does not open.
/// </summary>
public sealed class SecretCipher(KeyRing keys)
{
    private const byte Version = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    public byte[] Seal(ReadOnlySpan<byte> plaintext, string associatedData)
    {
        var keyId = Encoding.ASCII.GetBytes(keys.CurrentKeyId);
        var header = 2 + keyId.Length;
        var payload = new byte[header + NonceBytes + TagBytes + plaintext.Length];
        payload[0] = Version;
        payload[1] = (byte)keyId.Length;
        keyId.CopyTo(payload, 2);
        var nonce = payload.AsSpan(header, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys.Current, TagBytes);
        aes.Encrypt(nonce, plaintext, payload.AsSpan(header + NonceBytes + TagBytes), payload.AsSpan(header + NonceBytes, TagBytes),
            Encoding.UTF8.GetBytes(associatedData));
        return payload;
    }

    public byte[] Open(ReadOnlySpan<byte> payload, string associatedData)
    {
        var keyId = KeyIdOf(payload);
        if (!keys.TryGet(keyId, out var key))
        {
            throw new VaultException($"The secret was sealed with key '{keyId}', which is no longer configured (Bronn:Encryption).");
        }
        var header = 2 + payload[1];
        var plaintext = new byte[payload.Length - header - NonceBytes - TagBytes];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(payload.Slice(header, NonceBytes), payload[(header + NonceBytes + TagBytes)..],
                payload.Slice(header + NonceBytes, TagBytes), plaintext, Encoding.UTF8.GetBytes(associatedData));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new VaultException("A stored secret failed its integrity check; it was altered or belongs to another record.");
        }
        return plaintext;
    }

    public static string KeyIdOf(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2 + NonceBytes + TagBytes || payload[0] != Version || payload.Length < 2 + payload[1] + NonceBytes + TagBytes)
        {
            throw new VaultException("A stored secret is not in a format this version of Bronn can read.");
        }
        return Encoding.ASCII.GetString(payload.Slice(2, payload[1]));
    }

    public string CurrentKeyId => keys.CurrentKeyId;
}

/// <summary>A secret could not be opened. The message never contains secret material.</summary>
public sealed class VaultException(string message) : Exception(message);
