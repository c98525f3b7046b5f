using Bronn.Core.Integrations.OAuth;

namespace Bronn.Web.Integrations;

/// <summary>
/// The callback's result travels back to the page as a short code; the page turns the code into a sentence.
/// Only codes cross the redirect, so nothing a provider or an attacker writes in a URL is shown to the user.
/// </summary>
public static class OAuthOutcomes
{
    public static string Code(CallbackOutcome outcome) => outcome switch
    {
        CallbackOutcome.Connected => "connected",
        CallbackOutcome.Denied => "denied",
        CallbackOutcome.InvalidState => "invalid_state",
        CallbackOutcome.WrongUser => "wrong_user",
        CallbackOutcome.ExchangeFailed => "exchange_failed",
        _ => "unknown",
    };

    public static (bool Success, string Sentence)? Describe(string? code, string integrationName) => code switch
    {
        "connected" => (true, $"{integrationName} is connected."),
        "denied" => (false, $"{integrationName} was not connected: access was declined on the provider's page. Nothing changed."),
        "invalid_state" => (false, "That sign-in link has expired or was already used. Start again with Connect. Nothing changed."),
        "wrong_user" => (false, "That authorization was started by another Bronn account, so it was not used. Nothing changed."),
        "exchange_failed" => (false, $"{integrationName} did not accept the authorization, so it was not connected. Try again; nothing changed."),
        "not_configured" => (false, $"{integrationName} is not set up on this Bronn yet: an admin must add its client ID and secret."),
        "unknown" => (false, "The provider sent Bronn back with an answer it does not recognise. Nothing changed."),
        _ => null,
    };
}
