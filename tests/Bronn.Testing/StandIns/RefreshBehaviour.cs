namespace Bronn.Testing.StandIns;

/// <summary>How the stand-in's token endpoint answers refresh_token grants.</summary>
public enum RefreshBehaviour
{
    /// <summary>A new access token; the refresh token stays (Google).</summary>
    Normal,
    /// <summary>A new access token and a new refresh token; the old refresh token dies (Slack rotation, Notion).</summary>
    Rotating,
    InvalidGrant,
    ServerError,
    /// <summary>Waits <see cref="ProviderStandIn.SlowDelay"/>, then answers like Normal.</summary>
    Slow,
}
