using Bronn.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bronn.Core.Credentials;

internal sealed class CredentialConfiguration : IEntityTypeConfiguration<Credential>
{
    public void Configure(EntityTypeBuilder<Credential> credential)
    {
        credential.ToTable("credentials");
        credential.HasKey(c => c.Id);
        credential.HasOne<User>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Cascade);
        credential.HasIndex(c => new { c.OwnerId, c.Name });
        credential.HasIndex(c => c.KeyId);
        credential.Property(c => c.Name).HasMaxLength(200);
        credential.Property(c => c.Type).HasMaxLength(64);
        credential.Property(c => c.KeyId).HasMaxLength(64);
    }
}
