using Bronn.Web.Accounts;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Bronn.Web.Tests.Components;

/// <summary>A bUnit context set up the way the sign-in and register pages run: MudBlazor, interactive, with JS.</summary>
public abstract class AccountFormContext : IAsyncLifetime
{
    protected BunitContext Context { get; } = new();

    protected AccountFormContext()
    {
        Context.AddAuthorization();
        Context.Services.AddMudServices();
        Context.Services.AddScoped<BrowserSession>();
        Context.JSInterop.Mode = JSRuntimeMode.Loose;
        Context.SetRendererInfo(new RendererInfo("Server", true));
    }

    /// <summary>Makes the browser's call to the auth API answer with <paramref name="response"/>.</summary>
    protected void ApiAnswers(SessionResponse response) =>
        Context.JSInterop.Setup<SessionResponse>("bronnSession.send", _ => true).SetResult(response);

    /// <summary>Types into the form's fields in order (email, password, confirmation).</summary>
    protected static void Fill<T>(IRenderedComponent<T> page, params string[] values) where T : IComponent
    {
        var inputs = page.FindAll("input");
        for (var i = 0; i < values.Length; i++)
        {
            inputs[i].Change(values[i]);
        }
    }

    protected static void Submit<T>(IRenderedComponent<T> page) where T : IComponent => page.Find("form").Submit();

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are IAsyncDisposable only.
    public async Task DisposeAsync() => await Context.DisposeAsync();
}
