using Microsoft.Extensions.Options;

namespace Bronn.Core.Integrations.Vault;

/// <summary>The encryption keys by id, and which one seals new secrets. Built once from <see cref="EncryptionOptions"/>.</summary>
public sealed class KeyRing
{
    public const int KeyBytes = 32;

    private readonly Dictionary<string, byte[]> keys;

    public KeyRing(IReadOnlyDictionary<string, byte[]> keys, string currentKeyId)
    {
        this.keys = new Dictionary<string, byte[]>(keys, StringComparer.Ordinal);
        CurrentKeyId = currentKeyId;
    }

    public KeyRing(IOptions<EncryptionOptions> options)
    {
        var (loaded, current, problems) = Load(options.Value);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(nameof(EncryptionOptions), typeof(EncryptionOptions), problems);
        }
        keys = loaded;
        CurrentKeyId = current!;
    }

    public string CurrentKeyId { get; }

    public byte[] Current => keys[CurrentKeyId];

    public bool TryGet(string keyId, out byte[] key) => keys.TryGetValue(keyId, out key!);

    /// <summary>Reads the configured keys; problems name the configuration key to fix (never a key's value).</summary>
    public static (Dictionary<string, byte[]> Keys, string? CurrentKeyId, List<string> Problems) Load(EncryptionOptions options)
    {
        var keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var problems = new List<string>();
        string? lastFromFile = null;
        if (!string.IsNullOrWhiteSpace(options.KeysFile))
        {
            if (!File.Exists(options.KeysFile))
            {
                problems.Add($"Bronn:Encryption:KeysFile '{options.KeysFile}' does not exist.");
            }
            else
            {
                foreach (var line in File.ReadAllLines(options.KeysFile).Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#'))
                {
                    var parts = line.Split('=', 2);
                    lastFromFile = parts[0].Trim();
                    Add(lastFromFile, parts.Length == 2 ? parts[1].Trim() : "", $"Bronn:Encryption:KeysFile ({options.KeysFile})");
                }
            }
        }
        foreach (var (id, value) in options.Keys)
        {
            Add(id, value, $"Bronn:Encryption:Keys:{id}");
        }

        var current = string.IsNullOrWhiteSpace(options.CurrentKeyId) ? lastFromFile ?? keys.Keys.LastOrDefault() : options.CurrentKeyId;
        if (keys.Count == 0 && problems.Count == 0)
        {
            problems.Add("Bronn:Encryption:Keys is empty: configure at least one 32-byte key (base64), or Bronn:Encryption:KeysFile (./bronn run generates one).");
        }
        else if (current is null || !keys.ContainsKey(current))
        {
            problems.Add($"Bronn:Encryption:CurrentKeyId '{current}' is not one of the configured keys.");
        }
        return (keys, current, problems);

        void Add(string id, string base64, string source)
        {
            if (id.Length is 0 or > 32 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                problems.Add($"{source}: key id '{id}' must be 1-32 letters, digits, '-' or '_'.");
                return;
            }
            var bytes = new byte[KeyBytes + 1];
            if (!Convert.TryFromBase64String(base64, bytes, out var written) || written != KeyBytes)
            {
                problems.Add($"{source}: key '{id}' must be exactly {KeyBytes} bytes, base64-encoded.");
                return;
            }
            keys[id] = bytes[..KeyBytes];
        }
    }
}
