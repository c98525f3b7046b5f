using Bronn.Core.Accounts;
using Bronn.Core.Integrations;
using Bronn.Core.Workflows.Data;
using Microsoft.EntityFrameworkCore;

namespace Bronn.Core.Data;

public sealed class BronnDbContext(DbContextOptions<BronnDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<Accounts.ApiKeys.ApiKey> ApiKeys => Set<Accounts.ApiKeys.ApiKey>();

    public DbSet<IntegrationConnection> IntegrationConnections => Set<IntegrationConnection>();
    public DbSet<Credentials.Credential> Credentials => Set<Credentials.Credential>();

    public DbSet<OAuthState> OAuthStates => Set<OAuthState>();

    public DbSet<IntegrationEvent> IntegrationEvents => Set<IntegrationEvent>();

    public DbSet<Workflow> Workflows => Set<Workflow>();

    public DbSet<WorkflowVersion> WorkflowVersions => Set<WorkflowVersion>();

    public DbSet<Workflows.History.WorkflowDraft> WorkflowDrafts => Set<Workflows.History.WorkflowDraft>();

    public DbSet<Execution.Data.Execution> Executions => Set<Execution.Data.Execution>();

    public DbSet<Execution.Data.ExecutionStep> ExecutionSteps => Set<Execution.Data.ExecutionStep>();

    public DbSet<Execution.Triggers.ScheduleFire> ScheduleFires => Set<Execution.Triggers.ScheduleFire>();

    public DbSet<Execution.Triggers.TriggerCursor> TriggerCursors => Set<Execution.Triggers.TriggerCursor>();

    public DbSet<Execution.Triggers.TriggerEvent> TriggerEvents => Set<Execution.Triggers.TriggerEvent>();

    public DbSet<Execution.Webhooks.WebhookDelivery> WebhookDeliveries => Set<Execution.Webhooks.WebhookDelivery>();

    public DbSet<Execution.Health.EngineProcess> EngineProcesses => Set<Execution.Health.EngineProcess>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BronnDbContext).Assembly);
}
