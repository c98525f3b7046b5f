using Bronn.Web.Accounts;
using Bronn.Web.Components.Account;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Web.Tests.Components;

public sealed class SignInTests : AccountFormContext
{
    [Fact]
    public void Submitting_an_empty_form_shows_what_is_missing_and_calls_nothing()
    {
        var page = Context.Render<SignIn>();

        Submit(page);

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Email is required.", page.Markup);
            Assert.Contains("Password is required.", page.Markup);
        });
        Assert.Empty(Context.JSInterop.Invocations["bronnSession.send"]);
    }

    [Fact]
    public void A_malformed_email_is_explained()
    {
        var page = Context.Render<SignIn>();

        Fill(page, "ann.example.com", "whatever password");
        Submit(page);

        page.WaitForAssertion(() => Assert.Contains("Email must be an address such as ann@example.com.", page.Markup));
    }

    [Fact]
    public void Wrong_credentials_show_the_servers_message()
    {
        ApiAnswers(new SessionResponse(401, "Sign-in failed", "The email or password is incorrect.", null));
        var page = Context.Render<SignIn>();

        Fill(page, "ann@example.com", "wrong password");
        Submit(page);

        page.WaitForAssertion(() => Assert.Contains("The email or password is incorrect.", page.Find("[data-testid='form-error']").TextContent));
        Assert.EndsWith("/", Context.Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Theory]
    [InlineData("/workflows?x=1", "http://localhost/workflows?x=1")]
    [InlineData("//evil.example/steal", "http://localhost/")]
    [InlineData("https://evil.example/", "http://localhost/")]
    public void Success_goes_back_to_the_return_url_only_when_it_is_on_this_site(string returnUrl, string expected)
    {
        ApiAnswers(new SessionResponse(204, null, null, null));
        var navigation = Context.Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo($"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        var page = Context.Render<SignIn>();

        Fill(page, "ann@example.com", "correct horse battery");
        Submit(page);

        page.WaitForAssertion(() => Assert.Equal(expected, navigation.Uri));
    }
}
