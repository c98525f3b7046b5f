namespace Bronn.Web.Tests.Components;

/// <summary>
/// How long a bUnit test waits for a MudBlazor input to apply typed text: a text area applies it after an await,
/// which a loaded machine can delay past the next line of the test.
/// </summary>
internal static class Rendering
{
    public static readonly TimeSpan Settled = TimeSpan.FromSeconds(10);
}
