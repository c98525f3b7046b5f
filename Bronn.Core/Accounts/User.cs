namespace Bronn.Core.Accounts;

public sealed class User
{
    public Guid Id { get; set; }

    /// <summary>Always stored normalized (see <see cref="EmailAddress.Normalize"/>).</summary>
    public required string Email { get; set; }

    public required string PasswordHash { get; set; }

    public required string Role { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Changes whenever what a token vouches for stops being true (role, password, signing out everywhere): tokens carry
    /// the stamp they were issued with and stop working once it differs.
    /// </summary>
    public Guid SecurityStamp { get; set; } = Guid.NewGuid();

    public bool IsAdmin => Role == Roles.Admin;
}

public static class Roles
{
    public const string Admin = "admin";
    public const string User = "user";
}
