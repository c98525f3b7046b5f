using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bronn.Core.Accounts;

public enum RegistrationOutcome { Created, EmailTaken }

public sealed record RegistrationResult(RegistrationOutcome Outcome, User? User);

/// <summary>Creates accounts and checks credentials. Inputs are expected to have passed <see cref="AccountInput"/>.</summary>
public sealed class AccountService(
    IDbContextFactory<BronnDbContext> contexts,
    IPasswordHasher<User> hasher,
    IOptionsMonitor<BronnOptions> options,
    AccountSessions sessions,
    TimeProvider clock,
    ILogger<AccountService> logger)
{
    // Serialises the "is this the first account?" check so two simultaneous sign-ups cannot both become admin.
    private const long FirstAccountLockKey = 0x42_52_4F_4E_4E_01;

    // Verified when the email is unknown, so a wrong email costs as long as a wrong password.
    private static readonly string UnknownUserHash = new PasswordHasher<User>().HashPassword(null!, "not-a-real-password");

    public async Task<RegistrationResult> RegisterAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        var normalized = EmailAddress.Normalize(email);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({FirstAccountLockKey})", cancellationToken);

        if (await db.Users.AnyAsync(u => u.Email == normalized, cancellationToken))
        {
            return new(RegistrationOutcome.EmailTaken, null);
        }
        var isFirst = !await db.Users.AnyAsync(cancellationToken);
        var user = new User
        {
            Id = Guid.CreateVersion7(),
            Email = normalized,
            PasswordHash = "",
            Role = isFirst || IsListedAdmin(normalized) ? Roles.Admin : Roles.User,
            CreatedAt = clock.GetUtcNow(),
        };
        user.PasswordHash = hasher.HashPassword(user, password);
        db.Users.Add(user);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return new(RegistrationOutcome.EmailTaken, null);
        }
        logger.LogInformation("Account {UserId} registered with role {Role}", user.Id, user.Role);
        return new(RegistrationOutcome.Created, user);
    }

    /// <returns>The user when the email and password match, otherwise null (without saying which part was wrong).</returns>
    public async Task<User?> VerifyCredentialsAsync(string email, string password, CancellationToken cancellationToken = default)
    {
        var normalized = EmailAddress.Normalize(email);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Email == normalized, cancellationToken);
        if (user is null)
        {
            hasher.VerifyHashedPassword(null!, UnknownUserHash, password);
            return null;
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            return null;
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            user.PasswordHash = hasher.HashPassword(user, password);
        }
        if (!user.IsAdmin && IsListedAdmin(user.Email))
        {
            user.Role = Roles.Admin;
            logger.LogInformation("Account {UserId} promoted to admin by Bronn:AdminEmails", user.Id);
        }
        await db.SaveChangesAsync(cancellationToken);
        sessions.Forget(user.Id);
        return user;
    }

    public async Task<User?> FindAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
    }

    /// <summary>Ends every session of the account: tokens issued before stop working.</summary>
    public Task<bool> SignOutEverywhereAsync(Guid id, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, _ => true, cancellationToken);

    public Task<bool> ChangeRoleAsync(Guid id, string role, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, user =>
        {
            user.Role = role;
            return true;
        }, cancellationToken);

    /// <returns>False when the current password is wrong (or the account is gone); nothing changes then.</returns>
    public Task<bool> ChangePasswordAsync(Guid id, string currentPassword, string newPassword, CancellationToken cancellationToken = default) =>
        UpdateAsync(id, user =>
        {
            if (hasher.VerifyHashedPassword(user, user.PasswordHash, currentPassword) == PasswordVerificationResult.Failed)
            {
                return false;
            }
            user.PasswordHash = hasher.HashPassword(user, newPassword);
            return true;
        }, cancellationToken);

    /// <summary>Deletes the account with everything it owns (workflows, runs, connections).</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var deleted = await db.Users.Where(u => u.Id == id).ExecuteDeleteAsync(cancellationToken) == 1;
        sessions.Forget(id);
        if (deleted)
        {
            logger.LogInformation("Account {UserId} deleted", id);
        }
        return deleted;
    }

    /// <summary>Applies a change and renews the security stamp, so tokens issued before it stop working.</summary>
    private async Task<bool> UpdateAsync(Guid id, Func<User, bool> change, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        if (user is null || !change(user))
        {
            return false;
        }
        user.SecurityStamp = Guid.NewGuid();
        await db.SaveChangesAsync(cancellationToken);
        sessions.Forget(id);
        return true;
    }

    /// <summary>Every account, oldest first.</summary>
    public async Task<List<User>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().OrderBy(u => u.CreatedAt).ToListAsync(cancellationToken);
    }

    private bool IsListedAdmin(string normalizedEmail) =>
        options.CurrentValue.AdminEmails.Any(e => EmailAddress.Normalize(e) == normalizedEmail);
}
