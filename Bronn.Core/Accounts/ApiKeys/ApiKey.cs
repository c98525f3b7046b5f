using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Bronn.Core.Accounts.ApiKeys;

/// <summary>
/// A personal key a script uses to call the REST API as its owner. Only a hash of the key is stored: the key itself is
/// shown once, when it is created.
/// </summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public Guid OwnerId { get; set; }
    public required string Name { get; set; }
    /// <summary>The key's first characters, to recognise it in a list.</summary>
    public required string Prefix { get; set; }
    /// <summary>SHA-256 of the whole key (it holds 256 random bits, so a fast hash cannot be reversed).</summary>
    public required byte[] Hash { get; set; }
    public bool ReadOnly { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> key)
    {
        key.ToTable("api_keys");
        key.HasKey(k => k.Id);
        key.HasOne<User>().WithMany().HasForeignKey(k => k.OwnerId).OnDelete(DeleteBehavior.Cascade);
        key.HasIndex(k => k.Hash).IsUnique();
        key.HasIndex(k => k.OwnerId);
        key.Property(k => k.Name).HasMaxLength(ApiKeyInput.MaxNameLength);
        key.Property(k => k.Prefix).HasMaxLength(32);
    }
}
