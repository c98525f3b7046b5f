using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Bronn.Core.Configuration;

public static class SharedSettingsFile
{
    /// <summary>
    /// Loads the appsettings.json that ships next to the assemblies as the lowest-priority source, so the shared
    /// defaults (provider endpoints, scopes) apply whatever the content root is (tests use the project folder).
    /// Environment variables and everything else still override it.
    /// </summary>
    public static void AddBronnDefaults(this IConfigurationManager configuration)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (!File.Exists(path))
        {
            return;
        }
        var source = new JsonConfigurationSource
        {
            Path = "appsettings.json", Optional = true, ReloadOnChange = false,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        };
        configuration.Sources.Insert(0, source);
    }
}
