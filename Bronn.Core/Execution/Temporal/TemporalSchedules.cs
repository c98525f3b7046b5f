using Bronn.Core.Execution.Triggers;
using Bronn.Core.Workflows.Definitions;
using Temporalio.Api.Enums.V1;
using Temporalio.Client.Schedules;

namespace Bronn.Core.Execution.Temporal;

/// <summary>The Temporal schedule that stands for an active workflow's schedule trigger.</summary>
public static class TemporalSchedules
{
    public const string IdPrefix = "bronn-schedule-";

    public static string IdOf(Guid workflowId) => $"{IdPrefix}{workflowId:N}";

    public static Schedule Describe(Guid workflowId, WorkflowDefinition definition, NodeDefinition trigger, string taskQueue)
    {
        var runMissed = definition.Settings?.MissedSchedules == "run_once";
        var action = ScheduleActionStartWorkflow.Create(
            (BronnScheduledRunWorkflow w) => w.RunAsync(new ScheduledRunInput(workflowId)),
            new() { Id = $"scheduled-{workflowId:N}", TaskQueue = taskQueue });
        var spec = new ScheduleSpec
        {
            CronExpressions = [ToTemporalCron(trigger.Parameter("cron")?.GetString() ?? "")],
            TimeZoneName = CronSchedule.ZoneOf(trigger).Id,
        };
        return new Schedule(action, spec)
        {
            Policy = new()
            {
                // Each fire is its own execution, as on the embedded engine.
                Overlap = ScheduleOverlapPolicy.AllowAll,
                // Missed fires: skipped ones need not be started at all; for run_once the activity runs only the latest.
                CatchupWindow = runMissed ? TimeSpan.FromDays(365) : ScheduleTriggerService.MissedAfter,
            },
            State = new() { Note = $"Bronn workflow {workflowId} ({definition.Name})" },
        };
    }

    /// <summary>
    /// Bronn's six-field cron puts seconds first (Cronos); Temporal reads six fields as ending in a year and wants seven
    /// for seconds, so a year wildcard is added. Five fields mean the same in both.
    /// </summary>
    public static string ToTemporalCron(string cron)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 6 ? string.Join(' ', fields) + " *" : string.Join(' ', fields);
    }

    /// <summary>What the schedule depends on; when it changes, the schedule is updated.</summary>
    public static string Fingerprint(WorkflowDefinition definition, NodeDefinition trigger) =>
        string.Join('|', trigger.Parameter("cron")?.GetString(), CronSchedule.ZoneOf(trigger).Id, definition.Settings?.MissedSchedules, definition.Name);
}
