using System.Net;
using Bronn.Core.Execution.Http;
using Microsoft.Extensions.Options;

namespace Bronn.Core.Execution;

/// <summary>Engine settings checked at start-up; each failure names its key.</summary>
internal sealed class EngineOptionsValidator : IValidateOptions<EngineOptions>, IValidateOptions<OutboundHttpOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        var failures = new List<string>();
        if (options.MaxCrashes < 1)
        {
            failures.Add("Engine:MaxCrashes must be at least 1.");
        }
        if (options.ShutdownGrace < TimeSpan.Zero || options.ShutdownGrace > TimeSpan.FromMinutes(10))
        {
            failures.Add("Engine:ShutdownGrace must be between 00:00:00 and 00:10:00.");
        }
        if (options.WebhookIdempotencyWindow < TimeSpan.FromMinutes(1))
        {
            failures.Add("Engine:WebhookIdempotencyWindow must be at least 00:01:00.");
        }
        if (options.MinScheduleInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add("Engine:MinScheduleInterval must be at least 00:00:01.");
        }
        if (options.MaxItemsPerOutput is < 1 or > 1_000_000)
        {
            failures.Add("Engine:MaxItemsPerOutput must be between 1 and 1,000,000.");
        }
        if (options.MaxStepOutputBytes is < 1024 or > 256 * 1024 * 1024)
        {
            failures.Add("Engine:MaxStepOutputBytes must be between 1024 and 268435456 (256 MB).");
        }
        if (options.MaxExecutionBytes < options.MaxStepOutputBytes || options.MaxExecutionBytes > 16L * 1024 * 1024 * 1024)
        {
            failures.Add("Engine:MaxExecutionBytes must be at least Engine:MaxStepOutputBytes and at most 17179869184 (16 GB).");
        }
        if (options.MaxParallelBranches is < 1 or > 64)
        {
            failures.Add("Engine:MaxParallelBranches must be between 1 and 64.");
        }
        if (options.Code.Timeout < TimeSpan.FromMilliseconds(10))
        {
            failures.Add("Engine:Code:Timeout must be at least 00:00:00.010 (a script is also bounded by Engine:NodeTimeout).");
        }
        if (options.Code.MaxMemoryBytes is < 1024 * 1024 or > 4L * 1024 * 1024 * 1024)
        {
            failures.Add("Engine:Code:MaxMemoryBytes must be between 1048576 (1 MB) and 4294967296 (4 GB).");
        }
        if (options.Code.MaxStatements < 1 || options.Code.MaxRecursion is < 1 or > 10_000 || options.Code.MaxConcurrent is < 1 or > 256)
        {
            failures.Add("Engine:Code:MaxStatements must be at least 1, Engine:Code:MaxRecursion between 1 and 10000, Engine:Code:MaxConcurrent between 1 and 256.");
        }
        if (options.NodeTimeout < TimeSpan.FromSeconds(1))
        {
            failures.Add("Engine:NodeTimeout must be at least 00:00:01.");
        }
        if (options.LeaseDuration < TimeSpan.FromSeconds(1))
        {
            failures.Add("Engine:LeaseDuration must be at least 00:00:01.");
        }
        if (options.Writers is < 1 or > 32 || options.MaxWriteBatch is < 1 or > 10_000 || options.MaxPendingWrites is < 1 or > 1_000_000)
        {
            failures.Add("Engine:Writers must be between 1 and 32, Engine:MaxWriteBatch between 1 and 10000 and Engine:MaxPendingWrites between 1 and 1000000.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public ValidateOptionsResult Validate(string? name, OutboundHttpOptions options)
    {
        var bad = options.AllowedHosts.Where(h => string.IsNullOrWhiteSpace(h) || h.Contains('/') && !IPNetwork.TryParse(h.Trim(), out _)).ToList();
        return bad.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Engine:Http:AllowedHosts has entries that are not a host name, IP address or CIDR range: {string.Join(", ", bad.Select(b => $"'{b}'"))}.");
    }
}
