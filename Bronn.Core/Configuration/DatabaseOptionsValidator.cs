using Microsoft.Extensions.Options;
using Npgsql;

namespace Bronn.Core.Configuration;

public sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Bronn))
        {
            return ValidateOptionsResult.Fail(
                "ConnectionStrings:Bronn is missing: set it (environment variable ConnectionStrings__Bronn) to a PostgreSQL connection string, or start Bronn with ./bronn run.");
        }
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(options.Bronn);
            return string.IsNullOrWhiteSpace(builder.Host) ? ValidateOptionsResult.Fail("ConnectionStrings:Bronn has no Host.")
                : options.PoolProblem is { } tight ? ValidateOptionsResult.Fail($"ConnectionStrings:Bronn: {tight}")
                : ValidateOptionsResult.Success;
        }
        catch (ArgumentException ex)
        {
            // The message names the offending keyword, never the password.
            return ValidateOptionsResult.Fail($"ConnectionStrings:Bronn is not a valid PostgreSQL connection string: {ex.Message}");
        }
    }
}
