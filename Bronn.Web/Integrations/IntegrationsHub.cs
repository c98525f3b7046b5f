using Bronn.Core.Accounts;
using Bronn.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Bronn.Web.Integrations;

/// <summary>
/// Streams integration status changes to other clients (scripts, dashboards): each user hears their own, admins
/// hear everyone's. Authenticated by the same JWT (bearer header, access_token query for WebSockets, or cookie).
/// Messages carry status only, never a token.
/// </summary>
[Authorize]
public sealed class IntegrationsHub : Hub
{
    public const string Path = "/hubs/integrations";
    public const string ChangedMethod = "IntegrationChanged";
    public const string AdminsGroup = "admins";

    public static string UserGroup(Guid userId) => $"user:{userId:N}";

    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        if (BronnClaims.UserIdOf(user) is { } id)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, UserGroup(id));
        }
        if (user.IsInRole(Roles.Admin))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, AdminsGroup);
        }
        await base.OnConnectedAsync();
    }
}
