using Bronn.Core.Configuration;
using Bronn.Core.Data;
using Bronn.Core.Execution;
using Bronn.Core.Integrations;
using Bronn.Core.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bronn.Testing;

/// <summary>
/// Another Bronn process in miniature: its own container, refresher, engines and connection pool, sharing only the
/// database (and settings) with the app under test. For races between processes.
/// </summary>
public static class SecondProcess
{
    public static ServiceProvider Build(BronnAppFactory app, Action<IServiceCollection>? add = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"))
            .AddInMemoryCollection(app.Settings)
            .Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddBronnConfiguration(configuration).AddBronnData().AddIntegrations(configuration).AddWorkflows().AddExecutions(configuration);
        add?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
