namespace Bronn.Core.Accounts;

public sealed class User
{
    public Guid Id { get; set; }

    /// <summary>Always stored normalized (see <see cref="EmailAddress.Normalize"/>).</summary>
    public required string Email { get; set; }

    public required string PasswordHash { get; set; }

    public required string Role { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public bool IsAdmin => Role == Roles.Admin;
}

public static class Roles
{
    public const string Admin = "admin";
    public const string User = "user";
}
