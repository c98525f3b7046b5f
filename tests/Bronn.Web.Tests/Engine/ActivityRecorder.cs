using Temporalio.Worker.Interceptors;

namespace Bronn.Web.Tests.Engine;

/// <summary>Records the activities a workflow schedules while it is replayed (name and arguments, in order).</summary>
public sealed class ActivityRecorder : IWorkerInterceptor
{
    public List<(string Activity, IReadOnlyCollection<object?> Args)> Scheduled { get; } = [];

    public WorkflowInboundInterceptor InterceptWorkflow(WorkflowInboundInterceptor nextInterceptor) => new Inbound(nextInterceptor, this);

    private sealed class Inbound(WorkflowInboundInterceptor next, ActivityRecorder recorder) : WorkflowInboundInterceptor(next)
    {
        public override void Init(WorkflowOutboundInterceptor outbound) => base.Init(new Outbound(outbound, recorder));
    }

    private sealed class Outbound(WorkflowOutboundInterceptor next, ActivityRecorder recorder) : WorkflowOutboundInterceptor(next)
    {
        public override Task<TResult> ScheduleActivityAsync<TResult>(ScheduleActivityInput input)
        {
            recorder.Scheduled.Add((input.Activity, input.Args));
            return base.ScheduleActivityAsync<TResult>(input);
        }
    }
}
