using Bronn.Core.Integrations.Providers;
using Bronn.Core.Integrations.Refresh;

namespace Bronn.Core.Execution;

/// <summary>Turns what a provider call threw into a node failure that says whether retrying can help.</summary>
public static class ProviderFailures
{
    public static async Task<NodeResult> GuardAsync(Func<Task<NodeResult>> call)
    {
        try
        {
            return await call();
        }
        catch (ProviderApiException ex)
        {
            throw new NodeFailedException(ex.Message, retryable: ex.IsTransient || ex.StatusCode == 408) { Status = ex.StatusCode };
        }
        catch (IntegrationUnavailableException ex)
        {
            throw new NodeFailedException(ex.Message, retryable: false);
        }
        catch (ArgumentException ex)
        {
            throw new NodeFailedException(ex.Message, retryable: false);
        }
        catch (HttpRequestException ex)
        {
            throw new NodeFailedException($"The provider could not be reached: {ex.Message}", retryable: true);
        }
        catch (TaskCanceledException)
        {
            throw new NodeFailedException("The provider did not answer in time.", retryable: true);
        }
    }
}
