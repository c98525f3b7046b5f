using Bronn.Core.Execution.Data;
using MudBlazor;

namespace Bronn.Web.Components.Shared;

/// <summary>One colour per execution or step status, everywhere it is shown.</summary>
public static class StatusColors
{
    public static Color Of(string? status) => status switch
    {
        ExecutionStatus.Succeeded => Color.Success,
        ExecutionStatus.Failed => Color.Error,
        ExecutionStatus.Running => Color.Info,
        ExecutionStatus.Waiting => Color.Warning,
        ExecutionStatus.Cancelled => Color.Dark,
        _ => Color.Default,
    };
}
