using Microsoft.Extensions.Logging;

namespace Bronn.Core.Execution;

/// <summary>Every log line written while running an execution carries its id (ExecutionId in the scope; JSON logs show it as a field).</summary>
internal static class ExecutionLogScope
{
    public static IDisposable? Begin(ILogger logger, Guid executionId) =>
        logger.BeginScope(new Dictionary<string, object> { ["ExecutionId"] = executionId });
}
