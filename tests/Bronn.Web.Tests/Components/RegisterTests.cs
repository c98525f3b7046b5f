using Bronn.Web.Accounts;
using Bronn.Web.Components.Account;
using Bunit;

namespace Bronn.Web.Tests.Components;

public sealed class RegisterTests : AccountFormContext
{
    [Fact]
    public void A_short_password_and_a_mismatched_confirmation_are_explained()
    {
        var page = Context.Render<Register>();

        Fill(page, "ann@example.com", "short", "different");
        Submit(page);

        page.WaitForAssertion(() =>
        {
            Assert.Contains("Password must be at least 10 characters.", page.Markup);
            Assert.Contains("The passwords do not match.", page.Markup);
        });
        Assert.Empty(Context.JSInterop.Invocations["bronnSession.send"]);
    }

    [Fact]
    public void An_overlong_email_is_explained()
    {
        var page = Context.Render<Register>();

        Fill(page, new string('a', 250) + "@example.com", "correct horse battery", "correct horse battery");
        Submit(page);

        page.WaitForAssertion(() => Assert.Contains("Email must be at most 254 characters.", page.Markup));
    }

    [Fact]
    public void A_taken_email_shows_the_servers_conflict_message()
    {
        ApiAnswers(new SessionResponse(409, "Email already registered", "An account with this email already exists. Sign in instead.", null));
        var page = Context.Render<Register>();

        Fill(page, "ann@example.com", "correct horse battery", "correct horse battery");
        Submit(page);

        page.WaitForAssertion(() => Assert.Contains("already exists", page.Find("[data-testid='form-error']").TextContent));
    }

    [Fact]
    public void The_submit_button_waits_for_the_interactive_circuit()
    {
        Context.SetRendererInfo(new Microsoft.AspNetCore.Components.RendererInfo("Static", false));

        var page = Context.Render<Register>();

        Assert.True(page.Find("button[type=submit]").HasAttribute("disabled"));
    }
}
