using System.Security.Cryptography;
using Bronn.Core.Integrations.Vault;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Bronn.Web.Tests.Startup;
using Microsoft.Extensions.Options;

namespace Bronn.Web.Tests.Integrations;

public sealed class VaultTests(IntegrationsAppFactory app) : IClassFixture<IntegrationsAppFactory>
{
    private static readonly string NewKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void A_sealed_secret_opens_only_for_its_own_record_and_names_its_key()
    {
        var cipher = new SecretCipher(Ring(("k1", NewKey)));

        var sealedSecret = cipher.Seal("xoxb-secret"u8, "row-1");

        Assert.Equal("k1", SecretCipher.KeyIdOf(sealedSecret));
        Assert.Equal("xoxb-secret"u8.ToArray(), cipher.Open(sealedSecret, "row-1"));
        Assert.Throws<VaultException>(() => cipher.Open(sealedSecret, "row-2"));
        sealedSecret[^1] ^= 1;
        Assert.Throws<VaultException>(() => cipher.Open(sealedSecret, "row-1"));
    }

    [Fact]
    public void After_rotation_old_secrets_still_open_and_new_ones_use_the_new_key()
    {
        var old = new SecretCipher(Ring(("k1", BronnAppFactory.TestEncryptionKey)));
        var sealedOld = old.Seal("refresh-token"u8, "row");

        var rotated = new SecretCipher(Ring(("k1", BronnAppFactory.TestEncryptionKey), ("k2", NewKey)));

        Assert.Equal("refresh-token"u8.ToArray(), rotated.Open(sealedOld, "row"));
        Assert.Equal("k2", SecretCipher.KeyIdOf(rotated.Seal("x"u8, "row")));
    }

    [Fact]
    public async Task The_reencrypt_command_moves_every_row_to_the_current_key()
    {
        var client = app.CreateApiClient();
        var token = await client.TokenForAsync(ApiClient.UniqueEmail());
        await client.ConnectAsync(token, "gmail");
        using var credential = new HttpRequestMessage(HttpMethod.Post, "/api/credentials")
        {
            Content = new StringContent("""{"name":"Key","type":"bearer","data":{"token":"t0ken"}}""", System.Text.Encoding.UTF8, "application/json"),
        };
        credential.Headers.Authorization = new("Bearer", token);
        Assert.Equal(System.Net.HttpStatusCode.Created, (await client.SendAsync(credential)).StatusCode);
        Assert.Equal("test1", await app.Database.ScalarAsync<string>("SELECT DISTINCT key_id FROM integration_connections"));

        using var command = BuiltApp.Start("Bronn.Web", new Dictionary<string, string?>
        {
            ["ConnectionStrings__Bronn"] = app.Database.ConnectionString,
            ["Bronn__Jwt__SigningKey"] = BronnAppFactory.SigningKey,
            ["Bronn__Encryption__Keys__test1"] = BronnAppFactory.TestEncryptionKey,
            ["Bronn__Encryption__Keys__test2"] = NewKey,
            ["Bronn__Encryption__CurrentKeyId"] = "test2",
        }, "reencrypt");

        Assert.Equal(0, await command.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("Re-encrypted 2 credential(s)", command.Output); // the connection's tokens and the user's credential
        Assert.Equal("test2", await app.Database.ScalarAsync<string>("SELECT DISTINCT key_id FROM integration_connections"));
        Assert.Equal("test2", await app.Database.ScalarAsync<string>("SELECT DISTINCT key_id FROM credentials"));
    }

    private static KeyRing Ring(params (string Id, string Key)[] keys)
    {
        var options = new EncryptionOptions();
        foreach (var (id, key) in keys)
        {
            options.Keys[id] = key;
        }
        return new KeyRing(Options.Create(options));
    }
}
