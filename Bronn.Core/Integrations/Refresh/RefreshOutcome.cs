namespace Bronn.Core.Integrations.Refresh;

public enum RefreshResult
{
    /// <summary>The access token is good (now, or after this refresh).</summary>
    Fresh,
    Refreshed,
    /// <summary>The provider refused the grant: the user must reconnect.</summary>
    Revoked,
    /// <summary>The token expired and cannot be refreshed (no refresh token).</summary>
    Expired,
    /// <summary>A transient failure; the refresher will try again later.</summary>
    Failed,
    NotConnected,
    /// <summary>The connection is in a state no refresh can fix (revoked, error, expired).</summary>
    Unavailable,
}
