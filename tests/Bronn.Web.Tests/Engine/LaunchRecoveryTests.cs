using Bronn.Core.Data;
using Bronn.Core.Execution;
using Bronn.Core.Execution.Temporal;
using Bronn.Testing;
using Bronn.Web.Tests.Api;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bronn.Web.Tests.Engine;

/// <summary>
/// Which executions the Temporal launch recovery restarts: queued past the grace time, nothing else. (Here its launcher
/// is the embedded one, since no Temporal server can run; the live-server test checks a real start.)
/// </summary>
public sealed class LaunchRecoveryTests(NoEngineAppFactory app) : IClassFixture<NoEngineAppFactory>
{
    [Fact]
    public async Task Only_executions_queued_past_the_grace_time_are_started_again()
    {
        var client = app.CreateApiClient();
        var engine = new EngineSteps(app, client, await client.TokenForAsync(ApiClient.UniqueEmail()));
        var (id, _) = await engine.PublishAsync("""
            {"name":"Queued","nodes":[{"id":"start","type":"manual"},{"id":"a","type":"set","parameters":{"fields":{"x":"1"}}}],"edges":[{"from":"start","to":"a"}]}
            """, activate: false);
        var lost = await engine.RunAsync(id);
        var fresh = await engine.RunAsync(id);
        var running = await engine.RunAsync(id);
        await app.Database.ScalarAsync<int>($"UPDATE executions SET created_at = now() - interval '1 minute' WHERE id IN ('{lost}', '{running}')");
        await app.Database.ScalarAsync<int>($"UPDATE executions SET status = 'running' WHERE id = '{running}'");
        var recovery = new TemporalLaunchRecovery(app.Services.GetRequiredService<IDbContextFactory<BronnDbContext>>(),
            app.Services.GetRequiredService<IExecutionLauncher>(), TimeProvider.System, NullLogger<TemporalLaunchRecovery>.Instance);

        var started = await recovery.SweepAsync(CancellationToken.None);

        Assert.Equal(1, started); // the lost one; not the one just queued, not the running one
        Assert.Equal("queued", await app.Database.ScalarAsync<string>($"SELECT status FROM executions WHERE id = '{fresh}'"));
    }
}
