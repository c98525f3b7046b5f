using Bronn.Core.Data;
using Bronn.Core.Integrations.Vault;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Integrations.OAuth;

public enum CallbackOutcome { Connected, Denied, InvalidState, WrongUser, ExchangeFailed, UnknownProvider }

public sealed record CallbackResult(CallbackOutcome Outcome, string? Integration, string? ReturnUrl);

/// <summary>
/// The provider's redirect back. The state is checked (exists, unexpired, unused, started by the signed-in user:
/// a grant never joins another account), consumed exactly once, then the code is exchanged and the connection stored. Any failure stores
/// nothing and leaves an existing connection as it was.
/// </summary>
public sealed class OAuthCallback(
    IDbContextFactory<BronnDbContext> contexts, IntegrationCatalog catalog, TokenVault vault,
    OAuthTokenClient tokens, OAuthConnectFlow flow, ConnectionWriter writer, TimeProvider clock)
{
    public async Task<CallbackResult> CompleteAsync(
        string provider, string? code, string? state, string? error, Guid signedInUser, CancellationToken ct)
    {
        if (!catalog.HasProvider(provider))
        {
            return new(CallbackOutcome.UnknownProvider, null, null);
        }
        if (string.IsNullOrEmpty(state) || state.Length > 256)
        {
            return new(CallbackOutcome.InvalidState, null, null);
        }

        var hash = OAuthConnectFlow.Hash(state);
        var now = clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(ct);
        var pending = await db.OAuthStates.AsNoTracking().SingleOrDefaultAsync(s => s.StateHash == hash && s.Provider == provider, ct);
        if (pending is null || pending.ConsumedAt is not null || pending.ExpiresAt <= now)
        {
            return new(CallbackOutcome.InvalidState, null, null);
        }
        if (signedInUser != pending.UserId)
        {
            return new(CallbackOutcome.WrongUser, pending.Integration, null);
        }
        // The conditional update is what makes a state single-use, even against two callbacks racing.
        var consumed = await db.OAuthStates
            .Where(s => s.StateHash == hash && s.ConsumedAt == null && s.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ConsumedAt, now), ct);
        if (consumed == 0)
        {
            return new(CallbackOutcome.InvalidState, null, null);
        }

        var integration = catalog.Find(pending.Integration);
        if (integration is null)
        {
            return new(CallbackOutcome.UnknownProvider, pending.Integration, pending.ReturnUrl);
        }
        if (!string.IsNullOrEmpty(error))
        {
            return new(CallbackOutcome.Denied, integration.Name, pending.ReturnUrl);
        }
        if (string.IsNullOrEmpty(code))
        {
            return new(CallbackOutcome.ExchangeFailed, integration.Name, pending.ReturnUrl);
        }

        var verifier = pending.SealedCodeVerifier is null ? null : vault.OpenText(pending.SealedCodeVerifier, OAuthConnectFlow.StateBinding(state));
        var exchanged = await tokens.ExchangeCodeAsync(integration.Provider, code, flow.RedirectUri(provider), verifier, ct);
        if (!exchanged.Succeeded)
        {
            return new(CallbackOutcome.ExchangeFailed, integration.Name, pending.ReturnUrl);
        }
        await writer.SaveNewGrantAsync(pending.UserId, integration, exchanged, ct);
        return new(CallbackOutcome.Connected, integration.Name, pending.ReturnUrl);
    }
}
