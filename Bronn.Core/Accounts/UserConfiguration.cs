using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bronn.Core.Accounts;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.ToTable("users", t =>
        {
            t.HasCheckConstraint("ck_users_role", $"role IN ('{Roles.Admin}', '{Roles.User}')");
            t.HasCheckConstraint("ck_users_email_normalized", "email = lower(btrim(email))");
        });
        user.HasKey(u => u.Id);
        user.Property(u => u.Id).HasDefaultValueSql("gen_random_uuid()");
        user.Property(u => u.Email).HasMaxLength(EmailAddress.MaxLength);
        user.HasIndex(u => u.Email).IsUnique();
        user.Property(u => u.PasswordHash).HasMaxLength(512);
        user.Property(u => u.Role).HasMaxLength(16);
        user.Property(u => u.CreatedAt).HasDefaultValueSql("now()");
        user.Ignore(u => u.IsAdmin);
    }
}
