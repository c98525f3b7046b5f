using Microsoft.Extensions.Options;

namespace Bronn.Core.Configuration;

/// <summary>Fills <see cref="JwtOptions.SigningKey"/> from <see cref="JwtOptions.SigningKeyFile"/> when no key is set inline.</summary>
internal sealed class SigningKeyFileLoader : IPostConfigureOptions<BronnOptions>
{
    public void PostConfigure(string? name, BronnOptions options)
    {
        var jwt = options.Jwt;
        if (!string.IsNullOrEmpty(jwt.SigningKey) || string.IsNullOrWhiteSpace(jwt.SigningKeyFile))
        {
            return;
        }
        if (File.Exists(jwt.SigningKeyFile))
        {
            jwt.SigningKey = File.ReadAllText(jwt.SigningKeyFile).Trim();
        }
    }
}
